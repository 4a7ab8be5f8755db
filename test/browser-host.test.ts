/**
 * The browser host's pieces in Node: the in-process backend over the engine, and project files
 * read through the client (a fake here), which answers asynchronously while the engine's reader
 * is synchronous. The web suite (test/editor/web.test.ts) runs them in real browser hosts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { flaskModule } from '../bench/generate';
import { ClientFiles } from '../server/src/browser/clientFiles';
import { ClientSources } from '../server/src/browser/clientSources';
import { decodeSource } from '../server/src/cli/encoding';
import { InProcessBackend } from '../server/src/browser/inProcessBackend';
import type { ReadProjectFileParams } from '../server/src/browser/protocol';
import { DEFAULT_SETTINGS, Engine } from '../server/src/engine';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { AnalysisService } from '../server/src/lsp/analysisService';
import { RULES } from '../server/src/rules';

const WORKSPACE = join(__dirname, 'editor', 'web-workspace');
const DOCKERFILE = readFileSync(join(WORKSPACE, 'Dockerfile'), 'utf8');
const SERVE = readFileSync(join(WORKSPACE, 'serve.py'), 'utf8');
const URI = 'vscode-test-web://mount/deploy/Dockerfile';

/** A backend whose client has `files` (by project path) and workspace `sources` (by URI); `idleMs` before it settles a tree. */
async function backendWith(files: Record<string, string>, sources: Record<string, string> = {}, idleMs?: number) {
  const asked: ReadProjectFileParams[] = [];
  const fetched: string[][] = [];
  const clientFiles = new ClientFiles(async (params) => {
    asked.push(params);
    return files[params.path] ?? null;
  });
  const clientSources = new ClientSources(async (uris) => {
    fetched.push(uris);
    return uris.map((uri) => sources[uri] ?? null);
  });
  const ready = Engine.create(loadGrammarBytes(__dirname), RULES, clientFiles.reader).then((engine) => ({ engine, service: new AnalysisService(engine, clientSources.reader) }));
  return { backend: new InProcessBackend(ready, clientFiles, clientSources, idleMs), asked, fetched, ready };
}

async function codesAfterOpen(backend: InProcessBackend): Promise<string[]> {
  backend.notify({ kind: 'open', uri: URI, text: DOCKERFILE, version: 1, path: 'deploy/Dockerfile' });
  const response = await backend.request({ kind: 'analyse', uri: URI, version: 1, settings: DEFAULT_SETTINGS, encoding: 'utf-16' });
  assert.equal(response.kind, 'analysis');
  return response.kind === 'analysis' ? response.result.findings.map((f) => f.key.code) : [];
}

test('a Dockerfile\'s `python serve.py` is answered after serve.py is fetched from the client', async () => {
  const { backend, asked } = await backendWith({ 'serve.py': SERVE });
  assert.deepEqual(await codesAfterOpen(backend), ['FLK505']);
  // Where the engine looks for serve.py: beside the Dockerfile, then at the project root.
  assert.deepEqual(
    asked.map((a) => a.path),
    ['deploy/serve.py', 'serve.py'],
  );
  assert.ok(asked.every((a) => a.document === URI && a.documentPath === 'deploy/Dockerfile'));
  // Fetched once: the next analysis reads what the client sent.
  const again = await backend.request({ kind: 'analyse', uri: URI, version: 1, settings: { ...DEFAULT_SETTINGS, debounceMs: 1 }, encoding: 'utf-16' });
  assert.equal(again.kind === 'analysis' && again.result.findings.length, 1);
  assert.equal(asked.length, 2);
});

test('without serve.py in the project there is no finding (the module decides it)', async () => {
  const { backend, asked } = await backendWith({});
  assert.deepEqual(await codesAfterOpen(backend), []);
  assert.equal(asked.length, 2);
});

