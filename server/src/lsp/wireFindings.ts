import type { DiagnosticRelatedInformation, Position, Range } from 'vscode-languageserver';
import type { AnalysisSummary, FindingSummary, WorkerResponse } from './protocol';
import type { SentStrings, StringReceiver, StringSender } from './wireStrings';

/**
 * A summary's findings as they cross from the analysis worker to the LSP thread: their numbers in
 * one typed array and their strings in two lists, instead of ten small objects each. Copying
 * thousands of small objects between threads cost more than analysing a keystroke's statement
 * (a module with 2,300 findings: about 3 ms to send, as much again to receive).
 */
export interface WireFindings {
  /** {@link STRIDE} numbers per finding, in the order of {@link Field}. */
  numbers: Int32Array;
  codes: string[];
  messages: string[];
  /** Distinct fixes, which findings name by index. */
  fixes: NonNullable<FindingSummary['fix']>[];
  /** Related places, by finding index (FLK303's findings only). */
  related: { index: number; related: DiagnosticRelatedInformation[] }[];
}

const enum Field {
  Start,
  End,
  StartLine,
  StartCharacter,
  EndLine,
  EndCharacter,
  Severity,
  NoqaInsertable,
  LineEndLine,
  LineEndCharacter,
  AfterBlank,
  /** -1 when the finding has no fix. */
  Fix,
}

const STRIDE = Field.Fix + 1;

/** A fix as a row gives it: a finding summary's fix, whose flags may be there but undefined. */
export type WireFix = NonNullable<FindingSummary['fix']>;

/** One finding as {@link WireFindingsBuilder.add} takes it: a finding summary's fields, flat. */
export interface WireFinding {
  code: string;
  message: string;
  start: number;
  end: number;
  range: Range;
  severity: FindingSummary['severity'];
  noqaInsertable: boolean;
  lineEnd: Position;
  afterBlank: boolean;
  fix: WireFix | undefined;
  related: DiagnosticRelatedInformation[] | undefined;
}

/**
 * Writes findings straight into their wire form, one after another: the analysis worker summarises
 * a module's findings this way, with no object per finding (a module can have thousands, and a
 * keystroke summarises them all again).
 */
export class WireFindingsBuilder {
  private readonly numbers: Int32Array;
  private count = 0;
  private readonly wire: Omit<WireFindings, 'numbers'> = { codes: [], messages: [], fixes: [], related: [] };
  private readonly fixIndex = new Map<string, number[]>();

  /** `capacity`: how many findings will be added. */
  constructor(capacity: number) {
    this.numbers = new Int32Array(capacity * STRIDE);
  }

  /** Appends a finding; `finding` is read here and may be reused for the next one. */
  add(finding: Readonly<WireFinding>): void {
    const { numbers } = this;
    const index = this.count++;
    const at = index * STRIDE;
    numbers[at + Field.Start] = finding.start;
    numbers[at + Field.End] = finding.end;
    numbers[at + Field.StartLine] = finding.range.start.line;
    numbers[at + Field.StartCharacter] = finding.range.start.character;
    numbers[at + Field.EndLine] = finding.range.end.line;
    numbers[at + Field.EndCharacter] = finding.range.end.character;
    numbers[at + Field.Severity] = finding.severity ?? 0;
    numbers[at + Field.NoqaInsertable] = finding.noqaInsertable ? 1 : 0;
    numbers[at + Field.LineEndLine] = finding.lineEnd.line;
    numbers[at + Field.LineEndCharacter] = finding.lineEnd.character;
    numbers[at + Field.AfterBlank] = finding.afterBlank ? 1 : 0;
    numbers[at + Field.Fix] = finding.fix ? fixIndexOf(finding.fix, this.wire.fixes, this.fixIndex) : -1;
    this.wire.codes.push(finding.code);
    this.wire.messages.push(finding.message);
    if (finding.related) this.wire.related.push({ index, related: finding.related });
  }

