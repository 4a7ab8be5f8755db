/**
 * The engine's properties, shared by `npm test` (test/properties.test.ts: fixed seed, few runs)
 * and `npm run fuzz` (scripts/fuzz.ts: random seed, many runs):
 *
 * 1. analysis and fix-all never throw, no rule fails, and every range (finding or fix edit) lies
 *    inside the document, starts before it ends, splits no surrogate pair and is not inside an
 *    ERROR node;
 * 2. incremental equals fresh: after LSP-style edits the findings equal a fresh analysis;
 * 3. fixes are sound: edits do not overlap, add no syntax error, keep compiling code compiling,
 *    remove their finding, and fix-all is idempotent (safe only, and with unsafe fixes);
 * 4. `# noqa: CODE` on a finding's line removes exactly that code on that line.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Node } from 'web-tree-sitter';
import { applyEdits, type Engine, type Finding, type Settings, type TextEdit } from '../../server/src/engine';
import { anySource, applyMutation, longerSource, lspNotifications, mutation, mutationRange, scatteredNotifications, sourceWithError, typingNotifications, wellFormedSource, type LspChangeSpec, type LspNotificationSpec } from './generators';
import { freshTreeShape, settingsWith, treeShape } from './engine';
import type { PythonProbe } from './python';

export interface PropertyEnvironment {
  engine: Engine;
  /** One long-lived /usr/bin/python3, reused by every case. */
  python: PythonProbe;
}

export interface NamedProperty {
  name: string;
  /** Runs in `npm test`; the fuzzer scales them. */
  runs: number;
  property: fc.IAsyncProperty<never>;
  /** Predicate calls so far, shrinking included: the number of generated cases. */
  cases(): number;
  /** More to report about the cases, when the property counts something. */
  detail?(): string;
}

const ALL_RULES: Settings = settingsWith({});

/** A finding as data, with its fix's availability and edits computed while the analysis is alive. */
export interface FindingData {
  code: string;
  start: number;
  end: number;
  message: string;
  severity: string;
  /** `offered` is true, or the reason the fix is not offered here. */
  fix?: { title: string; safety: string; offered: true | string; edits: TextEdit[] };
}

function findingData(finding: Finding): FindingData {
  const data: FindingData = { code: finding.code, start: finding.range.start, end: finding.range.end, message: finding.message, severity: finding.severity };
  const fix = finding.fix;
  if (fix) {
    const availability = fix.available?.() ?? { ok: true as const };
    data.fix = { title: fix.title, safety: fix.safety, offered: availability.ok ? true : availability.reason, edits: availability.ok ? fix.edits() : [] };
  }
  return data;
}

/** `path`: the file name to analyse under, as an open document's URI gives it (FLK201's fix names its blueprint after it). */
export function analyse(engine: Engine, text: string, settings: Settings = ALL_RULES, path?: string): { findings: FindingData[]; ruleErrors: string[]; noqaLines: Map<number, string[]> } {
  return engine.analyseText(
    text,
    settings,
    (analysis) => ({
      findings: analysis.findings.map(findingData),
      ruleErrors: analysis.ruleErrors.map((e) => `${e.code}: ${e.error}`),
      noqaLines: new Map(analysis.suppressions.comments.map((c) => [c.line, c.codes.map((x) => x.code)])),
    }),
    path,
  );
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
}

/** The ranges of tree-sitter ERROR nodes in a fresh parse of `text` (outermost ones). */
export function errorRanges(engine: Engine, text: string): { start: number; end: number }[] {
  const uri = 'property://error-ranges.py';
  engine.open(uri, text, 0);
  try {
    const ranges: { start: number; end: number }[] = [];
    const stack: Node[] = [engine.document(uri)!.syntaxTree.rootNode];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'ERROR') {
        ranges.push({ start: node.startIndex, end: node.endIndex });
        continue;
      }
      if (node.hasError) for (let i = 0; i < node.childCount; i++) stack.push(node.child(i)!);
    }
    return ranges;
  } finally {
    engine.close(uri);
  }
}

function checkRange(text: string, range: { start: number; end: number }, what: string): void {
  assert.ok(Number.isInteger(range.start) && Number.isInteger(range.end), `${what}: non-integer offsets ${JSON.stringify(range)}`);
  assert.ok(range.start >= 0 && range.end <= text.length, `${what}: ${JSON.stringify(range)} lies outside the text (length ${text.length})`);
  assert.ok(range.start <= range.end, `${what}: starts after it ends ${JSON.stringify(range)}`);
  assert.ok(!splitsSurrogatePair(text, range.start), `${what}: starts inside a surrogate pair at ${range.start}`);
  assert.ok(!splitsSurrogatePair(text, range.end), `${what}: ends inside a surrogate pair at ${range.end}`);
}