test('workspace files are fetched in one batch per indexing request; those it had no time for are not fetched again', async () => {
  const module = (i: number) => ({ location: `vscode-vfs://github/o/r/m${i}.py`, path: `m${i}.py` });
  const files = [module(1), module(2), module(3)];
  const sources = Object.fromEntries(files.map((f) => [f.location, 'from flask import Flask\n\napp = Flask(__name__)\n']));
  const { backend, fetched } = await backendWith({}, sources);
  // No time at all: one file is indexed, the others wait for the next batch.
  const first = await backend.request({ kind: 'indexFiles', files, budgetMs: 0 });
  assert.deepEqual(first.kind === 'indexed' && [first.done, first.changed], [1, true]);
  assert.deepEqual(fetched, [files.map((f) => f.location)]);
  const rest = await backend.request({ kind: 'indexFiles', files: files.slice(1), budgetMs: Infinity });
  assert.equal(rest.kind === 'indexed' && rest.done, 2);
  assert.equal(fetched.length, 1, 'the rest came from the first batch');
  // A file read again (it changed on disk) is fetched again: what a request read is not kept.
  await backend.request({ kind: 'indexFiles', files: [files[0]!], budgetMs: Infinity });
  assert.deepEqual(fetched.at(-1), [files[0]!.location]);
  const analysed = await backend.request({ kind: 'analyseFile', file: files[1]!, settings: DEFAULT_SETTINGS, encoding: 'utf-16' });
  assert.deepEqual(analysed.kind === 'fileAnalysis' && analysed.result?.findings.map((f) => f.key.code), ['FLK101']);
  assert.deepEqual(fetched.at(-1), [files[1]!.location]);
});

test('while idle, the tree of the module analysed last is settled, as the Node worker settles it; a message stops it', async () => {
  const uri = 'vscode-test-web://mount/app.py';
  const text = flaskModule(300);
  /** Opens and analyses the module; how many settling reparses the engine has left once `waitMs` passed. */
  const reparsesLeftAfter = async (idleMs: number, waitMs: number, thenMessage = false) => {
    const { backend, ready } = await backendWith({}, {}, idleMs);
    backend.notify({ kind: 'open', uri, text, version: 1 });
    const response = await backend.request({ kind: 'analyse', uri, version: 1, settings: DEFAULT_SETTINGS, encoding: 'utf-16' });
    assert.equal(response.kind, 'analysis');
    if (thenMessage) backend.notify({ kind: 'open', uri: `${uri}.other.py`, text: '', version: 1 });
    await sleep(waitMs);
    const { engine } = await ready;
    let left = 0;
    while (engine.settle(uri)) left++;
    await backend.dispose();
    return left;
  };
  assert.equal(await reparsesLeftAfter(60_000, 0), 3, 'a fresh tree takes three');
  assert.equal(await reparsesLeftAfter(10, 1000), 0, 'settled while idle');
  assert.equal(await reparsesLeftAfter(10, 1000, true), 3, 'a message stopped the wait, and no analysis came after it');
});

test('an engine that failed to load leaves no unhandled rejection behind the backend (the server reports the failure itself)', async () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  try {
    const ready = Promise.reject(new Error('no parser'));
    ready.catch(() => undefined); // as browser/main.ts reports it
    const backend = new InProcessBackend(ready, new ClientFiles(async () => null), new ClientSources(async (uris) => uris.map(() => null)));
    await sleep(20);
    assert.deepEqual(unhandled, []);
    await backend.dispose();
  } finally {
    process.off('unhandledRejection', record);
  }
});

test('Python sources are decoded as Python reads them without Node globals: the web client decodes workspace files so', () => {
  const declared = Uint8Array.from([...'# coding: latin-1\nx = "'].map((c) => c.charCodeAt(0)).concat([0xe9, 0x22, 0x0a]));
  const utf8 = new TextEncoder().encode('x = "\u00e9"\n');
  const globals = globalThis as { Buffer?: unknown };
  const saved = globals.Buffer;
  delete globals.Buffer;
  try {
    assert.deepEqual([decodeSource(declared), decodeSource(utf8)].map((d) => ('text' in d ? d.text : d.problem)), ['# coding: latin-1\nx = "\u00e9"\n', 'x = "\u00e9"\n']);
  } finally {
    globals.Buffer = saved;
  }
});