  build(): WireFindings {
    if (this.count * STRIDE !== this.numbers.length) throw new Error(`wire findings: ${this.count} added, ${this.numbers.length / STRIDE} announced`);
    return { numbers: this.numbers, ...this.wire };
  }
}

/**
 * The index of a fix like `fix` in `fixes`, added when new. Fixes are told apart by their title,
 * then by their three flags: no key string is made per finding (a module has thousands).
 */
function fixIndexOf(fix: WireFix, fixes: NonNullable<FindingSummary['fix']>[], known: Map<string, number[]>): number {
  let byFlags = known.get(fix.title);
  if (!byFlags) known.set(fix.title, (byFlags = []));
  const flags = (fix.safety === 'safe' ? 1 : 0) | (fix.decidedOnRequest === true ? 2 : 0) | (fix.createsFiles === true ? 4 : 0);
  let index = byFlags[flags];
  if (index === undefined) {
    // A copy with the flags that are set: the row the fix came in is refilled for the next finding.
    const kept: NonNullable<FindingSummary['fix']> = { title: fix.title, safety: fix.safety };
    if (fix.decidedOnRequest) kept.decidedOnRequest = true;
    if (fix.createsFiles) kept.createsFiles = true;
    byFlags[flags] = index = fixes.push(kept) - 1;
  }
  return index;
}

/** The range of the finding whose numbers start at `at`. */
function rangeAt(numbers: Int32Array, at: number): Range {
  return {
    start: { line: numbers[at + Field.StartLine]!, character: numbers[at + Field.StartCharacter]! },
    end: { line: numbers[at + Field.EndLine]!, character: numbers[at + Field.EndCharacter]! },
  };
}

/** The findings back from their wire form, for the summary of `uri` at `version`. */
export function fromWire(wire: WireFindings, uri: string, version: number): FindingSummary[] {
  const { numbers } = wire;
  const findings: FindingSummary[] = [];
  for (let index = 0; index < wire.codes.length; index++) {
    const at = index * STRIDE;
    const finding: FindingSummary = {
      key: { uri, version, code: wire.codes[index]!, start: numbers[at + Field.Start]!, end: numbers[at + Field.End]! },
      range: rangeAt(numbers, at),
      message: wire.messages[index]!,
      severity: (numbers[at + Field.Severity] || undefined) as FindingSummary['severity'],
      noqaInsertable: numbers[at + Field.NoqaInsertable] === 1,
      lineEnd: { position: { line: numbers[at + Field.LineEndLine]!, character: numbers[at + Field.LineEndCharacter]! }, afterBlank: numbers[at + Field.AfterBlank] === 1 },
    };
    const fix = numbers[at + Field.Fix]!;
    if (fix >= 0) finding.fix = { ...wire.fixes[fix]! };
    findings.push(finding);
  }
  for (const { index, related } of wire.related) findings[index]!.related = related;
  return findings;
}

/** A summary whose findings travel in their wire form. */
export type WireSummary = Omit<AnalysisSummary, 'findings'> & { wireFindings: WireFindings };

/** A worker response whose summary, if it has one, is an `S` (the other responses as they are). */
type ResponseWith<S> =
  | Exclude<WorkerResponse, { kind: 'analysis' } | { kind: 'fileAnalysis' }>
  | { kind: 'analysis'; result: S }
  | { kind: 'fileAnalysis'; result: S | undefined };

/** The response with its summary, if it has one, made into another form. */
function mapSummary<S, T>(response: ResponseWith<S>, map: (summary: S) => T): ResponseWith<T> {
  if (response.kind === 'analysis') return { kind: 'analysis', result: map(response.result) };
  if (response.kind === 'fileAnalysis') return { kind: 'fileAnalysis', result: response.result && map(response.result) };
  return response;
}

/** A worker response with its summary's findings in their wire form. */
export type WireResponse = ResponseWith<WireSummary>;

