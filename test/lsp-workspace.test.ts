/**
 * The workspace through the language server (issue 16): each folder's Python files are indexed
 * and, with `scope: workspace`, files nobody opened get problems too, pushed or pulled as the
 * client supports. Each test gets its own temp multi-folder workspace and its own server.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { FileChangeType, type ClientCapabilities, type CodeAction, type Diagnostic, type PublishDiagnosticsParams, type TextDocumentEdit } from 'vscode-languageserver-protocol';
import { capabilities, LspClient, type ClientOptions } from './support/lspClient';

const MAIN = 'from flask import Flask\n\napp = Flask(__name__)\n';
const MANAGE = 'from main import app\n\napp.run()\n';
const NAIVE = 'from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A temp workspace: folder name → (path → text). Returns the folders' paths and a file's URI. */
function workspace(folders: Record<string, Record<string, string>>) {
  const root = mkdtempSync(join(tmpdir(), 'flk-workspace-'));
  roots.push(root);
  for (const [folder, files] of Object.entries(folders)) {
    mkdirSync(join(root, folder), { recursive: true });
    for (const [path, text] of Object.entries(files)) write(join(root, folder, path), text);
  }
  return {
    folderUris: Object.keys(folders).map((folder) => pathToFileURL(join(root, folder)).href),
    path: (file: string) => join(root, file),
    uri: (file: string) => pathToFileURL(join(root, file)).href,
  };
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function withCapabilities(extra: { pull?: boolean }): ClientCapabilities {
  const caps = capabilities();
  caps.window = { ...caps.window, workDoneProgress: true };
  caps.workspace = { ...caps.workspace, didChangeWatchedFiles: { dynamicRegistration: true } };
  if (extra.pull) caps.textDocument = { ...caps.textDocument, diagnostic: { dynamicRegistration: false } };
  return caps;
}

const clients: LspClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
});

async function start(folderUris: string[], options: ClientOptions & { pull?: boolean } = {}): Promise<LspClient> {
  const client = await LspClient.start({ capabilities: withCapabilities({ pull: options.pull }), workspaceFolders: folderUris, ...options });
  clients.push(client);
  return client;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code)).sort();
const hasCodes =
  (...wanted: string[]) =>
  (p: PublishDiagnosticsParams) =>
    JSON.stringify(codes(p.diagnostics)) === JSON.stringify([...wanted].sort());

