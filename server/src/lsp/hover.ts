import type { Hover, Position, Range } from 'vscode-languageserver';
import { renderFindingHover, renderRuleDocs, type Engine, type Rule } from '../engine';
import type { AnalysisSummary } from './protocol';

/**
 * Hovers come from the last analysis kept on the LSP thread, so they answer at once even while
 * the worker is busy. Markdown is escaped where it holds user text, and never marked trusted.
 */
export function hoverAt(
  summary: AnalysisSummary | undefined,
  position: Position,
  rules: Pick<Engine, 'rule'>,
  /** Findings whose fix, decided on request, is not offered, with the reason. */
  refusals: ReadonlyMap<AnalysisSummary['findings'][number], string> = new Map(),
): Hover | null {
  if (!summary) return null;
  const parts: string[] = [];
  for (const finding of summary.findings) {
    if (!contains(finding.range, position)) continue;
    const rule = rules.rule(finding.key.code);
    if (!rule) continue;
    const offered = finding.fix && !refusals.has(finding) ? { fix: finding.fix } : {};
    parts.push(renderFindingHover(rule, offered, refusals.get(finding)));
  }
  for (const comment of summary.noqa) {
    for (const code of comment.codes) {
      const rule: Rule | undefined = contains(code.range, position) ? rules.rule(code.code) : undefined;
      if (rule) parts.push(renderRuleDocs(rule, 3));
    }
  }
  if (parts.length === 0) return null;
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } };
}

export function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
