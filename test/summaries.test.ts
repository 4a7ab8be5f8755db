/**
 * Statement summaries: the routes a module declares and its view graph (views and the module's
 * functions they call), kept between analyses for the statements an edit did not touch.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { Engine, type Rule } from '../server/src/engine';
import { readRouteDecorator } from '../server/src/engine/routeDecoratorText';
import { decoratorRoute } from '../server/src/engine/summaries';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { settingsWith, testEngine } from './support/engine';
import { fixtureSources } from './support/fixtureSources';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const MODULE = [
  'from flask import Blueprint, Flask',
  'from flask.views import MethodView',
  'from flask_restful import Api',
  '',
  'app = Flask(__name__)',
  'bp = Blueprint("items", __name__)',
  'api = Api(app)',
  '',
  '',
  '@app.route("/", methods=["GET", "POST"])',
  'def index():',
  '    # audit() is only mentioned here',
  '    return render()',
  '',
  '',
  '@bp.post("/items", endpoint="create")',
  'def create_item():',
  '    return "made"',
  '',
  '',
  'def render():',
  '    return helper()',
  '',
  '',
  'def helper():',
  '    return "x"',
  '',
  '',
  'def audit():',
  '    return "audit"',
  '',
  '',
  'class ItemView(MethodView):',
  '    def get(self):',
  '        return audit_view()',
  '',
  '',
  'def audit_view():',
  '    return "y"',
  '',
  '',
  'def create_app():',
  '    factory_app = Flask(__name__)',
  '',
  '    @factory_app.get("/health")',
  '    def health():',
  '        return helper()',
  '',
  '    factory_app.add_url_rule("/items/<int:id>", view_func=ItemView.as_view("item"))',
  '    return factory_app',
  '',
].join('\n');

describe('routes and the view graph', () => {
  test('routes at any depth, with their owner, rule, methods, endpoint and view', () => {
    const routes = engine.inspectModel(MODULE, (model) =>
      model.routes.map((r) => [r.ownerKind, r.owner, r.method, r.rule, r.methods?.join(',') ?? '', r.endpoint ?? '', r.view ?? '', r.moduleLevelView]),
    );
    assert.deepEqual(routes, [
      ['app', 'app', 'route', '/', 'GET,POST', '', 'index', true],
      ['blueprint', 'bp', 'post', '/items', 'POST', 'create', 'create_item', true],
      ['app', 'factory_app', 'get', '/health', 'GET', '', 'health', false],
      ['app', 'factory_app', 'add_url_rule', '/items/<int:id>', '', '', 'ItemView', true],
    ]);
  });

  test('methods: literal lists, tuples and sets in any layout, comments aside; anything else is not known', () => {
    const methodsOf = (list: string) =>
      engine.inspectModel(`from flask import Flask\napp = Flask(__name__)\n@app.route("/", methods=${list})\ndef index():\n    return ""\n`, (model) => model.routes[0]?.methods);
    assert.deepEqual(methodsOf('["get", "Post"]'), ['GET', 'POST']);
    assert.deepEqual(methodsOf('(\n    "GET",\n    \'DELETE\',\n)'), ['GET', 'DELETE']);
    assert.deepEqual(methodsOf('{"PUT"}'), ['PUT']);
    assert.deepEqual(methodsOf('[]'), []);
    // Read from the tree: a comment between the items, an escape, an implicit concatenation.
    assert.deepEqual(methodsOf('["GET",  # reads\n "POST"]'), ['GET', 'POST']);
    assert.deepEqual(methodsOf('["G\\x45T"]'), ['G\\X45T']);
    assert.deepEqual(methodsOf('["GE" "T"]'), ['GET']);
    // Not only literals: not known.
    assert.equal(methodsOf('[METHOD, "POST"]'), undefined);
    assert.equal(methodsOf('[f"GET"]'), undefined);
  });

  test('views and what they call, through each other; a call in a comment does not count', () => {
    const graph = engine.inspectModel(MODULE, (model) => model.viewGraph);
    assert.deepEqual([...graph.views].sort(), ['ItemView', 'create_item', 'index']);
    assert.deepEqual([...graph.calledFromViews].sort(), ['audit_view', 'helper', 'render']);
  });
});

/** Decorators of many shapes: the plain ones the text reading takes, and every kind it leaves to the tree. */
const DECORATORS = [
  'from flask import Blueprint, Flask',
  'from flask_restx import Api',
  'app = Flask(__name__)',
  'bp = Blueprint("b", __name__)',
  'api = Api(app)',
  'METHODS = ["GET"]',
  ...[
    '@app.route("/")',
    "@app.route('/x', methods=['GET'])",
    '@app.route("/y", methods=["GET", "POST",], endpoint="why", strict_slashes=False)',
    '@bp.get("/z", endpoint=None)',
    '@bp.post("/z2", endpoint=name_var)',
    '@app.route("/w")  # a comment',
    '@app.route("/t")  # @app.route("/in-comment")',
    '@app.route(rule="/kw")',
    '@app.route("/a", methods=("GET",))',
    '@app.route("/a2", methods={"GET"})',
    '@app.route("/a3", methods=("GET"))',
    '@app.route("/a4", methods={})',
    '@app.route("/b", methods=METHODS)',
    '@app.route("/b2", methods=["GET", "X-Y"])',
    '@app.route(f"/c")',
    '@app.route("/d" "/e")',
    '@app.route("/e\\n")',
    '@app.route(r"/raw")',
    '@app.route("/f", defaults={"x": 1})',
    '@app.route("/g", **opts)',
    '@app.route(\n    "/h",\n)',
    '@app.route("/h2", methods=[  # the usual two\n    "GET", "POST"])',
    '@app . route("/k")',
    '@app.route("/l", methods=[])',
    '@app.route("/m", methods=["GET"], methods=["POST"])',
    '@app.route("/n", "endpoint_n")',
    '@app.route("/o", x=-1, y=2, z=None, w=True, v=cfg.VALUE)',
    '@app.route("/p", lambda: 1)',
    '@app.route("/q", x=1.5)',
    '@something.else_("/q")',
    '@app.route()',
    '@app.route("/trailing",)',
    '@unknown_bp.route("/r")',
    '@unknown_bp.get("/r2")',
    '@app.delete("/s")',
    '@api.route("/j")',
    '@app.route("/walrus", x:=1)',
    '@app.route("/eq", x == 1)',
    '@None.route("/none")',
    '# @app.route("/commented")',
    '@app.route("/u"); x = 1',
  ].flatMap((decorator, i) => ['', '', decorator, `def view_${i}():`, '    return ""']),
  '',
  '',
  'def create_app():',
  '    inner = Flask(__name__)',
  '',
  '    @inner.route("/inner", methods=["PUT"])',
  '    def inner_view():',
  '        return ""',
  '',
  '    return inner',
  '',
  '',
  'class Views:',
  '    def __init__(self):',
  '        self.app = Flask(__name__)',
  '',
  '        @self.app.route("/self")',
  '        def on_self():',
  '            return ""',
  '',
].join('\n');

