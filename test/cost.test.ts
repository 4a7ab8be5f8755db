/**
 * Cost stays linear, checked by counting, never by timing: the tree operations an analysis makes
 * (every web-tree-sitter Node and TreeCursor call) grow in step with a findings-dense file, with
 * every fix's availability and edits asked for as the CLI and fix-all do; the anchor search reads
 * only the text it is given; and the walk guided by anchors visits the nodes a full walk would.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Node, TreeCursor } from 'web-tree-sitter';
import { cleanFunctions, findingsDenseModule } from '../bench/generate';
import { fixAvailability, type Engine, type Finding, type TextEdit } from '../server/src/engine';
import { pickFixes } from '../server/src/engine/fixes';
import { ALL_RULES, AnchorMatcher, walkToAnchors, type AnchorIndex } from '../server/src/engine/anchors';
import { FIXTURE_TEXTS } from './support/generators';
import { settingsWith, testEngine } from './support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

/**
 * Counts every call of a Node or TreeCursor method or getter while it is installed; `child(i)` and
 * `namedChild(i)` count i + 1, as tree-sitter walks the children before the i-th.
 */
class TreeOperationCounter {
  count = 0;
  private readonly restore: (() => void)[] = [];

  install(): void {
    const counter = this;
    for (const prototype of [Node.prototype, TreeCursor.prototype] as object[]) {
      for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(prototype))) {
        if (name === 'constructor') continue;
        const counted = { ...descriptor };
        const count = () => this.count++;
        if (descriptor.get) {
          const get = descriptor.get;
          counted.get = function (this: unknown) {
            count();
            return get.call(this);
          };
        } else if (typeof descriptor.value === 'function') {
          const method = descriptor.value as (...args: unknown[]) => unknown;
          // tree-sitter finds the i-th child by walking the ones before it.
          const byIndex = name === 'child' || name === 'namedChild';
          counted.value = function (this: unknown, ...args: unknown[]) {
            count();
            if (byIndex) counter.count += Number(args[0]);
            return method.apply(this, args);
          };
        } else {
          continue;
        }
        Object.defineProperty(prototype, name, counted);
        this.restore.push(() => Object.defineProperty(prototype, name, descriptor));
      }
    }
  }

  uninstall(): void {
    for (const undo of this.restore.splice(0)) undo();
  }
}

/** Tree operations of one analysis of `text`, with every finding's fix checked and its edits made. */
function treeOperations(text: string): { operations: number; findings: number } {
  const counter = new TreeOperationCounter();
  counter.install();
  try {
    return engine.analyseText(text, settingsWith({}), (analysis) => {
      for (const finding of analysis.findings) {
        if (finding.fix && fixAvailability(finding.fix).ok) finding.fix.edits();
      }
      return { operations: counter.count, findings: analysis.findings.length };
    });
  } finally {
    counter.uninstall();
  }
}

/**
 * Twice the blocks cost at most about twice the operations: a quadratic step would cost four
 * times. `findings`: the blocks have findings, which must double too.
 */
function assertLinear(name: string, make: (blocks: number) => string, findings = true): void {
  const small = treeOperations(make(60));
  const large = treeOperations(make(120));
  if (findings) assert.ok(small.findings > 0 && large.findings >= 2 * small.findings - 5, `${name}: findings double (${small.findings} → ${large.findings})`);
  assert.ok(
    large.operations <= 2.1 * small.operations,
    `${name}: ${small.operations} tree operations for ${small.findings} findings, ${large.operations} for ${large.findings}`,
  );
}

/** The benchmark's findings-dense module, `blocks` × 20 lines long: twice the blocks, twice the findings. */
function denseBlocks(blocks: number): string {
  return findingsDenseModule({ lines: blocks * 20 });
}

const HEAD = 'import os\nfrom flask import Blueprint, Flask, current_app\nfrom flask.views import MethodView\nfrom flask_migrate import Migrate\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\n';

const NAIVE_APP = readFileSync(join(__dirname, '..', 'examples', 'naive_app', 'app.py'), 'utf8');

