import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import type { AnalysisSummary, FindingSummary, WorkerResponse } from '../server/src/lsp/protocol';
import { forEachFinding, fromWire, postedResponse, receivedResponse, responseFromWire, WireFindingsBuilder, type WireFindings, type WireResponse } from '../server/src/lsp/wireFindings';
import { StringReceiver, StringSender } from '../server/src/lsp/wireStrings';

const URI = 'file:///project/app.py';

/** Findings packed as the worker packs them (AnalysisService.summarise fills the builder the same way). */
function toWire(findings: readonly FindingSummary[]): WireFindings {
  const builder = new WireFindingsBuilder(findings.length);
  for (const finding of findings) {
    builder.add({
      code: finding.key.code,
      message: finding.message,
      start: finding.key.start,
      end: finding.key.end,
      range: finding.range,
      severity: finding.severity,
      noqaInsertable: finding.noqaInsertable,
      lineEnd: finding.lineEnd.position,
      afterBlank: finding.lineEnd.afterBlank,
      fix: finding.fix,
      related: finding.related,
    });
  }
  return builder.build();
}

/** A response as the worker posts it: a summary's findings packed, other responses as they are. */
function responseToWire(response: WorkerResponse): WireResponse {
  const packed = ({ findings, ...rest }: AnalysisSummary) => ({ ...rest, wireFindings: toWire(findings) });
  if (response.kind === 'analysis') return { kind: 'analysis', result: packed(response.result) };
  if (response.kind === 'fileAnalysis') return { kind: 'fileAnalysis', result: response.result && packed(response.result) };
  return response;
}

function finding(index: number, extra: Partial<FindingSummary> = {}): FindingSummary {
  return {
    key: { uri: URI, version: 7, code: `FLK${100 + (index % 7)}`, start: index * 31, end: index * 31 + 12 },
    range: { start: { line: index, character: index % 5 }, end: { line: index + (index % 2), character: 40 + index } },
    message: `finding ${index}: \`app\` — ünïcode`,
    severity: ((index % 4) + 1) as FindingSummary['severity'],
    noqaInsertable: index % 3 !== 0,
    lineEnd: { position: { line: index, character: 80 + index }, afterBlank: index % 2 === 0 },
    ...extra,
  };
}

const FINDINGS: FindingSummary[] = [
  finding(0),
  finding(1, { fix: { title: 'Read it from the environment', safety: 'unsafe' } }),
  finding(2, { fix: { title: 'Read it from the environment', safety: 'unsafe' } }),
  finding(3, { fix: { title: 'Move under `if __name__ == "__main__":`', safety: 'safe' } }),
  finding(4, { fix: { title: 'Rewrite as an application factory', safety: 'unsafe', decidedOnRequest: true } }),
  finding(5, { fix: { title: 'Create health.py', safety: 'unsafe', createsFiles: true } }),
  finding(6, {
    related: [{ location: { uri: 'file:///project/errors.py', range: { start: { line: 3, character: 4 }, end: { line: 3, character: 20 } } }, message: 'the majority format' }],
  }),
];

test('findings cross to the LSP thread and come back as they were sent', () => {
  assert.deepEqual(fromWire(toWire(FINDINGS), URI, 7), FINDINGS);
  assert.deepEqual(fromWire(toWire([]), URI, 7), []);
});

test('a fix shared by many findings crosses once, and each finding gets its own copy', () => {
  const wire = toWire(FINDINGS);
  assert.equal(wire.fixes.length, 4);
  const [, first, second] = fromWire(wire, URI, 7);
  assert.notEqual(first!.fix, second!.fix);
});

test('a whole analysis response crosses with its other fields, and other responses pass as they are', () => {
  const summary: AnalysisSummary = {
    uri: URI,
    version: 7,
    findings: FINDINGS,
    noqa: [{ line: 2, range: { start: { line: 2, character: 10 }, end: { line: 2, character: 18 } }, codes: [], fileLevel: false }],
    fileNoqa: { line: 0, eol: '\r\n' },
    skipped: 'test-code',
    ruleErrors: [{ code: 'FLK101', error: 'boom' }],
  };
  // Through structuredClone, as postMessage sends it.
  assert.deepEqual(responseFromWire(structuredClone(responseToWire({ kind: 'analysis', result: summary }))), { kind: 'analysis', result: summary });
  assert.deepEqual(responseFromWire(structuredClone(responseToWire({ kind: 'fileAnalysis', result: undefined }))), { kind: 'fileAnalysis', result: undefined });
  assert.deepEqual(responseFromWire(responseToWire({ kind: 'stale' })), { kind: 'stale' });
});

test("a summary from the wire gives each finding's diagnostic fields from the wire form, and the same once its findings are unpacked", () => {
  const summary: AnalysisSummary = { uri: URI, version: 7, findings: FINDINGS, noqa: [], fileNoqa: { line: 0, eol: '\n' }, ruleErrors: [] };
  const crossed = responseFromWire(structuredClone(responseToWire({ kind: 'analysis', result: summary })));
  assert.ok(crossed.kind === 'analysis');
  const rows = (s: AnalysisSummary) => {
    const seen: unknown[] = [];
    forEachFinding(s, (f) => seen.push([f.code, f.message, f.range, f.severity, f.fixable, f.related]));
    return seen;
  };
  const expected = FINDINGS.map((f) => [f.key.code, f.message, f.range, f.severity, f.fix !== undefined, f.related]);
  // Read from the wire form (the findings not unpacked yet), then from the unpacked findings.
  assert.deepEqual(rows(crossed.result), expected);
  assert.deepEqual(crossed.result.findings, FINDINGS);
  assert.deepEqual(rows(crossed.result), expected);
  // A copy (a summary moved through edits) carries its findings unpacked.
  assert.deepEqual({ ...crossed.result }.findings, FINDINGS);
});

