// The page's style sheet. Colours are chosen for WCAG AA contrast (4.5:1 for
// text, 3:1 for focus rings and borders that carry meaning) in both themes:
// the light theme's text is #1b1b1f on #ffffff (17.2:1), links #0a4fb5 (7.5:1);
// the dark theme's text #e6e6ea on #131316 (14.9:1), links #9cc3ff (10.3:1).
// test/render/html.test.ts computes every pair.
// The theme follows prefers-color-scheme unless the toggle set data-theme.

export const PAGE_STYLE = `
:root {
  color-scheme: light;
  --bg: #ffffff; --fg: #1b1b1f; --muted: #4a4a55; --link: #0a4fb5; --border: #8a8a96;
  --rule: #d5d5dc; --panel: #f3f4f7; --head: #e8eaf0; --focus: #b3006b; --code: #eef0f4;
  --ok: #0d6b2f; --bad: #a3161a; --warn-bg: #fff4d6; --warn-fg: #5c4300; --hit: #fff7c2;
}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {
    color-scheme: dark;
    --bg: #131316; --fg: #e6e6ea; --muted: #b4b4c0; --link: #9cc3ff; --border: #80808c;
    --rule: #34343c; --panel: #1d1e23; --head: #26272e; --focus: #ff8fd0; --code: #25262d;
    --ok: #7fdc9a; --bad: #ff9b9b; --warn-bg: #3b3012; --warn-fg: #ffe08a; --hit: #3a3514;
  }
}
:root[data-theme="dark"] {
  color-scheme: dark;
  --bg: #131316; --fg: #e6e6ea; --muted: #b4b4c0; --link: #9cc3ff; --border: #80808c;
  --rule: #34343c; --panel: #1d1e23; --head: #26272e; --focus: #ff8fd0; --code: #25262d;
  --ok: #7fdc9a; --bad: #ff9b9b; --warn-bg: #3b3012; --warn-fg: #ffe08a; --hit: #3a3514;
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0 auto; max-width: 84rem; padding: 0 1rem 4rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
a { color: var(--link); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
code, pre, kbd { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
code { background: var(--code); padding: 0.05em 0.3em; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: var(--code); padding: 0.75rem; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; overflow-wrap: normal; }
td code, th code { overflow-wrap: normal; }
blockquote { margin: 1rem 0; padding: 0.25rem 1rem; border-left: 4px solid var(--border); color: var(--fg); }
h1 { font-size: 1.9rem; margin: 1.25rem 0 0.25rem; }
h2 { font-size: 1.5rem; margin-top: 2.5rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.25rem; }
h3 { font-size: 1.25rem; margin-top: 2rem; }
h4 { font-size: 1.05rem; margin-top: 1.5rem; }
.skip { position: absolute; left: -10000px; top: 0; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.5rem 1rem; z-index: 10; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.page { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: flex-start; justify-content: space-between; }
header.page > div { flex: 1 1 20rem; min-width: 0; }
header.page .meta { color: var(--muted); margin: 0.25rem 0 0; max-width: 60rem; }
button, input, select {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border);
  border-radius: 4px; padding: 0.3rem 0.5rem; min-height: 2.25rem;
}
button { cursor: pointer; background: var(--panel); }
button:hover { background: var(--head); }
input[type="checkbox"] { min-height: auto; width: 1.1rem; height: 1.1rem; margin: 0; accent-color: var(--link); }
.theme-toggle { margin-top: 1.25rem; white-space: nowrap; }
nav.contents ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; padding: 0; list-style: none; margin: 0.75rem 0; }
section.tool { background: var(--panel); border: 1px solid var(--rule); border-radius: 8px; padding: 0.25rem 1.25rem 1.25rem; margin: 1.5rem 0; }
section.tool h2 { border: 0; margin-top: 1rem; }
fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.75rem 1rem; }
.field { display: flex; flex-direction: column; gap: 0.2rem; }
.field label, .field .label { font-weight: 600; }
.field small, .hint { color: var(--muted); }
.flags { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; margin: 0.75rem 0 0; }
.flags legend, .kernels legend { font-weight: 600; padding: 0; margin-bottom: 0.35rem; }
.flag { display: inline-flex; align-items: center; gap: 0.4rem; }
.actions { margin-top: 0.9rem; display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; }
output.gpu-parsed { color: var(--muted); }
.problem { color: var(--bad); font-weight: 600; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; border: 1px solid var(--rule); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0.75rem; caption-side: top; }
caption .shown { font-weight: 400; color: var(--muted); }
th, td { border-top: 1px solid var(--rule); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); border-top: 0; white-space: nowrap; }
tbody th { font-weight: 400; white-space: nowrap; }
th button.sort { border: 0; background: none; padding: 0.1rem 0; min-height: 0; font-weight: 600; display: inline-flex; gap: 0.3rem; }
th[aria-sort="ascending"] .sort-mark::after { content: "▲"; }
th[aria-sort="descending"] .sort-mark::after { content: "▼"; }
th[aria-sort="none"] .sort-mark::after { content: "↕"; color: var(--muted); }
tr.unsure td, tr.unsure th { background: var(--hit); }
.unsure-note { font-size: 0.85rem; color: var(--warn-fg); }
.verdict { font-size: 1.15rem; margin: 1rem 0 0.5rem; }
.verdict.error { color: var(--bad); }
.note { background: var(--warn-bg); color: var(--warn-fg); padding: 0.5rem 0.75rem; border-radius: 4px; }
.valid { color: var(--ok); font-weight: 600; }
.invalid { color: var(--bad); font-weight: 600; }
.unknown { color: var(--warn-fg); font-weight: 600; }
.result ul { margin: 0; padding-left: 1.1rem; }
.result td ul { margin: 0; }
details { margin: 0.75rem 0; }
summary { cursor: pointer; font-weight: 600; }
@media (max-width: 40rem) {
  body { padding: 0 0.6rem 3rem; font-size: 15px; }
  section.tool { padding: 0.25rem 0.75rem 1rem; }
  .fields { grid-template-columns: 1fr 1fr; }
  h1 { font-size: 1.5rem; }
}
@media (max-width: 24rem) {
  .fields { grid-template-columns: 1fr; }
}
`;
