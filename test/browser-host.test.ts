/**
 * The browser host's pieces in Node: the in-process backend over the engine, and project files
 * read through the client (a fake here), which answers asynchronously while the engine's reader
 * is synchronous. The web suite (test/editor/web.test.ts) runs them in real browser hosts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClientFiles } from '../server/src/browser/clientFiles';
import { ClientSources } from '../server/src/browser/clientSources';
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

async function backendWith(files: Record<string, string>) {
  const asked: ReadProjectFileParams[] = [];
  const clientFiles = new ClientFiles(async (params) => {
    asked.push(params);
    return files[params.path] ?? null;
  });
  const ready = Engine.create(loadGrammarBytes(__dirname), RULES, clientFiles.reader).then((engine) => ({ engine, service: new AnalysisService(engine) }));
  return { backend: new InProcessBackend(ready, clientFiles, new ClientSources(async (uris) => uris.map(() => null))), asked };
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
