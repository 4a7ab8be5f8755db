/**
 * Helpers for the extension-host suites that need only the editor's API, so they run in the
 * browser extension host too (the web suite). Everything waits for an editor event
 * (onDidChangeDiagnostics, a command's promise), except code actions, which no event announces:
 * those are asked for again until the server answers. The other timers are failure deadlines.
 */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'flask-practices.flask-practices';
export const SOURCE = 'flask-practices';
/** How long one wait may take before the test fails. Generous: the CI machine has two cores. */
export const DEADLINE_MS = Number(globalThis.process?.env.FLASK_PRACTICES_SUITE_DEADLINE_MS ?? 20_000);

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder (test/editor/workspace, copied)');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openEditor(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Undoes a test's edits and closes its editor, so later tests see the workspace as it was. */
export async function revertAndClose(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Our diagnostics for `uri`, in document order. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .sort((a, b) => a.range.start.compareTo(b.range.start) || codeOf(a).localeCompare(codeOf(b)));
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ');
}

export function codesOf(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return [...new Set(diagnostics.map(codeOf))].sort();
}

/**
 * Subscribes to diagnostics changes, then runs `action` (if any), then resolves with our
 * diagnostics for `uri` as soon as `predicate` holds. Subscribing first means no event is missed.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  action?: () => Thenable<unknown> | Promise<unknown>,
  deadlineMs = DEADLINE_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
      settle();
    };
    const check = () => {
      const diagnostics = ourDiagnostics(uri);
      if (predicate(diagnostics)) finish(() => resolve(diagnostics));
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(
      () => finish(() => reject(new Error(`waited ${deadlineMs} ms for ${what} in ${uri.path.slice(uri.path.lastIndexOf('/') + 1)}; diagnostics now: ${describeDiagnostics(ourDiagnostics(uri))}`))),
      deadlineMs,
    );
    Promise.resolve(action?.()).then(check, (error: unknown) => finish(() => reject(error)));
  });
}

/** Waits until `codes` (and only those) are reported for `uri`. */
export function waitForCodes(uri: vscode.Uri, codes: readonly string[], action?: () => Thenable<unknown> | Promise<unknown>): Promise<vscode.Diagnostic[]> {
  const wanted = [...new Set(codes)].sort().join(',');
  return waitForDiagnostics(uri, `exactly ${wanted || 'no codes'}`, (d) => codesOf(d).join(',') === wanted, action);
}

/** The quick fixes at one diagnostic's range, resolved (our server computes a fix's edits lazily, in codeAction/resolve). */
async function quickFixesAt(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
    100, // resolve up to 100 actions, so `edit` is filled in
  );
  // A bare Command has a string `command`. The API does not hand back an action's diagnostics,
  // so these are all the quick fixes at the diagnostic's range, as the light bulb shows them.
  return (actions ?? []).filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
}

/**
 * Quick fixes at a diagnostic, asked again until `ready` holds (or a few seconds pass). A file
 * opened again can show the diagnostics of its last analysis before the server has analysed the
 * new version (VS Code closes a document some time after its editor, and the server clears its
 * diagnostics only then), and until then the server offers no action for it.
 */
export async function quickFixesUntil(uri: vscode.Uri, diagnostic: vscode.Diagnostic, ready: (actions: vscode.CodeAction[]) => boolean): Promise<vscode.CodeAction[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const actions = await quickFixesAt(uri, diagnostic);
    if (ready(actions) || Date.now() > deadline) return actions;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The quick fixes at a diagnostic once the server has analysed its file: every finding's menu has at least "Disable …". */
export function quickFixesFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return quickFixesUntil(uri, diagnostic, (actions) => actions.length > 0);
}

/** The quick fix in every finding's menu that applies all safe fixes, as fix on save does. */
export const FIX_ALL_TITLE = 'Fix all safe Flask Practices problems';

/** The rules' own fixes among the quick fixes (not "Disable …", "Show documentation …" or "Fix all …"). */
export function ruleFixes(actions: readonly vscode.CodeAction[]): vscode.CodeAction[] {
  return actions.filter((a) => a.title !== FIX_ALL_TITLE && !/^(Disable FLK\d+ for this (line|file)|Show documentation for FLK\d+)$/.test(a.title));
}

export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}