/** Blocks repeated after HEAD, each with findings or with what rules look up for them. */
const BLOCKS: Record<string, (i: number) => string> = {
  'findings on every line, and no block to read the indentation from': () =>
    'app = Flask(__name__)\napp.config["SECRET_KEY"] = "x"\napp.config["DEBUG"] = True\napp.run(debug=True)\n',
  'the project’s naive example app': () => `${NAIVE_APP}\n\n`,
  'extensions bound to the app': (i) => `db${i} = SQLAlchemy(app)\nmigrate${i} = Migrate(app, db${i})\n`,
  'config written in functions that take the app': (i) =>
    `\ndef configure${i}(app):\n    app.config["DEBUG"] = True\n    app.config.update(SECRET_KEY="k", DEBUG=True)\n    app.run(debug=True)\n`,
  'config classes, each with its base class defined after it': (i) =>
    `\nclass ProdConfig${i}(Base${i}):\n    SECRET_KEY = "x${i}"\n    DEBUG = True\n\n\nclass Base${i}:\n    X = 1\n`,
  'factories, each guarding its own dev server': (i) =>
    `\ndef create_app${i}():\n    app = Flask(__name__)\n    app.secret_key = "k"\n    app.debug = True\n    if __name__ == "__main__":\n        app.run(debug=True)\n    return app\n`,
  'suppressed findings': (i) => `app.config["SECRET_KEY"] = "k${i}"  # noqa: FLK503\napp.config["DEBUG"] = True  # noqa\napp.run()\n`,
  'a module that loads itself as config': (i) => `DEBUG = True\nSECRET_KEY = "x${i}"\napp.config.from_object(__name__)\n`,
};

describe('findings-dense files cost linear time', () => {
  test('the benchmark’s module: each fix adds `import os` and FLK101’s is refused', () => {
    assertLinear('dense', denseBlocks);
  });

  for (const [name, block] of Object.entries(BLOCKS)) {
    test(name, () => assertLinear(name, (blocks) => HEAD + Array.from({ length: blocks }, (_, i) => block(i)).join('')));
  }

  test('one app whose factory rewrite is planned: routes, helpers and config lines', () => {
    const block = (i: number) =>
      `\n@app.route("/r${i}")\ndef r${i}():\n    return str(helper${i}())\n\n\ndef helper${i}():\n    return current_app.config.get("K${i}")\n\n\napp.config["K${i}"] = ${i}\n`;
    const make = (blocks: number) => `${HEAD}${Array.from({ length: blocks }, (_, i) => block(i)).join('')}\nif __name__ == "__main__":\n    app.run()\n`;
    assert.ok(engine.analyseText(make(2), settingsWith({}), (a) => a.findings.some((f) => f.code === 'FLK101' && f.fix && fixAvailability(f.fix).ok)), 'the plan is made');
    assertLinear('planned', make, false);
  });

  test('lone CR line breaks, which tree-sitter reads as one wide ERROR node', () => {
    assertLinear('CR', (blocks) => denseBlocks(blocks).replace(/\n/g, '\r'), false);
  });
});

describe('anchors', () => {
  const matcher = AnchorMatcher.for(['run', 'debug', 'secret_key', 'SQLAlchemy', 'app'].map((word, i) => ({ word, bit: 1 << i })));

  test('the search reads only the text between `from` and `to`, however much follows', (t) => {
    const text = `x = 1\n${cleanFunctions(200_000)}app.run(debug=True)\n`;
    const exec = RegExp.prototype.exec;
    const lengths: number[] = [];
    t.mock.method(RegExp.prototype, 'exec', function (this: RegExp, input: string) {
      lengths.push(input.length);
      return exec.call(this, input);
    });
    const index = matcher.index(text, 0, 'x = 1'.length);
    t.mock.restoreAll();
    assert.equal(index.any(0, text.length), false);
    assert.ok(lengths.length > 0 && lengths.every((length) => length <= 'x = 1'.length), `searched texts of ${lengths.join(', ')} characters`);
  });

  test('a statement’s anchors are the whole text’s anchors inside it, and the walk to them visits what a full walk would', () => {
    const texts = [...FIXTURE_TEXTS, denseBlocks(3), 'x = ("SECRET_" "KEY", "", """doc""", r"a" b"b")\n'];
    for (const text of texts) {
      engine.inspectModel(text, (model) => {
        const whole = matcher.index(text, 0, text.length);
        const cursor = model.root.walk();
        try {
          for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
            const { startIndex: start, endIndex: end } = cursor;
            const own = matcher.index(text, start, end);
            assert.deepEqual(anchorsIn(own, start, end), anchorsIn(whole, start, end), `anchors of ${JSON.stringify(cursor.currentNode.text.slice(0, 60))}`);
            const walked: string[] = [];
            walkToAnchors(cursor, { start, end }, own, (typeId) => isWalked(model.root, typeId), (typeId: number, from: number, to: number) => walked.push(`${typeId}@${from}-${to}`));
            assert.equal(cursor.startIndex, start, 'the cursor is back');
            assert.deepEqual(walked, fullWalk(cursor.currentNode, own), `walk of ${JSON.stringify(cursor.currentNode.text.slice(0, 60))}`);
          }
        } finally {
          cursor.delete();
        }
      });
    }
  });

  test('with rules narrowed in function bodies, the walk visits what a full walk under those rules would, and returns', async () => {
    const engine = await testEngine();
    // `app` (bit 16) counts only outside function bodies, as an import-time rule's anchors do.
    const importTime = 1 << 4;
    const text = `app = make()\n\n\n@app.route("/")\ndef view(x=app.run):\n    app.run(debug=True)\n    def inner():\n        return app\n\n\nclass C:\n    y = app\n\n    def m(self):\n        return run()\n\n    z = app\n${denseBlocks(2)}`;
    engine.inspectModel(text, (model) => {
      const names = model.root.tree.language.types;
      const narrow = (parent: number, child: number) => (names[parent] === 'function_definition' && names[child] === 'block' ? ~importTime : ALL_RULES);
      const cursor = model.root.walk();
      try {
        for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
          const { startIndex: start, endIndex: end } = cursor;
          const own = matcher.index(text, start, end);
          const walked: string[] = [];
          walkToAnchors(cursor, { start, end }, own, (typeId) => isWalked(model.root, typeId), (typeId: number, from: number, to: number, rules: number) => walked.push(`${typeId}@${from}-${to}/${rules & importTime ? 'all' : 'narrowed'}`), narrow);
          assert.equal(cursor.startIndex, start, 'the cursor is back');
          assert.deepEqual(walked, narrowedWalk(cursor.currentNode, own, ALL_RULES, importTime), `walk of ${JSON.stringify(cursor.currentNode.text.slice(0, 60))}`);
        }
      } finally {
        cursor.delete();
      }
    });
  });

  test('an empty anchor word (a name broken code binds as "") matches nothing and ends the search', () => {
    const withEmpty = AnchorMatcher.for([{ word: '', bit: 1 }, { word: 'run', bit: 2 }]);
    const text = 'x = 1\napp.run()\n';
    const index = withEmpty.index(text, 0, text.length);
    assert.equal(index.any(0, text.indexOf('run')), false);
    assert.equal(index.bits(0, text.length), 2);
  });
});

