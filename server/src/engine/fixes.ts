import type { Finding, Fix, FixAvailability, FixSafety, NewFile, OtherFileEdits, TextEdit } from './rule';

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

/** The safety a fix is offered with, once its plan is made; undefined when it is not offered. */
export function offeredSafety(fix: Fix): FixSafety | undefined {
  const availability = fixAvailability(fix);
  return availability.ok ? (availability.safety ?? fix.safety) : undefined;
}

/** True when the finding has a fix that can be offered. */
export function offersFix(finding: Finding): boolean {
  return finding.fix !== undefined && fixAvailability(finding.fix).ok;
}

/** Where a caller that can write other files collects them; fixes that need one are picked only for such a caller. */
export interface FixSinks {
  /** Files the picked fixes create (FLK204's `health.py`): the CLI's `--fix`, never fix-all on save. */
  newFiles?: NewFile[];
  /** Edits of other files of the project (FLK201's endpoint renames). */
  otherFiles?: OtherFileEdits[];
}

/**
 * Picks the fixes to apply in one pass: safe ones (and unsafe ones when asked), in document
 * order, skipping any whose edits overlap an earlier pick; the next pass gets the rest. Fixes
 * that create or edit other files are picked only for a caller that collects them in `sinks`;
 * two that create the same path are not both picked.
 */
export function pickFixes(findings: readonly Finding[], includeUnsafe: boolean, sinks: FixSinks = {}): TextEdit[] {
  const { newFiles, otherFiles } = sinks;
  const candidates: TextEdit[][] = [];
  const alone = new Set<TextEdit[]>();
  const others = new Map<TextEdit[], OtherFileEdits[]>();
  const filesOf = new Map<TextEdit[], NewFile[]>();
  for (const finding of findings) {
    const fix = finding.fix;
    if (fix?.files && !newFiles) continue;
    // A fix that edits other files needs a caller that applies them; it may turn out safe once planned (FLK201's, when every reference is updated).
    if (!fix || (fix.safety === 'unsafe' && !includeUnsafe && !fix.otherFiles)) continue;
    const safety = offeredSafety(fix);
    if (safety === undefined || (safety === 'unsafe' && !includeUnsafe)) continue;
    const otherEdits = fix.otherFiles?.() ?? [];
    if (otherEdits.length > 0 && !otherFiles) continue;
    const edits = fix.edits();
    candidates.push(edits);
    if (fix.alone) alone.add(edits);
    if (otherEdits.length > 0) others.set(edits, otherEdits);
    if (fix.files) filesOf.set(edits, fix.files());
  }
  // A rewrite of the whole module (FLK101's) comes after the local fixes, so it waits for a later
  // pass and rewrites what they made of the code instead of overwriting them. The others stay in
  // document order, which keeps picking them cheap.
  let end = 0;
  for (const edits of candidates) for (const edit of edits) end = Math.max(end, edit.range.end);
  const wholeModule = (edits: TextEdit[]) => edits.some((e) => e.range.start === 0 && e.range.end >= end);
  // A fix that must be applied alone comes first, and ends the pass.
  const rank = (edits: TextEdit[]) => (alone.has(edits) ? 0 : wholeModule(edits) ? 2 : 1);
  candidates.sort((a, b) => rank(a) - rank(b));
  const picked = new PickedEdits();
  for (const candidate of candidates) {
    if (alone.has(candidate) && picked.inOrder.length > 0) continue;
    // An edit already picked (two fixes adding the same `import os`) is applied once.
    const edits = candidate.filter((e) => !picked.has(e));
    const files = filesOf.get(candidate) ?? [];
    if (edits.length === 0 || edits.some((e) => picked.overlaps(e))) continue;
    if (files.some((file) => newFiles!.some((other) => other.path === file.path))) continue;
    for (const edit of edits) picked.add(edit);
    newFiles?.push(...files);
    if (otherFiles) for (const file of others.get(candidate) ?? []) addOtherFile(otherFiles, file);
    if (alone.has(candidate)) break;
  }
  return picked.inOrder;
}

/** Adds a fix's edits of another file, once: fixes sharing one plan (FLK201's) give the same edits; an overlapping one is left out. */
function addOtherFile(picked: OtherFileEdits[], file: OtherFileEdits): void {
  const existing = picked.find((p) => p.path === file.path);
  if (!existing) {
    picked.push({ path: file.path, edits: [...file.edits] });
    return;
  }
  const keys = new Set(existing.edits.map(key));
  const fresh = file.edits.filter((e) => !keys.has(key(e)));
  const overlaps = fresh.some((e) => existing.edits.some((p) => p.range.start < e.range.end && e.range.start < p.range.end));
  if (!overlaps) existing.edits.push(...fresh);
}

/**
 * A fix that creates files, refused when one of its paths already exists (a fix never overwrites
 * a file) or leaves the project. `exists` is asked each time: a file one pass of fix-all creates
 * exists for the next.
 */
export function guardNewFiles(fix: Fix, exists: ((path: string) => boolean) | undefined): Fix {
  const files = fix.files!;
  return {
    title: fix.title,
    safety: fix.safety,
    available() {
      const own = fixAvailability(fix);
      if (!own.ok) return own;
      if (!exists) return { ok: false, reason: 'the file is not part of a project the fix could add files to' };
      for (const { path } of files.call(fix)) {
        if (path.startsWith('/') || path.split('/').some((segment) => segment === '..' || segment === '')) return { ok: false, reason: `\`${path}\` is not a path inside the project` };
        if (exists(path)) return { ok: false, reason: `\`${path}\` already exists, and a fix never overwrites a file` };
      }
      return { ok: true };
    },
    edits: () => fix.edits(),
    files: () => files.call(fix),
  };
}

/**
 * The edits picked so far, also sorted by range, so that each check is a binary search: a
 * findings-dense file offers fixes by the hundred thousand.
 */
class PickedEdits {
  readonly inOrder: TextEdit[] = [];
  /** By start, then end: as picked edits do not overlap, their ends are in order too. */
  private readonly sorted: TextEdit[] = [];
  private readonly keys = new Set<string>();

  has(edit: TextEdit): boolean {
    return this.keys.has(key(edit));
  }

  /** Whether `edit` overlaps a picked edit: the first one ending after it starts is the only one to check. */
  overlaps(edit: TextEdit): boolean {
    const candidate = this.sorted[this.firstIndex((p) => p.range.end > edit.range.start)];
    return candidate !== undefined && candidate.range.start < edit.range.end;
  }

  add(edit: TextEdit): void {
    const { start, end } = edit.range;
    // Findings come in document order, so this is nearly always the end.
    this.sorted.splice(this.firstIndex((p) => p.range.start > start || (p.range.start === start && p.range.end > end)), 0, edit);
    this.inOrder.push(edit);
    this.keys.add(key(edit));
  }

  /** The first index whose edit satisfies `after`, which holds from some index on. */
  private firstIndex(after: (edit: TextEdit) => boolean): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (after(this.sorted[mid]!)) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

function key(edit: TextEdit): string {
  return `${edit.range.start}:${edit.range.end}:${edit.newText}`;
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