describe('route decorators read from their text', () => {
  test('give the same route as the tree, on every decorator of the synthetic shapes and of every fixture', () => {
    let fromText = 0;
    let fromTree = 0;
    for (const source of [DECORATORS, DECORATORS.replace(/\n/g, '\r\n'), ...fixtureSources()]) {
      engine.inspectModel(source, (model) => {
        for (const decorator of model.root.descendantsOfType('decorator')) {
          let statement: Node = decorator;
          while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
          const tree = decoratorRoute(model, statement, decorator, source, true);
          const text = decoratorRoute(model, statement, decorator, source);
          assert.deepEqual(text, tree, `${JSON.stringify(source.slice(decorator.startIndex, decorator.endIndex))}`);
          if (readRouteDecorator(source.slice(decorator.startIndex, decorator.endIndex))) fromText++;
          else fromTree++;
        }
      });
    }
    // Both readings were exercised, the text one on most decorators.
    assert.ok(fromText > 200 && fromTree > 40, `${fromText} read from the text, ${fromTree} from the tree`);
  });
});

describe('kept between analyses', () => {
  /** A rule that reads the view graph: it flags module-level functions that views call. */
  const calledFromViews: Rule = {
    meta: {
      code: 'FLK999',
      slug: 'called-from-views',
      summary: 'test rule',
      defaultSeverity: 'info',
      fixable: false,
      messages: { called: '`{name}` runs while a request is handled' },
      docs: { whatItDoes: '', whyItMatters: '', example: '', useInstead: '', fixSafety: '' },
    },
    usesViewGraph: true,
    visit: {
      function_definition(fn, context) {
        const name = fn.childForFieldName('name')?.text ?? '';
        if (fn.parent?.type === 'module' && context.model.viewGraph.calledFromViews.has(name)) {
          context.report({ node: fn.childForFieldName('name')!, messageId: 'called', data: { name } });
        }
      },
    },
  };

  test('an edit in a view that calls another function changes findings in untouched statements, as a fresh analysis does', async () => {
    const single = await Engine.create(loadGrammarBytes(__dirname), [calledFromViews]);
    const uri = 'mem://graph.py';
    const names = (text: string) => single.analyseText(text, settingsWith({}), (a) => a.findings.map((f) => f.message.split('`')[1]));
    single.open(uri, MODULE, 1);
    const analysed = () => single.analyse(uri, settingsWith({}))!.findings.map((f) => f.message.split('`')[1]);
    assert.deepEqual(analysed(), ['render', 'helper', 'audit_view']);
    // The view now calls audit() too: audit's statement was not edited, and it is flagged.
    const line = MODULE.split('\n').indexOf('    return render()');
    single.change(uri, [{ range: { start: { line, character: 11 }, end: { line, character: 19 } }, text: 'audit() or render()' }], 2);
    const text = single.document(uri)!.text;
    assert.deepEqual(analysed(), names(text));
    assert.ok(analysed().includes('audit'));
    // An edit elsewhere keeps the graph and the findings.
    single.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' }], 3);
    assert.deepEqual(analysed(), names(single.document(uri)!.text));
    single.close(uri);
  });
});
