/**
 * Compares findings with corpus/labels.jsonl. A label is keyed by project, file, line and code:
 * a finding on a `flag` label is a true positive, on a `none` label a false positive; a `flag`
 * label without a finding is a false negative; a finding without a label fails the run.
 */
import { readFileSync } from 'node:fs';
import type { JsonFinding } from '../../server/src/cli/format';

export interface Label {
  project: string;
  file: string;
  line: number;
  code: string;
  expect: 'flag' | 'none';
  /** Required on `none`: the idiom that makes it a near-miss. */
  why?: string;
  /** Optional on `flag`: what the reader checked. */
  note?: string;
}

export interface ProjectFindings {
  project: string;
  findings: JsonFinding[];
}

export interface RuleScore {
  tp: number;
  fp: number;
  fn: number;
  /** `none` labels with no finding: near-misses the rule rightly leaves alone. */
  tn: number;
}

export interface Score {
  byRule: Map<string, RuleScore>;
  overall: RuleScore;
  unlabelled: (JsonFinding & { project: string })[];
  falsePositives: Label[];
  falseNegatives: Label[];
}

export const keyOf = (l: { project: string; file: string; line: number; code: string }) => `${l.project}\0${l.file}\0${l.line}\0${l.code}`;

export function loadLabels(path: string): Label[] {
  const labels: Label[] = [];
  const seen = new Set<string>();
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      const label = JSON.parse(text) as Label;
      const where = `${path}:${i + 1}`;
      if (label.expect !== 'flag' && label.expect !== 'none') throw new Error(`${where}: expect must be "flag" or "none"`);
      if (label.expect === 'none' && !label.why) throw new Error(`${where}: a "none" label needs a why`);
      if (typeof label.line !== 'number' || !label.project || !label.file || !label.code) throw new Error(`${where}: project, file, line and code are required`);
      if (seen.has(keyOf(label))) throw new Error(`${where}: the same place is labelled twice`);
      seen.add(keyOf(label));
      labels.push(label);
    });
  return labels;
}

export const emptyScore = (): RuleScore => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

/** Scores only the given projects: labels of projects that were not run are ignored. */
export function score(runs: readonly ProjectFindings[], labels: readonly Label[], rules: readonly string[]): Score {
  const result: Score = { byRule: new Map(rules.map((r) => [r, emptyScore()])), overall: emptyScore(), unlabelled: [], falsePositives: [], falseNegatives: [] };
  const ran = new Set(runs.map((r) => r.project));
  const labelled = new Map(labels.filter((l) => ran.has(l.project)).map((l) => [keyOf(l), l]));
  const found = new Set<string>();
  const tally = (code: string, field: keyof RuleScore) => {
    if (!result.byRule.has(code)) result.byRule.set(code, emptyScore());
    result.byRule.get(code)![field]++;
    result.overall[field]++;
  };
  for (const { project, findings } of runs) {
    for (const finding of findings) {
      const key = keyOf({ project, ...finding });
      if (found.has(key)) continue; // two findings of one rule on one line are one verdict
      found.add(key);
      const label = labelled.get(key);
      if (!label) result.unlabelled.push({ project, ...finding });
      else if (label.expect === 'flag') tally(finding.code, 'tp');
      else {
        tally(finding.code, 'fp');
        result.falsePositives.push(label);
      }
    }
  }
  for (const [key, label] of labelled) {
    if (found.has(key)) continue;
    if (label.expect === 'flag') {
      tally(label.code, 'fn');
      result.falseNegatives.push(label);
    } else tally(label.code, 'tn');
  }
  return result;
}

export const precision = (s: RuleScore) => (s.tp + s.fp === 0 ? undefined : s.tp / (s.tp + s.fp));
export const recall = (s: RuleScore) => (s.tp + s.fn === 0 ? undefined : s.tp / (s.tp + s.fn));
/** The rule's reported findings, all labelled: what the per-rule precision goal counts. */
export const reportedFindings = (s: RuleScore) => s.tp + s.fp;
