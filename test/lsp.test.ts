/**
 * The language server as editors see it: the BUILT bundle (`node dist/server.js --stdio`) driven
 * over stdio by test/support/lspClient.ts. Every wait is for an event (a publication, a reply).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { marked } from 'marked';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Command, Diagnostic, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent, TextEdit } from 'vscode-languageserver-protocol';
import { RULES } from '../server/src/rules';
import { capabilities, hoverMarkdown, LspClient } from './support/lspClient';
import { APP_LINE, DEMO, FIX_ALL, LSP_SEVERITY, RUN_LINE } from './support/demo';
import { FIX_ALL_TITLE } from '../server/src/lsp/codeActions';

const SHOW_DOCS = 'flaskPractices.showDocumentation';

const SAFE = new Set(['FLK102', 'FLK501']);
/** FLK101's factory rewrite is not offered while `app.run()` runs on import; with a guard it is. */
const GUARDED = DEMO.replace('app.run(debug=True)\n', 'if __name__ == "__main__":\n    app.run(debug=True)\n');
const defaultSeverity = (code: string) => LSP_SEVERITY[RULES.find((r) => r.meta.code === code)!.meta.defaultSeverity];

let counter = 0;
/** A fresh document URI per test, so publications never mix. */
function uri(name: string): string {
  return `file:///tmp/flk-lsp/${++counter}-${name}.py`;
}

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code)).sort();
const byCode = (p: PublishDiagnosticsParams, code: string) => p.diagnostics.filter((d) => d.code === code);
const one = (p: PublishDiagnosticsParams, code: string): Diagnostic => {
  const found = byCode(p, code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(codes(p))}`);
  return found[0]!;
};
/** LSP 3.18 allows Markdown messages; this server sends plain strings. */
const message = (d: Diagnostic): string => {
  assert.equal(typeof d.message, 'string');
  return d.message as string;
};
const hasCodes = (...wanted: string[]) => (p: PublishDiagnosticsParams) => JSON.stringify(codes(p)) === JSON.stringify([...wanted].sort());

function textIn(text: string, range: Range): string {
  const doc = TextDocument.create('file:///x.py', 'python', 0, text);
  return doc.getText(range);
}

/** Applies a WorkspaceEdit's TextEdits for `target` (UTF-16 positions) with an independent implementation. */
function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.py', 'python', 0, text), edits);
}

function editsOf(action: CodeAction, target: string): TextEdit[] {
  const edits = action.edit?.changes?.[target];
  assert.ok(edits && edits.length > 0, `${action.title} carries edits for ${target}`);
  return edits;
}

/** The same edits as LSP content changes: last first, so each range still refers to the text it was made for. */
function asChanges(edits: TextEdit[]): TextDocumentContentChangeEvent[] {
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  return sorted.map((e) => ({ range: e.range, text: e.newText }));
}

/** Code actions, not bare Commands (a Command's `command` is a string). */
function isAction(item: Command | CodeAction): item is CodeAction {
  return typeof (item as Command).command !== 'string';
}

async function actionsFor(client: LspClient, target: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const result = (await client.codeActions(target, range, { diagnostics, ...(only ? { only } : {}) })) ?? [];
  return result.filter(isAction);
}

/** Opens `text` under a new URI and waits for its diagnostics. */
async function analyse(client: LspClient, text: string, name = 'check'): Promise<PublishDiagnosticsParams> {
  const target = uri(name);
  client.open(target, text);
  return client.waitForCurrent(target);
}


describe('diagnostics', () => {
  let client: LspClient;
  before(async () => (client = await LspClient.start({ capabilities: capabilities() })));
  after(() => client?.dispose());

  test('didOpen publishes one diagnostic per finding, with source, code and a docs link that exists', async () => {
    const target = uri('demo');
    client.open(target, DEMO);
    const published = await client.waitForCurrent(target);
    assert.equal(published.version, 1);
    assert.deepEqual(codes(published), ['FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK502', 'FLK503']);
    for (const d of published.diagnostics) {
      assert.equal(d.source, 'flask-practices');
      const rule = RULES.find((r) => r.meta.code === d.code);
      assert.ok(rule, `${String(d.code)} is a registered rule`);
      const href = d.codeDescription?.href;
      assert.ok(href !== undefined && href.startsWith('file:'), `${String(d.code)} has a file: codeDescription`);
      const path = fileURLToPath(href);
      assert.ok(path.endsWith(`/docs/rules/${rule.meta.code}-${rule.meta.slug}.md`), path);
      assert.ok(existsSync(path), `${path} exists (run npx tsx scripts/gen-docs.ts)`);
      assert.ok(message(d).length > 0);
      assert.equal(d.severity, LSP_SEVERITY[rule.meta.defaultSeverity], `${rule.meta.code}'s default severity`);
    }
  });

  test('ranges cover the offending call or assignment, not the whole line', async () => {
    const published = await analyse(client, DEMO, 'ranges');
    const text = (code: string) => textIn(DEMO, one(published, code).range);
    assert.deepEqual(one(published, 'FLK501').range, { start: { line: RUN_LINE, character: 0 }, end: { line: RUN_LINE, character: 19 } });
    assert.deepEqual(one(published, 'FLK502').range, { start: { line: RUN_LINE, character: 8 }, end: { line: RUN_LINE, character: 18 } });
    assert.equal(text('FLK502'), 'debug=True');
    assert.deepEqual(one(published, 'FLK503').range, { start: { line: 6, character: 27 }, end: { line: 6, character: 39 } });
    assert.equal(text('FLK503'), '"dev-secret"');
    const app = one(published, 'FLK101').range;
    assert.equal(app.start.line, 4);
    assert.equal(app.end.line, 4);
    assert.match(text('FLK101'), /^(app = )?Flask\(__name__\)$/);
    const ext = one(published, 'FLK102').range;
    assert.equal(ext.start.line, 7);
    assert.match(text('FLK102'), /^(db = )?SQLAlchemy\(app\)$/);
  });

  test('incremental changes add and remove findings and move ranges', async () => {
    const target = uri('incremental');
    const mirror = TextDocument.create(target, 'python', 1, DEMO);
    client.open(target, DEMO);
    await client.waitForCurrent(target);
    const send = (changes: TextDocumentContentChangeEvent[]) => {
      const version = client.change(target, changes);
      TextDocument.update(mirror, changes, version);
      return client.waitForCurrent(target);
    };

    // Add a violation: a second unguarded app.run() at the end.
    let published = await send([{ range: { start: { line: 16, character: 0 }, end: { line: 16, character: 0 } }, text: 'app.run(port=5001)\n' }]);
    assert.deepEqual(byCode(published, 'FLK501').map((d) => d.range.start.line), [RUN_LINE, RUN_LINE + 1]);

    // Remove one: delete the SECRET_KEY line; everything below moves up a line.
    published = await send([{ range: { start: { line: 6, character: 0 }, end: { line: 7, character: 0 } }, text: '' }]);
    assert.equal(byCode(published, 'FLK503').length, 0);
    assert.deepEqual(byCode(published, 'FLK501').map((d) => d.range.start.line), [RUN_LINE - 1, RUN_LINE]);
    assert.equal(one(published, 'FLK102').range.start.line, 6);

    // Edit inside a line: debug=True → debug=False, then two changes in one notification.
    published = await send([{ range: { start: { line: RUN_LINE - 1, character: 14 }, end: { line: RUN_LINE - 1, character: 18 } }, text: 'False' }]);
    assert.equal(byCode(published, 'FLK502').length, 0);
    published = await send([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' },
      { range: { start: { line: RUN_LINE, character: 14 }, end: { line: RUN_LINE, character: 19 } }, text: 'True' },
    ]);
    assert.deepEqual(one(published, 'FLK502').range.start, { line: RUN_LINE, character: 8 });
    assert.deepEqual(codes(published), ['FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK501', 'FLK502']);

    // The server's text equals ours: a fresh open of the mirrored text gives the same diagnostics.
    const fresh = await analyse(client, mirror.getText(), 'incremental-fresh');
    assert.deepEqual(fresh.diagnostics.map((d) => [d.code, d.range]), published.diagnostics.map((d) => [d.code, d.range]));
  });

  test('a full-text change replaces the document', async () => {
    const target = uri('full');
    client.open(target, DEMO);
    await client.waitForCurrent(target);
    client.change(target, [{ text: 'from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n' }]);
    const published = await client.waitForCurrent(target);
    assert.deepEqual(published.diagnostics, []);
  });

  test('didClose clears the document’s diagnostics', async () => {
    const target = uri('close');
    client.open(target, DEMO);
    const open = await client.waitForCurrent(target);
    assert.ok(open.diagnostics.length > 0);
    client.close(target);
    const closed = await client.waitForDiagnostics(target);
    assert.deepEqual(closed.diagnostics, []);
    assert.equal(await client.hover(target, { line: RUN_LINE, character: 2 }), null, 'no hover for a closed document');
  });

  test('a bare `# noqa` hides every finding on its line', async () => {
    const published = await analyse(client, DEMO.replace('app.run(debug=True)', 'app.run(debug=True)  # noqa'), 'bare-noqa');
    assert.deepEqual(codes(published), ['FLK101', 'FLK102', 'FLK201', 'FLK503']);
  });

  test('`# noqa: FLK502` hides only that code', async () => {
    const published = await analyse(client, DEMO.replace('app.run(debug=True)', 'app.run(debug=True)  # noqa: FLK502'), 'code-noqa');
    assert.deepEqual(codes(published), ['FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK503']);
  });

  test('a file-level `# flask-practices: noqa` hides everything; with codes, only those', async () => {
    assert.deepEqual((await analyse(client, `# flask-practices: noqa\n${DEMO}`, 'file-noqa')).diagnostics, []);
    const some = await analyse(client, `# flask-practices: noqa: FLK101, FLK503\n${DEMO}`, 'file-noqa-codes');
    assert.deepEqual(codes(some), ['FLK102', 'FLK201', 'FLK501', 'FLK502']);
  });

  test('a `# noqa` inside a string is text, not a suppression', async () => {
    const published = await analyse(client, DEMO.replace('"dev-secret"', '"dev-secret # noqa"'), 'noqa-in-string');
    assert.ok(codes(published).includes('FLK503'));
  });
});

