/**
 * The engine's semantic model: bindings in source order, what a name refers to where it stands,
 * qualified names through every import form, and the rules that rely on them.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import type { Engine } from '../server/src/engine';
import type { FlaskModel } from '../server/src/engine/model';
import { SemanticModel } from '../server/src/engine/semantic/semanticModel';
import { findingsDenseModule, flaskModule } from '../bench/generate';
import { settingsWith, testEngine } from './support/engine';
import { fixtureSources } from './support/fixtureSources';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

/** The `index`-th identifier spelled `name` in the module (0-based, in source order). */
function identifier(model: FlaskModel, name: string, index = 0): Node {
  const found = model.root.descendantsOfType('identifier').filter((n) => n?.text === name);
  const node = found[index];
  assert.ok(node, `no identifier ${name} #${index}`);
  return node;
}

/** The qualified name of the expression whose text is `source` (its first occurrence as a node). */
function qualified(text: string, source: string): string | undefined {
  return engine.inspectModel(text, (model) => {
    const offset = text.lastIndexOf(source);
    let node: Node | null = model.root.descendantForIndex(offset, offset + source.length);
    while (node && node.text !== source) node = node.parent;
    assert.ok(node, `no node for ${source}`);
    return model.qualifiedName(node);
  });
}

describe('qualified names', () => {
  test('every import form and alias names flask.Flask', () => {
    assert.equal(qualified('import flask\nflask.Flask\n', 'flask.Flask'), 'flask.Flask');
    assert.equal(qualified('from flask import Flask as F\nF\n', 'F'), 'flask.Flask');
    assert.equal(qualified('import flask as fl\nfl.Flask\n', 'fl.Flask'), 'flask.Flask');
    assert.equal(qualified('from flask.app import Flask\nFlask\n', 'Flask'), 'flask.Flask');
    assert.equal(qualified('import flask.app\nflask.app.Flask\n', 'flask.app.Flask'), 'flask.Flask');
    assert.equal(qualified('import flask.app as fa\nfa.Flask\n', 'fa.Flask'), 'flask.Flask');
    assert.equal(qualified('from flask import views\nviews.MethodView\n', 'views.MethodView'), 'flask.views.MethodView');
    assert.equal(qualified('import flask\nMake = flask.Flask\nMake\n', 'Make'), 'flask.Flask');
  });

  test('a name that is rebound, local or unknown has no qualified name there', () => {
    assert.equal(qualified('from flask import Flask\nFlask = dict\nFlask\n', 'Flask'), undefined);
    assert.equal(qualified('Flask\n', 'Flask'), undefined);
    assert.equal(qualified('from flask import Flask\ndef f(Flask):\n    return Flask\n', 'Flask'), undefined);
    assert.equal(qualified('from flask import request\nrequest.args\n', 'request.args'), 'flask.request.args');
  });

  test('a function body sees the module bindings as they are when it runs', () => {
    const text = 'import json as fl\ndef f():\n    return fl.loads\nimport flask as fl\n';
    assert.equal(qualified(text, 'fl.loads'), 'flask.loads');
  });
});

describe('bindings', () => {
  test('a reference sees the last binding made before it; the right side reads the old one', () => {
    const text = 'from flask import Flask\napp = Flask(__name__)\napp = wrap(app)\napp.run()\n';
    engine.inspectModel(text, (model) => {
      const onRight = model.semantic.bindingOf(identifier(model, 'app', 2));
      assert.equal(onRight?.value?.text, 'Flask(__name__)');
      const atRun = model.semantic.bindingOf(identifier(model, 'app', 3));
      assert.equal(atRun?.value?.text, 'wrap(app)');
    });
  });

  test('scopes: parameters, locals, global, nonlocal, class bodies and comprehensions', () => {
    const text = [
      'x = 1',
      'class C:',
      '    x = 2',
      '    def m(self):',
      '        return x',
      'def outer():',
      '    x = 3',
      '    def inner():',
      '        nonlocal x',
      '        return x',
      '    return [x for x in range(3)]',
      'def g():',
      '    global x',
      '    return x',
      '',
    ].join('\n');
    engine.inspectModel(text, (model) => {
      const valueOf = (index: number) => model.semantic.bindingOf(identifier(model, 'x', index))?.value?.text;
      // The method skips the class body: it sees the module's x.
      assert.equal(valueOf(2), '1');
      // nonlocal reads outer's x.
      assert.equal(valueOf(5), '3');
      // The comprehension's x is its loop target.
      assert.equal(model.semantic.bindingOf(identifier(model, 'x', 6))?.kind, 'loop');
      // global reads the module's x.
      assert.equal(valueOf(9), '1');
    });
  });

  test('module bindings list rebinding, in source order', () => {
    engine.inspectModel('app = make()\nif x:\n    app = 1\nfor app in y:\n    pass\n', (model) => {
      assert.deepEqual(
        model.semantic.module.bindings('app').map((b) => b.kind),
        ['assignment', 'assignment', 'loop'],
      );
    });
  });
});

