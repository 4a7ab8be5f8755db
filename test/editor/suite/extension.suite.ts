/**
 * The extension, as packaged in the VSIX, inside a real VS Code (desktop through
 * @vscode/test-electron, or code-server here). Opens the fixtures in test/editor/workspace
 * (a temp copy with `flaskPractices.debounceMs: 0`, plus the rule fixtures test/editor/paths.ts
 * names) and drives the editor through its API.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import {
  codeOf,
  codesOf,
  engineFixed,
  EXTENSION_ID,
  FIX_ALL_TITLE,
  hoverText,
  openEditor,
  ourDiagnostics,
  quickFixesFor,
  revertAndClose,
  ruleFixes,
  waitForCodes,
  waitForDiagnostics,
  workspaceUri,
} from './helpers';

/** naive_app.py's findings: every rule of the first round, and FLK201 for its route on the app. */
const ALL_CODES = ['FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK502', 'FLK503'];
/** fix_on_save.py has no route: the first round's rules only. */
const FIRST_RULES = ['FLK101', 'FLK102', 'FLK501', 'FLK502', 'FLK503'];
/** The server's test-only commands (the runners set FLASK_PRACTICES_TEST_COMMANDS=1). */
const CRASH_COMMAND = 'flaskPractices.debug.crashServer';
const SERVER_PID_COMMAND = 'flaskPractices.debug.serverPid';
const SLUGS: Record<string, string> = {
  FLK101: 'module-level-app',
  FLK102: 'extension-bound-to-app',
  FLK201: 'route-on-app',
  FLK501: 'app-run-unguarded',
  FLK502: 'debug-enabled',
  FLK503: 'hardcoded-secret-key',
};

/** naive_app.py: where each finding starts (1-based line) and the text its range may cover. */
const NAIVE_APP_FINDINGS: { code: string; line: number; text: string[] }[] = [
  { code: 'FLK101', line: 5, text: ['app = Flask(__name__)', 'Flask(__name__)', 'app'] },
  { code: 'FLK503', line: 7, text: ['"dev-secret-123"'] },
  { code: 'FLK502', line: 8, text: ['app.config["DEBUG"] = True', 'app.config["DEBUG"]', 'True'] },
  { code: 'FLK102', line: 10, text: ['db = SQLAlchemy(app)', 'SQLAlchemy(app)'] },
  { code: 'FLK201', line: 13, text: ['@app.route("/")'] },
  { code: 'FLK501', line: 18, text: ['app.run(debug=True)'] },
  { code: 'FLK502', line: 18, text: ['debug=True'] },
];

/** The language server's process id, from its test-only command. */
async function serverPid(): Promise<number> {
  const pid = await vscode.commands.executeCommand<unknown>(SERVER_PID_COMMAND);
  assert.equal(typeof pid, 'number', `${SERVER_PID_COMMAND} answered ${String(pid)}`);
  return pid as number;
}

/** Opens `file`, waits for exactly `codes`, and returns the quick-fix menu (resolved) on its first `code` finding. */
async function menuOn(file: string, codes: readonly string[], code: string) {
  const editor = await openEditor(file);
  const before = await waitForCodes(editor.document.uri, codes);
  const target = before.find((d) => codeOf(d) === code)!;
  const actions = await quickFixesFor(editor.document.uri, target);
  return { editor, document: editor.document, before, target, actions, titles: actions.map((a) => a.title) };
}

