/**
 * The web server bundle (dist/web/server.js) as a browser runs it, without a browser: evaluated in
 * a V8 context that has a Web Worker's globals and none of Node's (no `process`, no `require`).
 * LSP messages travel as `postMessage` objects, as in a Worker. Checks what would otherwise show
 * only in the editor suites: it starts from the wasm bytes, reports, and lists and reads the
 * workspace's files through the client (a fake one here, over an in-memory folder).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createContext, runInContext } from 'node:vm';
import picomatch from 'picomatch';
import { FIND_FILES, READ_FILES, READ_PROJECT_FILE, type FindFilesParams, type ReadFilesParams, type WorkerStart } from '../server/src/browser/protocol';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const WORKSPACE = join(__dirname, 'editor', 'web-workspace');
const FOLDER = 'memfs://p/';

/** The workspace folder the fake client serves, by path. The package's `__init__` makes the app and imports its routes back. */
const FILES: Record<string, string> = {
  'serve.py': readFileSync(join(WORKSPACE, 'serve.py'), 'utf8'),
  'shop/__init__.py': 'from flask import Flask\n\napp = Flask(__name__)\n\nfrom shop import routes  # noqa: E402\n',
  'shop/routes.py': 'from shop import app\n\n\n@app.route("/")\ndef index():\n    return "hello"\n',
  'manage.py': 'from shop import app\n\napp.run()\n',
  '.gitignore': 'generated/\n',
  'generated/naive.py': 'from flask import Flask\n\napp = Flask(__name__)\n',
  'billing/pyproject.toml': '[tool.flask-practices]\nignore = ["FLK101"]\n',
};

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

/** One worker: `send` is the page's postMessage to it, `received` what it posted back. */
function startWorker(answer: (method: string, params: unknown) => unknown) {
  const received: Message[] = [];
  const waiters: (() => void)[] = [];
  const self = {
    onmessage: null as ((event: { data: unknown }) => void) | null,
    postMessage(posted: Message) {
      // What a Worker's postMessage does: a copy, in the receiver's realm.
      const data = JSON.parse(JSON.stringify(posted)) as Message;
      if (data.method && data.id !== undefined) {
        // A request from the server: the client answers it.
        void Promise.resolve(answer(data.method, data.params)).then((result) => deliver({ jsonrpc: '2.0', id: data.id, result }));
        return;
      }
      received.push(data);
      for (const wake of waiters.splice(0)) wake();
    },
    addEventListener() {},
    close() {},
  };
  const deliver = (data: unknown) => setImmediate(() => self.onmessage?.({ data }));
  const { WebAssembly } = globalThis as unknown as { WebAssembly: unknown };
  const globals = { self, console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, structuredClone, TextDecoder, TextEncoder, WebAssembly, URL, performance };
  const context = createContext({ ...globals });
  runInContext(readFileSync(join(DIST, 'web', 'server.js'), 'utf8'), context, { filename: 'dist/web/server.js' });
  const waitFor = async <T>(find: () => T | undefined, what: string): Promise<T> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no ${what}; received: ${JSON.stringify(received.map((m) => m.params ?? m.id))}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  return { send: deliver, received, waitFor, context };
}

let started: ReturnType<typeof startWorker>;
const asked: unknown[] = [];
/** Every file the server read through READ_FILES. */
const read: string[] = [];

/** `workspace.findFiles` over {@link FILES}. */
function findFiles({ folder, include, exclude, maxResults }: FindFilesParams): string[] {
  assert.equal(folder, FOLDER);
  const excluded = exclude ? picomatch(exclude, { dot: true }) : () => false;
  const found = Object.keys(FILES).filter((path) => picomatch(include, { dot: true })(path) && !excluded(path));
  return found.slice(0, maxResults);
}

before(() => {
  started = startWorker((method, params) => {
    if (method === READ_PROJECT_FILE) {
      asked.push(params);
      return FILES[(params as { path: string }).path] ?? null;
    }
    if (method === FIND_FILES) return findFiles(params as FindFilesParams);
    if (method === READ_FILES) {
      const { uris } = params as ReadFilesParams;
      read.push(...uris);
      return uris.map((uri) => (uri.startsWith(FOLDER) ? (FILES[decodeURIComponent(uri.slice(FOLDER.length))] ?? null) : null));
    }
    if (method === 'workspace/configuration') return [{ debounceMs: 0 }];
    return null;
  });
  const start: WorkerStart = {
    treeSitterWasm: readFileSync(join(DIST, 'web-tree-sitter.wasm')),
    pythonWasm: readFileSync(join(DIST, 'tree-sitter-python.wasm')),
    docsBase: 'https://example.test/ext/docs/rules',
  };
  // postMessage clones into the worker's realm, where `instanceof Uint8Array` must hold (Language.load checks it).
  const WorkerUint8Array = runInContext('Uint8Array', started.context) as Uint8ArrayConstructor;
  started.send({ ...start, treeSitterWasm: new WorkerUint8Array(start.treeSitterWasm), pythonWasm: new WorkerUint8Array(start.pythonWasm) });
  started.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: FOLDER, capabilities: {}, workspaceFolders: [{ uri: FOLDER, name: 'p' }] } });
  started.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
});

