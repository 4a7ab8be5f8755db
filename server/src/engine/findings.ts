import type { OffsetRange } from './positions';
import type { Finding, RuleMeta, Severity } from './rule';

/**
 * A rule's report as a finding: its message filled in from the template. A report that names an
 * unknown message or fixes without `fixable` is a rule bug: the error goes to the rule's errors.
 */
export function findingOf(
  meta: RuleMeta,
  severity: Severity,
  report: { range: OffsetRange; messageId: string; data?: Record<string, string>; fix?: unknown },
): Finding {
  const template = meta.messages[report.messageId];
  if (template === undefined) throw new Error(`${meta.code}: unknown message id ${report.messageId}`);
  if (report.fix && !meta.fixable) throw new Error(`${meta.code}: fixes but is not marked fixable`);
  const message = template.replace(/\{(\w+)\}/g, (_, key: string) => report.data?.[key] ?? `{${key}}`);
  return { code: meta.code, messageId: report.messageId, message, range: report.range, severity };
}

/** A total order of findings: by place, then code, message id and message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start - b.range.start ||
    a.range.end - b.range.end ||
    a.code.localeCompare(b.code) ||
    a.messageId.localeCompare(b.messageId) ||
    a.message.localeCompare(b.message)
  );
}

/** A thrown error as a rule error's text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