function checkEditsDisjoint(edits: readonly TextEdit[], what: string): void {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!.range, sorted[i]!.range];
    // Two insertions at one point have no defined order: that is an overlap too.
    const overlap = b.start < a.end || (a.start === a.end && b.start === b.end && a.start === b.start);
    assert.ok(!overlap, `${what}: edits overlap: ${JSON.stringify(sorted.map((e) => e.range))}`);
  }
}

const describeFinding = (f: FindingData) => `${f.code}@${f.start}-${f.end}`;

// ---------------------------------------------------------------------------------------------
// 1. Never throws; ranges valid

export function checkAnalysisIsWellFormed(engine: Engine, text: string): void {
  let result: ReturnType<typeof analyse> | undefined;
  assert.doesNotThrow(() => (result = analyse(engine, text)), 'the engine threw');
  const { findings, ruleErrors } = result!;
  assert.deepEqual(ruleErrors, [], 'a rule threw');
  const errors = findings.length > 0 ? errorRanges(engine, text) : [];
  for (const f of findings) {
    checkRange(text, f, `finding ${describeFinding(f)}`);
    const inError = errors.find((e) => e.start <= f.start && f.end <= e.end && !(f.start === f.end && (f.start === e.start || f.end === e.end)));
    assert.equal(inError, undefined, `finding ${describeFinding(f)} lies inside the ERROR node ${JSON.stringify(inError)}`);
    for (const edit of f.fix?.edits ?? []) checkRange(text, edit.range, `an edit of ${describeFinding(f)}'s fix`);
  }
  if (findings.some((f) => f.fix?.offered === true)) assert.doesNotThrow(() => engine.fixAll(text, ALL_RULES, true), 'fix-all threw');
}

// ---------------------------------------------------------------------------------------------
// 2. Incremental equals fresh

/** Line starts as LSP counts them: after `\n`, `\r\n` or a lone `\r`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c === '\r' || c === '\n') starts.push(i + 1);
  }
  return starts;
}

/** Raw UTF-16 line/character of an offset: no snapping, so it may point inside a surrogate pair. */
function rawPosition(text: string, offset: number): { line: number; character: number } {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line, character: offset - starts[line]! };
}

/**
 * The offset an LSP position denotes, written independently of the engine: out-of-range lines
 * and characters clamp to the text and the line's content, and a character inside a surrogate
 * pair snaps back to the pair's start.
 */
function lspOffset(text: string, position: { line: number; character: number }): number {
  const starts = lineStarts(text);
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line]!;
  let contentEnd = position.line + 1 < starts.length ? starts[position.line + 1]! : text.length;
  if (contentEnd > start && text[contentEnd - 1] === '\n') contentEnd--;
  if (contentEnd > start && text[contentEnd - 1] === '\r') contentEnd--;
  let offset = Math.min(start + position.character, contentEnd);
  if (splitsSurrogatePair(text, offset)) offset--;
  return offset;
}

type ContentChange = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | { text: string };

/** Turns a change spec into an LSP content change against the current text, and applies it to `text`. */
function lspChangeFor(text: string, spec: LspChangeSpec): { change: ContentChange; next: string } {
  if (spec.fullText !== undefined) return { change: { text: spec.fullText }, next: spec.fullText };
  const { start, end } = mutationRange(text, spec.mutation);
  const range = { start: rawPosition(text, start), end: rawPosition(text, end) };
  if (spec.overshoot === 'character') range.end.character += 7;
  if (spec.overshoot === 'line') range.end = { line: range.end.line + 3, character: 2 };
  const from = lspOffset(text, range.start);
  const to = Math.max(from, lspOffset(text, range.end));
  return { change: { range, text: spec.mutation.insert }, next: text.slice(0, from) + spec.mutation.insert + text.slice(to) };
}

let documentCounter = 0;

/** Analyses of a document with errors whose reparse was checked, and those that kept it (one parse, no fresh one). */
export interface ReparseTally {
  checked: number;
  kept: number;
}

/**
 * After LSP-style edits, the findings equal a fresh analysis's. With a tally, the tree is compared
 * with a fresh parse after every analysis too: the engine keeps a reparse with errors only where
 * it equals a fresh parse, and a wrong tree shows there before it shows in findings.
 */
