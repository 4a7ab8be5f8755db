import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import {
  callArguments,
  isTrueLiteral,
  namedChildren,
  positionalArguments,
  stringLiteralValue,
} from '../../engine/syntax';
import { isDevelopmentOrTestingName } from '../../engine/flaskKnowledge';
import { CONFIG_TARGET } from '../../engine/plainStatement';
import { nodeAnswers } from './nodeAnswers';

/**
 * Where a module writes a Flask config value, shared by FLK502 (DEBUG), FLK503 (SECRET_KEY) and
 * FLK103 (connection URLs, any key). Only writes that certainly reach an app's config are
 * returned: a guess here is a false positive.
 */
export interface ConfigWrite {
  /** The config key written (`DEBUG` for `app.debug`). */
  key: string;
  /** The expression written. */
  value: Node;
  /** What to underline: the assignment, keyword argument or dict pair that writes the value. */
  target: Node;
  /** Set for `KEY = ...` in a config class body. */
  configClass?: Node;
  /**
   * Set for `KEY = ...` at module level in a module that another loads as config by name
   * (`from_object("pkg.default_config")`): its name (`default_config`) and whether it sets
   * `TESTING = True`, which tell development and testing configs apart as a config class's do.
   */
  configModule?: { name: string; setsTesting: boolean };
  /** True when the same mapping, or the enclosing function, is test setup. */
  inTestSetup: boolean;
}

/** App attributes that are shortcuts for config keys (`app.debug` is `app.config["DEBUG"]`). */
const CONFIG_ATTRIBUTES: Record<string, string> = { debug: 'DEBUG', secret_key: 'SECRET_KEY' };

/** `Config` methods that take keys as keyword arguments or as one mapping. */
const MAPPING_METHODS = new Set(['update', 'from_mapping']);

/** The key a rule looks for, or a test of keys (FLK103 reads every key). */
export type KeyMatcher = string | ((key: string) => boolean);

function matcher(key: KeyMatcher): (key: string) => boolean {
  return typeof key === 'string' ? (k) => k === key : key;
}

/** Every write an assignment or a call makes, read once per node: FLK103, FLK502 and FLK503 visit the same ones. */
const assignmentWrites = nodeAnswers(allAssignmentWrites);
const callWrites = nodeAnswers(allCallWrites);

function matching(writes: readonly ConfigWrite[], key: KeyMatcher): ConfigWrite[] {
  const matches = matcher(key);
  return writes.filter((write) => matches(write.key));
}

/** Writes of config keys that `key` matches, made by an `assignment` node. */
export function assignmentConfigWrites(model: FlaskModel, assignment: Node, key: KeyMatcher): ConfigWrite[] {
  return matching(assignmentWrites(model, assignment), key);
}

/** Writes of config keys that `key` matches, made by a `call` node: `app.config.update(KEY=...)`, `from_mapping({"KEY": ...})`... */
export function callConfigWrites(model: FlaskModel, call: Node, key: KeyMatcher): ConfigWrite[] {
  return matching(callWrites(model, call), key);
}

/**
 * `name.config["KEY"] = ` at the start of a module-level assignment, as nearly every config write
 * is written: a name, a plain string key, nothing between. Read from the text, it costs no node
 * for the target; anything else is read from the tree.
 */
const PLAIN_CONFIG_WRITE = new RegExp(`${CONFIG_TARGET}(?!=)`, 'y');

