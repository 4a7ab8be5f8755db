import { firstContextPushes, type ContextPush } from './contextPushes';
import type { Node } from 'web-tree-sitter';
import {
  APP_PARAMETER_NAMES,
  canonicalQualifiedName,
  FACTORY_NAMES,
  isDevelopmentOrTestingName,
  isExtensionModule,
  ROUTE_METHODS,
} from './flaskKnowledge';
import {
  dottedName,
  enclosingClass,
  isMainGuard,
  isTrueLiteral,
  keywordArgument,
  namedChildren,
  positionalArguments,
  statementAssignment,
  stringLiteralValue,
  undecorated,
} from './syntax';
import { SemanticModel, type Binding, type Scope as BindingScope } from './semantic/semanticModel';
import { BINDING_STATEMENTS, DEFINITION_STATEMENTS, type TopLevelStatement } from './semantic/bindings';
import { outlineNodes, readOutline, type OutlineEntry } from './semantic/outline';
import { WordPresence } from './wordPresence';
import { readPlainStatement } from './plainStatement';
import { mayDeclareRoutes, placedRoute, servesRoute, type RouteOwner, type RouteSummary, type StatementSummary } from './summaries';
import { summariseStatements, type SummaryRecord } from './summaryCache';
import type { ProjectView } from './project/projectIndex';
import type { NameKind } from './project/facts';

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

/** A module's dotted name, as `from_object` imports one (`pkg.settings`; not `pkg.settings:Config`). */
const DOTTED_NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** The module-scope statements the model reads; functions and decorated definitions hold none of its facts. */
const FACT_STATEMENTS = new Set(['import_statement', 'import_from_statement', 'expression_statement', 'class_definition']);

/** Which top-level statements' nodes the model reads on every analysis. */
type WantsNode = (entry: OutlineEntry) => boolean;

/**
 * Those that bind names besides definitions, and module-level blocks; not a plain statement
 * (plainStatement.ts), which binds nothing, where the tree has no errors (its text then is what
 * its nodes say): a findings-dense module holds thousands, and its nodes would be kept for nothing.
 */
function needsNodeIn(text: string, hasError: boolean): WantsNode {
  return (entry) => {
    if (!BINDING_STATEMENTS.has(entry.type) && !MODULE_SCOPE_BLOCKS.has(entry.type)) return false;
    return hasError || entry.type !== 'expression_statement' || !(entry.plain ??= readPlainStatement(text, entry.start, entry.end) !== undefined);
  };
}

/**
 * Statements whose nodes the outline keeps when it reads them: those the model needs, and
 * definitions, which the summaries read next (a fresh analysis then makes one pass along the
 * top level, not two).
 */
const keepsNodeOf = (needsNode: WantsNode): WantsNode => (entry) => needsNode(entry) || DEFINITION_STATEMENTS.has(entry.type);

/** A module-scope statement the model reads; a top-level class's node is made on demand (a large module has thousands). */
export interface ModuleStatementSpan {
  type: string;
  start: number;
  end: number;
  node?: Node;
}

/**
 * From the module's outline: its top-level statements, with nodes for those that bind names
 * besides definitions, and the module-scope statements the model reads (imports, expression
 * statements, classes, and the module-level if/try/with/for/while statements holding them), in
 * document order, with the top-level `if` statements. Nodes of the outline's kept statements are
 * found in the tree; undefined when one is not there.
 */