/** One fixture per rule, each with one finding of that rule; `check` says what a reader expects to see. */
const FIX_CASES: { code: string; file: string; safety: 'safe' | 'unsafe'; check(fixed: string, original: string): void }[] = [
  {
    code: 'FLK101',
    file: 'module_level_app.py',
    safety: 'unsafe',
    check(fixed) {
      assert.match(fixed, /^def create_app\(/m, 'the module now has a create_app factory');
      assert.doesNotMatch(fixed, /^app = Flask\(/m, 'no module-level app is left');
      assert.match(fixed, /\bjsonify\(status="ok"\)/, 'the route body survives');
    },
  },
  {
    code: 'FLK102',
    file: 'extension_bound.py',
    safety: 'safe',
    check(fixed) {
      assert.match(fixed, /^db = SQLAlchemy\(\)$/m, 'the extension is created without the app');
      assert.match(fixed, /^\s*db\.init_app\(app\)$/m, 'and bound with init_app');
    },
  },
  {
    code: 'FLK501',
    file: 'run_unguarded.py',
    safety: 'safe',
    check(fixed, original) {
      assert.equal(fixed, original.replace('\napp.run(port=8000)\n', '\nif __name__ == "__main__":\n    app.run(port=8000)\n'));
    },
  },
  {
    code: 'FLK502',
    file: 'debug_enabled.py',
    safety: 'unsafe',
    check(fixed) {
      // `debug=True` goes: `app.run()` then reads FLASK_DEBUG itself, as Flask defines it.
      assert.match(fixed, /^ {4}app\.run\(\)$/m);
      assert.doesNotMatch(fixed, /debug=True/);
    },
  },
  {
    code: 'FLK503',
    file: 'secret_key.py',
    safety: 'unsafe',
    check(fixed, original) {
      assert.equal(fixed, original.replace('"dev-secret-123"', 'os.environ["SECRET_KEY"]'));
    },
  },
];

suite('Flask Practices in VS Code (the packaged VSIX)', () => {
  suiteSetup(() => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    // The runner points VS Code at the unpacked VSIX; make sure that is what is loaded.
    const expected = process.env.FLASK_PRACTICES_EXPECTED_EXTENSION_PATH;
    if (expected) assert.equal(extension.extensionPath, expected);
    assert.ok(existsSync(join(extension.extensionPath, 'dist', 'server.js')), 'dist/server.js is in the package');
    assert.ok(!existsSync(join(extension.extensionPath, 'client', 'src')), 'sources are not: this is the packaged layout');
  });

  test('activates on a Python file and reports every rule with its code, range and severity', async () => {
    const editor = await openEditor('naive_app.py');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(uri, `codes ${ALL_CODES.join(', ')}`, (d) => codesOf(d).join() === ALL_CODES.join());
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, 'the extension is active');

    const actual = diagnostics.map((d) => ({ code: codeOf(d), line: d.range.start.line + 1, text: editor.document.getText(d.range) }));
    assert.equal(actual.length, NAIVE_APP_FINDINGS.length, `findings: ${JSON.stringify(actual)}`);
    NAIVE_APP_FINDINGS.forEach((want, i) => {
      const got = actual[i]!;
      assert.equal(got.code, want.code, `finding ${i + 1}: ${JSON.stringify(actual)}`);
      assert.equal(got.line, want.line, `${want.code} starts on line ${want.line}`);
      assert.ok(want.text.includes(got.text), `${want.code}'s range covers ${JSON.stringify(got.text)}, expected one of ${JSON.stringify(want.text)}`);
    });
    for (const d of diagnostics) {
      const code = codeOf(d);
      const severity = code === 'FLK503' ? vscode.DiagnosticSeverity.Error : code === 'FLK201' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning;
      assert.equal(d.severity, severity, `${code}'s default severity`);
      // The code links to the rule's page, shipped inside the VSIX so it works offline.
      const target = typeof d.code === 'object' ? d.code.target : undefined;
      assert.ok(target, `${code} links to its documentation`);
      assert.ok(target.fsPath.endsWith(join('docs', 'rules', `${code}-${SLUGS[code]}.md`)), `${code} links to ${target.toString()}`);
      assert.ok(existsSync(target.fsPath), `${target.fsPath} exists`);
    }

    const commands = await vscode.commands.getCommands(true);
    for (const command of ['flaskPractices.restartServer', 'flaskPractices.showOutput', 'flaskPractices.fixAll']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
    await vscode.commands.executeCommand('flaskPractices.showOutput');
    await revertAndClose(editor);
  });

  test('hover on a finding explains the rule and its fix', async () => {
    const editor = await openEditor('naive_app.py');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(uri, 'FLK501', (d) => codesOf(d).includes('FLK501'));
    const run = diagnostics.find((d) => codeOf(d) === 'FLK501')!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, run.range.start.translate(0, 2));
    const text = hoverText(hovers ?? []);
    assert.match(text, /### FLK501 /, `hover: ${text.slice(0, 300)}`);
    assert.match(text, /Why it matters/);
    assert.match(text, /\*\*Quick fix:\*\* .+ \(safe\)/);
    assert.match(text, /if __name__ == "__main__":/);
    assert.ok(!text.includes(run.message), 'the message is not repeated: the editor shows it above the hover');
    await revertAndClose(editor);
  });

  for (const fixCase of FIX_CASES) {
    test(`quick fix for ${fixCase.code} (${fixCase.safety}) rewrites the code as the engine does`, async () => {
      const editor = await openEditor(fixCase.file);
      const { document } = editor;
      const before = await waitForDiagnostics(document.uri, fixCase.code, (d) => codesOf(d).includes(fixCase.code));
      const target = before.find((d) => codeOf(d) === fixCase.code)!;
      const actions = await quickFixesFor(document.uri, target);
      const fixes = ruleFixes(actions);
      assert.equal(fixes.length, 1, `one fix among: ${actions.map((a) => a.title).join(' | ')}`);
      const fix = fixes[0]!;
      assert.ok(actions.some((a) => a.title === `Show documentation for ${fixCase.code}`), 'with "Show documentation"');
      assert.equal(fix.title.endsWith(' (unsafe)'), fixCase.safety === 'unsafe', `title "${fix.title}"`);
      assert.equal(fix.isPreferred ?? false, fixCase.safety === 'safe', 'only safe fixes are preferred');
      assert.ok(fix.edit, 'the action carries its edit once resolved');
      assert.ok(actions.some((a) => a.title === `Disable ${fixCase.code} for this line`), 'with "Disable for this line"');

      const original = document.getText();
      const expected = await engineFixed(original, { select: fixCase.code, unsafe: true });
      await waitForDiagnostics(document.uri, `${fixCase.code} to go`, (d) => !codesOf(d).includes(fixCase.code), async () => {
        assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'applyEdit succeeded');
      });
      const fixed = document.getText();
      assert.equal(fixed, expected, 'the editor holds what the engine makes of the same fix');
      fixCase.check(fixed, original);
      await revertAndClose(editor);
    });
  }

  test('on the most common naive app, the FLK101 menu offers the factory rewrite, and it applies as the engine does', async () => {
    // Module-level app, config, an extension, two routes and an unguarded `app.run(debug=True)`.
    const { editor, document, target, actions, titles } = await menuOn('naive_unguarded_run.py', ['FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK502'], 'FLK101');
    assert.equal(document.getText(target.range), 'app = Flask(__name__)');
    const factory = actions.find((a) => a.title === 'Move `app` into a `create_app()` factory (unsafe)');
    assert.ok(factory, `the factory rewrite among: ${titles.join(' | ')}`);
    assert.ok(factory.edit, 'the action carries its edit once resolved');

    const original = document.getText();
    const expected = await engineFixed(original, { select: 'FLK101', unsafe: true });
    const after = await waitForDiagnostics(document.uri, 'FLK101 to go', (d) => !codesOf(d).includes('FLK101'), async () => {
      assert.ok(await vscode.workspace.applyEdit(factory.edit!), 'applyEdit succeeded');
    });
    const fixed = document.getText();
    assert.equal(fixed, expected, 'the editor holds what the engine makes of the same fix');
    assert.match(fixed, /^def create_app\(/m);
    assert.match(fixed, /^ {4}create_app\(\)\.run\(debug=True\)$/m, 'the run call is guarded and builds its app');
    // The routes now sit on the factory's app: FLK201 stays, with no fix there.
    assert.deepEqual(codesOf(after), ['FLK201', 'FLK502'], `only debug=True and the routes on the app are left: ${after.map(codeOf).join(', ')}`);
    await revertAndClose(editor);
  });

  test('every finding\'s menu offers "Disable for this file" and "Fix all safe problems", which applies only the safe fixes', async () => {
    const { editor, document, actions, titles } = await menuOn('naive_app.py', ALL_CODES, 'FLK501');
    assert.ok(titles.includes('Disable FLK501 for this file'), `among: ${titles.join(' | ')}`);
    const fixAll = actions.filter((a) => a.title === FIX_ALL_TITLE);
    assert.equal(fixAll.length, 1, `one "${FIX_ALL_TITLE}" among: ${titles.join(' | ')}`);
    assert.ok(fixAll[0]!.edit, 'the action carries its edits once resolved');

    const original = document.getText();
    const expected = await engineFixed(original, { unsafe: false });
    await waitForCodes(document.uri, ['FLK101', 'FLK201', 'FLK502', 'FLK503'], async () => {
      assert.ok(await vscode.workspace.applyEdit(fixAll[0]!.edit!), 'applyEdit succeeded');
    });
    const fixed = document.getText();
    assert.equal(fixed, expected, 'the editor holds what `check --fix` makes of the file');
    assert.match(fixed, /^db = SQLAlchemy\(\)$/m, 'FLK102 (safe) fixed');
    assert.match(fixed, /^if __name__ == "__main__":\n {4}app\.run\(debug=True\)$/m, 'FLK501 (safe) fixed, FLK502 (unsafe) not');
    assert.match(fixed, /^app\.config\["SECRET_KEY"\] = "dev-secret-123"$/m, 'FLK503 (unsafe) not fixed');
    assert.match(fixed, /^app = Flask\(__name__\)$/m, 'FLK101 (unsafe) not fixed');
    await revertAndClose(editor);
  });

  test('"Disable FLK501 for this file" adds a file-level noqa comment and hides only FLK501', async () => {
    const { editor, document, before, actions } = await menuOn('naive_app.py', ALL_CODES, 'FLK501');
    const disable = actions.find((a) => a.title === 'Disable FLK501 for this file');
    assert.ok(disable?.edit);
    const after = await waitForCodes(document.uri, ['FLK101', 'FLK102', 'FLK201', 'FLK502', 'FLK503'], () => vscode.workspace.applyEdit(disable.edit!));
    assert.match(document.getText(), /^# flask-practices: noqa: FLK501$/m);
    assert.equal(after.length, before.length - 1, 'the other findings stay');
    await revertAndClose(editor);
  });

  test('"Disable FLK503 for this line" adds a noqa comment and hides only that finding', async () => {
    const { editor, before, target: secret, actions } = await menuOn('naive_app.py', ALL_CODES, 'FLK503');
    const uri = editor.document.uri;
    const disable = actions.find((a) => a.title === 'Disable FLK503 for this line');
    assert.ok(disable?.edit);
    const after = await waitForDiagnostics(uri, 'FLK503 to go', (d) => !codesOf(d).includes('FLK503'), () => vscode.workspace.applyEdit(disable.edit!));
    assert.equal(editor.document.lineAt(secret.range.start.line).text, 'app.config["SECRET_KEY"] = "dev-secret-123"  # noqa: FLK503');
    assert.equal(after.length, before.length - 1, 'the other findings stay');
    await revertAndClose(editor);
  });

  test('fix all on save (source.fixAll.flaskPractices) applies only the safe fixes', async () => {
    const editorConfig = vscode.workspace.getConfiguration('editor');
    await editorConfig.update('codeActionsOnSave', { 'source.fixAll.flaskPractices': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    const editor = await openEditor('fix_on_save.py');
    const { document } = editor;
    try {
      await waitForCodes(document.uri, FIRST_RULES);
      // What Ctrl+S does: the save participant runs the code actions, then the file is written.
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitForCodes(document.uri, ['FLK101', 'FLK502', 'FLK503']);
      assert.equal(document.isDirty, false, 'saved');
      const text = document.getText();
      assert.equal(readFileSync(document.uri.fsPath, 'utf8'), text, 'the fixed text is on disk');
      assert.match(text, /^db = SQLAlchemy\(\)$/m, 'FLK102 (safe) fixed');
      assert.match(text, /^\s*db\.init_app\(app\)$/m, 'FLK102 (safe) fixed');
      assert.match(text, /^if __name__ == "__main__":\n {4}app\.run\(debug=True\)$/m, 'FLK501 (safe) fixed, FLK502 (unsafe) not');
      assert.match(text, /^app\.config\["SECRET_KEY"\] = "dev-secret-123"$/m, 'FLK503 (unsafe) not fixed');
      assert.match(text, /^app = Flask\(__name__\)$/m, 'FLK101 (unsafe) not fixed');
    } finally {
      await editorConfig.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
      await revertAndClose(editor);
    }
  });

  test('the "Fix All Safe Problems" command applies only the safe fixes', async () => {
    const editor = await openEditor('naive_app.py');
    const uri = editor.document.uri;
    await waitForCodes(uri, ALL_CODES);
    await waitForCodes(uri, ['FLK101', 'FLK201', 'FLK502', 'FLK503'], () => vscode.commands.executeCommand('flaskPractices.fixAll'));
    assert.match(editor.document.getText(), /^if __name__ == "__main__":\n {4}app\.run\(debug=True\)$/m);
    await revertAndClose(editor);
  });

  test('the flask-factory snippet completes to a factory with no findings', async () => {
    const editor = await openEditor('snippet.py');
    const { document } = editor;
    await waitForCodes(document.uri, ['FLK101']);
    // The person clears the file and types the prefix.
    await waitForCodes(document.uri, [], () =>
      editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), 'flask-fac')),
    );
    const typed = new vscode.Range(0, 0, 0, 'flask-fac'.length);
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, typed.end);
    const item = completions?.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'flask-factory');
    assert.ok(item, `flask-factory among ${completions?.items.length ?? 0} completions`);
    assert.equal(item.kind, vscode.CompletionItemKind.Snippet);
    const body = item.insertText instanceof vscode.SnippetString ? item.insertText : new vscode.SnippetString(String(item.insertText));
    assert.ok(await editor.insertSnippet(body, typed), 'snippet inserted');
    const text = document.getText();
    assert.match(text, /^def create_app\(test_config=None\):$/m);
    assert.match(text, /^ {4}db\.init_app\(app\)$/m);
    // A module-level app added below proves the server has read the whole new text:
    // exactly that one finding, none from the snippet.
    const diagnostics = await waitForCodes(document.uri, ['FLK101'], () =>
      editor.edit((e) => e.insert(document.lineAt(document.lineCount - 1).range.end, '\nother = Flask(__name__)\n')),
    );
    assert.equal(diagnostics.length, 1);
    assert.equal(document.lineAt(diagnostics[0]!.range.start.line).text, 'other = Flask(__name__)');
    await revertAndClose(editor);
  });

  test('settings changes turn a rule off, change a severity, and back', async () => {
    const editor = await openEditor('settings_change.py');
    const uri = editor.document.uri;
    const config = () => vscode.workspace.getConfiguration('flaskPractices', uri);
    try {
      await waitForCodes(uri, ['FLK101', 'FLK501', 'FLK503']);
      await waitForCodes(uri, ['FLK101', 'FLK501'], () => config().update('ignore', ['FLK503'], vscode.ConfigurationTarget.Workspace));
      await waitForDiagnostics(
        uri,
        'FLK501 as an error',
        (d) => d.some((x) => codeOf(x) === 'FLK501' && x.severity === vscode.DiagnosticSeverity.Error),
        () => config().update('severity', { FLK501: 'error' }, vscode.ConfigurationTarget.Workspace),
      );
      await waitForCodes(uri, ['FLK101', 'FLK501', 'FLK503'], async () => {
        await config().update('ignore', undefined, vscode.ConfigurationTarget.Workspace);
        await config().update('severity', undefined, vscode.ConfigurationTarget.Workspace);
      });
    } finally {
      await config().update('ignore', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('severity', undefined, vscode.ConfigurationTarget.Workspace);
      await revertAndClose(editor);
    }
  });

  // The workspace's settings say "openFiles": the other tests take an open file's diagnostics as the sign that
  // its analysis is done, and with "workspace" a file's problems from disk are there before it opens.
  test('with scope "workspace", a file nobody opened shows its problems, seen through the project index', async () => {
    const uri = workspaceUri('workspace_manage.py');
    const opened = () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    assert.ok(!opened(), 'workspace_manage.py is not open');
    const config = vscode.workspace.getConfiguration('flaskPractices');
    try {
      // `app.run()` of an app that workspace_main.py makes: FLK501, known only through the project index.
      const diagnostics = await waitForCodes(uri, ['FLK501'], () => config.update('scope', 'workspace', vscode.ConfigurationTarget.Workspace));
      assert.equal(diagnostics[0]!.range.start.line, 2);
    } finally {
      await waitForCodes(uri, [], () => config.update('scope', 'openFiles', vscode.ConfigurationTarget.Workspace));
    }
    assert.ok(!opened(), 'workspace_manage.py was never opened');
  });

  test('FLK204 (turned on) creates health.py and registers it, in one workspace edit', async () => {
    const config = vscode.workspace.getConfiguration('flaskPractices');
    const health = workspaceUri('health.py');
    assert.equal(await exists(health), false, 'no health.py yet');
    const editor = await openEditor('service.py');
    const { document } = editor;
    try {
      await config.update('severity', { FLK204: 'info' }, vscode.ConfigurationTarget.Workspace);
      const before = await waitForDiagnostics(document.uri, 'FLK204', (d) => codesOf(d).includes('FLK204'));
      const finding = before.find((d) => codeOf(d) === 'FLK204')!;
      assert.equal(document.getText(finding.range), 'Flask(__name__)');
      const fix = ruleFixes(await quickFixesFor(document.uri, finding)).find((a) => a.title.startsWith('Create health.py'));
      assert.ok(fix?.edit, 'the fix carries its workspace edit once resolved');
      await waitForDiagnostics(document.uri, 'FLK204 to go', (d) => !codesOf(d).includes('FLK204'), async () => {
        assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'applyEdit succeeded');
      });
      assert.equal(await exists(health), true, 'health.py was created');
      const created = vscode.workspace.textDocuments.find((d) => d.uri.toString() === health.toString());
      assert.match(created?.getText() ?? '', /\/healthz[\s\S]*\/readyz/, 'health.py serves /healthz and /readyz');
      assert.match(document.getText(), /register_blueprint\(health\)/, 'the factory registers it');
    } finally {
      await config.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
      await revertAndClose(editor);
      const created = vscode.workspace.textDocuments.find((d) => d.uri.toString() === health.toString());
      if (created) await revertAndClose(await vscode.window.showTextDocument(created));
      if (await exists(health)) await vscode.workspace.fs.delete(health);
    }
  });

  test('"Restart Server" clears the diagnostics and the new server reports them again', async () => {
    const editor = await openEditor('restart.py');
    const uri = editor.document.uri;
    await waitForCodes(uri, ['FLK101', 'FLK501']);
    let cleared = false;
    await waitForDiagnostics(
      uri,
      'the diagnostics to clear and come back',
      (d) => {
        if (d.length === 0) cleared = true;
        return cleared && codesOf(d).join() === 'FLK101,FLK501';
      },
      () => vscode.commands.executeCommand('flaskPractices.restartServer'),
    );
    assert.deepEqual(ourDiagnostics(workspaceUri('restart.py')).map(codeOf), ['FLK101', 'FLK501']);
    await revertAndClose(editor);
  });

  // Last, so no other test runs against a server that has just been replaced.
  test('a crashed server is restarted by the client and the diagnostics come back', async () => {
    const editor = await openEditor('naive_app.py');
    const uri = editor.document.uri;
    const before = await waitForCodes(uri, ALL_CODES);
    const crashedPid = await serverPid();
    let cleared = false;
    const after = await waitForDiagnostics(
      uri,
      'the diagnostics to clear and come back',
      (d) => {
        // The client drops a dead server's diagnostics, then the new server publishes again.
        if (d.length === 0) cleared = true;
        return cleared && codesOf(d).join() === ALL_CODES.join();
      },
      // The server dies while it handles this request: the client answers it with undefined.
      // It rejects ("command not found") if the server did not advertise its test-only commands.
      () => vscode.commands.executeCommand(CRASH_COMMAND),
    );
    const newPid = await serverPid();
    assert.notEqual(newPid, crashedPid, 'a new server process answers');
    assert.throws(() => process.kill(crashedPid, 0), { code: 'ESRCH' }, `the crashed server (pid ${crashedPid}) has exited`);
    const where = (d: vscode.Diagnostic[]) => d.map((x) => `${codeOf(x)}@${x.range.start.line + 1}:${x.range.start.character + 1}`);
    assert.deepEqual(where(after), where(before), 'the same findings at the same places');
    await revertAndClose(editor);
  });
});

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
