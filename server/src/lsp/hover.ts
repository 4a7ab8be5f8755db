import type { Hover, Position, Range } from 'vscode-languageserver';
import { renderFindingHover, renderRuleDocs, type Engine, type Rule } from '../engine';
import type { AnalysisSummary, FindingSummary } from './protocol';

/** What the LSP thread has learnt of a fix decided on request (from a code action): undefined until then. */
export type KnownAvailability = (finding: FindingSummary) => { ok: boolean; reason?: string } | undefined;

/**
 * Hovers come from the last analysis kept on the LSP thread, and from nothing else: they never
 * ask the worker, so they answer at once even while it analyses a large file. Markdown is escaped
 * where it holds user text, and never marked trusted.
 */
export function hoverAt(summary: AnalysisSummary | undefined, position: Position, rules: Pick<Engine, 'rule'>, known: KnownAvailability = () => undefined): Hover | null {
  if (!summary) return null;
  const parts: string[] = [];
  for (const finding of summary.findings) {
    if (!contains(finding.range, position)) continue;
    const rule = rules.rule(finding.key.code);
    if (!rule) continue;
    const fix = finding.fix;
    const availability = fix?.decidedOnRequest ? known(finding) : { ok: true };
    const offered = fix && availability?.ok !== false ? { fix: { title: fix.title, safety: fix.safety, undecided: !availability } } : {};
    parts.push(renderFindingHover(rule, offered, availability?.reason));
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
