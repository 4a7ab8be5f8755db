/**
 * The built language server (dist/server.js over stdio) under bad input and misuse: a 10 MB file
 * while other documents are served, the size limit, binary and broken text, malformed settings,
 * requests for unknown documents and positions, cancellation, a burst of 1,000 changes, and
 * user text in hovers. Nothing may kill the server; every wait is for an event, never a time.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { marked } from 'marked';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CancellationTokenSource,
  CodeActionRequest,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { LineIndex, type Engine } from '../server/src/engine';
import { RULES } from '../server/src/rules';
import { cleanFunctions } from '../bench/generate';
import { settingsWith, testEngine } from './support/engine';
import { BAD_INPUTS, largeFlaskModule } from './support/generators';
import { capabilities, hoverMarkdown, LspClient } from './support/lspClient';
import { APP_LINE, DEMO, DEMO_CODES, FIX_ALL, LSP_SEVERITY, RUN_LINE } from './support/demo';
import { errorRanges } from './support/properties';



let counter = 0;
function uri(name: string): string {
  return `file:///tmp/flk-robust/${++counter}-${name}.py`;
}

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code)).sort();

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

/** What the server should publish for `text`: the engine's findings as `code@range` in UTF-16. */
function expectedDiagnostics(text: string, overrides = {}): string[] {
  return engine.analyseText(text, settingsWith(overrides), (a) =>
    a.findings.map((f) => `${f.code}@${JSON.stringify({ start: a.lines.positionAt(f.range.start), end: a.lines.positionAt(f.range.end) })}`),
  );
}

function published(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => `${String(d.code)}@${JSON.stringify(d.range)}`);
}

/** No diagnostic lies inside a tree-sitter ERROR node of `text`. */
function assertNoneInsideErrors(text: string, diagnostics: readonly Diagnostic[]): void {
  const lines = new LineIndex(text);
  const errors = errorRanges(engine, text);
  for (const d of diagnostics) {
    const start = lines.offsetAt(d.range.start);
    const end = lines.offsetAt(d.range.end);
    const inside = errors.find((e) => e.start <= start && end <= e.end);
    assert.equal(inside, undefined, `${String(d.code)} at ${JSON.stringify(d.range)} lies inside an ERROR node`);
  }
}


