import type { Node } from 'web-tree-sitter';
import {
  APP_PARAMETER_NAMES,
  FACTORY_NAMES,
  isDevelopmentOrTestingName,
  isExtensionModule,
  ROUTE_METHODS,
} from './flaskKnowledge';
import {
  dottedName,
  isMainGuard,
  isTrueLiteral,
  keywordArgument,
  namedChildren,
  positionalArguments,
  parameterNames,
  statementAssignment,
} from './syntax';

/** A name bound by an import: `module` alone for `import m as x`, `module` + `name` for `from m import name as x`. */
export interface ImportBinding {
  local: string;
  module: string;
  name?: string;
}

/** An app bound to a name: `app = Flask(__name__)` or `app = create_app()`. */
export interface AppBinding {
  name: string;
  /** The expression statement holding the assignment. */
  statement: Node;
  assignment: Node;
  call: Node;
  origin: 'constructor' | 'factory';
}

export interface Scope {
  kind: 'module' | 'function' | 'class';
  /** The innermost function or class, when not at module level. */
  owner?: Node;
  /** True when the node sits under a module-level `if __name__ == "__main__":`. */
  underMainGuard: boolean;
}

/** Blocks of compound statements that still belong to module scope. */
const MODULE_SCOPE_BLOCKS = new Set([
  'if_statement',
  'elif_clause',
  'else_clause',
  'try_statement',
  'except_clause',
  'finally_clause',
  'with_statement',
  'for_statement',
  'while_statement',
  'block',
]);

/** The module-scope statements the model reads; functions and decorated definitions hold none of its facts. */
const FACT_STATEMENTS = new Set(['import_statement', 'import_from_statement', 'expression_statement', 'class_definition']);

/**
 * Module-scope statements the model reads (imports, expression statements, classes, and the
 * module-level if/try/with/for/while statements holding them), in document order, with the
 * top-level `if` statements. One cursor pass: nodes are made only for these, so a large module
 * of functions costs two cursor steps per statement.
 */
