import type { Finding, Fix, FixAvailability, TextEdit } from './rule';

/** Applies non-overlapping edits (offsets into `text`); throws on overlap, which is a rule bug. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.range.start < sorted[i - 1]!.range.end) throw new Error('overlapping edits');
  }
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    out += text.slice(cursor, edit.range.start) + edit.newText;
    cursor = edit.range.end;
  }
  return out + text.slice(cursor);
}

/** Whether a fix can be offered; for a lazy one (FLK101's), this is when its plan is made. */
export function fixAvailability(fix: Fix): FixAvailability {
  return fix.available?.() ?? { ok: true };
}

/** True when the finding has a fix that can be offered. */
export function offersFix(finding: Finding): boolean {
  return finding.fix !== undefined && fixAvailability(finding.fix).ok;
}

export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return a.some((x) => b.some((y) => x.range.start < y.range.end && y.range.start < x.range.end));
}

/**
 * Picks the fixes to apply in one pass: safe ones (and unsafe ones when asked), in document
 * order, skipping any whose edits overlap an earlier pick; the next pass gets the rest.
 */
export function pickFixes(findings: readonly Finding[], includeUnsafe: boolean): TextEdit[] {
  const candidates: TextEdit[][] = [];
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix || (fix.safety === 'unsafe' && !includeUnsafe) || !fixAvailability(fix).ok) continue;
    candidates.push(fix.edits());
  }
  // Smaller fixes first: a rewrite of the whole module (FLK101's) then waits for a later pass,
  // and rewrites what the local fixes made of the code instead of overwriting them.
  candidates.sort((a, b) => span(a) - span(b));
  const picked: TextEdit[] = [];
  for (const candidate of candidates) {
    // An edit already picked (two fixes adding the same `import os`) is applied once.
    const edits = candidate.filter((e) => !picked.some((p) => sameEdit(p, e)));
    if (edits.length === 0 || editsOverlap(picked, edits)) continue;
    picked.push(...edits);
  }
  return picked;
}

/** How much text a fix replaces, from its first edit's start to its last edit's end. */
function span(edits: readonly TextEdit[]): number {
  if (edits.length === 0) return 0;
  return Math.max(...edits.map((e) => e.range.end)) - Math.min(...edits.map((e) => e.range.start));
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.range.start === b.range.start && a.range.end === b.range.end && a.newText === b.newText;
}

/** One edit that turns `before` into `after`, trimmed to the part that changed. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a surrogate pair at either end.
  if (start > 0 && isLow(before.charCodeAt(start))) start--;
  if (endBefore < before.length && isLow(before.charCodeAt(endBefore))) {
    endBefore++;
    endAfter++;
  }
  return { range: { start, end: endBefore }, newText: after.slice(start, endAfter) };
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
