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