/** Waits until the server has ended a progress whose title starts with `title`. */
async function progressEnded(client: LspClient, title: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const begun = client.progress.findIndex((p) => p.kind === 'begin' && p.title?.startsWith(title));
    if (begun >= 0 && client.progress.slice(begun).some((p) => p.kind === 'end')) return;
    if (Date.now() > deadline) throw new Error(`no end of "${title}" progress: ${JSON.stringify(client.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('problems in files nobody opened (push)', () => {
  test('each folder is indexed; an app imported from another module is an app; ignored places are left out', async () => {
    const ws = workspace({
      one: {
        'main.py': MAIN,
        'manage.py': MANAGE,
        '.gitignore': 'generated/\nscratch_*.py\n',
        'generated/naive.py': NAIVE,
        'scratch_1.py': NAIVE,
        'sub/.gitignore': 'local.py\n',
        'sub/local.py': NAIVE,
        'sub/kept.py': NAIVE,
        '.venv/lib/naive.py': NAIVE,
        'env2/pyvenv.cfg': 'home = /usr/bin\n',
        'env2/lib/naive.py': NAIVE,
        'build/naive.py': NAIVE,
        'node_modules/x/naive.py': NAIVE,
      },
      two: { 'app.py': NAIVE },
    });
    const client = await start(ws.folderUris);
    await client.waitForDiagnostics(ws.uri('one/manage.py'), hasCodes('FLK501'));
    await client.waitForDiagnostics(ws.uri('one/main.py'), hasCodes('FLK101'));
    await client.waitForDiagnostics(ws.uri('one/sub/kept.py'), hasCodes('FLK101', 'FLK501', 'FLK502'));
    await client.waitForDiagnostics(ws.uri('two/app.py'), hasCodes('FLK101', 'FLK501', 'FLK502'));
    await progressEnded(client, 'Flask Practices: checking');
    const published = new Set(client.publications.map((p) => p.params.uri));
    for (const ignored of ['generated/naive.py', 'scratch_1.py', 'sub/local.py', '.venv/lib/naive.py', 'env2/lib/naive.py', 'build/naive.py', 'node_modules/x/naive.py']) {
      assert.ok(!published.has(ws.uri(`one/${ignored}`)), `${ignored} is left out`);
    }
    assert.ok(client.progress.some((p) => p.kind === 'begin' && p.title === 'Flask Practices: indexing'), 'indexing reports progress');
    assert.ok(
      client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('**/*.py')),
      'the server watches Python files',
    );
  });

  test('a change on disk, a new file and a deleted file update the problems of files nobody opened', async () => {
    const ws = workspace({ w: { 'main.py': MAIN, 'manage.py': MANAGE } });
    const client = await start(ws.folderUris);
    const manage = ws.uri('w/manage.py');
    await client.waitForDiagnostics(manage, hasCodes('FLK501'));

    // main.py no longer makes an app: manage.py's app.run() is no app's any more.
    writeFileSync(ws.path('w/main.py'), 'app = 1\n');
    client.mark(manage);
    client.filesChanged([{ uri: ws.uri('w/main.py'), type: FileChangeType.Changed }]);
    await client.waitForDiagnostics(manage, hasCodes());

    writeFileSync(ws.path('w/main.py'), MAIN);
    client.mark(manage);
    client.filesChanged([{ uri: ws.uri('w/main.py'), type: FileChangeType.Changed }]);
    await client.waitForDiagnostics(manage, hasCodes('FLK501'));

    write(ws.path('w/pkg/new.py'), NAIVE);
    client.filesChanged([{ uri: ws.uri('w/pkg/new.py'), type: FileChangeType.Created }]);
    await client.waitForDiagnostics(ws.uri('w/pkg/new.py'), hasCodes('FLK101', 'FLK501', 'FLK502'));

    unlinkSync(ws.path('w/manage.py'));
    client.filesChanged([{ uri: manage, type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics(manage, hasCodes());
  });

  test('opening a file replaces its workspace problems with the editor text’s; closing brings the disk’s back', async () => {
    const ws = workspace({ w: { 'main.py': MAIN, 'manage.py': MANAGE } });
    const client = await start(ws.folderUris);
    const manage = ws.uri('w/manage.py');
    await client.waitForDiagnostics(manage, hasCodes('FLK501'));
    client.open(manage, 'from main import app\n\napp.run(debug=True)\n');
    const opened = await client.waitForCurrent(manage);
    assert.deepEqual(codes(opened.diagnostics), ['FLK501', 'FLK502'], 'the open document sees the app from main.py');
    client.close(manage);
    const closed = await client.waitForDiagnostics(manage);
    assert.deepEqual(codes(closed.diagnostics), ['FLK501'], 'back to the problems of the file on disk, not cleared');
  });

  test('a file opened before the scan reaches it keeps its open-document problems', async () => {
    const ws = workspace({ w: { 'naive.py': NAIVE, 'other.py': NAIVE } });
    const client = await start(ws.folderUris);
    const naive = ws.uri('w/naive.py');
    client.open(naive, 'x = 1\n');
    await client.waitForDiagnostics(ws.uri('w/other.py'), hasCodes('FLK101', 'FLK501', 'FLK502'));
    await progressEnded(client, 'Flask Practices: checking');
    const published = client.publications.filter((p) => p.params.uri === naive).map((p) => p.params);
    assert.ok(published.length > 0);
    // Analysed again once the project is indexed, but always the editor's text, never the disk's.
    assert.deepEqual(new Set(published.map((p) => JSON.stringify([p.version, codes(p.diagnostics)]))), new Set(['[1,[]]']));
  });

  test('an open document’s unsaved text is indexed: other files follow it', async () => {
    const ws = workspace({ w: { 'main.py': MAIN, 'manage.py': MANAGE } });
    const client = await start(ws.folderUris);
    const manage = ws.uri('w/manage.py');
    await client.waitForDiagnostics(manage, hasCodes('FLK501'));
    const main = ws.uri('w/main.py');
    client.open(main, MAIN);
    await client.waitForCurrent(main);
    client.mark(manage);
    client.change(main, [{ text: 'app = 1\n' }]);
    await client.waitForDiagnostics(manage, hasCodes());
    // Closed without saving: the disk's text is indexed again.
    client.mark(manage);
    client.close(main);
    await client.waitForDiagnostics(manage, hasCodes('FLK501'));
  });

  test('a file opened before its creation on disk is reported (a fix creating it): its editor text is indexed, and other files follow it', async () => {
    const ws = workspace({ w: { 'manage.py': MANAGE } });
    const client = await start(ws.folderUris);
    const manage = ws.uri('w/manage.py');
    await progressEnded(client, 'Flask Practices: checking');
    const runs = () => client.publications.filter((p) => p.params.uri === manage && codes(p.params.diagnostics).includes('FLK501'));
    assert.equal(runs().length, 0, 'no main.py: no app to run');
    // As VS Code applies a workspace edit that creates a file: the document opens with its text,
    // analysed before the watcher tells of the file, which is still empty on disk.
    const main = ws.uri('w/main.py');
    client.open(main, MAIN);
    await client.waitForCurrent(main);
    write(ws.path('w/main.py'), '');
    client.mark(manage);
    client.filesChanged([{ uri: main, type: FileChangeType.Created }]);
    await client.waitForDiagnostics(manage, hasCodes('FLK501'));
  });

  test('exclude in pyproject.toml: excluded files are neither indexed nor checked', async () => {
    const ws = workspace({
      w: {
        'pyproject.toml': '[tool.flask-practices]\nexclude = ["legacy"]\n',
        'legacy/core.py': MAIN,
        'legacy/naive.py': NAIVE,
        'manage.py': 'from legacy.core import app\n\napp.run()\n',
        'kept.py': NAIVE,
      },
    });
    const client = await start(ws.folderUris);
    await client.waitForDiagnostics(ws.uri('w/kept.py'), hasCodes('FLK101', 'FLK501', 'FLK502'));
    await progressEnded(client, 'Flask Practices: checking');
    const published = new Set(client.publications.filter((p) => p.params.diagnostics.length > 0).map((p) => p.params.uri));
    assert.ok(!published.has(ws.uri('w/legacy/naive.py')), 'an excluded file gets no problems');
    // legacy/core.py is not indexed: manage.py cannot know its `app` is one.
    assert.ok(!published.has(ws.uri('w/manage.py')), 'nothing is known of an excluded module');
  });

  test('maxWorkspaceFiles: past the limit nothing more is indexed, and the output says so once', async () => {
    const ws = workspace({ w: { 'a.py': NAIVE, 'b.py': NAIVE, 'c.py': NAIVE, 'd.py': NAIVE } });
    const client = await start(ws.folderUris, { settings: { maxWorkspaceFiles: 2 } });
    await client.waitForDiagnostics(ws.uri('w/b.py'), hasCodes('FLK101', 'FLK501', 'FLK502'));
    await progressEnded(client, 'Flask Practices: checking');
    const published = new Set(client.publications.map((p) => p.params.uri));
    assert.ok(published.has(ws.uri('w/a.py')));
    assert.ok(!published.has(ws.uri('w/c.py')) && !published.has(ws.uri('w/d.py')), 'files past the limit get no problems');
    // A file created past the limit is left out too.
    write(ws.path('w/e.py'), NAIVE);
    client.filesChanged([{ uri: ws.uri('w/e.py'), type: FileChangeType.Created }]);
    // Requests are answered in order: once this one is, the event has been handled.
    await client.hover(ws.uri('w/a.py'), { line: 0, character: 0 });
    const told = () => client.logs.filter((l) => l.includes('maxWorkspaceFiles'));
    assert.equal(told().length, 1, told().join('\n'));
  });

  test('scope openFiles: only open files get problems, and they still see the project', async () => {
    const ws = workspace({ w: { 'main.py': MAIN, 'manage.py': MANAGE, 'naive.py': NAIVE } });
    const client = await start(ws.folderUris, { settings: { scope: 'openFiles' } });
    await progressEnded(client, 'Flask Practices: indexing');
    const manage = ws.uri('w/manage.py');
    client.open(manage, MANAGE);
    await client.waitForDiagnostics(manage, hasCodes('FLK501'));
    client.close(manage);
    await client.waitForDiagnostics(manage, hasCodes());
    assert.deepEqual(
      client.publications.map((p) => p.params.uri).filter((uri) => uri !== manage),
      [],
      'no file that was never opened got problems',
    );
  });
});

describe('problems in files nobody opened (pull)', () => {
  test('workspace/diagnostic reports them with result ids; an unchanged file costs an `unchanged`; open files are pushed', async () => {
    const ws = workspace({ w: { 'main.py': MAIN, 'manage.py': MANAGE }, v: { 'app.py': NAIVE } });
    const client = await start(ws.folderUris, { pull: true });
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, { identifier: 'flask-practices-workspace', interFileDependencies: false, workspaceDiagnostics: true });
    const manage = ws.uri('w/manage.py');
    const state = new Map<string, { resultId: string; codes: string[] }>();
    const pullUntil = async (done: () => boolean) => {
      while (!done()) {
        const report = await client.pullWorkspace(new Map([...state].map(([uri, s]) => [uri, s.resultId])));
        for (const item of report.items) {
          const previous = state.get(item.uri);
          if (item.kind === 'full') state.set(item.uri, { resultId: item.resultId!, codes: codes(item.items) });
          else state.set(item.uri, { resultId: item.resultId, codes: previous!.codes });
        }
      }
    };
    const codesOf = (uri: string) => state.get(uri)?.codes.join(',');
    await pullUntil(() => codesOf(manage) === 'FLK501' && codesOf(ws.uri('v/app.py')) === 'FLK101,FLK501,FLK502' && codesOf(ws.uri('w/main.py')) === 'FLK101');
    assert.deepEqual(
      client.publications.filter((p) => p.params.diagnostics.length > 0),
      [],
      'nothing pushed for files that are not open',
    );

    // A pull while nothing changed waits; a change on disk answers it, the other files unchanged.
    const waiting = client.pullWorkspace(new Map([...state].map(([uri, s]) => [uri, s.resultId])));
    writeFileSync(ws.path('w/main.py'), 'app = 1\n');
    client.filesChanged([{ uri: ws.uri('w/main.py'), type: FileChangeType.Changed }]);
    const report = await waiting;
    const full = report.items.filter((i) => i.kind === 'full').map((i) => i.uri);
    assert.ok(full.includes(manage), 'manage.py is reported again');
    assert.ok(!full.includes(ws.uri('v/app.py')), 'the other folder is unchanged');
    const manageReport = report.items.find((i) => i.uri === manage);
    assert.ok(manageReport?.kind === 'full' && manageReport.items.length === 0, 'manage.py has no problem left');

    // Open: its problems are pushed, and its pulled report is empty; closed: pulled from disk again.
    const app = ws.uri('v/app.py');
    client.open(app, NAIVE);
    assert.deepEqual(codes((await client.waitForCurrent(app)).diagnostics), ['FLK101', 'FLK501', 'FLK502']);
    const whileOpen = await client.pullDocument(app);
    assert.equal(whileOpen.kind, 'full');
    assert.deepEqual(whileOpen.kind === 'full' ? whileOpen.items : undefined, []);
    client.close(app);
    await client.waitForDiagnostics(app, hasCodes());
    const closed = await client.pullDocument(app);
    assert.deepEqual(closed.kind === 'full' ? codes(closed.items) : undefined, ['FLK101', 'FLK501', 'FLK502']);
  });
});

describe('a fix that edits several files', () => {
  test('FLK201’s quick fix is one WorkspaceEdit: versioned edits of the module, another open module, a module on disk and a template', async () => {
    const caseDir = join(__dirname, 'projects', 'FLK201-route-on-app', 'templates-and-modules');
    const names = ['app.py', 'links.py', 'templates/index.html', 'tests/test_links.py'];
    const files = Object.fromEntries(names.map((name) => [name, readFileSync(join(caseDir, name), 'utf8')]));
    const ws = workspace({ w: files });
    const caps = withCapabilities({});
    caps.workspace = { ...caps.workspace, workspaceEdit: { documentChanges: true } };
    const client = await start(ws.folderUris, { capabilities: caps });
    await progressEnded(client, 'Flask Practices: checking');
    client.open(ws.uri('w/links.py'), files['links.py']!, 7);
    client.open(ws.uri('w/app.py'), files['app.py']!, 3);
    const published = await client.waitForDiagnostics(ws.uri('w/app.py'), (p) => p.diagnostics.some((d) => d.code === 'FLK201'));
    const diagnostic = published.diagnostics.find((d) => d.code === 'FLK201')!;
    const actions = (await client.codeActions(ws.uri('w/app.py'), diagnostic.range, { diagnostics: [diagnostic] })) ?? [];
    const fix = actions.find((a): a is CodeAction => 'title' in a && a.title.startsWith("Move this module's routes"));
    assert.ok(fix?.edit?.documentChanges, JSON.stringify(actions.map((a) => a.title)));
    // The scan read every module under the file limit: every reference is seen, so the fix is safe.
    assert.equal(fix.title, "Move this module's routes to a blueprint", 'offered as safe, without "(unsafe)"');
    const changes = fix.edit.documentChanges as TextDocumentEdit[];
    const byUri = new Map(changes.map((c) => [c.textDocument.uri, c]));
    assert.deepEqual([...byUri.keys()].sort(), names.map((name) => ws.uri(`w/${name}`)).sort());
    assert.equal(byUri.get(ws.uri('w/app.py'))!.textDocument.version, 3);
    assert.equal(byUri.get(ws.uri('w/links.py'))!.textDocument.version, 7);
    assert.equal(byUri.get(ws.uri('w/templates/index.html'))!.textDocument.version, null);
    const template = byUri.get(ws.uri('w/templates/index.html'))!.edits;
    assert.deepEqual(template.map((e) => [e.range.start.line, 'newText' in e ? e.newText : '']), [[0, 'app.about'], [1, 'app.index']]);
  });
});