describe('a keystroke takes over the last module scope when the module binds the same names', () => {
  const BEFORE = ['import flask as fl', 'from flask import Flask', '', 'app = Flask(__name__)', '', 'def view():', '    return "a"', '', 'class Config:', '    DEBUG = False', '', 'app = fl.Flask("other")', ''].join('\n');
  const NAMES = ['fl', 'Flask', 'app', 'view', 'Config'];

  /** Every name's bindings as plain facts, and the binding each sees at the end of each line. */
  function answers(model: SemanticModel, text: string): unknown {
    const ends = [...text.matchAll(/\n/g)].map((m) => m.index);
    return NAMES.map((name) => ({
      name,
      bindings: model.module.bindings(name).map((b) => [b.kind, b.visibleFrom, b.qualifiedName, b.node?.text, b.value?.text]),
      seen: ends.map((at) => model.module.visibleAt(name, at)?.visibleFrom),
    }));
  }

  /** The model of `after` built with the model of `before` as the last analysis's, and a fresh one. */
  function both<T>(before: string, after: string, use: (reused: SemanticModel, fresh: SemanticModel, last: SemanticModel) => T): T {
    return engine.inspectModel(before, (last) =>
      engine.inspectModel(after, (model) => use(new SemanticModel(model.root, after, undefined, false, last.semantic.module), new SemanticModel(model.root, after), last.semantic)),
    );
  }

  test('an edit inside a body: the tables are shared, the bindings are the new tree\'s, and every answer is a fresh model\'s', () => {
    const after = BEFORE.replace('return "a"', 'return "abc"');
    both(BEFORE, after, (reused, fresh, last) => {
      assert.equal(reused.module.bindings('app'), last.module.bindings('app'), 'the same list: taken over');
      assert.equal(reused.module.bindings('app')[0]!.node!.tree, reused.root.tree, "the binding is the new tree's");
      assert.deepEqual(answers(reused, after), answers(fresh, after));
    });
  });

  test('a renamed binding: a scope of its own, as a fresh model has it', () => {
    const after = BEFORE.replace('app = Flask(__name__)', 'application = Flask(__name__)');
    both(BEFORE, after, (reused, fresh, last) => {
      assert.notEqual(reused.module.bindings('app'), last.module.bindings('app'));
      assert.deepEqual(answers(reused, after), answers(fresh, after));
      assert.deepEqual(reused.module.bindings('application').map((b) => b.visibleFrom), fresh.module.bindings('application').map((b) => b.visibleFrom));
    });
  });

  test('a scope is taken over once: a second model from the same last one builds its own', () => {
    const after = BEFORE.replace('return "a"', 'return "ab"');
    engine.inspectModel(BEFORE, (last) =>
      engine.inspectModel(after, (model) => {
        const first = new SemanticModel(model.root, after, undefined, false, last.semantic.module);
        const second = new SemanticModel(model.root, after, undefined, false, last.semantic.module);
        assert.equal(first.module.bindings('app'), last.semantic.module.bindings('app'));
        assert.notEqual(second.module.bindings('app'), first.module.bindings('app'));
        assert.deepEqual(answers(second, after), answers(first, after));
      }),
    );
  });
});

describe('module-level code', () => {
  // A fresh analysis reads every statement's answer from one search of the text; a keystroke reads
  // only the statements it asks about. Both must say the same of every node.
  test('read for every statement at once, or one statement at a time, the answers agree', () => {
    const texts = [
      'undef = 1\nclassy = lambda: 2\nx = [a for a in b]\nfor_each(1)\n@app.route("/")\n@deco(lambda: 1)\ndef view():\n    return 1\n',
      'class Config:\n    DEBUG = True\n\nasync def f(): pass\nif x:\n    def g(): pass\ny = 1; def h(): pass\n',
      'a = 1\n  def broken(:\nb = {k: v for k, v in c}\n@x\nclass C: pass\n',
      findingsDenseModule({ lines: 60 }),
      flaskModule(300),
    ];
    for (const text of texts) {
      engine.inspectModel(text, (model) => {
        const eager = new SemanticModel(model.root, text, undefined, true);
        const lazy = new SemanticModel(model.root, text, undefined, false);
        const cursor = model.root.walk();
        let nodes = 0;
        for (let more = true; more; ) {
          const node = cursor.currentNode;
          nodes++;
          assert.equal(eager.inPlainStatement(node), lazy.inPlainStatement(node), `${node.type} at ${node.startIndex} in ${JSON.stringify(text.slice(0, 40))}`);
          if (cursor.gotoFirstChild()) continue;
          while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) { more = false; break; }
        }
        cursor.delete();
        assert.ok(nodes > 20);
      });
    }
  });
});