function moduleScope(
  root: Node,
  outline: { entries: readonly OutlineEntry[]; nodes: ReadonlyMap<OutlineEntry, Node> },
  needsNode: WantsNode,
): { topLevel: TopLevelStatement[]; spans: ModuleStatementSpan[]; topLevelIfs: Node[] } | undefined {
  const { entries, nodes } = outline;
  const missing: number[] = [];
  entries.forEach((entry, index) => {
    if (needsNode(entry) && !nodes.has(entry)) missing.push(index);
  });
  const found = outlineNodes(root, entries, missing);
  if (found.includes(undefined)) return undefined;
  // `missing` ascends, as the entries are visited.
  let nextFound = 0;
  const nodeOf = (entry: OutlineEntry) => nodes.get(entry) ?? found[nextFound++];
  const topLevel: TopLevelStatement[] = [];
  const spans: ModuleStatementSpan[] = [];
  const topLevelIfs: Node[] = [];
  const cursor = root.walk();
  const types = root.tree.language.types;
  // Statements nested in module-level blocks: one cursor pass under each block.
  const visitChildren = () => {
    if (!cursor.gotoFirstChild()) return;
    do {
      const type = types[cursor.nodeTypeId] ?? 'ERROR';
      if (MODULE_SCOPE_BLOCKS.has(type) || FACT_STATEMENTS.has(type)) {
        if (type !== 'block') spans.push({ type, start: cursor.startIndex, end: cursor.endIndex, node: cursor.currentNode });
        if (MODULE_SCOPE_BLOCKS.has(type)) visitChildren();
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };
  try {
    for (const entry of entries) {
      const { type } = entry;
      const node = needsNode(entry) ? nodeOf(entry) : undefined;
      // A block is no statement of its own: its statements are read, not it.
      // A literal, not a spread of the entry: entries come in several shapes, which makes a spread slow.
      const statement: TopLevelStatement = node && type !== 'block' ? { type, start: entry.start, end: entry.end, node } : entry;
      topLevel.push(statement);
      if (MODULE_SCOPE_BLOCKS.has(type)) {
        if (type !== 'block') spans.push(statement);
        if (type === 'if_statement') topLevelIfs.push(node!);
        cursor.reset(node!);
        visitChildren();
      } else if (FACT_STATEMENTS.has(type)) {
        spans.push(statement);
      }
    }
  } finally {
    cursor.delete();
  }
  return { topLevel, spans, topLevelIfs };
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
  /** Scopes, bindings and qualified names: what each name is bound to where it stands. */
  readonly semantic: SemanticModel;
  /** The statements of {@link moduleStatements} as spans, nodes made only where they were needed: what every keystroke reads. */
  readonly moduleStatementSpans: readonly ModuleStatementSpan[];
  /** The module's top-level statements as plain data: the runner keeps it for the next analysis. */
  readonly outline: readonly OutlineEntry[];
  /** Nodes of the outline's entries that this analysis read from the tree. */
  private readonly readNodes: ReadonlyMap<OutlineEntry, Node>;
  private statementNodes: Node[] | undefined;
  private configClassNames: Set<string> | undefined;
  private topLevelStatements: Node[] | undefined;
  private viewFunctions: Node[] | undefined;

  private fromObjectArguments: Node[] | undefined;
  private readonly appBindings = new Map<Binding, boolean>();
  private summaryRecords: readonly SummaryRecord[] | undefined;
  private viewGraphCache: FlaskModel['viewGraph'] | undefined;
  private pushes: ContextPush[] | undefined;
  private routeText: boolean | undefined;
  private routeList: RouteSummary[] | undefined;

  constructor(
    readonly root: Node,
    /** The analysed text; `root` is its tree. */
    readonly text: string,
    /** What names imported from the project's other modules are (project/projectIndex.ts), when the host indexes one. */
    readonly project?: ProjectView,
    /**
     * The previous analysis's outline and the edits since, to read only changed statements again
     * (see semantic/outline.ts), and its module scope, taken over when the module binds the same names.
     */
    outlineReuse?: Parameters<typeof readOutline>[2] & { previousModule?: BindingScope },
    /** Which words the text holds, kept from the previous analysis where one edit allows (wordPresence.ts). */
    readonly words: WordPresence = new WordPresence(text),
  ) {
    // Built on every analysis, keystrokes included: only what every analysis needs is read here.
    // Definitions' nodes only on a fresh read, where the summaries read every definition next; after
    // an edit they read only the changed statements, found on their own.
    const needsNode = needsNodeIn(text, root.hasError);
    const keepsNode = keepsNodeOf(needsNode);
    let read = readOutline(root, text, outlineReuse, outlineReuse ? needsNode : keepsNode);
    let scope = moduleScope(root, read, needsNode);
    if (!scope) {
      // A kept statement is not in the tree: read the outline afresh (which finds every node it needs).
      read = readOutline(root, text, undefined, keepsNode);
      scope = moduleScope(root, read, needsNode)!;
    }
    const { spans, topLevelIfs, topLevel } = scope;
    this.outline = read.entries;
    this.readNodes = read.nodes;
    this.moduleStatementSpans = spans;
    this.semantic = new SemanticModel(root, text, topLevel, !outlineReuse, outlineReuse?.previousModule);
    this.collectModuleBindings();
    for (const statement of topLevelIfs) if (isMainGuard(statement)) this.mainGuards.push(statement);
  }

  /**
   * Module-scope statements the model reads: imports, expression statements, classes, and the
   * module-level compound statements holding them. Functions and decorated definitions are left
   * out. Made on first use: a big module has thousands of classes.
   */
  get moduleStatements(): readonly Node[] {
    if (!this.statementNodes) {
      const wanted: number[] = [];
      const spans = this.moduleStatementSpans;
      // Only top-level statements lack a node: they are the outline's own entries, in its order.
      let index = 0;
      for (const span of spans) {
        if (span.node) continue;
        while (index < this.outline.length && this.outline[index] !== span) index++;
        wanted.push(index);
      }
      const found = this.outlineNodesAt(wanted);
      let next = 0;
      this.statementNodes = [];
      for (const span of spans) {
        const node = span.node ?? found[next++];
        if (node) this.statementNodes.push(node);
      }
    }
    return this.statementNodes;
  }

  /**
   * The nodes of the outline's entries at `indexes` (ascending): those this analysis read already,
   * the others found in the tree. Undefined where the tree has no such statement.
   */
  outlineNodesAt(indexes: readonly number[]): (Node | undefined)[] {
    const missing = indexes.filter((index) => !this.readNodes.has(this.outline[index]!));
    const found = missing.length > 0 ? outlineNodes(this.root, this.outline, missing) : [];
    let next = 0;
    return indexes.map((index) => this.readNodes.get(this.outline[index]!) ?? found[next++]);
  }

  /** A module-scope statement's node (a top-level class has none until asked). */
  nodeOf(span: ModuleStatementSpan): Node | undefined {
    if (span.node) return span.node;
    const index = this.outline.indexOf(span as OutlineEntry);
    return index < 0 ? undefined : this.outlineNodesAt([index])[0];
  }

  /** The module's own top-level statements, comments excluded (made on first use: a big module has thousands). */
  get topLevel(): Node[] {
    this.topLevelStatements ??= namedChildren(this.root).filter((n) => n.type !== 'comment');
    return this.topLevelStatements;
  }

  /** What an expression names through imports and aliases where it stands (`flask.Flask`), see {@link SemanticModel.qualifiedName}. */
  qualifiedName(expr: Node | null): string | undefined {
    return this.semantic.qualifiedName(expr);
  }

  /** `Flask(...)`, `F(...)` after `from flask import Flask as F`, `flask.Flask(...)`. */
  isFlaskConstructor(call: Node): boolean {
    return this.qualifiedName(call.childForFieldName('function')) === 'flask.Flask';
  }

  isBlueprintConstructor(call: Node): boolean {
    return this.qualifiedName(call.childForFieldName('function')) === 'flask.Blueprint';
  }

  /** `create_app()` or `factory.create_app()`: a call that returns an app. */
  isFactoryCall(call: Node): boolean {
    const callee = call.childForFieldName('function');
    const name = dottedName(callee);
    if (name !== undefined && FACTORY_NAMES.has(name.split('.').pop()!)) return true;
    return this.projectKind(callee) === 'factory';
  }

  /** What an imported name is in the project that imports it (an app, a factory...), when the project says. */
  projectKind(expr: Node | null): NameKind | undefined {
    if (!this.project || (expr?.type !== 'identifier' && expr?.type !== 'attribute')) return undefined;
    const name = this.qualifiedName(expr);
    return name === undefined ? undefined : this.project.kindOf(name);
  }

  /** The extension class a call constructs, when it comes from a `flask_*` module. */
  extensionClassOf(call: Node): { module: string; className: string } | undefined {
    const name = this.qualifiedName(call.childForFieldName('function'));
    const dot = name?.lastIndexOf('.') ?? -1;
    if (!name || dot < 0) return undefined;
    const module = name.slice(0, dot);
    const className = name.slice(dot + 1);
    if (!isExtensionModule(module) || !/^[A-Z]/.test(className)) return undefined;
    return { module, className };
  }

  /** The first module-level `app.app_context().push()` and `app.test_request_context().push()`, also through a name (module facts). */
  get contextPushes(): readonly ContextPush[] {
    // Read on every analysis (a module fact): a module that never names a context costs one search of its text.
    this.pushes ??= this.words.has('app_context') || this.words.has('test_request_context') ? firstContextPushes(this.moduleStatements, this.semantic) : [];
    return this.pushes;
  }

  /** Where a node sits: module, function or class body, and whether under the `__main__` guard. */
  scopeOf(node: Node): Scope {
    // Most nodes rules ask about are plain module-level code: no climb through `parent`, which
    // tree-sitter answers by searching down from the root.
    if (this.semantic.inPlainStatement(node)) {
      return { kind: 'module', underMainGuard: this.mainGuards.some((g) => g.startIndex <= node.startIndex && node.endIndex <= g.endIndex) };
    }
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
   * True when `expr` denotes a Flask app where it stands: a name whose current binding is
   * `Flask(...)` or `create_app()` (directly or through `application = app`), an app-named
   * parameter, or `current_app`. A name rebound to something else (`app = 1`) is no app.
   */
  isAppReference(expr: Node | null): boolean {
    if (!expr) return false;
    // `create_app().run(...)` and `Flask(__name__).run(...)` act on an app too.
    const type = expr.type;
    if (type === 'call') return this.isFactoryCall(expr) || this.isFlaskConstructor(expr);
    if (type !== 'identifier') return this.qualifiedName(expr) === 'flask.current_app';
    return this.isAppBinding(this.semantic.bindingOf(expr));
  }

  /**
   * {@link isAppReference} of the name `name` written at `start`, known from the text alone in
   * module-level code; undefined where the tree must say (see SemanticModel.moduleLevelName).
   */
  isAppNameAt(name: string, start: number): boolean | undefined {
    const seen = this.semantic.moduleLevelName(name, start);
    return seen && this.isAppBinding(seen.binding);
  }

  /**
   * True when a name that sees `binding` is an app: {@link isAppReference} of a name, for readers
   * that found the binding from the text. A binding is an app or not wherever it is read: a
   * findings-dense module asks thousands of times.
   */
  isAppBinding(binding: Binding | undefined): boolean {
    if (!binding) return false;
    let app = this.appBindings.get(binding);
    if (app === undefined) this.appBindings.set(binding, (app = this.bindsApp(binding)));
    return app;
  }

  private bindsApp(binding: Binding): boolean {
    if (binding.kind === 'parameter') return APP_PARAMETER_NAMES.has(binding.name) && !annotatedAsOther(binding.node);
    if (binding.kind === 'import') {
      const name = binding.qualifiedName ?? '';
      return canonicalQualifiedName(name) === 'flask.current_app' || this.project?.kindOf(name) === 'app';
    }
    const value = this.semantic.valueOf(binding)?.value;
    if (value?.type === 'call') return this.isFlaskConstructor(value) || this.isFactoryCall(value);
    return value !== undefined && this.qualifiedName(value) === 'flask.current_app';
  }

  /**
   * True when the module loads its own upper-case names as an app's config:
   * `app.config.from_object(__name__)` at module level or in a function (the early tutorial's
   * style), so module-level `SECRET_KEY = ...` and `DEBUG = ...` are config.
   */
  get loadsOwnModuleAsConfig(): boolean {
    return this.configObjects().some((argument) => argument.type === 'identifier' && argument.text === '__name__');
  }

  /**
   * The modules this one loads as an app's config by name, `app.config.from_object("pkg.settings")`
   * (Flask's documented `default_settings` style): dotted names as written, which may also name a
   * class of a module (the project index tells modules apart).
   */
  get configModulesByName(): string[] {
    const names = new Set<string>();
    for (const argument of this.configObjects()) {
      const name = stringLiteralValue(argument);
      if (name !== undefined && DOTTED_NAME.test(name)) names.add(name);
    }
    return [...names].sort();
  }

  /**
   * True when another module of the project loads this one as an app's config by name (see
   * {@link configModulesByName}): its module-level upper-case names are config too.
   */
  get loadedAsConfigByName(): boolean {
    return this.project?.loadedAsConfig?.() === true;
  }

  /**
   * The argument of each `<app>.config.from_object(...)` call, at module level or in a function.
   * Found by a text search first, so a module without the call costs one scan of its text.
   */
  private configObjects(): Node[] {
    if (this.fromObjectArguments === undefined) {
      this.fromObjectArguments = [];
      // A plain search first: the regular expression scans a large module far slower.
      const matches = this.words.has('from_object') ? this.text.matchAll(/\bfrom_object\s*\(/g) : [];
      for (const match of matches) {
        let call: Node | null = this.root.descendantForIndex(match.index);
        while (call && call.type !== 'call') call = call.parent;
        const fn = call?.childForFieldName('function');
        const config = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
        const argument = call ? positionalArguments(call)[0] : undefined;
        if (argument && config?.type === 'attribute' && config.childForFieldName('attribute')?.text === 'config' && this.isAppReference(config.childForFieldName('object'))) {
          this.fromObjectArguments.push(argument);
        }
      }
    }
    return this.fromObjectArguments;
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
    if (!this.viewFunctions) {
      const views = new Map<number, Node>();
      for (const view of this.eachView()) views.set(view.id, view);
      this.viewFunctions = [...views.values()].sort((a, b) => a.startIndex - b.startIndex);
    }
    return this.viewFunctions;
  }

  /**
   * The view functions as they are found, one routed twice given twice: a caller that stops at
   * the first views it needs (errorFacts.ts) reads no more of the tree than that.
   */
  *eachView(): Generator<Node> {
    const asView = (fn: Node | null | undefined) => (fn?.type === 'function_definition' ? [fn] : []);
    for (const statement of this.statementsHolding('@')) {
      for (const decorated of statement.descendantsOfType('decorated_definition')) {
        if (decorated && namedChildren(decorated).some((d) => d.type === 'decorator' && this.isRouteDecorator(d))) {
          yield* asView(decorated.childForFieldName('definition'));
        }
      }
    }
    // Each pass below reads the whole tree, so it runs only where the text can hold what it looks
    // for: a module of 10 MB has a million calls, and indexing it made a node of each.
    const routedNames = new Set<string>();
    const calls = this.words.has('add_url_rule') ? this.root.descendantsOfType('call') : [];
    for (const call of calls) {
      const callee = call?.childForFieldName('function');
      if (!call || callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'add_url_rule') continue;
      const target = keywordArgument(call, 'view_func')?.childForFieldName('value') ?? positionalArguments(call)[2];
      if (target?.type === 'identifier') routedNames.add(target.text);
    }
    if (routedNames.size > 0) {
      for (const fn of this.root.descendantsOfType('function_definition')) if (fn && routedNames.has(fn.childForFieldName('name')?.text ?? '')) yield* asView(fn);
    }
    // A class-based view's methods: the functions of its body, decorated or not.
    const classes = this.words.has('class') ? this.root.descendantsOfType('class_definition') : [];
    for (const cls of classes) {
      const body = cls?.childForFieldName('body');
      if (!cls || !body || !this.isClassBasedView(cls)) continue;
      for (const member of namedChildren(body)) {
        yield* asView(undecorated(member));
      }
    }
  }

  /**
   * The top-level statements whose text holds `mark`, the only ones a search of the tree for
   * what `mark` starts (`@`: decorators) need visit: a search of the whole tree visits every node.
   */
  private statementsHolding(mark: string): Node[] {
    const { outline, text } = this;
    const holding: number[] = [];
    let at = text.indexOf(mark);
    for (let index = 0; index < outline.length && at >= 0; index++) {
      const { start, end } = outline[index]!;
      if (at < start) at = text.indexOf(mark, start);
      if (at >= 0 && at < end) holding.push(index);
    }
    const statements = this.outlineNodesAt(holding);
    return statements.includes(undefined) ? [this.root] : (statements as Node[]);
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

  /** What a route's object is bound to: an app, a blueprint, a Flask-RESTful or flask-restx `Api` or `Namespace`. */
  routeOwnerKind(object: Node): RouteOwner {
    if (object.type === 'identifier') {
      if (object.text === 'self' && this.isAppOnSelf(object)) return 'app';
      return this.routeOwnerKindOf(this.semantic.bindingOf(object));
    }
    if (this.isAppReference(object) || this.isAppOnSelf(object)) return 'app';
    // Anything but a name (`self.app`, `api.ns`) has no assigned value to say what it is; the project may.
    return this.projectKind(object) === 'blueprint' ? 'blueprint' : 'unknown';
  }

  /**
   * {@link routeOwnerKind} of a name, from the binding it sees (`self` aside, which may be an app
   * without being bound to one): a module-level decorator's owner is read from the text
   * (summaries.ts), without a node.
   */
  routeOwnerKindOf(binding: Binding | undefined): RouteOwner {
    if (!binding) return 'unknown';
    // An extension's method (`def init_app(self, app)`) adds routes to whichever app or blueprint it is handed.
    if (binding.kind === 'parameter' && methodOfOtherClass(this, binding.node)) return 'unknown';
    if (this.isAppBinding(binding)) return 'app';
    const value = this.semantic.valueOf(binding)?.value;
    const callee = value?.type === 'call' ? this.qualifiedName(value.childForFieldName('function')) : undefined;
    if (callee === 'flask.Blueprint') return 'blueprint';
    const name = this.project ? this.semantic.qualifiedNameOf(binding) : undefined;
    if (name !== undefined && this.project?.kindOf(name) === 'blueprint') return 'blueprint';
    return callee && API_CLASSES.has(callee) ? 'api' : 'unknown';
  }

  /**
   * `self` in a method of a `Flask` subclass, or `self.app` in a class whose methods assign it an
   * app (`self.app = Flask(__name__)`, `self.app = app` from an app parameter).
   */
  private isAppOnSelf(object: Node): boolean {
    const self = object.type === 'attribute' ? object.childForFieldName('object') : object;
    if (self?.type !== 'identifier' || self.text !== 'self' || this.semantic.bindingOf(self)?.kind !== 'parameter') return false;
    let cls = self.parent;
    while (cls && cls.type !== 'class_definition') cls = cls.parent;
    if (!cls) return false;
    if (object.type === 'identifier') {
      const bases = namedChildren(cls.childForFieldName('superclasses') ?? cls);
      return bases.some((base) => this.qualifiedName(base) === 'flask.Flask');
    }
    const attribute = object.childForFieldName('attribute')?.text;
    return cls.descendantsOfType('assignment').some((assignment) => {
      const left = assignment?.childForFieldName('left');
      return (
        left?.type === 'attribute' &&
        left.childForFieldName('object')?.text === 'self' &&
        left.childForFieldName('attribute')?.text === attribute &&
        this.isAppReference(assignment!.childForFieldName('right'))
      );
    });
  }

  /** Set by the runner: the summaries of the module's top-level statements (see summaries.ts). */
  useSummaries(records: readonly SummaryRecord[]): void {
    this.summaryRecords = records;
    this.viewGraphCache = undefined;
    this.routeList = undefined;
  }

  /** Whether the text may declare a route at all (one search, made once): without, `routes` needs no summaries. */
  get mayDeclareRoutes(): boolean {
    return (this.routeText ??= mayDeclareRoutes(this.text));
  }

  /** Every route the module declares, in source order (decorators and `add_url_rule`, at any depth), with ranges in the text. */
  get routes(): readonly RouteSummary[] {
    if (!this.mayDeclareRoutes) return [];
    return (this.routeList ??= this.summaries().flatMap(({ start, summary }) => summary.routes.map((route) => placedRoute(start, route))));
  }

  /**
   * The statements' summaries as the runner keeps them across analyses, their routes' ranges
   * counting from the record's `start` ({@link placedRoute}): a rule that reads every route on
   * every keystroke reads them here, without the copies `routes` makes.
   */
  get routeRecords(): readonly SummaryRecord[] {
    return this.mayDeclareRoutes ? this.summaries() : [];
  }

  /**
   * Module-level functions and classes that answer requests (routed on an app, a blueprint or an
   * API, or class-based views), and the module-level functions they call, directly or through
   * each other: code that runs while a request is handled.
   */
  get viewGraph(): { views: ReadonlySet<string>; calledFromViews: ReadonlySet<string> } {
    this.viewGraphCache ??= viewGraphOf(this.summaries().map((record) => record.summary));
    return this.viewGraphCache;
  }

  /** The runner's summaries, or (for a model built outside an analysis) a fresh reading of every statement. */
  private summaries(): readonly SummaryRecord[] {
    this.summaryRecords ??= summariseStatements(this, this.text).records;
    return this.summaryRecords;
  }

  isClassBasedView(cls: Node): boolean {
    const bases = namedChildren(cls.childForFieldName('superclasses') ?? cls).filter((b) => b.type === 'identifier' || b.type === 'attribute');
    return bases.some((base) => CLASS_BASED_VIEW_BASES.has(this.qualifiedName(base) ?? ''));
  }

  /** Imports, apps and blueprints bound at module level, read from the semantic model's module scope. */
  private collectModuleBindings(): void {
    for (const binding of this.semantic.module.all()) {
      if (binding.kind === 'import') {
        const imported = importBinding(binding);
        if (imported) this.imports.set(binding.name, imported);
        else this.imports.delete(binding.name);
        continue;
      }
      const { assignment, statement } = binding;
      if (binding.kind !== 'assignment' || binding.value?.type !== 'call' || !assignment || !statement) continue;
      const call = binding.value;
      const constructor = this.isFlaskConstructor(call);
      const app = constructor || this.isFactoryCall(call);
      // What isAppReference would find for this binding, read once here (bindsApp).
      this.appBindings.set(binding, app);
      if (app) {
        this.moduleApps.push({ name: binding.name, statement, assignment, call, origin: constructor ? 'constructor' : 'factory' });
        this.moduleAppNames.add(binding.name);
      } else if (this.isBlueprintConstructor(call)) {
        this.blueprintNames.add(binding.name);
      }
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
}

/** Objects whose `route` decorators declare API resources (Flask-RESTful, flask-restx). */
const API_CLASSES = new Set(['flask_restful.Api', 'flask_restx.Api', 'flask_restx.Namespace']);

function viewGraphOf(summaries: readonly StatementSummary[]): FlaskModel['viewGraph'] {
  const defines = new Map<string, string[]>();
  const views = new Set<string>();
  const roots: string[] = [];
  for (const summary of summaries) {
    if (summary.defines) {
      defines.set(summary.defines.name, summary.defines.calls);
      if (summary.defines.classBasedView) views.add(summary.defines.name);
    }
    for (const route of summary.routes) {
      if (!servesRoute(route)) continue;
      if (route.view && route.moduleLevelView) views.add(route.view);
      roots.push(...route.calls);
    }
  }
  for (const view of views) roots.push(...(defines.get(view) ?? []));
  const calledFromViews = new Set<string>();
  for (let name = roots.pop(); name !== undefined; name = roots.pop()) {
    const calls = defines.get(name);
    if (!calls || calledFromViews.has(name)) continue;
    calledFromViews.add(name);
    roots.push(...calls);
  }
  return { views, calledFromViews };
}

/** Bases that make a class a class-based view, whose methods answer requests. */
const CLASS_BASED_VIEW_BASES = new Set(['flask.views.MethodView', 'flask.views.View', 'flask_restful.Resource', 'flask_restx.Resource']);

/** An import binding in the model's older shape: `module` alone for `import m as x`, `module` + `name` for `from m import name`. */
function importBinding(binding: Binding): ImportBinding | undefined {
  const qualified = binding.qualifiedName;
  if (!qualified || qualified.startsWith('.')) return undefined;
  if (binding.statement?.type === 'import_statement') return { local: binding.name, module: qualified };
  const dot = qualified.lastIndexOf('.');
  return { local: binding.name, module: qualified.slice(0, dot), name: qualified.slice(dot + 1) };
}

/**
 * A parameter annotated as a blueprint (`app: Blueprint`, `app: "Blueprint"`) and not as an app: no
 * app, whatever its name. `Any`, `object` or another type says nothing either way.
 */
function annotatedAsOther(name: Node | undefined): boolean {
  const parameter = name?.parent;
  if (parameter?.type !== 'typed_parameter' && parameter?.type !== 'typed_default_parameter') return false;
  const annotation = parameter.childForFieldName('type')?.text ?? '';
  return /\bBlueprint\b/.test(annotation) && !/\bFlask\b/.test(annotation);
}

/** True when the parameter belongs to a method of a class that is not a `Flask` subclass (an extension, a registrar). */
function methodOfOtherClass(model: FlaskModel, name: Node | undefined): boolean {
  let fn = name?.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const cls = fn ? enclosingClass(fn) : undefined;
  if (!cls) return false;
  return !namedChildren(cls.childForFieldName('superclasses') ?? cls).some((base) => model.qualifiedName(base) === 'flask.Flask');
}