type Published = { diagnostics: { code: string; codeDescription?: { href: string }; range: { start: { line: number } } }[] };

function diagnosticsFor(uri: string, until: (published: Published) => boolean = () => true) {
  return started.waitFor(() => {
    const published = started.received.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri);
    const last = published.at(-1)?.params as Published | undefined;
    return last && until(last) ? last : undefined;
  }, `diagnostics for ${uri}`);
}

const codes = (published: Published) => published.diagnostics.map((d) => d.code).sort();

test('the web bundle runs with no Node globals: no `process` or `require` in its context', () => {
  assert.equal(runInContext('typeof process + typeof require', started.context), 'undefinedundefined');
});

test('it initialises and reports a Python module, linking each code to the docs it was given', async () => {
  const init = await started.waitFor(() => started.received.find((m) => m.id === 1), 'initialize result');
  assert.ok((init.result as { capabilities: { hoverProvider: boolean } }).capabilities.hoverProvider);
  const uri = 'memfs://p/app.py';
  started.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text: 'from flask import Flask\n\napp = Flask(__name__)\napp.run()\n' } } });
  const { diagnostics } = await diagnosticsFor(uri);
  assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['FLK101', 'FLK501']);
  assert.ok(diagnostics.every((d) => d.codeDescription?.href.startsWith('https://example.test/ext/docs/rules/FLK')));
});

test('a Dockerfile\'s FLK505 reads serve.py through the client', async () => {
  const uri = 'memfs://p/Dockerfile';
  started.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'dockerfile', version: 1, text: readFileSync(join(WORKSPACE, 'Dockerfile'), 'utf8') } } });
  const { diagnostics } = await diagnosticsFor(uri);
  assert.deepEqual(diagnostics.map((d) => d.code), ['FLK505']);
  assert.deepEqual(asked, [{ document: uri, documentPath: 'Dockerfile', path: 'serve.py' }]);
});

test('the workspace is indexed through the client: FLK105 in an open module names the app of a module only the index read', async () => {
  const uri = `${FOLDER}shop/routes.py`;
  started.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text: FILES['shop/routes.py'] } } });
  const published = await diagnosticsFor(uri, (p) => codes(p).includes('FLK105'));
  assert.deepEqual(codes(published), ['FLK105', 'FLK201']);
  assert.ok(read.includes(`${FOLDER}shop/__init__.py`), 'shop/__init__.py was read through the client');
});

test('a file nobody opened gets its problems from the text the client sent, and ignored files are never read', async () => {
  // manage.py runs the app shop/__init__.py makes: FLK501 only through the project index.
  const manage = await diagnosticsFor(`${FOLDER}manage.py`, (p) => p.diagnostics.length > 0);
  assert.deepEqual(codes(manage), ['FLK501']);
  assert.equal(manage.diagnostics[0]!.range.start.line, 2);
  assert.ok(read.includes(`${FOLDER}.gitignore`), 'the .gitignore was read');
  assert.ok(!read.some((uri) => uri.includes('generated/')), `generated/ is ignored: ${read.join(' ')}`);
});

test('a file created later reaches the index through a file event, and is read through the client', async () => {
  FILES['shop/admin.py'] = 'from shop import app\n\napp.run()\n';
  const uri = `${FOLDER}shop/admin.py`;
  started.send({ jsonrpc: '2.0', method: 'workspace/didChangeWatchedFiles', params: { changes: [{ uri, type: 1 }] } });
  assert.deepEqual(codes(await diagnosticsFor(uri, (p) => p.diagnostics.length > 0)), ['FLK501']);
  assert.ok(read.includes(uri));
});

test('a pyproject.toml read through the client configures the files below it', async () => {
  const text = 'from flask import Flask\n\napp = Flask(__name__)\napp.run()\n';
  const uri = `${FOLDER}billing/app.py`;
  started.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text } } });
  // The same text as app.py at the root, which reports FLK101 and FLK501.
  assert.deepEqual(codes(await diagnosticsFor(uri)), ['FLK501']);
  assert.ok(read.includes(`${FOLDER}billing/pyproject.toml`) && read.includes(`${FOLDER}pyproject.toml`), 'each folder up to the root was looked in');
});