/** Every config write an assignment makes; `fromTree` reads it from the tree even where the text would do (the tests compare both). */
export function allAssignmentWrites(model: FlaskModel, assignment: Node, fromTree = false): ConfigWrite[] {
  if (!fromTree) {
    const plain = plainConfigWrite(model, assignment);
    if (plain) return plain.app && plain.value ? [{ key: plain.key, value: plain.value, target: assignment, inTestSetup: false }] : [];
  }
  const left = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  if (!left || !value) return [];

  // app.config["KEY"] = value
  if (left.type === 'subscript') {
    const name = stringLiteralValue(left.childForFieldName('subscript'));
    if (name === undefined || !isAppConfig(model, left.childForFieldName('value'))) return [];
    return [{ key: name, value, target: assignment, inTestSetup: inTestFunction(assignment, model) }];
  }
  // app.debug = value, app.secret_key = value
  if (left.type === 'attribute') {
    const name = CONFIG_ATTRIBUTES[left.childForFieldName('attribute')?.text ?? ''];
    if (name === undefined) return [];
    if (!model.isAppReference(left.childForFieldName('object'))) return [];
    return [{ key: name, value, target: assignment, inTestSetup: inTestFunction(assignment, model) }];
  }
  // from_object() reads only upper-case names, of a class or of a module.
  if (left.type !== 'identifier' || !isUpperCase(left.text)) return [];

  // KEY = value in a config class body, also under an `if` or `try` there
  if (assignment.parent?.type !== 'expression_statement') return [];
  const container = model.semantic.scopeOf(assignment).node;
  if (container.type === 'class_definition') {
    if (!model.isConfigClass(container) || isEnvironmentSettings(model, container)) return [];
    return [{ key: left.text, value, target: assignment, configClass: container, inTestSetup: false }];
  }
  if (model.scopeOf(assignment).kind !== 'module') return [];
  // KEY = value at module level, in a module that loads itself: app.config.from_object(__name__)
  if (model.loadsOwnModuleAsConfig) return [{ key: left.text, value, target: assignment, inTestSetup: false }];
  // ... or that another module loads by name: app.config.from_object("pkg.default_config")
  if (model.loadedAsConfigByName) {
    const configModule = { name: moduleName(model.project?.path ?? ''), setsTesting: setsTesting(model) };
    return [{ key: left.text, value, target: assignment, inTestSetup: false, configModule }];
  }
  return [];
}

/** Whether the module sets `TESTING = True` at module level. */
function setsTesting(model: FlaskModel): boolean {
  return model.semantic.module.bindings('TESTING').some((binding) => binding.kind === 'assignment' && isTrueLiteral(binding.value ?? null));
}

/** A module's own name from its path: `default_config` for `pkg/default_config.py`, `settings` for `settings/__init__.py`. */
function moduleName(path: string): string {
  const parts = path.replace(/\.pyi?$/, '').split('/');
  return (parts.at(-1) === '__init__' ? parts.at(-2) : parts.at(-1)) ?? '';
}

/** A module-level `name.config["KEY"] = value` read from the text, with whether `name` is an app there. */
function plainConfigWrite(model: FlaskModel, assignment: Node): { key: string; app: boolean; value: Node | null } | undefined {
  const start = assignment.startIndex;
  PLAIN_CONFIG_WRITE.lastIndex = start;
  const match = PLAIN_CONFIG_WRITE.exec(model.text);
  // In module-level code the name is looked up in the module scope, where the statement stands.
  const app = match ? model.isAppNameAt(match[1]!, start) : undefined;
  if (!match || app === undefined) return undefined;
  return { key: match[2] ?? match[3]!, app, value: app ? assignment.childForFieldName('right') : null };
}

function allCallWrites(model: FlaskModel, call: Node): ConfigWrite[] {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || !MAPPING_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return [];

  const entries: { name: string; value: Node; target: Node }[] = [];
  const addKeywords = (args: readonly Node[]) => {
    for (const arg of args) {
      if (arg.type !== 'keyword_argument') continue;
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) entries.push({ name, value, target: arg });
    }
  };
  addKeywords(callArguments(call));
  for (const arg of positionalArguments(call)) {
    if (arg.type === 'dictionary') {
      for (const pair of namedChildren(arg)) {
        if (pair.type !== 'pair') continue;
        const name = stringLiteralValue(pair.childForFieldName('key'));
        const value = pair.childForFieldName('value');
        if (name !== undefined && value) entries.push({ name, value, target: pair });
      }
    } else if (arg.type === 'call' && arg.childForFieldName('function')?.text === 'dict') {
      // The old tutorial's app.config.update(dict(KEY=...)).
      addKeywords(callArguments(arg));
    }
  }
  if (entries.length === 0 || !isAppConfig(model, fn.childForFieldName('object'))) return [];
  const setsTesting = entries.some((e) => e.name === 'TESTING' && isTrueLiteral(e.value));
  const inTestSetup = setsTesting || inTestFunction(call, model);
  return entries.map(({ name, value, target }) => ({ key: name, value, target, inTestSetup }));
}

/**
 * The config write whose value is `value` (`app.config["K"] = value`, `update(K=value)`,
 * `{"K": value}` in a mapping call, `K = value` in a config class), if any.
 */