test('the builder reads each row when it is added, so one row object can be refilled for every finding', () => {
  const builder = new WireFindingsBuilder(2);
  const row = { code: 'FLK101', message: 'first', start: 1, end: 2, range: FINDINGS[0]!.range, severity: 2 as const, noqaInsertable: true, lineEnd: { line: 0, character: 9 }, afterBlank: false, fix: undefined, related: undefined };
  builder.add(row);
  row.code = 'FLK102';
  row.message = 'second';
  row.start = 5;
  builder.add(row);
  const [first, second] = fromWire(builder.build(), URI, 7);
  assert.deepEqual([first!.key.code, first!.message, first!.key.start], ['FLK101', 'first', 1]);
  assert.deepEqual([second!.key.code, second!.message, second!.key.start], ['FLK102', 'second', 5]);
});

test('the builder refuses to hand out fewer findings than it was told to expect', () => {
  const builder = new WireFindingsBuilder(2);
  builder.add({ code: 'FLK101', message: 'only', start: 0, end: 1, range: FINDINGS[0]!.range, severity: 2, noqaInsertable: true, lineEnd: { line: 0, character: 1 }, afterBlank: false, fix: undefined, related: undefined });
  assert.throws(() => builder.build(), /1 added, 2 announced/);
});

test("a summary's strings cross once: the next response names them by number and comes back the same", () => {
  const sender = new StringSender();
  const receiver = new StringReceiver();
  const summary: AnalysisSummary = { uri: URI, version: 7, findings: FINDINGS, noqa: [], fileNoqa: { line: 0, eol: '\n' }, ruleErrors: [] };
  const cross = (result: AnalysisSummary) => {
    const posted = structuredClone(postedResponse(responseToWire({ kind: 'analysis', result }), sender));
    assert.ok(posted.kind === 'analysis');
    const added = posted.result.wireFindings.messages.added.length + posted.result.wireFindings.codes.added.length;
    return { added, response: responseFromWire(receivedResponse(posted, receiver)) };
  };
  const first = cross(summary);
  assert.equal(first.added, FINDINGS.length + new Set(FINDINGS.map((f) => f.key.code)).size);
  assert.deepEqual(first.response, { kind: 'analysis', result: summary });
  // The same findings again, one message changed: only that message is sent.
  const changed = { ...summary, version: 8, findings: FINDINGS.map((f, i) => ({ ...f, key: { ...f.key, version: 8 }, message: i === 3 ? 'edited' : f.message })) };
  const second = cross(changed);
  assert.equal(second.added, 1);
  assert.deepEqual(second.response, { kind: 'analysis', result: changed });
  const none = postedResponse({ kind: 'fileAnalysis', result: undefined }, sender);
  assert.deepEqual(responseFromWire(receivedResponse(none, receiver)), { kind: 'fileAnalysis', result: undefined });
});

test('the string table starts over past its limit, on both sides, and a number never sent is refused', () => {
  const sender = new StringSender(4);
  const receiver = new StringReceiver();
  const send = (strings: string[]) => receiver.receive(structuredClone(sender.send(strings)));
  assert.deepEqual(send(['a', 'b', 'a']), ['a', 'b', 'a']);
  const over = sender.send(['c', 'd', 'e']);
  assert.equal(over.restarted, true);
  assert.deepEqual(over.added, ['c', 'd', 'e']);
  assert.deepEqual(receiver.receive(over), ['c', 'd', 'e']);
  assert.deepEqual(send(['e', 'c']), ['e', 'c']);
  assert.throws(() => new StringReceiver().receive({ numbers: Int32Array.of(0), added: [], restarted: false }), /never sent/);
});

test('a summary made by one bundle of this module is read from its wire form by another, as dist/server.js and dist/lspServer.js each hold a copy', async () => {
  const bundled = async () => {
    const { outputFiles } = await build({ entryPoints: [join(__dirname, '../server/src/lsp/wireFindings.ts')], bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'silent' });
    const module = { exports: {} as typeof import('../server/src/lsp/wireFindings') };
    new Function('module', 'exports', 'require', outputFiles[0]!.text)(module, module.exports, require);
    return module.exports;
  };
  const [receiving, publishing] = [await bundled(), await bundled()];
  assert.notEqual(receiving.forEachFinding, publishing.forEachFinding, 'two copies of the module');
  const summary: AnalysisSummary = { uri: URI, version: 7, findings: FINDINGS, noqa: [], fileNoqa: { line: 0, eol: '\n' }, ruleErrors: [] };
  const crossed = receiving.responseFromWire(structuredClone(responseToWire({ kind: 'analysis', result: summary })));
  assert.ok(crossed.kind === 'analysis');
  // Reading `findings` unpacks every finding: the diagnostics must not need it.
  let unpacked = false;
  const watched = new Proxy(crossed.result, {
    get(target, key, receiver) {
      if (key === 'findings') unpacked = true;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const codes: string[] = [];
  publishing.forEachFinding(watched, (fields) => codes.push(fields.code));
  assert.deepEqual(codes, FINDINGS.map((f) => f.key.code));
  assert.equal(unpacked, false, 'the findings were unpacked to make the diagnostics');
});
