import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import {
  callArguments,
  isTrueLiteral,
  namedChildren,
  positionalArguments,
  stringLiteralValue,
} from '../../engine/syntax';

/**
 * Where a module writes a Flask config value, shared by FLK502 (DEBUG) and FLK503 (SECRET_KEY).
 * Only writes that certainly reach an app's config are returned: a guess here is a false positive.
 */
export interface ConfigWrite {
  /** The config key, upper case: `DEBUG`, `SECRET_KEY`. */
  key: string;
  /** The expression written. */
  value: Node;
  /** What to underline: the assignment, keyword argument or dict pair that writes the value. */
  target: Node;
  /** Set for `KEY = ...` in a config class body. */
  configClass?: Node;
  /** True when the same mapping, or the enclosing function, is test setup. */
  inTestSetup: boolean;
}

/** App attributes that are shortcuts for config keys (`app.debug` is `app.config["DEBUG"]`). */
const CONFIG_ATTRIBUTES: Record<string, string> = { debug: 'DEBUG', secret_key: 'SECRET_KEY', testing: 'TESTING' };

/** `Config` methods that take keys as keyword arguments or as one mapping. */
const MAPPING_METHODS = new Set(['update', 'from_mapping']);

/** Config writes made by an `assignment` node. */
export function assignmentConfigWrites(model: FlaskModel, assignment: Node): ConfigWrite[] {
  const left = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  if (!left || !value) return [];
  const inTestSetup = inTestFunction(assignment);

  // app.config["KEY"] = value
  if (left.type === 'subscript') {
    const key = stringLiteralValue(left.childForFieldName('subscript'));
    if (key !== undefined && isAppConfig(model, left.childForFieldName('value'))) {
      return [{ key, value, target: assignment, inTestSetup }];
    }
    return [];
  }
  // app.debug = value, app.secret_key = value
  if (left.type === 'attribute') {
    const key = CONFIG_ATTRIBUTES[left.childForFieldName('attribute')?.text ?? ''];
    if (key && model.isAppReference(left.childForFieldName('object'))) return [{ key, value, target: assignment, inTestSetup }];
    return [];
  }
  if (left.type !== 'identifier' || !isUpperCaseKey(left.text)) return [];

  // KEY = value in a config class body
  const statement = assignment.parent;
  const container = statement?.parent?.type === 'block' ? statement.parent.parent : statement?.parent;
  if (statement?.type !== 'expression_statement' || !container) return [];
  if (container.type === 'class_definition') {
    if (!model.isConfigClass(container)) return [];
    return [{ key: left.text, value, target: assignment, configClass: container, inTestSetup: false }];
  }
  // KEY = value at module level, in a module that loads itself: app.config.from_object(__name__)
  if (model.scopeOf(assignment).kind === 'module' && loadsOwnModuleAsConfig(model)) {
    return [{ key: left.text, value, target: assignment, inTestSetup: false }];
  }
  return [];
}

/** Config writes made by a `call` node: `app.config.update(KEY=...)`, `from_mapping({"KEY": ...})`... */
export function callConfigWrites(model: FlaskModel, call: Node): ConfigWrite[] {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || !MAPPING_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return [];
  if (!isAppConfig(model, fn.childForFieldName('object'))) return [];

  const entries: { key: string; value: Node; target: Node }[] = [];
  const addKeywords = (args: Node[]) => {
    for (const arg of args) {
      if (arg.type !== 'keyword_argument') continue;
      const key = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (key && value) entries.push({ key, value, target: arg });
    }
  };
  addKeywords(callArguments(call));
  for (const arg of positionalArguments(call)) {
    if (arg.type === 'dictionary') {
      for (const pair of namedChildren(arg)) {
        if (pair.type !== 'pair') continue;
        const key = stringLiteralValue(pair.childForFieldName('key'));
        const value = pair.childForFieldName('value');
        if (key !== undefined && value) entries.push({ key, value, target: pair });
      }
    } else if (arg.type === 'call' && arg.childForFieldName('function')?.text === 'dict') {
      // The old tutorial's app.config.update(dict(KEY=...)).
      addKeywords(callArguments(arg));
    }
  }
  const setsTesting = entries.some((e) => e.key === 'TESTING' && isTrueLiteral(e.value));
  const inTestSetup = setsTesting || inTestFunction(call);
  return entries.map((e) => ({ ...e, inTestSetup }));
}

/** `app.config` where `app` is an app: the object whose keys Flask reads. */
function isAppConfig(model: FlaskModel, node: Node | null): boolean {
  return node?.type === 'attribute' && node.childForFieldName('attribute')?.text === 'config' && model.isAppReference(node.childForFieldName('object'));
}

/** Flask's `from_object` and `from_mapping` keep only upper-case keys. */
function isUpperCaseKey(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name);
}

/**
 * Inside a test or a pytest fixture (`def test_...`, `@pytest.fixture`), where fixed keys and
 * debug mode are expected.
 */
function inTestFunction(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type !== 'function_definition') continue;
    if (/^test/.test(n.childForFieldName('name')?.text ?? '')) return true;
    const decorated = n.parent?.type === 'decorated_definition' ? n.parent : undefined;
    const decorators = decorated ? namedChildren(decorated).filter((d) => d.type === 'decorator') : [];
    if (decorators.some((d) => /(^|\.)fixture\b/.test(d.text.replace(/^@/, '')))) return true;
  }
  return false;
}

const selfLoadingModules = new WeakMap<FlaskModel, boolean>();

/** True when some app's config is loaded from this very module: `app.config.from_object(__name__)`. */
function loadsOwnModuleAsConfig(model: FlaskModel): boolean {
  let loads = selfLoadingModules.get(model);
  if (loads === undefined) {
    loads = model.root.descendantsOfType('call').some((call) => {
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'from_object') return false;
      const args = positionalArguments(call);
      return args.length === 1 && args[0]!.text === '__name__' && isAppConfig(model, fn.childForFieldName('object'));
    });
    selfLoadingModules.set(model, loads);
  }
  return loads;
}

/** A testing config: `Test` in its name or a base's name, or `TESTING = True` in its body. */
export function isTestingConfig(cls: Node): boolean {
  const superclasses = cls.childForFieldName('superclasses');
  const names = [cls.childForFieldName('name'), ...(superclasses ? namedChildren(superclasses) : [])];
  if (names.some((n) => (n?.type === 'identifier' || n?.type === 'attribute') && /test/i.test(n.text))) return true;
  const body = cls.childForFieldName('body');
  return (body ? namedChildren(body) : []).some((statement) => {
    const expr = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
    return expr?.type === 'assignment' && expr.childForFieldName('left')?.text === 'TESTING' && isTrueLiteral(expr.childForFieldName('right'));
  });
}
