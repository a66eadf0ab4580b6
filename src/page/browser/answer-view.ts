// The explain panel's answer, built from explain's JSON: the pick or vLLM's
// error, then every backend of the priority list with its verdict, vLLM's
// reasons and what would make it valid.

import type { BackendJson, ExplainAnswer, Fix, UnknownJson } from '../engine.js';
import { code, h } from './dom.js';

function unknownText(u: UnknownJson): string {
  return `${u.file}, line ${u.line}: ${u.what} (${u.code})`;
}

function fixItem(fix: Fix): HTMLElement {
  switch (fix.change) {
    case 'kernels':
      return h('li', {}, 'install ', code(fix.add), ` (--kernels …,${fix.add})`);
    case 'kvCacheDtype':
      return h('li', {}, 'KV-cache dtype ', code(fix.value));
    case 'blockSize':
      return fix.value === null
        ? h('li', {}, 'no --block-size')
        : h('li', {}, 'block size ', code(String(fix.value)));
    case 'gpu':
      return h('li', {}, `a ${fix.capability} GPU (${fix.gpus.join(', ')})`);
  }
}

function verdictCell(b: BackendJson): HTMLElement {
  if (b.valid === true) return h('td', {}, h('span', { class: 'valid' }, '✅ valid'));
  if (b.valid === false) return h('td', {}, h('span', { class: 'invalid' }, '❌ not valid'));
  return h('td', {}, h('span', { class: 'unknown' }, '? unknown'));
}

function reasonsCell(b: BackendJson): HTMLElement {
  const items: HTMLElement[] = b.reasons.map((r) => h('li', {}, r));
  if (b.importError !== undefined) items.push(h('li', {}, 'ImportError: ', b.importError));
  if (b.raised !== undefined) items.push(h('li', {}, 'raised ', b.raised));
  if (b.unknown !== undefined) items.push(h('li', {}, 'cannot evaluate ', unknownText(b.unknown)));
  return h('td', {}, items.length === 0 ? '' : h('ul', {}, ...items));
}

function backendRow(b: BackendJson, chosen: string | null): HTMLElement {
  const rank = b.explicit === true ? 'explicit' : b.priority === null ? '' : String(b.priority + 1);
  const name = b.name === chosen ? h('strong', {}, code(b.name), ' (picked)') : code(b.name);
  const fixes = b.fixes ?? [];
  return h(
    'tr',
    { class: b.name === chosen ? 'picked' : null },
    h('td', {}, rank),
    h('th', { scope: 'row' }, name),
    verdictCell(b),
    reasonsCell(b),
    h('td', {}, fixes.length === 0 ? '' : h('ul', {}, ...fixes.map(fixItem))),
  );
}

/** The answer's elements, and a one-line summary for the status line. */
export function answerView(
  answer: ExplainAnswer,
  command: string,
): { nodes: HTMLElement[]; summary: string } {
  const same = h('p', { class: 'hint' }, 'The same question on the command line: ', code(command));
  switch (answer.kind) {
    case 'bad-gpu':
      return { nodes: [h('p', { class: 'verdict error' }, answer.message)], summary: 'GPU not understood' };
    case 'not-embedded':
      return {
        nodes: [
          h(
            'p',
            { class: 'verdict error' },
            'This setup needs ',
            code(answer.path),
            ', which this page does not carry: the page holds the files explain read over a sweep of setups when it was made. Ask the command line instead.',
          ),
          same,
        ],
        summary: 'not answerable from this page',
      };
    case 'cannot-explain':
      return {
        nodes: [
          h(
            'p',
            { class: 'verdict error' },
            `explain cannot run on this tree (${answer.code}): ${answer.detail}`,
            answer.unknown === null ? '' : ` at ${unknownText(answer.unknown)}`,
          ),
          same,
        ],
        summary: 'explain cannot run on this tree',
      };
    case 'answer':
      break;
  }
  const json = answer.json;
  const gpu = `${json.config.gpu.name} (compute capability ${json.config.gpu.capability})`;
  const nodes: HTMLElement[] = [];
  let summary: string;
  if (json.chosen !== null) {
    nodes.push(
      h('p', { class: 'verdict' }, 'On ', gpu, ' vLLM picks ', h('strong', {}, code(json.chosen)), '.'),
    );
    summary = `vLLM picks ${json.chosen}`;
  } else if (json.error !== null) {
    nodes.push(
      h(
        'p',
        { class: 'verdict error' },
        `On ${gpu} vLLM raises ${json.errorType ?? 'an error'}: `,
        code(json.error),
      ),
    );
    summary = `vLLM raises ${json.errorType ?? 'an error'}`;
  } else if (json.undetermined !== null) {
    nodes.push(
      h(
        'p',
        { class: 'verdict' },
        `On ${gpu} the pick cannot be determined: `,
        unknownText(json.undetermined),
      ),
    );
    summary = 'the pick cannot be determined';
  } else {
    nodes.push(h('p', { class: 'verdict' }, `On ${gpu} vLLM picks no backend.`));
    summary = 'no backend picked';
  }
  if (json.blockSizeWarning !== null)
    nodes.push(h('p', { class: 'note' }, 'vLLM warns: ', json.blockSizeWarning));
  if (json.ignoredInputs.length > 0)
    nodes.push(
      h(
        'p',
        { class: 'note' },
        `This tree's get_attn_backend does not take: ${json.ignoredInputs.join(', ')}.`,
      ),
    );
  const table = h(
    'table',
    {},
    h('caption', {}, 'Backends in the order vLLM tries them'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Priority'),
        h('th', { scope: 'col' }, 'Backend'),
        h('th', { scope: 'col' }, 'Verdict'),
        h('th', { scope: 'col' }, "vLLM's reasons"),
        h('th', { scope: 'col' }, 'Would be valid with'),
      ),
    ),
    h('tbody', {}, ...json.backends.map((b) => backendRow(b, json.chosen))),
  );
  nodes.push(
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Backends', tabindex: '0' }, table),
  );
  if (json.selectorConfig !== null || json.logs.length > 0)
    nodes.push(
      h(
        'details',
        {},
        h('summary', {}, 'Selector config and what vLLM logged'),
        json.selectorConfig === null ? null : h('pre', {}, json.selectorConfig),
        json.logs.length === 0
          ? null
          : h('ul', {}, ...json.logs.map((l) => h('li', {}, `${l.level}: ${l.message}`))),
      ),
    );
  nodes.push(same);
  return { nodes, summary };
}