describe('hover', () => {
  let client: LspClient;
  before(async () => (client = await LspClient.start({ capabilities: capabilities() })));
  after(() => client?.dispose());

  test('on a diagnostic: the code, the message, why it matters, and whether a fix exists', async () => {
    const target = uri('hover');
    client.open(target, DEMO);
    const published = await client.waitForCurrent(target);
    assert.ok(one(published, 'FLK501'));
    const markdown = hoverMarkdown(await client.hover(target, { line: RUN_LINE, character: 2 }));
    assert.match(markdown, /^### FLK501 /);
    assert.match(markdown, /Why it matters/);
    assert.match(markdown, /\*\*Quick fix:\*\* .*\(safe\)/);
    assert.doesNotMatch(markdown, /FLK502/, 'the hover at `app` is FLK501’s alone');

    // Inside `debug=True` both findings apply; the unsafe fix says so.
    const both = hoverMarkdown(await client.hover(target, { line: RUN_LINE, character: 10 }));
    assert.match(both, /^### FLK501 /m);
    assert.match(both, /^### FLK502 /m);
    assert.match(both, /\(unsafe\)/);

    assert.equal(await client.hover(target, { line: 12, character: 6 }), null, 'no hover away from findings');
  });

  test('on FLK101: whether its fix is offered shows once a quick fix request has decided it', async () => {
    const resolving = await LspClient.start({ capabilities: capabilities({ resolve: true }) });
    try {
      // The app can move into a factory; named in `__all__`, it cannot.
      for (const [text, decided] of [
        [GUARDED, /\*\*Quick fix:\*\* Move .*\(unsafe\)\.$/m],
        [`${DEMO}__all__ = ["app"]\n`, /\*\*Quick fix:\*\* not offered here: `__all__` exports `app`/],
      ] as const) {
        const target = uri('hover-flk101');
        resolving.open(target, text);
        const flk101 = byCode(await resolving.waitForCurrent(target), 'FLK101').find((d) => d.range.start.line === APP_LINE)!;
        const undecided = hoverMarkdown(await resolving.hover(target, { line: APP_LINE, character: 2 }));
        assert.match(undecided, /\*\*Quick fix:\*\* Move .*\(unsafe\), where this module allows it/);
        await resolving.codeActions(target, flk101.range, { diagnostics: [flk101], only: ['quickfix'] });
        assert.match(hoverMarkdown(await resolving.hover(target, { line: APP_LINE, character: 2 })), decided);
      }
    } finally {
      await resolving.dispose();
    }
  });

  test('on a code inside a `# noqa: FLK502` comment: that rule’s docs', async () => {
    const target = uri('hover-noqa');
    const text = DEMO.replace('app.run(debug=True)', 'app.run(debug=True)  # noqa: FLK502');
    client.open(target, text);
    await client.waitForCurrent(target);
    const character = 'app.run(debug=True)  # noqa: FLK5'.length;
    const markdown = hoverMarkdown(await client.hover(target, { line: RUN_LINE, character }));
    assert.match(markdown, /FLK502 `debug-enabled`/);
    assert.match(markdown, /Why it matters/);
    assert.equal(await client.hover(target, { line: RUN_LINE, character: 'app.run(debug=True)  # n'.length }), null, 'not on the word noqa');
  });

  test('the hover does not repeat the message; user text in a refusal reason renders literally', async () => {
    const target = uri('hover-escape');
    const text = ['from flask import Flask', '', '__app__ = Flask(__name__)', '__all__ = ["__app__"]', '__app__.run()', ''].join('\n');
    client.open(target, text);
    const published = await client.waitForCurrent(target);
    const diagnostic = one(published, 'FLK101');
    // Whether the fix is offered is decided by a quick-fix request; the hover then says why not.
    await client.codeActions(target, diagnostic.range, { diagnostics: [diagnostic], only: ['quickfix'] });
    const markdown = hoverMarkdown(await client.hover(target, { line: 2, character: 1 }));
    // VS Code shows the diagnostic's message right above the hover.
    assert.ok(!markdown.includes(message(diagnostic)), markdown);
    const [heading, quickFix] = markdown.split('\n\n');
    assert.equal(heading, '### FLK101 `module-level-app`');
    const html = marked.parse(quickFix!, { async: false });
    // The reason's `backticked` parts become code spans, whose content renders literally.
    assert.match(html, /<code>__all__<\/code> exports <code>__app__<\/code>/, html);
    assert.doesNotMatch(html.replace(/<\/?(p|strong|em|code)>/g, ''), /<(em|strong|a)\b/, `no markup from user text: ${html}`);
  });

  test('an out-of-range position and an unknown document do not kill the server', async () => {
    const target = uri('hover-range');
    client.open(target, DEMO);
    await client.waitForCurrent(target);
    assert.equal(await client.hover(target, { line: 10_000, character: 10_000 }), null);
    assert.equal(await client.hover(target, { line: RUN_LINE, character: 10_000 }), null);
    assert.equal(await client.hover('file:///tmp/never-opened.py', { line: 0, character: 0 }), null);
    assert.ok(client.alive);
    assert.ok(await client.hover(target, { line: RUN_LINE, character: 2 }), 'still answers');
  });
});

for (const mode of ['lazy', 'inline'] as const) {
  describe(`code actions (${mode === 'lazy' ? 'edits through codeAction/resolve' : 'edits inline'})`, () => {
    let client: LspClient;
    before(async () => (client = await LspClient.start({ capabilities: capabilities({ resolve: mode === 'lazy' }) })));
    after(() => client?.dispose());

    /** The fix action's edits, resolving it first in lazy mode. */
    async function fixEdits(action: CodeAction, target: string): Promise<TextEdit[]> {
      if (mode === 'inline') {
        assert.equal(action.data, undefined);
        return editsOf(action, target);
      }
      assert.equal(action.edit, undefined, 'lazy: no edit until resolved');
      assert.ok(action.data, 'lazy: data to resolve with');
      return editsOf(await client.resolve(action), target);
    }

    test('one quick fix per fixable diagnostic; safe ones are preferred', async () => {
      for (const [name, text, unfixable] of [['fixes', DEMO, []], ['fixes-guarded', GUARDED, []]] as const) {
        const target = uri(`${name}-${mode}`);
        client.open(target, text);
        const published = await client.waitForCurrent(target);
        // FLK101's fix is decided when code actions are asked for, so its data says it may have one.
        assert.deepEqual(
          published.diagnostics.filter((d) => !(d.data as { fixable: boolean }).fixable).map((d) => d.code),
          [],
          'diagnostic.data says which findings may have a fix',
        );
        for (const diagnostic of published.diagnostics) {
          const actions = await actionsFor(client, target, [diagnostic]);
          const code = String(diagnostic.code);
          const fixes = actions.filter((a) => a.kind === 'quickfix' && !a.title.startsWith('Disable ') && !a.title.startsWith('Show documentation') && a.title !== FIX_ALL_TITLE);
          assert.ok(actions.some((a) => a.title === `Disable ${code} for this file`));
          assert.ok(actions.some((a) => a.title === FIX_ALL_TITLE), 'every menu offers the safe fixes for the whole file');
          assert.ok(actions.some((a) => a.title === `Show documentation for ${code}` && a.command?.command === SHOW_DOCS && a.command.arguments?.[0] === code));
          assert.ok(actions.some((a) => a.title === `Disable ${code} for this line`));
          if ((unfixable as readonly string[]).includes(code)) {
            assert.deepEqual(fixes, [], `${code} has no fix here`);
            continue;
          }
          assert.equal(fixes.length, 1, `${code}: ${actions.map((a) => a.title).join(' | ')}`);
          const fix = fixes[0]!;
          assert.equal(fix.diagnostics?.[0]?.code, code);
          assert.equal(fix.isPreferred, SAFE.has(code), `${code} isPreferred`);
          assert.equal(fix.title.endsWith('(unsafe)'), !SAFE.has(code), `${code}: "${fix.title}"`);
        }
      }
    });

    test('applying each quick fix gives the expected text, which no longer has that finding', async () => {
      const applied = new Map<string, string>();
      for (const text of [DEMO, GUARDED]) {
        const target = uri(`apply-${mode}`);
        client.open(target, text);
        const published = await client.waitForCurrent(target);
        for (const diagnostic of published.diagnostics) {
          const code = String(diagnostic.code);
          if (applied.has(code)) continue;
          const fix = (await actionsFor(client, target, [diagnostic])).find(
            (a) => a.diagnostics?.[0]?.code === code && !a.title.startsWith('Disable ') && !a.command && a.title !== FIX_ALL_TITLE,
          );
          if (!fix) continue;
          const fixed = applyEdits(text, await fixEdits(fix, target));
          applied.set(code, fixed);
          const after = await analyse(client, fixed, `after-${code}`);
          assert.ok(!codes(after).includes(code), `${code} is gone after its fix:\n${fixed}`);
        }
      }
      assert.deepEqual([...applied.keys()].sort(), ['FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK502', 'FLK503']);
      assert.equal(applied.get('FLK501'), GUARDED);
      assert.match(applied.get('FLK503')!, /^app\.config\["SECRET_KEY"\] = os\.environ\["SECRET_KEY"\]$/m);
      assert.match(applied.get('FLK102')!, /^db = SQLAlchemy\(\)$/m);
      assert.match(applied.get('FLK102')!, /^db\.init_app\(app\)$/m);
      assert.match(applied.get('FLK101')!, /^def create_app\(/m);
      assert.match(applied.get('FLK201')!, /^@bp\.route\("\/"\)\n[\s\S]*^app\.register_blueprint\(bp\)\n\n\napp\.run\(/m);
      assert.doesNotMatch(applied.get('FLK502')!, /debug=True/);
    });

    test('"Disable FLK501 for this line" adds `# noqa: FLK501`, and the finding goes', async () => {
      const target = uri(`disable-${mode}`);
      client.open(target, DEMO);
      const published = await client.waitForCurrent(target);
      const actions = await actionsFor(client, target, [one(published, 'FLK501')]);
      const disable = actions.find((a) => a.title === 'Disable FLK501 for this line');
      assert.ok(disable, actions.map((a) => a.title).join(' | '));
      const edits = editsOf(disable, target);
      assert.equal(applyEdits(DEMO, edits).split('\n')[RUN_LINE], 'app.run(debug=True)  # noqa: FLK501');
      client.change(target, asChanges(edits));
      const after = await client.waitForCurrent(target);
      assert.deepEqual(codes(after), ['FLK101', 'FLK102', 'FLK201', 'FLK502', 'FLK503']);
    });

    test('"Disable FLK501 for this file" adds a file-level noqa line below a shebang, and the file\'s FLK501s go', async () => {
      const target = uri(`disable-file-${mode}`);
      const text = `#!/usr/bin/env python3\n${DEMO}`;
      client.open(target, text);
      const published = await client.waitForCurrent(target);
      const disable = (await actionsFor(client, target, [one(published, 'FLK501')])).find((a) => a.title === 'Disable FLK501 for this file');
      assert.ok(disable);
      const fixed = applyEdits(text, editsOf(disable, target));
      assert.ok(fixed.startsWith('#!/usr/bin/env python3\n# flask-practices: noqa: FLK501\n'), fixed);
      client.change(target, asChanges(editsOf(disable, target)));
      const after = await client.waitForCurrent(target);
      assert.deepEqual(byCode(after, 'FLK501'), []);
      // A second code joins the same line.
      const again = (await actionsFor(client, target, [one(after, 'FLK502')])).find((a) => a.title === 'Disable FLK502 for this file');
      assert.ok(applyEdits(fixed, editsOf(again!, target)).includes('# flask-practices: noqa: FLK501, FLK502\n'));
    });

    test('"Fix all safe Flask Practices problems" in a finding\'s menu applies every safe fix', async () => {
      const target = uri(`fix-all-menu-${mode}`);
      client.open(target, DEMO);
      const published = await client.waitForCurrent(target);
      const action = (await actionsFor(client, target, [one(published, 'FLK503')])).find((a) => a.title === FIX_ALL_TITLE);
      assert.ok(action);
      const fixed = applyEdits(DEMO, await fixEdits(action, target));
      const after = await analyse(client, fixed, `fix-all-menu-after-${mode}`);
      assert.deepEqual(codes(after).filter((c) => SAFE.has(c)), [], fixed);
      assert.ok(codes(after).includes('FLK503'), 'unsafe fixes are left alone');
    });

    test('a menu over two findings offers "Fix all safe Flask Practices problems" once', async () => {
      const target = uri(`fix-all-once-${mode}`);
      client.open(target, DEMO);
      const published = await client.waitForCurrent(target);
      // The caret on `debug=True` touches FLK501 (the whole call) and FLK502 (the argument).
      const actions = await actionsFor(client, target, [one(published, 'FLK502'), one(published, 'FLK501')]);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Disable FLK501 for this file') && titles.includes('Disable FLK502 for this file'), titles.join(' | '));
      assert.equal(titles.filter((t) => t === FIX_ALL_TITLE).length, 1, titles.join(' | '));
    });

    test('"Disable FLK501 for this line" extends an existing `# noqa: FLK502`', async () => {
      const target = uri(`extend-${mode}`);
      const text = DEMO.replace('app.run(debug=True)', 'app.run(debug=True)  # noqa: FLK502');
      client.open(target, text);
      const published = await client.waitForCurrent(target);
      assert.deepEqual(byCode(published, 'FLK502'), []);
      const disable = (await actionsFor(client, target, [one(published, 'FLK501')])).find((a) => a.title === 'Disable FLK501 for this line');
      assert.ok(disable);
      const edits = editsOf(disable, target);
      assert.equal(applyEdits(text, edits).split('\n')[RUN_LINE], 'app.run(debug=True)  # noqa: FLK502, FLK501');
      client.change(target, asChanges(edits));
      const after = await client.waitForCurrent(target);
      assert.deepEqual(after.diagnostics.filter((d) => d.range.start.line === RUN_LINE), []);
    });

    test('"Show documentation" opens the rule’s doc file', async () => {
      const before = client.shownDocuments.length;
      await client.executeCommand(SHOW_DOCS, ['FLK501']);
      const shown = client.shownDocuments.slice(before);
      assert.equal(shown.length, 1);
      assert.ok(shown[0]!.uri.endsWith('/docs/rules/FLK501-app-run-unguarded.md'), shown[0]!.uri);
      assert.ok(existsSync(fileURLToPath(shown[0]!.uri)));
    });

    test('source.fixAll.flaskPractices applies safe fixes only', async () => {
      const target = uri(`fixall-${mode}`);
      client.open(target, DEMO);
      await client.waitForCurrent(target);
      const whole = { start: { line: 0, character: 0 }, end: { line: 17, character: 0 } };
      for (const only of [[FIX_ALL], ['source.fixAll']]) {
        const actions = ((await client.codeActions(target, whole, { diagnostics: [], only })) ?? []).filter(isAction);
        assert.equal(actions.length, 1, `only ${only[0]}: ${actions.map((a) => a.title).join(' | ')}`);
        assert.equal(actions[0]!.kind, FIX_ALL);
        const fixed = applyEdits(DEMO, editsOf(actions[0]!, target));
        assert.match(fixed, /^if __name__ == "__main__":$/m);
        assert.match(fixed, /"dev-secret"/, 'the unsafe FLK503 fix is not applied');
        assert.match(fixed, /debug=True/, 'the unsafe FLK502 fix is not applied');
        const after = await analyse(client, fixed, 'fixall-result');
        assert.deepEqual(codes(after), ['FLK101', 'FLK201', 'FLK502', 'FLK503']);
      }
      // Quick fixes are not asked for, so none are returned.
      const quick = ((await client.codeActions(target, whole, { diagnostics: [], only: [FIX_ALL] })) ?? []).filter(isAction);
      assert.ok(quick.every((a) => a.kind === FIX_ALL));
    });

    test('a code action for a stale version returns nothing rather than wrong edits', async () => {
      const target = uri(`stale-${mode}`);
      client.open(target, DEMO);
      const published = await client.waitForCurrent(target);
      client.change(target, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
      // Asked before the new analysis arrives or after: either no action, or one for the new text.
      const actions = await actionsFor(client, target, [one(published, 'FLK501')]);
      for (const action of actions.filter((a) => a.edit)) {
        for (const edit of editsOf(action, target)) assert.notEqual(edit.range.start.line, RUN_LINE, 'an edit for the old line numbers');
      }
      await client.waitForCurrent(target);
    });
  });
}

describe('settings', () => {
  test('didChangeConfiguration (select, ignore, severity off and error) re-analyses open documents', async () => {
    const client = await LspClient.start({ capabilities: capabilities({ configuration: false }) });
    try {
      const first = uri('settings-a');
      const second = uri('settings-b');
      client.open(first, DEMO);
      client.open(second, DEMO);
      await client.waitForDiagnostics(first, hasCodes('FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK502', 'FLK503'));
      await client.waitForDiagnostics(second, hasCodes('FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK502', 'FLK503'));

      client.changeConfiguration({ flaskPractices: { debounceMs: 0, select: ['FLK5'] } });
      await client.waitForDiagnostics(first, hasCodes('FLK501', 'FLK502', 'FLK503'));
      await client.waitForDiagnostics(second, hasCodes('FLK501', 'FLK502', 'FLK503'));

      client.changeConfiguration({ flaskPractices: { debounceMs: 0, select: ['FLK5'], ignore: ['FLK503'] } });
      await client.waitForDiagnostics(first, hasCodes('FLK501', 'FLK502'));

      client.changeConfiguration({ flaskPractices: { debounceMs: 0, severity: { FLK501: 'off', FLK502: 'error' } } });
      const published = await client.waitForDiagnostics(first, hasCodes('FLK101', 'FLK102', 'FLK201', 'FLK502', 'FLK503'));
      assert.equal(one(published, 'FLK502').severity, 1, 'error');
      assert.equal(one(published, 'FLK503').severity, defaultSeverity('FLK503'), 'the default');
      assert.equal(one(published, 'FLK101').severity, defaultSeverity('FLK101'), 'the default');

      client.changeConfiguration({ flaskPractices: { debounceMs: 0, enable: false } });
      assert.deepEqual((await client.waitForDiagnostics(first, (p) => p.diagnostics.length === 0)).diagnostics, []);

      // Malformed settings fall back to defaults instead of breaking the checker.
      client.changeConfiguration({ flaskPractices: { debounceMs: 0, select: 'FLK5', severity: { FLK502: 'loud' } } });
      await client.waitForDiagnostics(first, hasCodes('FLK101', 'FLK102', 'FLK201', 'FLK501', 'FLK502', 'FLK503'));
    } finally {
      await client.dispose();
    }
  });

  test('with workspace/configuration the server asks per document, and asks again after a change', async () => {
    let current: Record<string, unknown> = { debounceMs: 0, severity: { FLK503: 'error' } };
    const asked: { scopeUri?: string; section?: string }[] = [];
    const client = await LspClient.start({
      capabilities: capabilities({ configuration: true }),
      configuration: (params) => {
        asked.push(...params.items);
        return params.items.map(() => current);
      },
    });
    try {
      const target = uri('configuration');
      client.open(target, DEMO);
      const published = await client.waitForCurrent(target);
      assert.equal(one(published, 'FLK503').severity, 1);
      assert.ok(asked.some((item) => item.scopeUri === target && item.section === 'flaskPractices'), JSON.stringify(asked));

      current = { debounceMs: 0, ignore: ['FLK1'] };
      client.changeConfiguration({});
      await client.waitForDiagnostics(target, hasCodes('FLK201', 'FLK501', 'FLK502', 'FLK503'));
    } finally {
      await client.dispose();
    }
  });

  test('run: onSave analyses on save, not while typing', async () => {
    const client = await LspClient.start({ settings: { run: 'onSave' } });
    try {
      const target = uri('on-save');
      client.open(target, DEMO);
      await client.waitForDiagnostics(target, (p) => p.diagnostics.length === 6);
      client.change(target, [{ range: { start: { line: RUN_LINE, character: 0 }, end: { line: RUN_LINE + 1, character: 0 } }, text: '' }]);
      client.save(target);
      const saved = await client.waitForDiagnostics(target, (p) => p.version === 2);
      assert.deepEqual(codes(saved), ['FLK101', 'FLK102', 'FLK201', 'FLK503']);
      // A round trip through the analysis worker: had the change been analysed too, its
      // publication (queued before the save's) would have arrived by now.
      await client.codeActions(target, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: [FIX_ALL] });
      const forVersion2 = client.publications.filter((p) => p.params.uri === target && p.params.version === 2);
      assert.equal(forVersion2.length, 1, 'one analysis, on save');
    } finally {
      await client.dispose();
    }
  });
  test('run: onSave: before the save, findings move with unsaved edits; code actions and hovers follow them', async () => {
    const client = await LspClient.start({ settings: { run: 'onSave' } });
    try {
      const target = uri('on-save-moved');
      client.open(target, DEMO);
      const published = await client.waitForDiagnostics(target, (p) => p.diagnostics.length === 6);
      const flk503 = one(published, 'FLK503');
      // Two lines typed above the secret key; the file is not saved, so nothing is analysed.
      const inserted = '# settings\n# more\n';
      client.change(target, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: inserted }]);
      const moved = { start: { ...flk503.range.start, line: flk503.range.start.line + 2 }, end: { ...flk503.range.end, line: flk503.range.end.line + 2 } };
      // The client may send the diagnostic where it was published, or where it moved to.
      for (const range of [flk503.range, moved]) {
        const actions = await actionsFor(client, target, [{ ...flk503, range }]);
        const titles = actions.map((a) => a.title);
        assert.ok(titles.includes('Disable FLK503 for this line'), titles.join(' | '));
        assert.ok(titles.includes('Show documentation for FLK503'));
        assert.ok(!titles.some((t) => t.startsWith('Read the secret key')), 'no fix computed for an older text');
        const disable = actions.find((a) => a.title === 'Disable FLK503 for this line')!;
        assert.equal(editsOf(disable, target)[0]!.range.start.line, moved.start.line, 'the noqa goes on the line that holds the key now');
      }
      assert.match(hoverMarkdown(await client.hover(target, moved.start)), /^### FLK503 /);
      assert.equal(await client.hover(target, flk503.range.start), null, 'no finding on the line that now holds other code');
      // An edit on the finding's own line drops it until the next analysis.
      client.change(target, [{ range: { start: moved.start, end: moved.start }, text: ' ' }]);
      assert.equal(await client.hover(target, moved.start), null);
    } finally {
      await client.dispose();
    }
  });
});

describe('robustness and encodings', () => {
  test('a change for a never-opened document does not kill the server', async () => {
    const client = await LspClient.start();
    try {
      client.change('file:///tmp/never-opened.py', [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }], 7);
      const target = uri('after-unknown-change');
      client.open(target, DEMO);
      const published = await client.waitForCurrent(target);
      assert.equal(published.diagnostics.length, 6);
      assert.ok(client.alive);
      // A change whose range lies past the end of the document is clamped, not fatal.
      client.change(target, [{ range: { start: { line: 500, character: 3 }, end: { line: 900, character: 0 } }, text: '\napp.run()\n' }]);
      const grown = await client.waitForCurrent(target);
      assert.equal(byCode(grown, 'FLK501').length, 2);
    } finally {
      await client.dispose();
    }
    assert.equal(await client.exitCode(), 0, 'a clean shutdown');
  });

  test('a client that offers only UTF-8 gets ranges in UTF-8 bytes', async () => {
    const client = await LspClient.start({ capabilities: capabilities({ encodings: ['utf-8'] }) });
    try {
      assert.equal(client.positionEncoding, 'utf-8');
      const target = uri('utf8');
      const text = 'from flask import Flask\n\napp = Flask(__name__)\nx = "é漢😀"; app.run()\n';
      client.open(target, text);
      let published = await client.waitForCurrent(target);
      // `x = "` 5 + é 2 + 漢 3 + 😀 4 + `"; ` 3 = 17 bytes before app.run().
      assert.deepEqual(one(published, 'FLK501').range, { start: { line: 3, character: 17 }, end: { line: 3, character: 26 } });

      // Incremental edits are read in UTF-8 too: insert ü (2 bytes) right after the emoji.
      client.change(target, [{ range: { start: { line: 3, character: 14 }, end: { line: 3, character: 14 } }, text: 'ü' }]);
      published = await client.waitForCurrent(target);
      assert.deepEqual(one(published, 'FLK501').range, { start: { line: 3, character: 19 }, end: { line: 3, character: 28 } });

      assert.ok(await client.hover(target, { line: 3, character: 20 }), 'hovers are asked in UTF-8 too');

      // Split the line before app.run(); "Disable for this line" is built from the server's copy
      // of the text, so its position shows that copy took both edits at the right place.
      client.change(target, [{ range: { start: { line: 3, character: 19 }, end: { line: 3, character: 19 } }, text: '\n' }]);
      published = await client.waitForCurrent(target);
      assert.deepEqual(one(published, 'FLK501').range, { start: { line: 4, character: 0 }, end: { line: 4, character: 9 } });
      const disable = (await actionsFor(client, target, [one(published, 'FLK501')])).find((a) => a.title === 'Disable FLK501 for this line');
      assert.ok(disable);
      assert.deepEqual(editsOf(disable, target), [{ range: { start: { line: 4, character: 9 }, end: { line: 4, character: 9 } }, newText: '  # noqa: FLK501' }]);
    } finally {
      await client.dispose();
    }
  });

  test('a client that offers only UTF-32 gets code-point columns', async () => {
    const client = await LspClient.start({ capabilities: capabilities({ encodings: ['utf-32'] }) });
    try {
      assert.equal(client.positionEncoding, 'utf-32');
      const target = uri('utf32');
      client.open(target, 'from flask import Flask\n\napp = Flask(__name__)\nx = "é漢😀"; app.run()\n');
      const published = await client.waitForCurrent(target);
      assert.deepEqual(one(published, 'FLK501').range, { start: { line: 3, character: 11 }, end: { line: 3, character: 20 } });
    } finally {
      await client.dispose();
    }
  });

  test('a client that offers UTF-16 among others keeps UTF-16', async () => {
    const client = await LspClient.start({ capabilities: capabilities({ encodings: ['utf-8', 'utf-16'] }) });
    try {
      assert.equal(client.positionEncoding, 'utf-16');
    } finally {
      await client.dispose();
    }
  });
});

/** A realistic module of about `lines` lines: blueprints, models, helpers, routes (more than FLK202's limit), plus one finding per rule. */
function generateFlaskModule(lines: number): string {
  const head = [
    '"""A large generated Flask module for timing."""',
    'import os',
    'from datetime import datetime',
    '',
    'from flask import Blueprint, Flask, abort, jsonify, request',
    'from flask_sqlalchemy import SQLAlchemy',
    '',
    'app = Flask(__name__)',
    'app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///bench.db"',
    'app.config["SECRET_KEY"] = "not-really-secret"',
    'db = SQLAlchemy(app)',
    '',
  ];
  const block = (i: number) => [
    '',
    `bp${i} = Blueprint("bp${i}", __name__, url_prefix="/section-${i}")`,
    '',
    '',
    `class Item${i}(db.Model):`,
    `    __tablename__ = "item_${i}"`,
    '    id = db.Column(db.Integer, primary_key=True)',
    '    name = db.Column(db.String(80), nullable=False)',
    '    created = db.Column(db.DateTime, default=datetime.utcnow)',
    '',
    '    def to_dict(self):',
    '        return {"id": self.id, "name": self.name, "created": self.created.isoformat()}',
    '',
    '',
    `def _validated_name_${i}(payload):`,
    '    if not isinstance(payload, dict):',
    '        abort(400)',
    '    name = str(payload.get("name", "")).strip()',
    '    if not name or len(name) > 80:',
    '        abort(422)',
    '    return name',
    '',
    '',
    `@bp${i}.route("/items")`,
    `def list_items_${i}():`,
    `    items = Item${i}.query.order_by(Item${i}.id).all()`,
    '    return jsonify([item.to_dict() for item in items])',
    '',
    '',
    `@bp${i}.route("/items/<int:item_id>")`,
    `def get_item_${i}(item_id):`,
    `    item = db.get_or_404(Item${i}, item_id)`,
    '    return jsonify(item.to_dict())',
    '',
    '',
    `@bp${i}.route("/items", methods=["POST"])`,
    `def create_item_${i}():`,
    `    name = _validated_name_${i}(request.get_json(silent=True))`,
    `    item = Item${i}(name=name)`,
    '    db.session.add(item)',
    '    db.session.commit()',
    '    return jsonify(item.to_dict()), 201',
    '',
    '',
    `app.register_blueprint(bp${i})`,
  ];
  const tail = ['', '', 'app.run(debug=True)', ''];
  const out = [...head];
  const blockSize = block(0).length;
  for (let i = 0; out.length + blockSize + tail.length <= lines; i++) out.push(...block(i));
  while (out.length + tail.length < lines) out.push(`# padding ${out.length}`);
  out.push(...tail);
  return out.join('\n');
}

describe('timing (printed, not asserted)', () => {
  test('didOpen of a 5,000-line Flask module → publishDiagnostics', async () => {
    const client = await LspClient.start();
    try {
      // Warm up: the worker loads the grammar on start; time the steady state.
      const warm = uri('warm-up');
      client.open(warm, DEMO);
      await client.waitForCurrent(warm);

      const text = generateFlaskModule(5_000);
      assert.equal(text.split('\n').length, 5_000);
      const target = uri('five-thousand');
      const started = performance.now();
      client.open(target, text);
      const published = await client.waitForCurrent(target);
      const openMs = performance.now() - started;
      assert.deepEqual([...new Set(codes(published))], ['FLK101', 'FLK102', 'FLK202', 'FLK501', 'FLK502', 'FLK503']);

      const line = 3_000;
      const editStarted = performance.now();
      client.change(target, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'app.run()\n' }]);
      const edited = await client.waitForCurrent(target);
      const editMs = performance.now() - editStarted;
      assert.equal(byCode(edited, 'FLK501').length, 2);
      console.log(`5,000-line file (${(text.length / 1024).toFixed(0)} KiB): didOpen → publishDiagnostics ${openMs.toFixed(1)} ms; one-line edit → publishDiagnostics ${editMs.toFixed(1)} ms`);
    } finally {
      await client.dispose();
    }
  });
});