function moduleFactStatements(root: Node): { statements: Node[]; topLevelIfs: Node[] } {
  const statements: Node[] = [];
  const topLevelIfs: Node[] = [];
  const types = root.tree.language.types;
  const cursor = root.walk();
  const visitChildren = (depth: number) => {
    if (!cursor.gotoFirstChild()) return;
    do {
      const type = types[cursor.nodeTypeId] ?? 'ERROR';
      if (MODULE_SCOPE_BLOCKS.has(type)) {
        if (type !== 'block') {
          const node = cursor.currentNode;
          statements.push(node);
          if (depth === 0 && type === 'if_statement') topLevelIfs.push(node);
        }
        visitChildren(depth + 1);
      } else if (FACT_STATEMENTS.has(type)) {
        statements.push(cursor.currentNode);
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };
  try {
    visitChildren(0);
  } finally {
    cursor.delete();
  }
  return { statements, topLevelIfs };
}

interface FunctionBindings {
  apps: Set<string>;
  /** Every name the function binds itself, apps included: they shadow module names. */
  locals: Set<string>;
}

/**
 * What a module says about Flask: which names are the flask module, apps, blueprints and
 * extensions; what is module level and what sits under the `__main__` guard. Built once per
 * analysis and shared by every rule.
 */
export class FlaskModel {
  readonly imports = new Map<string, ImportBinding>();
  readonly moduleApps: AppBinding[] = [];
  readonly moduleAppNames = new Set<string>();
  readonly blueprintNames = new Set<string>();
  readonly mainGuards: Node[] = [];
  /**
   * Module-scope statements the model reads: imports, expression statements, classes, and the
   * module-level compound statements holding them. Functions and decorated definitions are left out.
   */
  readonly moduleStatements: readonly Node[];
  private readonly functionBindings = new Map<number, FunctionBindings>();
  private configClassNames: Set<string> | undefined;
  private topLevelStatements: Node[] | undefined;
  private viewFunctions: Node[] | undefined;

  constructor(readonly root: Node) {
    // Built on every analysis, keystrokes included: only what every analysis needs is read here.
    const { statements, topLevelIfs } = moduleFactStatements(root);
    this.moduleStatements = statements;
    for (const statement of statements) this.collectImport(statement);
    for (const statement of statements) this.collectBinding(statement);
    for (const statement of topLevelIfs) if (isMainGuard(statement)) this.mainGuards.push(statement);
  }

  /** The module's own top-level statements, comments excluded (made on first use: a big module has thousands). */
  get topLevel(): Node[] {
    this.topLevelStatements ??= namedChildren(this.root).filter((n) => n.type !== 'comment');
    return this.topLevelStatements;
  }

  /** What a name or dotted expression refers to through the module's imports. */
  resolveImported(expr: Node | null): { module: string; name: string } | undefined {
    const dotted = dottedName(expr);
    if (!dotted) return undefined;
    const [head, ...rest] = dotted.split('.') as [string, ...string[]];
    const binding = this.imports.get(head);
    if (!binding) return undefined;
    if (binding.name !== undefined) {
      // `from m import a` then `a.b.c`: refers to name `a.b.c` of module m.
      return { module: binding.module, name: [binding.name, ...rest].join('.') };
    }
    if (rest.length === 0) return undefined;
    const name = rest.pop()!;
    return { module: [binding.module, ...rest].join('.'), name };
  }

  /** `Flask(...)`, `F(...)` after `from flask import Flask as F`, `flask.Flask(...)`. */
  isFlaskConstructor(call: Node): boolean {
    const target = this.resolveImported(call.childForFieldName('function'));
    return target?.module === 'flask' && target.name === 'Flask';
  }

  isBlueprintConstructor(call: Node): boolean {
    const target = this.resolveImported(call.childForFieldName('function'));
    return target?.module === 'flask' && target.name === 'Blueprint';
  }

  /** `create_app()` or `factory.create_app()`: a call that returns an app. */
  isFactoryCall(call: Node): boolean {
    const name = dottedName(call.childForFieldName('function'));
    return name !== undefined && FACTORY_NAMES.has(name.split('.').pop()!);
  }

  /** The extension class a call constructs, when it comes from a `flask_*` module. */
  extensionClassOf(call: Node): { module: string; className: string } | undefined {
    const target = this.resolveImported(call.childForFieldName('function'));
    if (!target || !isExtensionModule(target.module) || !/^[A-Z]/.test(target.name)) return undefined;
    return { module: target.module, className: target.name };
  }

  /** Where a node sits: module, function or class body, and whether under the `__main__` guard. */
  scopeOf(node: Node): Scope {
    let owner: Node | undefined;
    let kind: Scope['kind'] = 'module';
    let underMainGuard = false;
    for (let n = node.parent; n; n = n.parent) {
      if (!owner && (n.type === 'function_definition' || n.type === 'lambda')) {
        owner = n;
        kind = 'function';
      } else if (!owner && n.type === 'class_definition') {
        owner = n;
        kind = 'class';
      }
      if (n.type === 'if_statement' && n.parent?.type === 'module' && isMainGuard(n)) underMainGuard = true;
    }
    return owner ? { kind, owner, underMainGuard } : { kind, underMainGuard };
  }

  /**
   * True when `expr` denotes a Flask app at that point: a name bound to `Flask(...)` or
   * `create_app()` in the enclosing function or the module, an app-named parameter, or `current_app`.
   */
  isAppReference(expr: Node | null): boolean {
    if (!expr) return false;
    // `create_app().run(...)` and `Flask(__name__).run(...)` act on an app too.
    if (expr.type === 'call') return this.isFactoryCall(expr) || this.isFlaskConstructor(expr);
    const imported = this.resolveImported(expr);
    if (imported) return imported.module === 'flask' && imported.name === 'current_app';
    if (expr.type !== 'identifier') return false;
    const name = expr.text;
    for (let n = expr.parent; n; n = n.parent) {
      if (n.type !== 'function_definition') continue;
      const bindings = this.bindingsOf(n);
      if (bindings.apps.has(name)) return true;
      if (bindings.locals.has(name)) return false;
    }
    return this.moduleAppNames.has(name);
  }

  /** True for a class that holds configuration: named `*Config*`/`*Settings*`, or derived from one here. */
  isConfigClass(cls: Node): boolean {
    const name = cls.childForFieldName('name')?.text ?? '';
    if (!this.configClassNames) {
      this.configClassNames = new Set();
      for (const statement of this.moduleStatements) this.collectConfigClass(statement, this.configClassNames);
    }
    return this.configClassNames.has(name);
  }

  /** Development and testing config classes, by name or by `TESTING = True` in the body. */
  isDevelopmentOrTestingConfig(cls: Node): boolean {
    const name = cls.childForFieldName('name')?.text ?? '';
    if (isDevelopmentOrTestingName(name)) return true;
    const body = cls.childForFieldName('body');
    if (!body) return false;
    return namedChildren(body).some((statement) => {
      const assignment = statementAssignment(statement);
      return (
        assignment?.childForFieldName('left')?.text === 'TESTING' &&
        isTrueLiteral(assignment.childForFieldName('right'))
      );
    });
  }

  /**
   * The functions Flask calls to answer a request: `@app.route`/`@bp.get`... decorated functions,
   * `view_func=` targets of `add_url_rule`, and the methods of class-based views (`MethodView`,
   * `View`, Flask-RESTful's `Resource`). Computed on first use: it reads the whole tree, so it
   * is not among the module facts that keep per-statement findings valid; use it from
   * `checkModule`, or add what a visitor needs to the facts in runner.ts.
   */
  get views(): readonly Node[] {
    this.viewFunctions ??= this.findViews();
    return this.viewFunctions;
  }

  isView(fn: Node): boolean {
    return this.views.some((view) => view.id === fn.id);
  }

  private findViews(): Node[] {
    const views = new Map<number, Node>();
    const add = (fn: Node | null | undefined) => {
      if (fn?.type === 'function_definition') views.set(fn.id, fn);
    };
    const routedNames = new Set<string>();
    for (const decorated of this.root.descendantsOfType('decorated_definition')) {
      if (decorated && namedChildren(decorated).some((d) => d.type === 'decorator' && this.isRouteDecorator(d))) {
        add(decorated.childForFieldName('definition'));
      }
    }
    for (const call of this.root.descendantsOfType('call')) {
      const callee = call?.childForFieldName('function');
      if (!call || callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'add_url_rule') continue;
      const target = keywordArgument(call, 'view_func')?.childForFieldName('value') ?? positionalArguments(call)[2];
      if (target?.type === 'identifier') routedNames.add(target.text);
    }
    for (const fn of this.root.descendantsOfType('function_definition')) {
      if (!fn) continue;
      const name = fn.childForFieldName('name')?.text ?? '';
      const owner = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
      if (routedNames.has(name)) add(fn);
      const cls = owner.parent?.type === 'block' ? owner.parent.parent : undefined;
      if (cls?.type === 'class_definition' && this.isClassBasedView(cls)) add(fn);
    }
    return [...views.values()].sort((a, b) => a.startIndex - b.startIndex);
  }

  /** `@x.route(...)` on anything; `@app.get(...)` and friends only on an app or a blueprint. */
  private isRouteDecorator(decorator: Node): boolean {
    const call = decorator.namedChild(0);
    if (call?.type !== 'call') return false;
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute') return false;
    const method = callee.childForFieldName('attribute')?.text ?? '';
    if (method === 'route') return true;
    if (!ROUTE_METHODS.has(method)) return false;
    const object = callee.childForFieldName('object');
    return this.isAppReference(object) || (object?.type === 'identifier' && this.blueprintNames.has(object.text));
  }

  private isClassBasedView(cls: Node): boolean {
    const bases = namedChildren(cls.childForFieldName('superclasses') ?? cls).filter((b) => b.type === 'identifier' || b.type === 'attribute');
    return bases.some((base) => {
      const target = this.resolveImported(base);
      if (!target) return false;
      return (target.module === 'flask.views' && (target.name === 'MethodView' || target.name === 'View')) ||
        (target.module === 'flask' && target.name === 'views.MethodView') ||
        (target.module === 'flask_restful' && target.name === 'Resource');
    });
  }

  private collectImport(statement: Node): void {
    if (statement.type === 'import_statement') {
      for (const item of namedChildren(statement)) {
        if (item.type === 'dotted_name') {
          // `import a.b` binds `a`, which refers to module `a`.
          const head = item.text.split('.')[0]!;
          this.imports.set(head, { local: head, module: head });
        } else if (item.type === 'aliased_import') {
          const module = item.childForFieldName('name')?.text;
          const alias = item.childForFieldName('alias')?.text;
          if (module && alias) this.imports.set(alias, { local: alias, module });
        }
      }
    } else if (statement.type === 'import_from_statement') {
      const moduleNode = statement.childForFieldName('module_name');
      if (!moduleNode || moduleNode.type === 'relative_import') return;
      const module = moduleNode.text;
      for (const item of statement.childrenForFieldName('name')) {
        if (item.type === 'dotted_name') {
          this.imports.set(item.text, { local: item.text, module, name: item.text });
        } else if (item.type === 'aliased_import') {
          const name = item.childForFieldName('name')?.text;
          const alias = item.childForFieldName('alias')?.text;
          if (name && alias) this.imports.set(alias, { local: alias, module, name });
        }
      }
    }
  }

  private collectBinding(statement: Node): void {
    const assignment = statementAssignment(statement);
    if (!assignment) return;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') return;
    if (this.isFlaskConstructor(right) || this.isFactoryCall(right)) {
      const origin = this.isFlaskConstructor(right) ? 'constructor' : 'factory';
      this.moduleApps.push({ name: left.text, statement, assignment, call: right, origin });
      this.moduleAppNames.add(left.text);
    } else if (this.isBlueprintConstructor(right)) {
      this.blueprintNames.add(left.text);
    }
  }

  private collectConfigClass(statement: Node, configClassNames: Set<string>): void {
    if (statement.type !== 'class_definition') return;
    const name = statement.childForFieldName('name')?.text;
    if (!name) return;
    const bases = namedChildren(statement.childForFieldName('superclasses') ?? statement).filter(
      (n) => n.type === 'identifier' || n.type === 'attribute',
    );
    const derivesFromConfig = bases.some((b) => configClassNames.has(b.text));
    if (/config|settings/i.test(name) || derivesFromConfig) configClassNames.add(name);
  }

  private bindingsOf(fn: Node): FunctionBindings {
    const cached = this.functionBindings.get(fn.id);
    if (cached) return cached;
    const bindings: FunctionBindings = { apps: new Set(), locals: new Set() };
    for (const name of parameterNames(fn)) {
      bindings.locals.add(name);
      if (APP_PARAMETER_NAMES.has(name)) bindings.apps.add(name);
    }
    const body = fn.childForFieldName('body');
    for (const assignment of body ? body.descendantsOfType('assignment') : []) {
      if (this.nearestFunction(assignment)?.id !== fn.id) continue;
      const left = assignment.childForFieldName('left');
      if (left?.type !== 'identifier') continue;
      bindings.locals.add(left.text);
      const right = assignment.childForFieldName('right');
      if (right?.type === 'call' && (this.isFlaskConstructor(right) || this.isFactoryCall(right))) {
        bindings.apps.add(left.text);
      }
    }
    this.functionBindings.set(fn.id, bindings);
    return bindings;
  }

  private nearestFunction(node: Node): Node | undefined {
    for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
    return undefined;
  }
}
