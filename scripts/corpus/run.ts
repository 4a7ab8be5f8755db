/** One corpus run: materialise, check, score against the labels, and (optionally) fix a copy. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES } from '../../server/src/rules';
import { PythonProbe } from '../../test/support/python';
import { checkProject, type CheckRun } from './findings';
import { checkFixes, type FixOutcome } from './fixes';
import { LABELS_PATH, loadManifest, type Manifest, type Project } from './manifest';
import { materialise } from './materialise';
import { loadLabels, precision, recall, reportedFindings, score, type Score } from './score';

export interface CorpusOptions {
  sources: readonly Project['source'][];
  fixes: boolean;
  /** Progress lines (stderr in the script). */
  log: (line: string) => void;
  manifest?: Manifest;
}

export interface ProjectRun extends CheckRun {
  project: Project;
}

export interface FactoryFixes {
  findings: number;
  offered: number;
  refused: Map<string, number>;
}

export interface Goal {
  name: string;
  met: boolean;
  value: string;
}

export interface CorpusResult {
  skipped: { project: Project; reason: string }[];
  runs: ProjectRun[];
  score: Score;
  factory: FactoryFixes;
  fixes: FixOutcome[];
  goals: Goal[];
}

export const RULE_CODES = RULES.map((rule) => rule.meta.code);
export const PRECISION_OVERALL = 0.97;
export const PRECISION_PER_RULE = 0.9;
/** A rule's own precision goal applies once it reported this many labelled findings. */
export const PER_RULE_MIN_FINDINGS = 5;
export const RECALL_OVERALL = 0.9;

function factoryFixes(runs: readonly ProjectRun[]): FactoryFixes {
  const result: FactoryFixes = { findings: 0, offered: 0, refused: new Map() };
  for (const finding of runs.flatMap((r) => r.findings).filter((f) => f.code === 'FLK101')) {
    result.findings++;
    if (finding.fix) result.offered++;
    const reason = finding.fixRefused ?? (finding.fix ? undefined : '(no reason given)');
    if (reason) result.refused.set(reason, (result.refused.get(reason) ?? 0) + 1);
  }
  return result;
}

const atLeast = (value: number | undefined, goal: number) => value === undefined || value >= goal;
const show = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(3));

function goals(result: Omit<CorpusResult, 'goals'>, withFixes: boolean): Goal[] {
  const { score: s } = result;
  const list: Goal[] = [
    { name: 'no crash', met: result.runs.every((r) => !r.crash) && result.fixes.every((f) => !f.crash), value: `${result.runs.filter((r) => r.crash).length + result.fixes.filter((f) => f.crash).length} crashes` },
    { name: 'every finding labelled', met: s.unlabelled.length === 0, value: `${s.unlabelled.length} unlabelled` },
    { name: `precision >= ${PRECISION_OVERALL} overall`, met: atLeast(precision(s.overall), PRECISION_OVERALL), value: show(precision(s.overall)) },
    { name: `recall >= ${RECALL_OVERALL} overall`, met: atLeast(recall(s.overall), RECALL_OVERALL), value: show(recall(s.overall)) },
  ];
  for (const [code, rule] of s.byRule) {
    if (reportedFindings(rule) < PER_RULE_MIN_FINDINGS) continue;
    list.push({ name: `${code} precision >= ${PRECISION_PER_RULE}`, met: atLeast(precision(rule), PRECISION_PER_RULE), value: show(precision(rule)) });
  }
  if (withFixes) {
    const fixes = result.fixes;
    list.push({ name: 'fixed files compile', met: fixes.every((f) => f.compileErrors.length === 0), value: `${fixes.reduce((n, f) => n + f.compileErrors.length, 0)} do not` });
    list.push({ name: 'a second fix run changes nothing', met: fixes.every((f) => f.unstable.length === 0), value: `${fixes.reduce((n, f) => n + f.unstable.length, 0)} files changed` });
    const probes = fixes.flatMap((f) => f.probes);
    list.push({ name: 'fixed apps serve as before', met: probes.every((p) => p.problems.length === 0), value: `${probes.filter((p) => p.problems.length === 0).length}/${probes.length} apps` });
  }
  return list;
}

export async function runCorpus(options: CorpusOptions): Promise<CorpusResult> {
  const manifest = options.manifest ?? loadManifest();
  const skipped: CorpusResult['skipped'] = [];
  const runs: ProjectRun[] = [];
  const ready: { project: Project; root: string }[] = [];
  for (const project of manifest.projects.filter((p) => options.sources.includes(p.source))) {
    const made = materialise(project);
    if ('skipped' in made) {
      skipped.push({ project, reason: made.skipped });
      options.log(`skip ${project.name}: ${made.skipped}`);
      continue;
    }
    ready.push(made);
    const run = checkProject(made.root, project.paths);
    runs.push({ project, ...run });
    options.log(`checked ${project.name}: ${run.findings.length} findings in ${Math.round(run.ms)} ms${run.crash ? `, CRASH ${run.crash}` : ''}`);
  }
  const labels = loadLabels(LABELS_PATH);
  const partial = {
    skipped,
    runs,
    score: score(runs.map((r) => ({ project: r.project.name, findings: r.findings })), labels, RULE_CODES),
    factory: factoryFixes(runs),
    fixes: [] as FixOutcome[],
  };
  if (options.fixes) {
    const scratch = mkdtempSync(join(tmpdir(), 'flask-practices-corpus-'));
    const python = PythonProbe.start();
    try {
      for (const { project, root } of ready) {
        const targets = manifest.probes.filter((t) => t.project === project.name);
        const outcome = await checkFixes(project, root, scratch, targets, python);
        partial.fixes.push(outcome);
        options.log(`fixed ${project.name}: ${outcome.changed.length} files changed${outcome.crash ? `, CRASH ${outcome.crash}` : ''}`);
      }
    } finally {
      await python.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return { ...partial, goals: goals(partial, options.fixes) };
}
