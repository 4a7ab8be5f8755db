/**
 * The web server bundle (dist/web/server.js) as a browser runs it, without a browser: evaluated in
 * a V8 context that has a Web Worker's globals and none of Node's (no `process`, no `require`).
 * LSP messages travel as `postMessage` objects, as in a Worker. Checks what would otherwise show
 * only in the editor suites: it starts from the wasm bytes, reports, and reads project files
 * through the client.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createContext, runInContext } from 'node:vm';
import type { WorkerStart } from '../server/src/browser/protocol';
import { READ_PROJECT_FILE } from '../server/src/browser/protocol';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const WORKSPACE = join(__dirname, 'editor', 'web-workspace');

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

before(() => {
  started = startWorker((method, params) => {
    if (method === READ_PROJECT_FILE) {
      asked.push(params);
      const { path } = params as { path: string };
      return path === 'serve.py' ? readFileSync(join(WORKSPACE, 'serve.py'), 'utf8') : null;
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
  started.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: 'memfs://p/', capabilities: {}, workspaceFolders: [{ uri: 'memfs://p/', name: 'p' }] } });
  started.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
});

function diagnosticsFor(uri: string) {
  return started.waitFor(() => {
    const published = started.received.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri);
    return published.at(-1)?.params as { diagnostics: { code: string; codeDescription?: { href: string } }[] } | undefined;
  }, `diagnostics for ${uri}`);
}

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