export function checkIncrementalEqualsFresh(engine: Engine, initial: string, notifications: readonly LspNotificationSpec[], tally?: ReparseTally): void {
  const uri = `property://incremental-${++documentCounter}.py`;
  engine.open(uri, initial, 1);
  const document = engine.document(uri)!;
  const analyseCounted = () => {
    const [parses, checked] = [document.parseCount, document.checkedReparses];
    const analysis = engine.analyse(uri, ALL_RULES)!;
    if (tally) {
      assert.equal(treeShape(document.syntaxTree), freshTreeShape(engine, document.text), `the tree differs from a fresh parse of:\n${document.text}`);
      if (document.checkedReparses > checked) {
        tally.checked++;
        if (document.parseCount - parses === 1) tally.kept++;
      }
    }
    return analysis;
  };
  try {
    let text = initial;
    let version = 1;
    analyseCounted();
    for (const notification of notifications) {
      const changes: ContentChange[] = [];
      for (const spec of notification.changes) {
        const { change, next } = lspChangeFor(text, spec);
        changes.push(change);
        text = next;
      }
      engine.change(uri, changes, ++version, 'utf-16');
      if (notification.analyseAfter) analyseCounted();
    }
    assert.equal(document.text, text, 'the engine applied the changes differently from LSP semantics');
    const incremental = analyseCounted().findings.map(findingData);
    const fresh = analyse(engine, text, ALL_RULES, uri.split('/').pop()).findings;
    assert.deepEqual(incremental, fresh, 'findings after incremental edits differ from a fresh analysis');
  } finally {
    engine.close(uri);
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Fixes are sound

export async function checkFixesAreSound(engine: Engine, python: PythonProbe, text: string): Promise<void> {
  const { findings } = analyse(engine, text);
  const fixable = findings.filter((f) => f.fix?.offered === true);
  const errorsBefore = engine.syntaxErrorCount(text);
  let compiledBefore: boolean | undefined;
  const compilesBefore = async () => (compiledBefore ??= (await python.compile(text)).ok);

  /**
   * Clean input must stay clean. In input that is already broken, tree-sitter's recovery can
   * shift with any edit (and put zero-width MISSING tokens anywhere), so the error count is
   * noise there: no ERROR node may lie within the text a fix inserts.
   */
  const checkFixedText = async (fixed: string, what: string, edits?: readonly TextEdit[]) => {
    if (errorsBefore === 0) {
      assert.equal(engine.syntaxErrorCount(fixed), 0, `${what}: adds syntax errors to clean code:\n${fixed}`);
    } else if (edits) {
      const inserted = insertedRanges(edits);
      const broken = errorRanges(engine, fixed).find((e) => e.start < e.end && inserted.some((r) => r.start <= e.start && e.end <= r.end));
      assert.equal(broken, undefined, `${what}: the text it inserts does not parse (${JSON.stringify(broken)}):\n${fixed}`);
    }
    if (await compilesBefore()) {
      const compiled = await python.compile(fixed);
      assert.ok(compiled.ok, `${what}: the input compiles but the output does not (${compiled.error}):\n${fixed}`);
    }
  };

  for (const finding of fixable) {
    const what = `${finding.fix!.safety} fix of ${describeFinding(finding)} "${finding.fix!.title}"`;
    const edits = finding.fix!.edits;
    assert.ok(edits.length > 0, `${what}: no edits`);
    checkEditsDisjoint(edits, what);
    const fixed = applyEdits(text, edits);
    assert.notEqual(fixed, text, `${what}: changes nothing`);
    await checkFixedText(fixed, what, edits);

    const after = analyse(engine, fixed).findings;
    // Unchanged text keeps its findings at the mapped offsets: the fixed one must not be among them.
    const mapped = mapBack(edits, after.filter((f) => f.code === finding.code));
    assert.ok(!mapped.some((f) => f.start === finding.start && f.end === finding.end && f.message === finding.message), `${what}: the finding is still there:\n${fixed}`);
    if (errorsBefore === 0) {
      const count = (list: FindingData[]) => list.filter((f) => f.code === finding.code).length;
      assert.ok(count(after) < count(findings), `${what}: as many ${finding.code} findings after the fix as before:\n${fixed}`);
    }
  }

  for (const includeUnsafe of [false, true]) {
    const what = `fix-all (${includeUnsafe ? 'safe and unsafe' : 'safe only'})`;
    const once = engine.fixAll(text, ALL_RULES, includeUnsafe);
    const twice = engine.fixAll(once.text, ALL_RULES, includeUnsafe);
    assert.equal(twice.text, once.text, `${what} applied twice differs from once:\n--- once ---\n${once.text}\n--- twice ---\n${twice.text}`);
    if (once.text !== text) await checkFixedText(once.text, what);
  }
}

/** Where each edit's new text lies in the edited text. */
function insertedRanges(edits: readonly TextEdit[]): { start: number; end: number }[] {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  let shift = 0;
  return sorted.map((e) => {
    const start = e.range.start + shift;
    shift += e.newText.length - (e.range.end - e.range.start);
    return { start, end: start + e.newText.length };
  });
}

/** Findings of the fixed text that lie outside every edit, at their offsets in the original text. */
function mapBack(edits: readonly TextEdit[], findings: readonly FindingData[]): FindingData[] {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  const out: FindingData[] = [];
  for (const f of findings) {
    let shift = 0;
    let inside = false;
    for (const e of sorted) {
      const newStart = e.range.start + shift;
      const newEnd = newStart + e.newText.length;
      if (f.end <= newStart) break;
      if (f.start < newEnd) {
        inside = true;
        break;
      }
      shift += e.newText.length - (e.range.end - e.range.start);
    }
    if (!inside) out.push({ ...f, start: f.start - shift, end: f.end - shift });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 4. Suppression is exact

export function checkNoqaIsExact(engine: Engine, text: string, pick: number): void {
  const before = analyse(engine, text);
  if (before.findings.length === 0) return;
  const target = before.findings[pick % before.findings.length]!;
  const lineOf = (offset: number) => lineStarts(text).filter((s) => s <= offset).length - 1;
  const line = lineOf(target.start);
  const starts = lineStarts(text);
  let at = line + 1 < starts.length ? starts[line + 1]! : text.length;
  if (at > starts[line]! && text[at - 1] === '\n') at--;
  if (at > starts[line]! && text[at - 1] === '\r') at--;
  // A comment after a line continuation is a syntax error, not a suppression.
  if (text[at - 1] === '\\') return;
  const comment = `  # noqa: ${target.code}`;
  const suppressed = text.slice(0, at) + comment + text.slice(at);
  const after = analyse(engine, suppressed);
  // Where the line ends inside a string, the text is not a comment: nothing to check.
  if (!(after.noqaLines.get(line) ?? []).includes(target.code)) return;
  if (engine.syntaxErrorCount(suppressed) !== engine.syntaxErrorCount(text)) return;

  const shift = (offset: number) => (offset > at ? offset + comment.length : offset);
  const expected = before.findings
    .filter((f) => !(f.code === target.code && lineOf(f.start) === line))
    .map((f) => `${f.code}@${shift(f.start)}-${shift(f.end)} ${f.message}`);
  const actual = after.findings.map((f) => `${f.code}@${f.start}-${f.end} ${f.message}`);
  assert.deepEqual(actual, expected, `adding "${comment}" to line ${line + 1} must remove exactly ${target.code} there:\n${suppressed}`);
}

// ---------------------------------------------------------------------------------------------

/** Wraps a check so the number of generated cases (shrinking included) can be reported. */
function named<Ts extends [unknown, ...unknown[]]>(
  name: string,
  runs: number,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  check: (...args: Ts) => void | Promise<void>,
): NamedProperty {
  let cases = 0;
  const property = fc.asyncProperty<Ts>(...arbitraries, async (...args: Ts) => {
    cases++;
    await check(...args);
  });
  return { name, runs, property: property as unknown as fc.IAsyncProperty<never>, cases: () => cases };
}

/** Typing near a syntax error or far from it, and edits scattered over longer files; now and then any source and any edits. */
function typingWithError(engine: Engine): NamedProperty {
  const tally: ReparseTally = { checked: 0, kept: 0 };
  const source = fc.oneof({ weight: 3, arbitrary: sourceWithError }, { weight: 1, arbitrary: longerSource }, { weight: 1, arbitrary: anySource });
  const edits = fc.oneof({ weight: 2, arbitrary: typingNotifications }, { weight: 2, arbitrary: scatteredNotifications }, { weight: 1, arbitrary: lspNotifications });
  const property = named('typing with a syntax error in the file gives the findings and the tree of a fresh parse', 200, [source, edits], (text, notifications) =>
    checkIncrementalEqualsFresh(engine, text, notifications, tally),
  );
  return { ...property, detail: () => `${tally.checked} analyses checked a reparse with errors, ${tally.kept} kept it` };
}

export function engineProperties({ engine, python }: PropertyEnvironment): NamedProperty[] {
  const fixSource = fc.oneof({ weight: 4, arbitrary: wellFormedSource }, { weight: 1, arbitrary: fc.tuple(wellFormedSource, mutation).map(([t, m]) => applyMutation(t, m)) });
  return [
    named('analysis never throws; every range is inside the document, whole, and outside ERROR nodes', 1000, [anySource], (text) => checkAnalysisIsWellFormed(engine, text)),
    named('incremental edits give the same findings as a fresh analysis', 800, [anySource, lspNotifications], (text, notifications) => checkIncrementalEqualsFresh(engine, text, notifications)),
    named('fixes are sound: disjoint edits, no new syntax errors, still compiles, finding gone, fix-all idempotent', 500, [fixSource], (text) => checkFixesAreSound(engine, python, text)),
    named('`# noqa: CODE` removes exactly that code on that line', 800, [anySource, fc.nat()], (text, pick) => checkNoqaIsExact(engine, text, pick)),
    typingWithError(engine),
  ];
}
