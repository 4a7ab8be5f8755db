/**
 * The extension in the browser extension host (@vscode/test-web, and code-server with
 * `remote.extensionKind` set to `web`): its `browser` entry, the server in a Web Worker. Only the
 * editor's API is at hand here (no Node), so fixes are checked against the text they must give.
 */
import type { SuiteFunction, TestFunction } from 'mocha';
import * as vscode from 'vscode';
import {
  codeOf,
  codesOf,
  EXTENSION_ID,
  FIX_ALL_TITLE,
  hoverText,
  openEditor,
  quickFixesFor,
  quickFixesUntil,
  revertAndClose,
  ruleFixes,
  waitForCodes,
  waitForDiagnostics,
  workspaceUri,
} from '../suite/editor';
import { SCREENSHOT_MARKER, TIMING_MARKER } from './markers';

// Set by the runner's mocha.setup (mocha's browser build).
declare const suite: SuiteFunction;
declare const test: TestFunction;

/** naive_app.py's findings: every rule of the first round, and FLK201 for its route on the app. */
const ALL_CODES = ['FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK502', 'FLK503'];
const LARGE_FILE_LINES = 5000;

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function assertEqual<T>(actual: T, expected: T, message: string): void {
  assert(actual === expected, `${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** A Flask module of about `lines` lines: one module-level app (FLK101), then routes on it (FLK201 each, FLK202 for their number). */
function largeModule(lines: number): string {
  const out = ['from flask import Flask, jsonify', '', 'app = Flask(__name__)', ''];
  for (let i = 0; out.length < lines - 5; i++) {
    out.push('', `@app.route("/items/${i}")`, `def item_${i}():`, `    values = [n * ${i} for n in range(10)]`, '    return jsonify(values=values)');
  }
  return `${out.join('\n')}\n`;
}

suite('Flask Practices in the browser extension host', () => {
  test('runs its browser entry in a Web Worker host, and reports every rule with its code, line and link', async () => {
    assert(globalThis.process?.versions?.node === undefined, 'this extension host is not Node');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert(extension, `${EXTENSION_ID} is not loaded`);
    const editor = await openEditor('naive_app.py');
    const uri = editor.document.uri;
    const diagnostics = await waitForCodes(uri, ALL_CODES);
    assert(extension.isActive, 'the extension is active');
    const where = diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`).join(' ');
    assertEqual(where, 'FLK101@5 FLK503@7 FLK502@8 FLK102@10 FLK201@13 FLK501@18 FLK502@18', 'findings');
    assertEqual(editor.document.getText(diagnostics[0]!.range), 'app = Flask(__name__)', "FLK101's range");
    const link = typeof diagnostics[0]!.code === 'object' ? diagnostics[0]!.code.target : undefined;
    assert(link && link.path.endsWith('/docs/rules/FLK101-module-level-app.md'), `FLK101 links to its page: ${link?.toString()}`);
    // test-web serves the extension over http, which `workspace.fs` does not read.
    const shipped = link.scheme.startsWith('http') ? (await fetch(link.toString(true))).ok : (await vscode.workspace.fs.stat(link)).size > 0;
    assert(shipped, `${link.toString()} is shipped`);
    await revertAndClose(editor);
  });

  test('hover on a finding explains the rule and its fix', async () => {
    const editor = await openEditor('naive_app.py');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(uri, 'FLK501', (d) => codesOf(d).includes('FLK501'));
    const run = diagnostics.find((d) => codeOf(d) === 'FLK501')!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, run.range.start.translate(0, 2));
    const text = hoverText(hovers ?? []);
    assert(/### FLK501 /.test(text), `hover: ${text.slice(0, 300)}`);
    assert(/\*\*Quick fix:\*\* .+ \(safe\)/.test(text), `the hover names the fix: ${text.slice(0, 300)}`);
    await revertAndClose(editor);
  });

  test('the quick fix for FLK501 guards the call', async () => {
    const editor = await openEditor('run_unguarded.py');
    const { document } = editor;
    const before = await waitForCodes(document.uri, ['FLK101', 'FLK201', 'FLK501']);
    const target = before.find((d) => codeOf(d) === 'FLK501')!;
    const fixes = ruleFixes(await quickFixesFor(document.uri, target));
    assertEqual(fixes.length, 1, 'one fix');
    assert(fixes[0]!.edit, 'the fix carries its edit once resolved');
    const original = document.getText();
    await waitForCodes(document.uri, ['FLK101', 'FLK201'], () => vscode.workspace.applyEdit(fixes[0]!.edit!));
    assertEqual(document.getText(), original.replace('\napp.run(port=8000)\n', '\nif __name__ == "__main__":\n    app.run(port=8000)\n'), 'the fixed text');
    await revertAndClose(editor);
  });

  test('"Fix all safe problems" applies only the safe fixes', async () => {
    const editor = await openEditor('naive_app.py');
    const { document } = editor;
    const before = await waitForCodes(document.uri, ALL_CODES);
    const actions = await quickFixesUntil(document.uri, before.find((d) => codeOf(d) === 'FLK501')!, (found) => found.some((a) => a.title === FIX_ALL_TITLE && a.edit));
    const fixAll = actions.find((a) => a.title === FIX_ALL_TITLE);
    assert(fixAll?.edit, `"${FIX_ALL_TITLE}" with its edits among: ${actions.map((a) => a.title).join(' | ')}`);
    await waitForCodes(document.uri, ['FLK101', 'FLK201', 'FLK502', 'FLK503'], () => vscode.workspace.applyEdit(fixAll.edit!));
    const text = document.getText();
    assert(/^db = SQLAlchemy\(\)$/m.test(text) && /^\s*db\.init_app\(app\)$/m.test(text), 'FLK102 (safe) fixed');
    assert(/^if __name__ == "__main__":\n {4}app\.run\(debug=True\)$/m.test(text), 'FLK501 (safe) fixed, FLK502 (unsafe) not');
    assert(/^app = Flask\(__name__\)$/m.test(text), 'FLK101 (unsafe) not fixed');
    await revertAndClose(editor);
  });

  test('FLK505 on a Dockerfile reads serve.py through the client: the app and its address come from there', async () => {
    const editor = await openEditor('Dockerfile');
    const { document } = editor;
    assert(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith('/serve.py')), 'serve.py is not open: only the file system has it');
    // `python serve.py` is the development server only because serve.py calls app.run().
    const [finding] = await waitForCodes(document.uri, ['FLK505']);
    assertEqual(document.getText(finding!.range), '["python", "serve.py"]', "FLK505's range");
    const fixes = ruleFixes(await quickFixesFor(document.uri, finding!));
    assertEqual(fixes.length, 1, 'one fix');
    await waitForCodes(document.uri, [], () => vscode.workspace.applyEdit(fixes[0]!.edit!));
    const command = document.lineAt(finding!.range.start.line).text;
    assert(command.includes('"gunicorn", "serve:app"') && command.includes('"0.0.0.0:8000"'), `gunicorn serves serve.py's app on its address: ${command}`);
    await revertAndClose(editor);
  });

  // The project index in the browser: the worker listed the folder and read its files through the client.
  test('FLK105 in an open module names the app of a module only the project index read', async () => {
    const isOpen = (name: string) => vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith(`/${name}`));
    assert(!isOpen('shop/__init__.py'), 'shop/__init__.py is not open: only the file system has it');
    const editor = await openEditor('shop/routes.py');
    const diagnostics = await waitForCodes(editor.document.uri, ['FLK105', 'FLK201']);
    const circular = diagnostics.find((d) => codeOf(d) === 'FLK105')!;
    assertEqual(circular.range.start.line, 0, "FLK105's line");
    assert(/`shop`/.test(circular.message), `the message names shop/__init__.py's module: ${circular.message}`);
    await revertAndClose(editor);
    assert(!isOpen('shop/__init__.py'), 'shop/__init__.py was never opened');
  });

  // The workspace's settings say "openFiles" (as in the desktop suite): here a file nobody opened gets its problems.
  test('with scope "workspace", a file nobody opened shows its problems, seen through the project index', async () => {
    const uri = workspaceUri('workspace_manage.py');
    const config = vscode.workspace.getConfiguration('flaskPractices');
    try {
      // `app.run()` of an app that workspace_main.py makes: FLK501, known only through the project index.
      const diagnostics = await waitForCodes(uri, ['FLK501'], () => config.update('scope', 'workspace', vscode.ConfigurationTarget.Workspace));
      assertEqual(diagnostics[0]!.range.start.line, 2, "FLK501's line");
    } finally {
      await waitForCodes(uri, [], () => config.update('scope', 'openFiles', vscode.ConfigurationTarget.Workspace));
    }
    assert(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'workspace_manage.py was never opened');
  });

  test(`a ${LARGE_FILE_LINES}-line file gets its diagnostics`, async () => {
    const uri = workspaceUri('large_module.py');
    const text = largeModule(LARGE_FILE_LINES);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const started = performance.now();
    const editor = await openEditor('large_module.py');
    await waitForCodes(uri, ['FLK101', 'FLK201', 'FLK202']);
    const ms = performance.now() - started;
    console.log(`${TIMING_MARKER} ${JSON.stringify({ lines: editor.document.lineCount, bytes: text.length, ms: Math.round(ms) })}`);
    await revertAndClose(editor);
    await vscode.workspace.fs.delete(uri);
  });

  // The host stops when the suite ends, and its squiggles go: the runner's screenshot is taken
  // here. It closes the editors when it has it (Ctrl+K Ctrl+W); mocha's timeout bounds the wait.
  test('shows naive_app.py with its squiggles until the runner has its screenshot', async () => {
    const editor = await openEditor('naive_app.py');
    const uri = editor.document.uri.toString();
    await waitForCodes(editor.document.uri, ALL_CODES);
    await new Promise<void>((resolve) => {
      const subscription = vscode.window.onDidChangeVisibleTextEditors((editors) => {
        if (editors.some((e) => e.document.uri.toString() === uri)) return;
        subscription.dispose();
        resolve();
      });
      console.log(SCREENSHOT_MARKER);
    });
  });
});