function anchorsIn(index: AnchorIndex, start: number, end: number): number[] {
  const offsets: number[] = [];
  for (let at = index.next(start); at < end; at = index.next(at + 1)) offsets.push(at);
  return offsets;
}

/** What the runner walks into: named nodes, ERROR (type id 65535) excepted. */
function isWalked(root: Node, typeId: number): boolean {
  return typeId !== 65535 && root.tree.language.nodeTypeIsNamed(typeId);
}

/** The reference: depth first through every named, non-ERROR node that holds an anchor. */
function fullWalk(node: Node, anchors: AnchorIndex): string[] {
  if (!node.isNamed || node.type === 'ERROR' || !anchors.any(node.startIndex, node.endIndex)) return [];
  return [`${node.typeId}@${node.startIndex}-${node.endIndex}`, ...node.children.flatMap((child) => (child ? fullWalk(child, anchors) : []))];
}

/** The reference with narrowing: below a function's body, anchors of `importTime` rules do not count. */
function narrowedWalk(node: Node, anchors: AnchorIndex, rules: number, importTime: number): string[] {
  if (!node.isNamed || node.type === 'ERROR' || !anchorsIn(anchors, node.startIndex, node.endIndex).some((at) => (anchors.bits(at, at + 1) & rules) !== 0)) return [];
  const below = (child: Node) => (node.type === 'function_definition' && child.type === 'block' ? rules & ~importTime : rules);
  return [`${node.typeId}@${node.startIndex}-${node.endIndex}/${rules & importTime ? 'all' : 'narrowed'}`, ...node.children.flatMap((child) => (child ? narrowedWalk(child, anchors, below(child), importTime) : []))];
}

describe('fix-all', () => {
  /** Range reads while picking the fixes of `count` findings, each adding the same import and changing its own line. */
  function rangeReads(count: number): number {
    let reads = 0;
    const edit = (start: number, end: number, newText: string): TextEdit => {
      const range = { start, end };
      return {
        newText,
        get range() {
          reads++;
          return range;
        },
      };
    };
    const findings: Finding[] = Array.from({ length: count }, (_, i) => ({
      code: 'FLK503',
      messageId: 'literal',
      message: '',
      range: { start: 100 + 10 * i, end: 105 + 10 * i },
      severity: 'error',
      fix: { title: '', safety: 'unsafe', edits: () => [edit(0, 0, 'import os\n'), edit(100 + 10 * i, 105 + 10 * i, 'os.environ["SECRET_KEY"]')] },
    }));
    const picked = pickFixes(findings, true);
    assert.equal(picked.length, count + 1, 'one import, then every fix');
    return reads;
  }

  test('picking the fixes to apply reads each edit a logarithmic number of times, not once per earlier pick', () => {
    const [small, large] = [rangeReads(2_000), rangeReads(4_000)];
    assert.ok(large <= 2.5 * small, `${small} range reads for 2,000 fixes, ${large} for 4,000`);
  });
});
