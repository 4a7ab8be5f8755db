/**
 * The language server on files other than Python (FLK505): a Dockerfile, a shell script and a
 * Compose file get diagnostics, hovers and quick fixes, `# noqa` goes where the file's syntax
 * allows it, and a Dockerfile's finding follows the module it runs when that module changes.
 * The BUILT bundle over stdio, as in lsp.test.ts; every wait is for an event.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Command, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { capabilities, hoverMarkdown, LspClient } from './support/lspClient';

const EXEC_FORM = ['# syntax=docker/dockerfile:1', 'FROM python:3.12-slim', 'ENV FLASK_APP=app:app', 'CMD ["flask", "run", "--host", "0.0.0.0"]', ''].join('\n');
const SHELL_FORM = ['FROM python:3.12-slim', 'CMD flask --app app:app run \\', '    --host 0.0.0.0', ''].join('\n');
const RUNS_DEV_SERVER = ['from flask import Flask', '', 'app = Flask(__name__)', '', 'if __name__ == "__main__":', '    app.run(host="0.0.0.0")', ''].join('\n');

let client: LspClient;
let dir: string;
before(async () => {
  client = await LspClient.start({ capabilities: capabilities() });
  dir = mkdtempSync(join(tmpdir(), 'flk-lsp-files-'));
});
after(async () => {
  await client?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** A new folder per test, so files and publications never mix. */
function folder(): string {
  const path = join(dir, String(++counter));
  mkdirSync(path);
  return path;
}

function isAction(item: Command | CodeAction): item is CodeAction {
  return typeof (item as Command).command !== 'string';
}

async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return ((await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic] })) ?? []).filter(isAction);
}

function applied(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'dockerfile', 0, text), edits);
}

async function resolvedEdits(uri: string, action: CodeAction): Promise<TextEdit[]> {
  const resolved = action.edit ? action : await client.resolve(action);
  const edits = resolved.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `${action.title} carries edits`);
  return edits;
}

describe('a Dockerfile', () => {
  test('gets the FLK505 diagnostic, a hover with the rule, and the unsafe gunicorn fix', async () => {
    const uri = pathToFileURL(join(folder(), 'Dockerfile')).href;
    client.open(uri, EXEC_FORM, 1, 'dockerfile');
    const published = await client.waitForCurrent(uri);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['FLK505']);
    const diagnostic = published.diagnostics[0]!;
    assert.equal(diagnostic.range.start.line, 3);
    assert.match(diagnostic.codeDescription?.href ?? '', /FLK505-production-server\.md$/);

    const hover = hoverMarkdown(await client.hover(uri, diagnostic.range.start));
    assert.match(hover, /FLK505/);
    assert.match(hover, /2 × CPU cores \+ 1/);

    const actions = await actionsFor(uri, diagnostic);
    const fix = actions.find((a) => a.title.startsWith('Serve with gunicorn'));
    assert.ok(fix, `a gunicorn fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.match(fix.title, /\(unsafe\)$/);
    assert.equal(fix.isPreferred, false);
    assert.equal(
      applied(EXEC_FORM, await resolvedEdits(uri, fix)).split('\n')[3],
      'CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:5000", "--workers", "4", "--threads", "2"]',
    );

    // The exec form is JSON: a trailing comment would make it a shell command, so only the file-level noqa is offered.
    assert.ok(!actions.some((a) => a.title === 'Disable FLK505 for this line'));
    const disableFile = actions.find((a) => a.title === 'Disable FLK505 for this file');
    assert.ok(disableFile);
    const silenced = applied(EXEC_FORM, await resolvedEdits(uri, disableFile));
    assert.equal(silenced.split('\n')[1], '# flask-practices: noqa: FLK505', 'below the parser directive, which must stay first');
    client.change(uri, [{ text: silenced }]);
    assert.deepEqual((await client.waitForCurrent(uri)).diagnostics, []);
  });

  test('a shell-form command continued over lines takes its noqa at its last line', async () => {
    const uri = pathToFileURL(join(folder(), 'Dockerfile')).href;
    client.open(uri, SHELL_FORM, 1, 'dockerfile');
    const diagnostic = (await client.waitForCurrent(uri)).diagnostics[0]!;
    assert.equal(diagnostic.range.start.line, 1);
    const disable = (await actionsFor(uri, diagnostic)).find((a) => a.title === 'Disable FLK505 for this line');
    assert.ok(disable, 'disable for this line is offered');
    const silenced = applied(SHELL_FORM, await resolvedEdits(uri, disable));
    assert.equal(silenced.split('\n')[2], '    --host 0.0.0.0  # noqa: FLK505');
    client.change(uri, [{ text: silenced }]);
    assert.deepEqual((await client.waitForCurrent(uri)).diagnostics, []);
  });

  test('`python app.py` is flagged while app.py starts the development server, read from disk or from the editor', async () => {
    const project = folder();
    writeFileSync(join(project, 'app.py'), RUNS_DEV_SERVER);
    const dockerfile = pathToFileURL(join(project, 'Dockerfile')).href;
    client.open(dockerfile, 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n', 1, 'dockerfile');
    const published = await client.waitForCurrent(dockerfile);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['FLK505']);
    assert.match(String(published.diagnostics[0]!.message), /app\.py/);

    // The module open in the editor, edited so it no longer calls app.run(): the Dockerfile's finding goes.
    const module = pathToFileURL(join(project, 'app.py')).href;
    client.open(module, RUNS_DEV_SERVER);
    client.change(module, [{ text: 'from flask import Flask\n\napp = Flask(__name__)\n' }]);
    await client.waitForDiagnostics(dockerfile, (p) => p.diagnostics.length === 0);
  });
});

describe('a fix that is not offered', () => {
  test('the hover says why', async () => {
    const uri = pathToFileURL(join(folder(), 'Dockerfile')).href;
    client.open(uri, 'FROM python:3.12-slim\nCMD flask run --host 0.0.0.0\n', 1, 'dockerfile');
    const diagnostic = (await client.waitForCurrent(uri)).diagnostics[0]!;
    // Whether the fix is offered is decided when quick fixes are asked for; the hover then says why not.
    assert.ok(!(await actionsFor(uri, diagnostic)).some((a) => a.title.startsWith('Serve with gunicorn')));
    const hover = hoverMarkdown(await client.hover(uri, diagnostic.range.start));
    assert.match(hover, /Quick fix:\*\* not offered here: the app is not named here/);
  });
});

describe('other files', () => {
  test('a shell script and a Compose file are checked, and a dev service is not', async () => {
    const project = folder();
    const script = pathToFileURL(join(project, 'entrypoint.sh')).href;
    client.open(script, '#!/bin/sh\nexport FLASK_APP=app:app\nexec flask run --host 0.0.0.0\n', 1, 'shellscript');
    const scriptDiagnostics = (await client.waitForCurrent(script)).diagnostics;
    assert.deepEqual(scriptDiagnostics.map((d) => [d.code, d.range.start.line]), [['FLK505', 2]]);
    const disable = (await actionsFor(script, scriptDiagnostics[0]!)).find((a) => a.title === 'Disable FLK505 for this line');
    assert.ok(disable);

    const compose = pathToFileURL(join(project, 'compose.yaml')).href;
    client.open(compose, 'services:\n  web:\n    command: flask --app app:app run\n  dev:\n    command: flask run\n', 1, 'dockercompose');
    assert.deepEqual((await client.waitForCurrent(compose)).diagnostics.map((d) => [d.code, d.range.start.line]), [['FLK505', 2]]);
  });
});