/** Wire findings as a worker posts them: their codes and messages by number in a table both threads keep (wireStrings.ts). */
type PostedFindings = Omit<WireFindings, 'codes' | 'messages'> & { codes: SentStrings; messages: SentStrings };

/** A worker response as posted: a summary's findings with their strings numbered. */
export type PostedResponse = ResponseWith<Omit<WireSummary, 'wireFindings'> & { wireFindings: PostedFindings }>;

/** The response as the worker posts it: each summary's strings numbered by `strings`. */
export function postedResponse(response: WireResponse, strings: StringSender): PostedResponse {
  return mapSummary(response, ({ wireFindings: { codes, messages, ...rest }, ...summary }) => ({
    ...summary,
    wireFindings: { ...rest, codes: strings.send(codes), messages: strings.send(messages) },
  }));
}

/** A posted response back in its wire form. Every posted response must come through here, in the order posted. */
export function receivedResponse(response: PostedResponse, strings: StringReceiver): WireResponse {
  return mapSummary(response, ({ wireFindings: { codes, messages, ...rest }, ...summary }) => ({
    ...summary,
    wireFindings: { ...rest, codes: strings.receive(codes), messages: strings.receive(messages) },
  }));
}

/** A worker's response as the LSP thread and in-process hosts use it: a summary's findings unpacked. */
export function responseFromWire(response: WireResponse): WorkerResponse {
  return mapSummary(response, summaryFromWire);
}

/**
 * Where a summary from the wire keeps its wire form until its findings are read (not enumerable: a
 * copy has them unpacked). A registered symbol: the summary is made in dist/server.js, where the
 * worker's replies arrive, and read in dist/lspServer.js, two bundles with a copy of this module each.
 */
const WIRE = Symbol.for('flask-practices/wire-findings');

interface WireBacked {
  [WIRE]?: { wire: WireFindings; findings: FindingSummary[] | undefined };
}

/**
 * The summary, its findings unpacked when first read (hovers, code actions): the diagnostics of a
 * keystroke are made from the wire form (forEachFinding), and unpacking every finding cost the LSP
 * thread about 440 bytes a finding on every keystroke.
 */
function summaryFromWire({ wireFindings, ...rest }: WireSummary): AnalysisSummary {
  const state = { wire: wireFindings, findings: undefined as FindingSummary[] | undefined };
  Object.defineProperty(rest, WIRE, { value: state });
  return Object.defineProperty(rest, 'findings', {
    enumerable: true,
    get: () => (state.findings ??= fromWire(state.wire, rest.uri, rest.version)),
    set: (findings: FindingSummary[]) => {
      state.findings = findings;
    },
  }) as AnalysisSummary;
}

/** What makes a finding's diagnostic. */
export interface DiagnosticFields {
  code: string;
  message: string;
  range: Range;
  severity: FindingSummary['severity'];
  fixable: boolean;
  related: DiagnosticRelatedInformation[] | undefined;
}

/** What diagnostics need of each of a summary's findings, read from the wire form while its findings are not unpacked. */
export function forEachFinding(summary: AnalysisSummary, visit: (fields: DiagnosticFields) => void): void {
  const state = (summary as WireBacked)[WIRE];
  if (!state || state.findings) {
    for (const f of summary.findings) visit({ code: f.key.code, message: f.message, range: f.range, severity: f.severity, fixable: f.fix !== undefined, related: f.related });
    return;
  }
  const { numbers, codes, messages } = state.wire;
  // Related places are FLK303's only: most summaries have none.
  const related = new Map<number, DiagnosticRelatedInformation[]>();
  for (const item of state.wire.related) related.set(item.index, item.related);
  for (let index = 0; index < codes.length; index++) {
    const at = index * STRIDE;
    visit({
      code: codes[index]!,
      message: messages[index]!,
      range: rangeAt(numbers, at),
      severity: (numbers[at + Field.Severity] || undefined) as FindingSummary['severity'],
      fixable: numbers[at + Field.Fix]! >= 0,
      related: related.get(index),
    });
  }
}
