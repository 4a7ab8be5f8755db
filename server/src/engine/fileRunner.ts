import type { FileRead, OtherFileKind } from './files';
import { compareFindings, errorText, findingOf } from './findings';
import type { LineIndex, OffsetRange } from './positions';
import type { FileContext, Finding, Rule } from './rule';
import { activeRules, type RuleError, type RunResult } from './runner';
import type { Settings } from './settings';
import { findFileSuppressions, isSuppressed } from './suppressions';

export interface FileRun {
  text: string;
  lines: LineIndex;
  kind: OtherFileKind;
  path: string;
  read: FileRead;
  pythonModule: FileContext['pythonModule'];
}

/**
 * Runs the `checkFile` rules for a file other than Python. Such files are small and have no
 * statements to keep findings by: each analysis checks the whole file.
 */
export function runFileRules(run: FileRun, rules: readonly Rule[], settings: Settings): RunResult {
  const findings: Finding[] = [];
  const ruleErrors: RuleError[] = [];
  for (const { rule, severity } of activeRules(rules, settings)) {
    if (!rule.checkFile || !rule.fileKinds?.includes(run.kind)) continue;
    const context: FileContext = {
      text: run.text,
      lines: run.lines,
      path: run.path,
      file: run.read.parsed,
      pythonModule: run.pythonModule,
      report(report) {
        const finding = findingOf(rule.meta, severity, report);
        if (report.fix) finding.fix = report.fix;
        findings.push(finding);
      },
    };
    try {
      rule.checkFile(context);
    } catch (error) {
      ruleErrors.push({ code: rule.meta.code, error: errorText(error) });
    }
  }
  const suppressions = findFileSuppressions(run.text, run.read.comments, run.lines);
  const kept = findings.filter((f) => !isSuppressed(suppressions, f.code, fileNoqaLine(run.lines, f.range)));
  return { findings: kept.sort(compareFindings), suppressions, ruleErrors, keptStatements: 0, keptModuleFindings: 0 };
}

/**
 * The line whose `# noqa` comment covers a finding in such a file: its last line, where a command
 * continued over several lines ends and a comment can follow it.
 */
export function fileNoqaLine(lines: LineIndex, range: OffsetRange): number {
  return lines.lineOf(range.end > range.start ? range.end - 1 : range.start);
}
