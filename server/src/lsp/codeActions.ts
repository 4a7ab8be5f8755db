import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { AnalysisSummary, FindingSummary, NoqaSummary } from './protocol';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.flaskPractices`;
export const SHOW_DOCS_COMMAND = 'flaskPractices.showDocumentation';
export const SOURCE = 'flask-practices';

/** What a quick fix carries until the client resolves it: enough to find the finding, or the document, again. */
export type FixActionData = { kind: 'fix'; key: FindingSummary['key'] } | { kind: 'fixAll'; uri: string; version: number };

export const FIX_ALL_TITLE = 'Fix all safe Flask Practices problems';

/** The findings a client's context diagnostics point at. Neovim 0.7 may send diagnostics without a range. */
export function findingsFor(diagnostics: readonly Partial<Diagnostic>[], findings: readonly FindingSummary[]): FindingSummary[] {
  const matched: FindingSummary[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== undefined && diagnostic.source !== SOURCE) continue;
    const range = diagnostic.range;
    if (!range) continue;
    // A client may send a diagnostic where it was published or where the edits since moved it.
    const finding = findings.find((f) => f.key.code === diagnostic.code && (sameRange(f.range, range) || (f.published !== undefined && sameRange(f.published, range))));
    if (finding && !matched.includes(finding)) matched.push(finding);
  }
  return matched;
}

export function fixAction(finding: FindingSummary, diagnostic: Diagnostic, edit?: WorkspaceEdit): CodeAction {
  const fix = finding.fix!;
  const action: CodeAction = {
    title: `${fix.title}${fix.safety === 'unsafe' ? ' (unsafe)' : ''}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    // Preferred only when it is the obvious, behaviour-keeping fix.
    isPreferred: fix.safety === 'safe',
  };
  if (edit) action.edit = edit;
  else action.data = { kind: 'fix', key: finding.key } satisfies FixActionData;
  return action;
}

/** "Disable FLKxxx for this line": extend an existing `# noqa: ...` or add one at the line's end. */
export function disableForLineAction(
  finding: FindingSummary,
  diagnostic: Diagnostic,
  uri: string,
  noqa: readonly NoqaSummary[],
): CodeAction | undefined {
  if (!finding.noqaInsertable) return undefined;
  // The line the comment is read from: the finding's first in Python, its last in a Dockerfile or script.
  const line = finding.lineEnd.position.line;
  const code = finding.key.code;
  const existing = noqa.find((c) => c.line === line && !c.fileLevel);
  let edit: TextEdit;
  if (existing) {
    if (existing.codes.length === 0) return undefined;
    const last = existing.codes[existing.codes.length - 1]!;
    edit = { range: { start: last.range.end, end: last.range.end }, newText: `, ${code}` };
  } else {
    // The worker has the text: the summary says where the line ends (in the client's encoding).
    const { position, afterBlank } = finding.lineEnd;
    // PEP 8 wants two spaces before an inline comment; a comment already there keeps the noqa inside it.
    edit = { range: { start: position, end: position }, newText: `${afterBlank ? '' : '  '}# noqa: ${code}` };
  }
  return {
    title: `Disable ${code} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: [edit] } },
  };
}

/** "Disable FLKxxx for this file": extend the file's `# flask-practices: noqa: ...` line, or add one at the top. */
export function disableForFileAction(finding: FindingSummary, diagnostic: Diagnostic, uri: string, summary: AnalysisSummary): CodeAction | undefined {
  const code = finding.key.code;
  const existing = summary.noqa.find((c) => c.fileLevel && c.codes.length > 0);
  let edit: TextEdit;
  if (existing) {
    const last = existing.codes[existing.codes.length - 1]!;
    edit = { range: { start: last.range.end, end: last.range.end }, newText: `, ${code}` };
  } else {
    const start = { line: summary.fileNoqa.line, character: 0 };
    edit = { range: { start, end: start }, newText: `# flask-practices: noqa: ${code}${summary.fileNoqa.eol}` };
  }
  return {
    title: `Disable ${code} for this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: [edit] } },
  };
}

/** "Fix all safe Flask Practices problems" in every finding's menu, as vscode-eslint offers; its edits come on resolve when the client can. */
export function fixAllQuickFix(diagnostic: Diagnostic, uri: string, version: number, edits?: TextEdit[]): CodeAction {
  const action: CodeAction = { title: FIX_ALL_TITLE, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] };
  if (edits) action.edit = { changes: { [uri]: edits } };
  else action.data = { kind: 'fixAll', uri, version } satisfies FixActionData;
  return action;
}

export function showDocsAction(code: string, diagnostic: Diagnostic): CodeAction {
  return {
    title: `Show documentation for ${code}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Show documentation for ${code}`, command: SHOW_DOCS_COMMAND, arguments: [code] },
  };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
