import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { Writable } from 'node:stream';
import { StreamWriter } from '../server/src/lsp/messageWriter';
import { PublishedDiagnostics } from '../server/src/lsp/publishedDiagnostics';
import type { DiagnosticFields } from '../server/src/lsp/wireFindings';

const URI = 'file:///project/app.py';

function fields(line: number, message = `finding on line ${line}`): DiagnosticFields {
  return { code: 'FLK201', message, range: { start: { line, character: 0 }, end: { line, character: 12 } }, severity: 2, fixable: line % 2 === 0, related: undefined };
}

function diagnostics() {
  let made = 0;
  const published = new PublishedDiagnostics(({ code, message, range, severity, fixable, related }) => {
    made++;
    const diagnostic: Diagnostic = { range, severity, code, source: 'flask-practices', message, data: { fixable } };
    if (related) diagnostic.relatedInformation = related;
    return diagnostic;
  });
  const publish = (rows: DiagnosticFields[], uri = URI) => published.publish(uri, (visit) => rows.forEach(visit));
  return { published, publish, made: () => made };
}

test('a republished finding is the same diagnostic object as last time; a changed one is made anew', () => {
  const { publish, made } = diagnostics();
  const first = publish([fields(1), fields(2), fields(3)]);
  assert.equal(made(), 3);
  const second = publish([fields(1), fields(2, 'edited'), fields(3)]);
  assert.equal(made(), 4);
  assert.equal(second[0], first[0]);
  assert.notEqual(second[1], first[1]);
  assert.equal(second[1]!.message, 'edited');
  assert.equal(second[2], first[2]);
  assert.ok(Object.isFrozen(second[1]) && Object.isFrozen(second[1]!.range.start));
});

test('a finding added, moved or dropped costs only itself, and each document is matched with its own', () => {
  const { publish, made, published } = diagnostics();
  const first = publish([fields(10), fields(20), fields(30), fields(40)]);
  const added = publish([fields(10), fields(20), fields(25), fields(30), fields(40)]);
  assert.equal(made(), 5);
  assert.deepEqual([added[0], added[1], added[3], added[4]], first);
  const dropped = publish([fields(10), fields(30), fields(40)]);
  assert.equal(made(), 5);
  assert.deepEqual(dropped, [first[0], first[2], first[3]]);
  publish([fields(1)], 'file:///project/other.py');
  assert.equal(made(), 6);
  published.forget(URI);
  publish([fields(1)]);
  assert.equal(made(), 7);
  assert.equal(published.once((visit) => [fields(1)].forEach((row) => visit(row))).length, 1);
  assert.equal(made(), 8);
  // A finding the edit moved along its line is made anew; those after it are kept.
  const before = publish([fields(1), fields(2), fields(3)]);
  const madeBefore = made();
  const moved = publish([fields(1), { ...fields(2), range: { start: { line: 2, character: 1 }, end: { line: 2, character: 13 } } }, fields(3)]);
  assert.equal(made(), madeBefore + 1);
  assert.deepEqual([moved[0], moved[2]], [before[0], before[2]]);
});

test('a finding with related places is never matched', () => {
  const { publish, made } = diagnostics();
  const related = [{ location: { uri: URI, range: fields(9).range }, message: 'there' }];
  publish([{ ...fields(1), related }]);
  publish([{ ...fields(1), related }]);
  assert.equal(made(), 2);
});

test('the writer frames each message in one write, a publication as JSON.stringify would write it, later ones from what it kept', async () => {
  const { publish } = diagnostics();
  const writes: Buffer[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (writes.push(Buffer.from(chunk)), done()) });
  const writer = new StreamWriter(stream);
  const message = (list: Diagnostic[]) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: URI, version: 3, diagnostics: list } });
  const first = message(publish([fields(1, 'ünïcode — `app`'), fields(2), fields(3)]));
  const second = message(publish([fields(1, 'ünïcode — `app`'), fields(2, 'changed "quoted"'), fields(3)]));
  // The same objects again (the list's JSON as kept), then one more, then fewer: each starts with the same first diagnostic.
  const again = message(publish([fields(1, 'ünïcode — `app`'), fields(2, 'changed "quoted"'), fields(3)]));
  assert.ok(again.params.diagnostics.every((d, i) => d === second.params.diagnostics[i]), 'the same diagnostic objects');
  const longer = message(publish([fields(1, 'ünïcode — `app`'), fields(2, 'changed "quoted"'), fields(3), fields(4)]));
  const shorter = message(publish([fields(1, 'ünïcode — `app`')]));
  const other = { jsonrpc: '2.0', id: 4, result: { contents: 'ä' } };
  const sent = [first, second, again, longer, shorter, message([]), other];
  for (const m of sent) await writer.write(m);
  assert.equal(writes.length, sent.length);
  writes.forEach((frame, index) => {
    const body = Buffer.from(JSON.stringify(sent[index]), 'utf8');
    assert.deepEqual(frame, Buffer.concat([Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`), body]));
  });
});

test('a failed write rejects and is reported to the connection', async () => {
  const stream = new Writable({ write: (_chunk, _encoding, done) => done(new Error('pipe closed')) });
  stream.on('error', () => undefined);
  const writer = new StreamWriter(stream);
  const reported: string[] = [];
  writer.onError(([error]) => reported.push(error.message));
  await assert.rejects(writer.write({ jsonrpc: '2.0' }), /pipe closed/);
  assert.ok(reported.some((m) => m.includes('pipe closed')));
});
