/**
 * What one keystroke's analysis leaves behind must die young. V8 collects the young generation by
 * copying what is still reachable, and it counts as reachable whatever a registered finalizer or a
 * dead closure allocated in the old generation holds: each keystroke's analysis and text were then
 * promoted, in scavenges of several milliseconds. The first and the last test failed before their
 * causes were mended; the second pins the chunked reading that keeps web-tree-sitter's own
 * old-generation closure away from the text.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import ts from 'typescript';
import { Language, Parser } from 'web-tree-sitter';
import { DEFAULT_SETTINGS, type Engine } from '../server/src/engine';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { flaskModule, typingStep } from '../bench/generate';
import { freshTreeShape, testEngine, treeShape } from './support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

describe('an analysis leaves nothing registered for finalization', () => {
  test('registrations outstanding stay the same over fifty keystrokes', () => {
    const prototype = FinalizationRegistry.prototype;
    const { register, unregister } = prototype;
    let outstanding = 0;
    prototype.register = function (this: FinalizationRegistry<unknown>, ...args: Parameters<typeof register>) {
      outstanding++;
      return register.apply(this, args);
    };
    prototype.unregister = function (this: FinalizationRegistry<unknown>, token: WeakKey) {
      const removed = unregister.call(this, token);
      if (removed) outstanding--;
      return removed;
    };
    const uri = 'file:///young/registrations.py';
    try {
      // A factory: its body's names are resolved through the semantic model's scope lookups.
      let text = `${flaskModule(400)}\n\ndef create_app():\n    app = Flask(__name__)\n    app.config["SECRET_KEY"] = "dev"\n    return app\n`;
      engine.open(uri, text, 1);
      engine.analyse(uri, DEFAULT_SETTINGS);
      // Typed into the factory, whose statement each analysis walks again.
      const at = text.lastIndexOf('"dev"') + 1;
      const counts: number[] = [];
      for (let i = 0; i < 50; i++) {
        const step = typingStep(text, at, i, 50);
        text = step.text;
        engine.change(uri, [step.change], i + 2);
        const analysis = engine.analyse(uri, DEFAULT_SETTINGS);
        assert.ok(analysis && analysis.findings.length > 0);
        counts.push(outstanding);
      }
      // The current tree may hold a cursor; nothing accumulates keystroke after keystroke.
      assert.equal(counts.at(-1), counts[0], `registrations outstanding went ${counts[0]} → ${counts.at(-1)}`);
    } finally {
      engine.close(uri);
      prototype.register = register;
      prototype.unregister = unregister;
    }
  });
});

describe('the parser reads the text in chunks', () => {
  test('the tree equals web-tree-sitter parsing the whole string, with characters of two code units across the chunk borders', async () => {
    const parser = new Parser();
    parser.setLanguage(await Language.load(loadGrammarBytes(__dirname).pythonWasm));
    try {
      // Lines of varying length so that emoji, accented letters and CRLFs fall on every offset modulo the chunk size.
      const lines: string[] = [];
      for (let i = 0; lines.join('').length < 40_000; i++) {
        lines.push(`name_${i} = "${'é'.repeat(i % 7)}${'😀'.repeat(i % 3)}${'x'.repeat(i % 13)}"  # ${'ü'.repeat(i % 5)}\r\n`);
        if (i % 11 === 0) lines.push(`def view_${i}(a, b=${i}):\n    return {"k": "${'🎉'.repeat(i % 4)}"}\n\n`);
      }
      const text = lines.join('');
      const whole = parser.parse(text)!;
      try {
        assert.equal(freshTreeShape(engine, text), treeShape(whole));
      } finally {
        whole.delete();
      }
    } finally {
      parser.delete();
    }
  });
});

describe('no function literal is assigned to a property in per-analysis code', () => {
  // V8 allocates such a closure in the old generation (it expects a method), where a dead one
  // keeps what it captured through every young collection: engine/youngClosure.ts says more.
  test('the engine, the rules and the refactorings assign closures through youngClosure', () => {
    const root = join(__dirname, '..', 'server', 'src');
    const found: string[] = [];
    const files = ['engine', 'rules', 'refactor'].flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts')).map((name) => join(root, dir, name)));
    assert.ok(files.length > 50);
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node): void => {
        if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind) && (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left))) {
          let right: ts.Expression = node.right;
          while (ts.isParenthesizedExpression(right)) right = right.expression;
          if (ts.isArrowFunction(right) || ts.isFunctionExpression(right)) found.push(`${file.slice(root.length + 1)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepEqual(found, []);
  });
});

const ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken]);