describe('a 10 MB file', () => {
  test('its findings arrive, and a hover on another document is answered before they do', async () => {
    const client = await LspClient.start();
    try {
      const small = uri('small');
      client.open(small, DEMO);
      await client.waitForCurrent(small);

      const big = uri('ten-megabytes');
      const text = largeFlaskModule(10 * 1024 * 1024);
      assert.ok(text.length >= 10 * 1024 * 1024 - 100, `${text.length} characters`);
      const started = performance.now();
      client.open(big, text);
      // Sent right after didOpen: the worker is busy parsing, the LSP thread is not.
      const hover = await client.hover(small, { line: RUN_LINE, character: 2 });
      const bigPublishedBeforeHover = client.publications.some((p) => p.params.uri === big);
      assert.match(hoverMarkdown(hover), /^### FLK501 /);
      assert.equal(bigPublishedBeforeHover, false, 'the hover was answered after the big file’s diagnostics: the LSP thread was blocked');

      const diagnostics = await client.waitForCurrent(big);
      const elapsed = performance.now() - started;
      assert.deepEqual([...new Set(codes(diagnostics))], ['FLK101', 'FLK102', 'FLK202', 'FLK501', 'FLK502', 'FLK503']);
      const lastLine = text.split('\n').length - 2;
      assert.ok(diagnostics.diagnostics.some((d) => d.code === 'FLK501' && d.range.start.line === lastLine), 'the finding on the last line');
      console.log(`10 MB file (${(text.length / 1024 / 1024).toFixed(1)} MiB, ${lastLine + 2} lines): didOpen → publishDiagnostics ${(elapsed / 1000).toFixed(2)} s`);
      assert.ok(await client.hover(small, { line: RUN_LINE, character: 2 }), 'still answers');
    } finally {
      await client.dispose();
    }
  });

  test('a hover on an FLK101 squiggle is answered while a 1 MB paste into another document is analysed', async () => {
    const client = await LspClient.start();
    try {
      const small = uri('hovered');
      client.open(small, DEMO);
      await client.waitForCurrent(small);
      const pasted = uri('pasted-into');
      client.open(pasted, DEMO);
      await client.waitForCurrent(pasted);

      const end = { line: DEMO.split('\n').length - 1, character: 0 };
      const version = client.change(pasted, [{ range: { start: end, end }, text: cleanFunctions(1024 * 1024) }]);
      // Sent right after the paste: the worker analyses it, and FLK101's fix is decided only on request.
      const hover = await client.hover(small, { line: APP_LINE, character: 2 });
      const pasteAnalysedFirst = client.publications.some((p) => p.params.uri === pasted && p.params.version === version);
      assert.match(hoverMarkdown(hover), /^### FLK101 /);
      assert.equal(pasteAnalysedFirst, false, 'the hover waited for the analysis of the paste');
      assert.deepEqual(codes(await client.waitForCurrent(pasted)), DEMO_CODES);
    } finally {
      await client.dispose();
    }
  });

  test('a file above maxFileSizeMb is skipped with a one-time information message', async () => {
    // 0.01 MB = 10,485 characters.
    const client = await LspClient.start({ settings: { maxFileSizeMb: 0.01 } });
    try {
      const large = uri('over-the-limit');
      const text = largeFlaskModule(20_000);
      client.open(large, text);
      assert.deepEqual((await client.waitForCurrent(large)).diagnostics, [], 'no findings for a skipped file');
      const notices = () => client.messages.filter((m) => m.message.includes('maxFileSizeMb'));
      assert.equal(notices().length, 1, JSON.stringify(client.messages));
      assert.equal(notices()[0]!.type, 3, 'an information message');
      assert.match(notices()[0]!.message, /over-the-limit\.py/);

      // Further edits and a second large file: the first file's notice is not repeated.
      client.change(large, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      assert.deepEqual((await client.waitForCurrent(large)).diagnostics, []);
      const small = uri('under-the-limit');
      client.open(small, DEMO);
      assert.deepEqual(codes(await client.waitForCurrent(small)), DEMO_CODES, 'small files are still analysed');
      assert.equal(notices().length, 1, 'told once');
    } finally {
      await client.dispose();
    }
  });
});

describe('bad input through the server', () => {
  let client: LspClient;
  before(async () => (client = await LspClient.start()));
  after(() => client?.dispose());

  for (const [name, { text, codes: expected }] of Object.entries(BAD_INPUTS)) {
    test(name, async () => {
      const target = uri(name.replace(/\W+/g, '-'));
      client.open(target, text);
      const diagnostics = await client.waitForCurrent(target);
      if (expected) assert.deepEqual(codes(diagnostics), [...expected].sort());
      assert.deepEqual(published(diagnostics), expectedDiagnostics(text), 'the server publishes what the engine finds');
      assertNoneInsideErrors(text, diagnostics.diagnostics);
      // Edit it (in the middle of everything) and hover over it: the server still answers.
      const middle = Math.floor(text.split('\n').length / 2);
      client.change(target, [{ range: { start: { line: middle, character: 1 }, end: { line: middle, character: 1 } }, text: '(\uD83D' }]);
      await client.waitForCurrent(target);
      await client.hover(target, { line: middle, character: 1 });
      assert.ok(client.alive);
    });
  }

  test('the server still serves a normal document afterwards', async () => {
    const target = uri('after-bad-input');
    client.open(target, DEMO);
    assert.deepEqual(codes(await client.waitForCurrent(target)), DEMO_CODES);
  });
});

describe('malformed settings', () => {
  const defaults = DEMO_CODES;

  test('unknown codes in select, ignore and severity, and a severity of the wrong type: logged, defaults apply', async () => {
    const client = await LspClient.start({
      settings: { select: ['FLK999'], ignore: ['NOPE1'], severity: { FLK998: 'error', FLK501: 42, FLK502: 'loud' } },
    });
    try {
      const target = uri('malformed-settings');
      client.open(target, DEMO);
      const diagnostics = await client.waitForCurrent(target);
      assert.deepEqual(codes(diagnostics), defaults);
      for (const d of diagnostics.diagnostics) {
        assert.equal(d.severity, LSP_SEVERITY[RULES.find((r) => r.meta.code === d.code)!.meta.defaultSeverity], `${String(d.code)} keeps its default severity`);
      }
      const log = client.logs.join('\n');
      assert.match(log, /flaskPractices\.select: "FLK999" matches no rule/);
      assert.match(log, /flaskPractices\.ignore: "NOPE1" matches no rule/);
      assert.match(log, /flaskPractices\.severity: unknown rule "FLK998"/);
      assert.match(log, /flaskPractices\.severity\.FLK501 must be one of error, warning, info, hint, off/);
      assert.match(log, /flaskPractices\.severity\.FLK502 must be one of/);
    } finally {
      await client.dispose();
    }
  });

  test('a settings value that is not an object (didChangeConfiguration, workspace/configuration): logged, defaults apply', async () => {
    for (const viaConfigurationRequest of [false, true]) {
      // With the capability, the server asks for settings; without it, it takes them from the notification.
      let answer: unknown = ['FLK501'];
      const client = await LspClient.start({
        capabilities: capabilities({ configuration: viaConfigurationRequest }),
        configuration: (params) => params.items.map(() => answer),
      });
      try {
        const target = uri('not-an-object');
        client.open(target, DEMO);
        if (!viaConfigurationRequest) {
          await client.waitForCurrent(target);
          client.changeConfiguration({ flaskPractices: ['FLK501'] });
        }
        assert.deepEqual(codes(await client.waitForCurrent(target)), defaults);
        // A round trip after the analysis: its log lines were written before its diagnostics.
        assert.match(client.logs.join('\n'), /flaskPractices settings must be an object; using defaults/);
        for (const bad of [42, null, 'x', { severity: 'error', select: 'FLK5', ignore: { a: 1 }, enable: 'yes', debounceMs: -1, maxFileSizeMb: 'big', maxRoutesPerModule: 0, run: 'sometimes' }]) {
          answer = bad;
          client.changeConfiguration({ flaskPractices: bad });
          assert.deepEqual(codes(await client.waitForCurrent(target)), defaults, `settings ${JSON.stringify(bad)}`);
        }
        const log = client.logs.join('\n');
        for (const key of ['severity', 'select', 'ignore', 'enable', 'debounceMs', 'maxFileSizeMb', 'maxRoutesPerModule', 'run']) {
          assert.match(log, new RegExp(`flaskPractices\\.${key} must`), `a message for ${key}`);
        }
        assert.ok(client.alive);
      } finally {
        await client.dispose();
      }
    }
  });
});

describe('LSP misuse', () => {
  let client: LspClient;
  before(async () => (client = await LspClient.start({ capabilities: capabilities({ resolve: true }) })));
  after(() => client?.dispose());

  test('changes, saves and closes for documents that were never opened are ignored', async () => {
    const ghost = uri('never-opened');
    client.change(ghost, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }], 7);
    client.change(ghost, [{ text: 'app.run()' }], 8);
    client.save(ghost);
    client.close(ghost);
    const target = uri('after-ghost');
    client.open(target, DEMO);
    assert.deepEqual(codes(await client.waitForCurrent(target)), DEMO_CODES);
    assert.ok(client.alive);
  });

  test('a document opened twice, or changed with an older version, is analysed as the client last sent it', async () => {
    const target = uri('reopened');
    client.open(target, DEMO);
    await client.waitForCurrent(target);
    client.open(target, 'from flask import Flask\napp = Flask(__name__)\n', 1);
    assert.deepEqual(codes(await client.waitForCurrent(target)), ['FLK101']);
    client.change(target, [{ text: DEMO }], 0);
    const published = await client.waitForCurrent(target);
    assert.equal(published.version, 0);
    assert.deepEqual(codes(published), DEMO_CODES);
  });

  test('out-of-range and malformed positions in hovers, code actions and resolves are answered', async () => {
    const target = uri('out-of-range');
    client.open(target, DEMO);
    const diagnostics = (await client.waitForCurrent(target)).diagnostics;
    for (const position of [{ line: 10_000, character: 0 }, { line: RUN_LINE, character: 100_000 }, { line: -1, character: -1 }, { line: 2 ** 31 - 1, character: 2 ** 31 - 1 }]) {
      assert.equal(await client.hover(target, position), null, JSON.stringify(position));
    }
    const far = { start: { line: 9_999, character: 5 }, end: { line: 10_000, character: 99 } };
    const bogus: Diagnostic[] = [
      { range: far, code: 'FLK501', source: 'flask-practices', message: 'not a real finding' },
      { range: { start: { line: RUN_LINE, character: 0 }, end: { line: RUN_LINE, character: 19 } }, code: 'FLK999', source: 'flask-practices', message: 'unknown code' },
      { code: 'FLK501', source: 'flask-practices', message: 'no range (Neovim 0.7)' } as unknown as Diagnostic,
    ];
    assert.deepEqual(await client.codeActions(target, far, { diagnostics: bogus }), []);
    assert.deepEqual(await client.codeActions(uri('unknown'), far, { diagnostics: diagnostics, only: [FIX_ALL] }), []);
    // A resolve whose data points at nothing (stale, unknown document, garbage) comes back without edits.
    const garbage: CodeAction[] = [
      { title: 'stale', data: { kind: 'fix', key: { uri: target, version: 99, code: 'FLK501', start: 0, end: 1 } } },
      { title: 'unknown document', data: { kind: 'fix', key: { uri: uri('nowhere'), version: 1, code: 'FLK501', start: 0, end: 1 } } },
      { title: 'no data' },
      { title: 'odd data', data: 'fix' },
      { title: 'odd key', data: { kind: 'fix', key: null } },
    ];
    for (const action of garbage) {
      const resolved = await client.resolve(action).catch((error: Error) => ({ title: action.title, error: error.message }));
      assert.equal((resolved as CodeAction).edit, undefined, `${action.title}: ${JSON.stringify(resolved)}`);
    }
    assert.ok(client.alive);
    assert.ok(await client.hover(target, { line: RUN_LINE, character: 2 }), 'still answers');
  });

  test('a request cancelled while the worker computes it is answered or cancelled, never fatal', async () => {
    const target = uri('cancelled');
    const text = `${largeFlaskModule(1_500_000)}\napp.run()\n`;
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const outcomes: string[] = [];
    client.open(target, text);
    // Once while the worker analyses the file, then while it computes fix-all for it.
    for (let i = 0; i < 4; i++) {
      if (i === 1) await client.waitForCurrent(target);
      const source = new CancellationTokenSource();
      const request = client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: target }, range: whole, context: { diagnostics: [], only: [FIX_ALL] } }, source.token);
      source.cancel();
      outcomes.push(await request.then((actions) => `answered with ${actions?.length ?? 0} action(s)`, (error: { code?: number }) => `rejected ${error.code}`));
      // A hover cancelled before it is handled, too.
      const hoverSource = new CancellationTokenSource();
      const hover = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: target }, position: { line: 4, character: 2 } }, hoverSource.token);
      hoverSource.cancel();
      outcomes.push(await hover.then(() => 'hover answered', (error: { code?: number }) => `hover rejected ${error.code}`));
    }
    for (const outcome of outcomes) assert.match(outcome, /answered|rejected -32800/, outcomes.join(', '));
    console.log(`cancelled requests: ${outcomes.join(', ')}`);
    assert.ok(client.alive);
    // The same request, not cancelled, still gets its answer.
    const actions = await client.codeActions(target, whole, { diagnostics: [], only: [FIX_ALL] });
    assert.equal(actions?.length, 1);
  });

  test('a burst of 1,000 changes: stale analyses are skipped, and the last publication matches the final text', async () => {
    const target = uri('burst');
    client.open(target, DEMO);
    await client.waitForCurrent(target);
    const mirror = TextDocument.create(target, 'python', 1, DEMO);
    const before = client.publications.length;
    // Type a second `app.run(debug=True)` one keystroke at a time, then add and remove comment characters at the top.
    const typed = '\napp.run(debug=True)  # second\n';
    for (let i = 0; i < 1_000; i++) {
      let change: TextDocumentContentChangeEvent;
      if (i < typed.length) {
        const end = mirror.positionAt(mirror.getText().length);
        change = { range: { start: end, end }, text: typed[i]! };
      } else if (i % 2 === 0) {
        change = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: i % 10 === 0 ? '# c\n' : '#' };
      } else {
        change = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' };
      }
      TextDocument.update(mirror, [change], i + 2);
      client.change(target, [change], i + 2);
    }
    const last = await client.waitForCurrent(target);
    assert.equal(last.version, 1_001);
    const burst = client.publications.slice(before).filter((p) => p.params.uri === target);
    assert.ok(burst.length < 50, `${burst.length} publications for 1,000 changes: stale analyses were queued`);
    assert.deepEqual(published(last), expectedDiagnostics(mirror.getText()), 'the last publication matches the final text');
    assert.equal(codes(last).filter((c) => c === 'FLK501').length, 2);
    console.log(`1,000 didChange notifications → ${burst.length} publications`);
  });
});

