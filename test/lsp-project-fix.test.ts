/**
 * A fix that creates a file, through the language server: FLK204's quick fix is one workspace
 * edit (CreateFile that never overwrites, the new file's text, the document's edit) for a client
 * that can create files, and is not offered to one that cannot: its hover says why.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import type { ClientCapabilities, CodeAction, CreateFile, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { capabilities, hoverMarkdown, LspClient } from './support/lspClient';

const FIXTURE = join(__dirname, 'projects', 'FLK204-missing-health-endpoints', 'factory');
const TITLE = 'Create health.py with /healthz and /readyz, and register it (unsafe)';

const roots: string[] = [];
const clients: LspClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A copy of the fixture project as a workspace folder. */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'flk-projfix-'));
  roots.push(root);
  for (const path of ['app/__init__.py', 'app/views.py', 'wsgi.py']) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), readFileSync(join(FIXTURE, path)));
  }
  return { folder: pathToFileURL(root).href, uri: (path: string) => pathToFileURL(join(root, path)).href, text: (path: string) => readFileSync(join(root, path), 'utf8') };
}

function withFileCreation(caps: ClientCapabilities, options: { resolve?: boolean } = {}): ClientCapabilities {
  const base = capabilities(options);
  return { ...base, workspace: { ...base.workspace, ...caps.workspace } };
}

const CREATE: ClientCapabilities = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } };

/** Opens app/__init__.py and waits for FLK204, which needs the folder indexed. */
async function flk204(client: LspClient, ws: ReturnType<typeof workspace>): Promise<{ uri: string; diagnostic: Diagnostic }> {
  const uri = ws.uri('app/__init__.py');
  client.open(uri, ws.text('app/__init__.py'));
  const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'FLK204'));
  return { uri, diagnostic: published.diagnostics.find((d) => d.code === 'FLK204')! };
}

async function start(caps: ClientCapabilities, folder: string): Promise<LspClient> {
  const client = await LspClient.start({ capabilities: caps, workspaceFolders: [folder], settings: { select: ['FLK204'] } });
  clients.push(client);
  return client;
}

function assertCreatesHealth(action: CodeAction, uri: string, healthUri: string): void {
  const changes = action.edit?.documentChanges;
  assert.ok(changes, 'documentChanges, not changes');
  assert.equal(action.edit?.changes, undefined);
  assert.deepEqual(changes[0], { kind: 'create', uri: healthUri, options: { overwrite: false, ignoreIfExists: false } } satisfies CreateFile);
  const fill = changes[1] as Omit<TextDocumentEdit, 'edits'> & { edits: TextEdit[] };
  assert.deepEqual(fill.textDocument, { uri: healthUri, version: null });
  assert.equal(fill.edits.length, 1);
  assert.deepEqual(fill.edits[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.match(fill.edits[0]!.newText, /@health\.get\("\/healthz"\)/);
  const own = changes[2] as Omit<TextDocumentEdit, 'edits'> & { edits: TextEdit[] };
  assert.deepEqual(own.textDocument, { uri, version: 1 });
  assert.match(own.edits.map((e) => e.newText).join(''), /from \.health import health\s+app\.register_blueprint\(health\)/);
  assert.equal(changes.length, 3);
}

test('a client that creates files gets the fix as CreateFile plus edits, inline', async () => {
  const ws = workspace();
  const client = await start(withFileCreation(CREATE), ws.folder);
  const { uri, diagnostic } = await flk204(client, ws);
  const actions = (await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic] })) as CodeAction[];
  const fix = actions.find((a) => a.title === TITLE);
  assert.ok(fix, `offered: ${actions.map((a) => a.title).join(', ')}`);
  assertCreatesHealth(fix, uri, ws.uri('app/health.py'));
});

test('with codeAction/resolve, the resolved fix carries the same workspace edit', async () => {
  const ws = workspace();
  const client = await start(withFileCreation(CREATE, { resolve: true }), ws.folder);
  const { uri, diagnostic } = await flk204(client, ws);
  const actions = (await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic] })) as CodeAction[];
  const fix = actions.find((a) => a.title === TITLE);
  assert.ok(fix && !fix.edit, 'listed without its edit');
  assertCreatesHealth(await client.resolve(fix), uri, ws.uri('app/health.py'));
});

test('a client without create resource operations is not offered the fix, and the hover says why', async () => {
  const ws = workspace();
  const partial: ClientCapabilities = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['rename'] } } };
  const client = await start(withFileCreation(partial), ws.folder);
  const { uri, diagnostic } = await flk204(client, ws);
  const actions = (await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic] })) as CodeAction[];
  assert.deepEqual(actions.filter((a) => a.title.startsWith('Create health.py')), []);
  assert.ok(actions.some((a) => a.title === 'Disable FLK204 for this line'), 'the other actions stay');
  assert.match(hoverMarkdown(await client.hover(uri, diagnostic.range.start)), /cannot create files/);
});
