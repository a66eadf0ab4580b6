// Hostile backend files, each registered as AttentionBackendEnum.HOSTILE in a
// copy of the demo tree, with what the reference script did on that tree
// (recorded with /work/ref/gen_ref.py under CPython 3.11.7: see
// docs/design/robustness.md for how to re-record).

export const HOSTILE_MODULE = 'vllm.v1.attention.backends.hostile';
export const HOSTILE_FILE = 'vllm/v1/attention/backends/hostile.py';

const DEPTH = 100_000;
const BIG_BYTES = 50 * 1024 * 1024;

/** A backend class the document shows with a recognisable row when the file parses. */
const BACKEND_CLASS = `class HostileBackend:
    @staticmethod
    def get_supported_head_sizes():
        return [77]
`;

export interface HostileCase {
  readonly name: string;
  /** Builds the module's bytes (some are large: build lazily). */
  readonly contents: () => string | Uint8Array;
  /**
   * What the reference printed on stderr for the tree (`<ROOT>` for the tree root), or ''
   * when it printed nothing. Its document is recorded as a hash below.
   */
  readonly referenceStderr: string;
  /**
   * The reference's document: the demo tree's own ('demo': the hostile backend was
   * skipped) or that plus the HOSTILE row ('demo+row77', recorded in
   * trees/expected/demo-with-hostile-row.md).
   */
  readonly referenceDocument: 'demo' | 'demo+row77';
  /**
   * Why this case runs in a child process with a time and memory bound (a 256 MB
   * heap) rather than in the test process: it is about bounded memory.
   */
  readonly bounded?: string;
  /** A known bug: the bounded test is expected to fail (todo) for this reason. */
  readonly knownBug?: string;
  /** More files to write, tree path -> contents. */
  readonly extraFiles?: Readonly<Record<string, string>>;
}

const warn = (msg: string): string => `  Warning: Could not parse <ROOT>/${HOSTILE_FILE}: ${msg}\n`;