export function configWriteOf(model: FlaskModel, value: Node): ConfigWrite | undefined {
  const parent = value.parent;
  let writes: ConfigWrite[] = [];
  if (parent?.type === 'assignment') writes = assignmentConfigWrites(model, parent, () => true);
  else if (parent?.type === 'keyword_argument' || parent?.type === 'pair') {
    let call = callTaking(parent);
    // The old tutorial's update(dict(K=v)).
    if (call?.childForFieldName('function')?.text === 'dict') call = callTaking(call);
    if (call) writes = callConfigWrites(model, call, () => true);
  }
  return writes.find((w) => w.value.id === value.id);
}

/** The call that takes `argument`, directly or in a dict literal: `f(argument)`, `f({argument})`. */
function callTaking(argument: Node): Node | undefined {
  let list = argument.parent;
  if (list?.type === 'dictionary') list = list.parent;
  const call = list?.type === 'argument_list' ? list.parent : null;
  return call?.type === 'call' ? call : undefined;
}

/** Python's `str.isupper()` for names: a cased letter, and no lower-case one. */
function isUpperCase(name: string): boolean {
  return name !== name.toLowerCase() && name === name.toUpperCase();
}

/** `app.config` where `app` is an app: the object whose keys Flask reads. */
function isAppConfig(model: FlaskModel, node: Node | null): boolean {
  return node?.type === 'attribute' && node.childForFieldName('attribute')?.text === 'config' && model.isAppReference(node.childForFieldName('object'));
}

/**
 * Inside a test or a pytest fixture (`def test_...`, `@pytest.fixture`), where fixed keys and
 * debug mode are expected.
 */
export function inTestFunction(node: Node, model?: FlaskModel): boolean {
  // Module-level code is in no function: no climb through `parent` (see FlaskModel.scopeOf).
  if (model?.semantic.inPlainStatement(node)) return false;
  for (let n = node.parent; n; n = n.parent) {
    if (n.type !== 'function_definition') continue;
    if (/^test(_|[A-Z]|$)/.test(n.childForFieldName('name')?.text ?? '')) return true;
    const decorated = n.parent?.type === 'decorated_definition' ? n.parent : undefined;
    const decorators = decorated ? namedChildren(decorated).filter((d) => d.type === 'decorator') : [];
    if (decorators.some((d) => /(^|\.)fixture\b/.test(d.text.replace(/^@/, '')))) return true;
  }
  return false;
}

/**
 * A pydantic `BaseSettings` class (directly or through classes of this module): its field values
 * are defaults that the environment and `.env` files override, and `os.environ` would bypass them.
 */
function isEnvironmentSettings(model: FlaskModel, cls: Node, seen = new Set<number>()): boolean {
  if (seen.has(cls.id)) return false;
  seen.add(cls.id);
  const superclasses = cls.childForFieldName('superclasses');
  return (superclasses ? namedChildren(superclasses) : []).some((base) => {
    if (/(^|\.)BaseSettings$/.test(base.text)) return true;
    const local = topLevelClasses(model).get(base.text);
    return local !== undefined && isEnvironmentSettings(model, local, seen);
  });
}

const classesByModel = new WeakMap<FlaskModel, Map<string, Node>>();

/** The module's top-level classes by name (the first of a name), listed once per model: each config class asks. */
function topLevelClasses(model: FlaskModel): Map<string, Node> {
  let classes = classesByModel.get(model);
  if (!classes) {
    classes = new Map();
    for (const statement of model.topLevel) {
      const name = statement.type === 'class_definition' ? statement.childForFieldName('name')?.text : undefined;
      if (name !== undefined && !classes.has(name)) classes.set(name, statement);
    }
    classesByModel.set(model, classes);
  }
  return classes;
}

/** A write in a testing config: a class that is one (see {@link isTestingConfig}), or a config module named as one (`testing_config`) or that sets `TESTING = True`. */
export function inTestingConfig(write: ConfigWrite): boolean {
  if (write.configClass) return isTestingConfig(write.configClass);
  return write.configModule !== undefined && (write.configModule.setsTesting || /test/i.test(write.configModule.name));
}

/** A write in a development or testing config, class or module, told by its name or by `TESTING = True`. */
export function inDevelopmentOrTestingConfig(model: FlaskModel, write: ConfigWrite): boolean {
  if (write.configClass) return model.isDevelopmentOrTestingConfig(write.configClass);
  return write.configModule !== undefined && (write.configModule.setsTesting || isDevelopmentOrTestingName(write.configModule.name));
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
