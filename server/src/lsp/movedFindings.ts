import type { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { positionAfterEdit, type PositionEncoding } from '../engine';
import type { AnalysisSummary } from './protocol';

/**
 * The last analysis moved through edits the worker has not analysed yet (with `run: onSave`,
 * every edit until the file is saved): findings and noqa comments after an edit move with the
 * text, and those an edit touches are dropped, so hovers and code actions never point at a line
 * that now holds other code. Fixes stay tied to the analysed version (their keys say which).
 */
export function moveSummary(
  summary: AnalysisSummary,
  changes: readonly TextDocumentContentChangeEvent[],
  version: number,
  encoding: PositionEncoding,
): AnalysisSummary {
  const edits: Parameters<typeof positionAfterEdit>[1][] = [];
  for (const change of changes) {
    if (!('range' in change)) return { ...summary, version, moved: true, findings: [], noqa: [] };
    edits.push({ start: change.range.start, end: change.range.end, text: change.text });
  }
  const move = (range: Range): Range | undefined => {
    let { start, end } = range;
    for (const edit of edits) {
      const movedStart = positionAfterEdit(start, edit, encoding);
      const movedEnd = positionAfterEdit(end, edit, encoding);
      if (!movedStart || !movedEnd) return undefined;
      [start, end] = [movedStart, movedEnd];
    }
    return { start, end };
  };
  const findings: AnalysisSummary['findings'] = [];
  for (const finding of summary.findings) {
    const range = move(finding.range);
    const lineEnd = move({ start: finding.lineEnd.position, end: finding.lineEnd.position });
    const published = finding.published ?? finding.range;
    if (range && lineEnd) findings.push({ ...finding, range, published, lineEnd: { ...finding.lineEnd, position: lineEnd.start } });
  }
  const noqa: AnalysisSummary['noqa'] = [];
  for (const comment of summary.noqa) {
    const range = move(comment.range);
    const codes = comment.codes.map((code) => ({ ...code, range: move(code.range) }));
    if (range && codes.every((c) => c.range)) noqa.push({ ...comment, line: range.start.line, range, codes: codes as AnalysisSummary['noqa'][number]['codes'] });
  }
  const fileNoqaLine = move({ start: { line: summary.fileNoqa.line, character: 0 }, end: { line: summary.fileNoqa.line, character: 0 } });
  return { ...summary, version, moved: true, findings, noqa, fileNoqa: { ...summary.fileNoqa, line: fileNoqaLine?.start.line ?? summary.fileNoqa.line } };
}

/**
 * The last analysis of each open document, moved through the edits made since (see
 * {@link moveSummary}) only when something reads it: a keystroke in a module with thousands of
 * findings costs no pass over them before the worker hears of it. Moving batch by batch later
 * gives what moving each batch as it came would.
 */
export class LastAnalyses {
  private readonly documents = new Map<string, { summary: AnalysisSummary; pending: { changes: readonly TextDocumentContentChangeEvent[]; version: number; encoding: PositionEncoding }[] }>();

  set(uri: string, summary: AnalysisSummary): void {
    this.documents.set(uri, { summary, pending: [] });
  }

  /** Edits the last analysis has not seen yet. */
  edited(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number, encoding: PositionEncoding): void {
    const document = this.documents.get(uri);
    if (!document) return;
    document.pending.push({ changes, version, encoding });
    // Many edits without an analysis (checks on save): moved now, so the list stays short.
    if (document.pending.length >= MAX_PENDING_BATCHES) this.get(uri);
  }

  get(uri: string): AnalysisSummary | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    for (const { changes, version, encoding } of document.pending) document.summary = moveSummary(document.summary, changes, version, encoding);
    document.pending = [];
    return document.summary;
  }

  delete(uri: string): void {
    this.documents.delete(uri);
  }
}

const MAX_PENDING_BATCHES = 100;