function bytesOf(...parts: (string | number[])[]): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    name: 'syntax error',
    contents: () => `${BACKEND_CLASS}\n    def broken(:\n        pass\n`,
    referenceStderr: warn('invalid syntax (<unknown>, line 6)'),
    referenceDocument: 'demo',
  },
  {
    name: 'byte order mark',
    contents: () => bytesOf([0xef, 0xbb, 0xbf], BACKEND_CLASS),
    referenceStderr: warn('invalid non-printable character U+FEFF (<unknown>, line 1)'),
    referenceDocument: 'demo',
  },
  {
    name: 'invalid UTF-8',
    contents: () => bytesOf(BACKEND_CLASS, '    note = "', [0xc3, 0x28], '"\n'),
    referenceStderr: warn("'utf-8' codec can't decode byte 0xc3 in position 108: invalid continuation byte"),
    referenceDocument: 'demo',
  },
  {
    name: 'NUL byte in a source file',
    contents: () => bytesOf(BACKEND_CLASS, '    x = 1\0\n'),
    referenceStderr: warn('source code string cannot contain null bytes'),
    referenceDocument: 'demo',
  },
  {
    name: 'binary file (PNG header)',
    contents: () =>
      bytesOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    referenceStderr: warn("'utf-8' codec can't decode byte 0x89 in position 0: invalid start byte"),
    referenceDocument: 'demo',
  },
  {
    name: 'binary file (valid UTF-8 with NUL bytes)',
    contents: () => bytesOf([0, 1, 2, 3, 0, 0x41, 0x0a, 0]),
    referenceStderr: warn('source code string cannot contain null bytes'),
    referenceDocument: 'demo',
  },
  {
    name: 'empty file',
    contents: () => '',
    referenceStderr: '',
    referenceDocument: 'demo',
  },
  {
    name: `${DEPTH} nested parentheses`,
    contents: () => `x = ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)}\n${BACKEND_CLASS}`,
    referenceStderr: warn('too many nested parentheses (<unknown>, line 1)'),
    referenceDocument: 'demo',
  },
  {
    name: `${DEPTH} nested unary minus`,
    contents: () => `x = ${'-'.repeat(DEPTH)}1\n${BACKEND_CLASS}`,
    // CPython 3.11 raises a MemoryError without a message when its parser stack is exhausted.
    referenceStderr: warn(''),
    referenceDocument: 'demo',
  },
  {
    name: `${DEPTH} nested binary operators`,
    contents: () => `x = ${'1 + '.repeat(DEPTH)}1\n${BACKEND_CLASS}`,
    referenceStderr: warn('maximum recursion depth exceeded during ast construction'),
    referenceDocument: 'demo',
  },
  {
    name: `${DEPTH} nested attribute accesses`,
    contents: () => `x = a${'.b'.repeat(DEPTH)}\n${BACKEND_CLASS}`,
    referenceStderr: warn('maximum recursion depth exceeded during ast construction'),
    referenceDocument: 'demo',
  },
  {
    name: `${DEPTH} chained calls`,
    contents: () => `x = f${'()'.repeat(DEPTH)}\n${BACKEND_CLASS}`,
    referenceStderr: warn('maximum recursion depth exceeded during ast construction'),
    referenceDocument: 'demo',
  },
  {
    name: `${DEPTH} chained subscripts`,
    contents: () => `x = a${'[1]'.repeat(DEPTH)}\n${BACKEND_CLASS}`,
    referenceStderr: warn('maximum recursion depth exceeded during ast construction'),
    referenceDocument: 'demo',
  },
  {
    name: `${DEPTH} nested lambdas`,
    contents: () => `x = ${'lambda: '.repeat(DEPTH)}1\n${BACKEND_CLASS}`,
    referenceStderr: warn(''),
    referenceDocument: 'demo',
  },
  {
    name: `${DEPTH} nested conditional expressions`,
    contents: () => `x = ${'1 if 1 else '.repeat(DEPTH)}1\n${BACKEND_CLASS}`,
    referenceStderr: warn(''),
    referenceDocument: 'demo',
  },
  {
    name: '1000 nested blocks',
    contents: () => {
      let text = '';
      for (let i = 0; i < 1000; i++) text += `${' '.repeat(i)}if x:\n`;
      return `${BACKEND_CLASS}${text}${' '.repeat(1000)}pass\n`;
    },
    referenceStderr: warn('too many levels of indentation (<unknown>, line 105)'),
    referenceDocument: 'demo',
  },
  {
    name: 'backend class inheriting from itself',
    contents: () => `class HostileImpl(HostileImpl):
    pass


class HostileBackend(HostileBackend):
    @staticmethod
    def get_impl_cls():
        return HostileImpl

    @staticmethod
    def get_supported_head_sizes():
        return [77]
`,
    referenceStderr: '',
    referenceDocument: 'demo+row77',
  },
  {
    name: 'impl classes in a cycle across two files',
    contents: () => `from .hostile_peer import PeerImpl


class HostileImpl(PeerImpl):
    pass


${BACKEND_CLASS}
    @staticmethod
    def get_impl_cls():
        return HostileImpl
`,
    extraFiles: {
      'vllm/v1/attention/backends/hostile_peer.py':
        'from .hostile import HostileImpl\n\n\nclass PeerImpl(HostileImpl):\n    pass\n',
    },
    referenceStderr: '',
    referenceDocument: 'demo+row77',
  },
  {
    name: 'impl class whose base is imported from its own file',
    contents: () => `from vllm.v1.attention.backends.hostile import HostileImpl as Base


class HostileImpl(Base):
    pass


${BACKEND_CLASS}
    @staticmethod
    def get_impl_cls():
        return HostileImpl
`,
    referenceStderr: '',
    referenceDocument: 'demo+row77',
  },
  {
    name: `${BIG_BYTES / 1024 / 1024} MB of comments`,
    contents: () => {
      const line = `# ${'padding '.repeat(9)}\n`;
      return `${line.repeat(Math.ceil(BIG_BYTES / line.length))}${BACKEND_CLASS}`;
    },
    referenceStderr: '',
    referenceDocument: 'demo+row77',
  },
  {
    name: `a ${BIG_BYTES / 1024 / 1024} MB string literal`,
    contents: () => `BLOB = "${'x'.repeat(BIG_BYTES)}"\n${BACKEND_CLASS}`,
    referenceStderr: '',
    referenceDocument: 'demo+row77',
  },
  {
    name: `${BIG_BYTES / 1024 / 1024} MB of statements`,
    contents: () => {
      const line = 'x = 1\n';
      return `${line.repeat(Math.ceil(BIG_BYTES / line.length))}${BACKEND_CLASS}`;
    },
    // Not recorded: CPython needs more than 19 GB and over 11 minutes for this file (stopped by hand).
    // Without a budget our parser exhausted Node's heap (a V8 abort after ~3 minutes); with the
    // token budget (fdacd27) it ends in CPython's MemoryError: one warning, the backend skipped.
    referenceStderr: '',
    referenceDocument: 'demo+row77',
    bounded: '8.7 million statements: the parse must stop at its budget, not at the heap limit',
  },
];