describe('rules see what a name is bound to', () => {
  const DONE_WHEN = [
    'from flask import Flask',
    '',
    'app = Flask(__name__)',
    'app.run(debug=True)',
    'app.run()',
    'app.run(debug=False)',
    'run(debug=True)',
    'foo.run(debug=True)',
    'app = 1',
    'app.run(debug=True)',
    '',
  ].join('\n');

  test('rebinding: FLK502 once, FLK501 on the three calls made while app is the app', () => {
    const found = engine.analyseText(DONE_WHEN, settingsWith({}), (a) =>
      a.findings.map((f) => `${f.code}:${a.lines.lineOf(f.range.start) + 1}`),
    );
    // FLK101 is right too: the module still builds an app at import time.
    assert.deepEqual(found.sort(), ['FLK101:3', 'FLK501:4', 'FLK501:5', 'FLK501:6', 'FLK502:4'].sort());
  });

  test('an edit that rebinds the app above an untouched call updates its findings', () => {
    const uri = 'file:///rebind.py';
    engine.open(uri, DONE_WHEN, 1);
    const codesOnLine = (line: number) =>
      engine.analyse(uri, settingsWith({}))!.findings.filter((f) => engine.document(uri)!.lines.lineOf(f.range.start) === line).map((f) => f.code);
    assert.deepEqual(codesOnLine(5), ['FLK501']);
    engine.change(uri, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: 'app = None\n' }], 2);
    assert.deepEqual(codesOnLine(5), [], 'the call after `app = None` is no longer an app.run');
    engine.close(uri);
  });
});

describe('walrus bindings', () => {
  test('a walrus in a condition binds in the function; one in a lambda binds in the lambda', () => {
    const text = ['def view():', '    if (token := read()):', '        return token', '    f = lambda: (inner := 1)', '    return inner', ''].join('\n');
    engine.inspectModel(text, (model) => {
      assert.equal(model.semantic.bindingOf(identifier(model, 'token', 1))?.kind, 'walrus');
      assert.equal(model.semantic.bindingOf(identifier(model, 'inner', 1)), undefined);
    });
  });
});

describe("a module-level function's body start from its header's text", () => {
  const SHAPES = [
    'def a(): return request.args',
    'def b(x=lambda y: y, z={1: 2}, *, w: dict[str, int] = {}) -> list[int]:\n    return [x]',
    'async def c(\n    x,\n    y=(1, 2),\n):\n    # a comment first\n\n    return x',
    '@app.route("/d", methods=["GET"])\n@login_required\ndef d(): pass',
    'def e(x="a:b"):\n    pass',
    'def f(x):  # the header ends here\n    pass',
    'def g[T: int](x: T) -> T:\n    return x',
    '@app.route(\n    "/h",\n)\ndef h():\n    pass',
    'class K:\n    def m(self):\n        pass',
  ];

  test('is the end of the header, and only blanks and comments stand between it and the body', () => {
    let read = 0;
    for (const text of [SHAPES.join('\n\n\n'), ...fixtureSources()]) {
      engine.inspectModel(text, (model) => {
        const semantic = model.semantic;
        const fromTree = new SemanticModel(model.root, '', undefined);
        for (const statement of model.outline) {
          if (statement.type !== 'function_definition' && statement.type !== 'decorated_definition') continue;
          // A model without the text reads every body start from the tree.
          const body = fromTree.moduleFunctionBodyStart(statement.start, statement.end);
          const start = semantic.moduleFunctionBodyStart(statement.start, statement.end);
          if (start === body) continue;
          read++;
          assert.ok(start < body, `${text.slice(statement.start, statement.end)}: ${start} after ${body}`);
          assert.equal(text[start - 1], ':', text.slice(statement.start, statement.end));
          assert.match(text.slice(start, body), /^(?:[ \t\r\n\f]|#[^\r\n]*)*$/, text.slice(statement.start, statement.end));
        }
      });
    }
    assert.ok(read > 20, `only ${read} headers were read from the text`);
  });
});