describe('user text in hovers', () => {
  test('Markdown from the user’s code is escaped: no links, command links, HTML or emphasis', async () => {
    const client = await LspClient.start();
    try {
      const target = uri('hover-injection');
      const evil = '[click me](command:workbench.action.terminal.new?%5B%22rm%22%5D) <img src=x onerror=alert(1)> **bold** `code` <a href="https://evil">x</a>';
      const text = `from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\n\ndef create_app(x=None):\n    return Flask(__name__)\n\n\ndb = SQLAlchemy(create_app(${JSON.stringify(evil)}))\ncreate_app(${JSON.stringify(evil)}).run()\n`;
      client.open(target, text);
      const diagnostics = await client.waitForCurrent(target);
      // FLK102 leaves apps from a factory call alone; FLK501 quotes the call, evil text and all.
      assert.deepEqual(codes(diagnostics), ['FLK501']);
      for (const d of diagnostics.diagnostics) {
        assert.ok((d.message as string).includes('command:workbench'), 'the message quotes the user’s code');
        const value = hoverMarkdown(await client.hover(target, { line: d.range.start.line, character: d.range.start.character + 1 }));
        const html = marked.parse(value, { async: false });
        assert.doesNotMatch(html, /<a\b/, `a link in the hover:\n${html}`);
        assert.doesNotMatch(html, /<img\b|<script\b/, `HTML in the hover:\n${html}`);
        assert.doesNotMatch(html, /href="command:/);
        // The message, which quotes the user's code, is shown by the editor above the hover, not in it.
        assert.ok(!value.includes('click me'), value);
        assert.doesNotMatch(html, /<strong>bold<\/strong>/);
      }
    } finally {
      await client.dispose();
    }
  });
});

