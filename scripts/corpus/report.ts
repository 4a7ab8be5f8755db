/** The text `npm run corpus` prints: a table per rule, the projects, FLK101's fixes, the fix checks, the goals. */
import type { CorpusResult } from './run';
import { precision, recall, type RuleScore } from './score';

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

const ratio = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(3));
const scoreRow = (name: string, s: RuleScore) => [name, String(s.tp), String(s.fp), String(s.fn), String(s.tn), ratio(precision(s)), ratio(recall(s))];

export function report(result: CorpusResult): string {
  const out: string[] = [];
  const { score: s } = result;
  out.push('Accuracy (TP: labelled flag and found; FP: found on a `none` label; FN: labelled flag, not found; TN: near-miss left alone)');
  out.push(...table(['rule', 'TP', 'FP', 'FN', 'TN', 'precision', 'recall'], [...[...s.byRule].map(([code, rule]) => scoreRow(code, rule)), scoreRow('overall', s.overall)]));
  out.push('');
  const fixesByProject = new Map(result.fixes.map((f) => [f.project, f]));
  const rows = result.runs.map((r) => {
    const fix = fixesByProject.get(r.project.name);
    return [r.project.name, r.project.source, String(r.findings.length), `${Math.round(r.ms)}`, r.crash ? 'CRASH' : 'ok', fix ? String(fix.changed.length) : '-'];
  });
  out.push(...table(['project', 'source', 'findings', 'ms', 'run', 'fixed files'], rows));
  for (const { project, reason } of result.skipped) out.push(`skipped ${project.name}: ${reason}`);
  for (const r of result.runs.filter((r) => r.crash)) out.push(`crash in ${r.project.name}: ${r.crash}`);
  out.push('');
  const { factory } = result;
  out.push(`FLK101 factory fix: offered on ${factory.offered} of ${factory.findings} findings`);
  for (const [reason, count] of [...factory.refused].sort((a, b) => b[1] - a[1])) out.push(`  ${count} refused: ${reason}`);
  if (result.fixes.length > 0) {
    out.push('');
    out.push('Fixes (--fix --unsafe-fixes on a copy):');
    for (const f of result.fixes) {
      for (const problem of [...(f.crash ? [`crash: ${f.crash}`] : []), ...f.compileErrors.map((e) => `does not compile: ${e}`), ...f.unstable.map((u) => `changed by a second run: ${u}`)]) {
        out.push(`  ${f.project}: ${problem}`);
      }
      for (const p of f.probes) {
        const status = p.problems.length === 0 ? 'same' : 'DIFFERENT';
        const how = p.how && p.how[0] !== p.how[1] ? `, ${p.how[0]} -> ${p.how[1]}` : '';
        out.push(`  ${f.project} ${p.app}: ${status} on ${p.routes} GET routes${how}${p.statusOnly ? ` (${p.statusOnly} on status only: the body varies between two runs of the original)` : ''}`);
        for (const problem of p.problems) out.push(`    ${problem}`);
      }
    }
  }
  const listed = (title: string, labels: { project: string; file: string; line: number; code: string; why?: string; note?: string }[]) => {
    if (labels.length === 0) return;
    out.push('', title);
    for (const l of labels) out.push(`  ${l.project} ${l.file}:${l.line} ${l.code}: ${l.why ?? l.note ?? ''}`);
  };
  listed('False positives (labelled none):', s.falsePositives);
  listed('False negatives (labelled flag, not reported):', s.falseNegatives);
  if (s.unlabelled.length > 0) {
    out.push('', 'Unlabelled findings (label each in corpus/labels.jsonl):');
    for (const f of s.unlabelled) out.push(`  ${JSON.stringify({ project: f.project, file: f.file, line: f.line, code: f.code, expect: 'flag' })}  # ${f.message}`);
  }
  out.push('', 'Goals:');
  for (const g of result.goals) out.push(`  ${g.met ? 'met ' : 'MISSED'}  ${g.name}: ${g.value}`);
  return out.join('\n');
}
