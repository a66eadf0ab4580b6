// The document's markdown as HTML, for the page. Only what the reference's
// generator writes is understood (it is our own document, not arbitrary
// markdown): ATX headings, paragraphs, fenced code, block quotes, ordered
// lists with indented continuation lines, pipe tables; inline code spans,
// **bold** and backslash escapes. A table is handed to the caller, which
// decides how to show it (the page makes some of them interactive).

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Inline markdown: `code`, **bold**, \* escapes; everything else is text. */
export function inlineHtml(text: string): string {
  let out = '';
  let i = 0;
  let bold = false;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && /[\\`*_{}[\]()#+\-.!|>]/.test(text[i + 1])) {
      out += escapeHtml(text[i + 1]);
      i += 2;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) {
        out += escapeHtml(c);
        i++;
      } else {
        out += `<code>${escapeHtml(text.slice(i + 1, end))}</code>`;
        i = end + 1;
      }
    } else if (c === '*' && text[i + 1] === '*') {
      out += bold ? '</strong>' : '<strong>';
      bold = !bold;
      i += 2;
    } else {
      out += escapeHtml(c);
      i++;
    }
  }
  return bold ? out + '</strong>' : out;
}

/** A pipe table of the document: header cells and rows of cells, as markdown text. */
export interface MarkdownTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The cells of a `| a | b |` line. A cell holds no `|` in our document. */
function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

const isSeparator = (line: string): boolean => /^\|(\s*:?-+:?\s*\|)+\s*$/.test(line.trim());

export interface MarkdownHtmlOptions {
  /** The HTML for a table; `index` counts the document's tables from 0. */
  readonly table: (table: MarkdownTable, index: number) => string;
  /** The HTML for a heading (default: `<hN>` with the inline text). */
  readonly heading?: (level: number, text: string) => string;
}

/** The whole document as HTML blocks. */
export function markdownToHtml(markdown: string, options: MarkdownHtmlOptions): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  const heading =
    options.heading ?? ((level: number, text: string) => `<h${level}>${inlineHtml(text)}</h${level}>`);
  let tables = 0;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const atx = /^(#{1,6}) (.*)$/.exec(line);
    if (atx !== null) {
      out.push(heading(atx[1].length, atx[2]));
      i++;
      continue;
    }
    const fence = /^```(\S*)$/.exec(line);
    if (fence !== null) {
      const body: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== '```') body.push(lines[i++]);
      i++;
      const language = fence[1] === '' ? '' : ` data-language="${escapeHtml(fence[1])}"`;
      out.push(`<pre${language}><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.startsWith('|') && i + 1 < lines.length && isSeparator(lines[i + 1])) {
      const headers = tableCells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i].startsWith('|')) rows.push(tableCells(lines[i++]));
      out.push(options.table({ headers, rows }, tables++));
      continue;
    }
    if (line.startsWith('>')) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i].startsWith('>')) quoted.push(lines[i++].replace(/^> ?/, ''));
      // Paragraphs inside the quote are separated by its empty lines.
      const paragraphs = quoted
        .join('\n')
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((p) => `<p>${inlineHtml(p.replace(/\n/g, ' '))}</p>`);
      out.push(`<blockquote>${paragraphs.join('')}</blockquote>`);
      continue;
    }
    if (/^\d+\. /.test(line)) {
      const items: string[] = [];
      while (i < lines.length && (/^\d+\. /.test(lines[i]) || /^ {2,}\S/.test(lines[i]))) {
        if (/^\d+\. /.test(lines[i])) items.push(lines[i].replace(/^\d+\. /, ''));
        else items[items.length - 1] += ` ${lines[i].trim()}`;
        i++;
      }
      out.push(`<ol>${items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ol>`);
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && !/^(#{1,6} |```|>|\||\d+\. )/.test(lines[i]))
      paragraph.push(lines[i++]);
    out.push(`<p>${inlineHtml(paragraph.join(' '))}</p>`);
  }
  return out.join('\n');
}
