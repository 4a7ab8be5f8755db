import type { Node } from 'web-tree-sitter';
import { keptCursorAt } from '../parser';
import { canonicalQualifiedName } from '../flaskKnowledge';
import { PYTHON_KEYWORDS, undecorated } from '../syntax';
import {
  comprehensionBindings,
  DEFINITION_STATEMENTS,
  functionHeaderEnd,
  moduleBindings,
  parameterBindings,
  statementBindings,
  topLevelStatements,
  type RawBinding,
  type TopLevelStatement,
} from './bindings';

/**
 * Python's scopes, bindings and qualified names for one module, so rules ask what a name is
 * bound to at a point, not how it is spelled. Modelled on Ruff's semantic model: a reference sees
 * the binding its scope made last before it; a reference inside a function body sees the final
 * bindings of the scopes around it, since the body runs after they are complete.
 *
 * The module scope is read at construction from the module's statements; other scopes are read
 * the first time a question reaches them, so a keystroke in a large module pays for the module
 * level only.
 */

export type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension';

/**
 * A binding as a scope holds it. It names no scope: the definitions of module-level functions and
 * classes are kept on the outline from keystroke to keystroke, and writing each keystroke's
 * module scope into thousands of them cost a write barrier each and made the young collections
 * scan them all. A scope's `bindings(name)` says whether it holds one.
 */
export type Binding = RawBinding;

export class Scope {
  /** Names declared `global` or `nonlocal` here: assignments to them bind elsewhere. */
  readonly declarations = new Map<string, 'global' | 'nonlocal'>();
  /** Whether a later module scope has taken over this one's tables (reusing). */
  private taken = false;

  constructor(
    readonly kind: ScopeKind,
    readonly node: Node,
    readonly parent: Scope | undefined,
    private readonly byName = new Map<string, Binding[]>(),
    private readonly inOrder: Binding[] = [],
  ) {}

  /**
   * The module scope of a new tree whose statements bind what `previous`'s bound, name for name
   * and kind for kind in the same order; undefined otherwise. It takes over `previous`'s tables,
   * putting in the new binding objects, so a keystroke in a large module does not index its
   * thousands of names again (definitions are the same objects from keystroke to keystroke). The
   * offsets only shift with an edit, so the order of each name's bindings holds: checked anyway.
   * `previous` belongs to the last analysis, which nothing asks again; its tables are taken over
   * once, so no two later scopes share them.
   */
  static reusing(previous: Scope, node: Node, raws: readonly RawBinding[]): Scope | undefined {
    const order = previous.inOrder;
    if (previous.taken || previous.kind !== 'module' || previous.declarations.size > 0 || raws.length !== order.length) return undefined;
    for (let i = 0; i < raws.length; i++) {
      const [raw, old] = [raws[i]!, order[i]!];
      if (raw !== old && (raw.name !== old.name || raw.kind !== old.kind)) return undefined;
    }
    // From here its tables change, and a failed order check below leaves them changed.
    previous.taken = true;
    for (let i = 0; i < raws.length; i++) {
      const [raw, old] = [raws[i]!, order[i]!];
      if (raw === old) continue;
      order[i] = raw;
      const list = previous.byName.get(raw.name)!;
      list[list.indexOf(old)] = raw;
      for (let j = 1; j < list.length; j++) if (list[j - 1]!.visibleFrom > list[j]!.visibleFrom) return undefined;
    }
    return new Scope('module', node, undefined, previous.byName, order);
  }

  /** Every binding of `name` made in this scope, in source order. */
  bindings(name: string): readonly Binding[] {
    return this.byName.get(name) ?? [];
  }

  /** Every binding made in this scope, in the order its statements were read (source order). */
  all(): readonly Binding[] {
    return this.inOrder;
  }

  /** Names bound in this scope. */
  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  /** The last binding of `name` visible at `offset`, or the final one when `offset` is undefined. */
  visibleAt(name: string, offset: number | undefined): Binding | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    if (offset === undefined) return list[list.length - 1];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid]!.visibleFrom <= offset) low = mid + 1;
      else high = mid;
    }
    return low > 0 ? list[low - 1] : undefined;
  }

  add(raw: RawBinding): void {
    const visibleFrom = raw.visibleFrom;
    if (raw.kind === 'global' || raw.kind === 'nonlocal') {
      this.declarations.set(raw.name, raw.kind);
      return;
    }
    const binding: Binding = raw;
    this.inOrder.push(binding);
    const list = this.byName.get(raw.name);
    if (!list) this.byName.set(raw.name, [binding]);
    else {
      // Bindings arrive in source order except loop and parameter targets; keep the list sorted.
      let i = list.length;
      while (i > 0 && list[i - 1]!.visibleFrom > visibleFrom) i--;
      if (i === list.length) list.push(binding);
      else list.splice(i, 0, binding);
    }
  }
}

/** Words without which a statement holds no nested scope (`for` also starts comprehensions). */
const SCOPE_WORDS = /\b(?:def|class|lambda|for)\b/;
/** SCOPE_WORDS without the boundary before, which everyPlainUntil checks against each statement's start. */
const SCOPE_WORD_ENDS = /(?:def|class|lambda|for)\b/g;
const WORD_CHARACTER = /\w/;
/** Where a definition's own line starts, after its decorators. */
const DEFINITION_KEYWORD = /^[ \t]*(?:async[ \t]+)?(?:def|class)\b/m;

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const MAX_ALIAS_DEPTH = 8;

export class SemanticModel {
  readonly module: Scope;
  private readonly scopes = new Map<number, Scope>();
  /** For each top-level statement, the offset up to which its code is module-level code (inPlainStatement). */
  private plainUntil: Float64Array | undefined;
  private readonly bodyStarts = new Map<TopLevelStatement, number>();
  /** Where each top-level statement starts and ends, made on the first lookup (statementIndexAt). */
  private statementStarts: Int32Array | undefined;
  private statementEnds: Int32Array | undefined;
  /** The statement statementIndexAt found last. */
  private lastStatementIndex = 0;

  /** `statements`: the module's top-level statements, when the caller walked them already. */
  constructor(
    readonly root: Node,
    private readonly text: string,
    private readonly statements: readonly TopLevelStatement[] = topLevelStatements(root),
    /** True for a fresh analysis, which asks inPlainStatement of nearly every statement: all are read at once. */
    private readonly readsEveryStatement = false,
    /** The last analysis's module scope, taken over when the module binds the same names (Scope.reusing). */
    previousModule?: Scope,
  ) {
    const raws = moduleBindings(root, statements, text);
    const reused = previousModule && Scope.reusing(previousModule, root, raws);
    if (reused) {
      this.module = reused;
    } else {
      this.module = new Scope('module', root, undefined);
      for (const raw of raws) this.module.add(raw);
    }
    this.scopes.set(root.id, this.module);
  }

  /**
   * True when `node` lies in the body of a module-level function (not its decorators or default
   * values): code that runs only when the function is called. A binary search and, once per
   * function, a look at its body's start.
   */
  inModuleFunctionBody(node: Node): boolean {
    return node.startIndex >= this.moduleFunctionBodyStart(node.startIndex, node.endIndex);
  }

  /** Whether the tree has errors, once asked: a header's text stands for its nodes only where it has none. */
  private rootHasError: boolean | undefined;

  /**
   * Where the body of the module-level function holding `[start, end)` starts (Infinity when the
   * range is in no module-level function): what comes before it runs on import. Read from the
   * header's text where it can be, it may be the end of the header, as only comments come between.
   */
  moduleFunctionBodyStart(start: number, end: number): number {
    const statement = this.statementAt(start, end);
    if (!statement || (statement.type !== 'function_definition' && statement.type !== 'decorated_definition')) return Infinity;
    let bodyStart = this.bodyStarts.get(statement);
    // Views full of `request` ask this of every one: a findings-dense module holds thousands.
    if (bodyStart === undefined && !(this.rootHasError ??= this.root.hasError)) {
      bodyStart = functionHeaderEnd(this.text, statement.start);
      if (bodyStart !== undefined) this.bodyStarts.set(statement, bodyStart);
    }
    if (bodyStart === undefined) {
      const top = statement.node ?? this.root.descendantForIndex(statement.start, statement.end);
      const definition = undecorated(top);
      bodyStart = definition?.type === 'function_definition' ? (definition.childForFieldName('body')?.startIndex ?? Infinity) : Infinity;
      this.bodyStarts.set(statement, bodyStart);
    }
    return bodyStart;
  }

  /**
   * The top-level statement holding `node` (its type, range and, for statements that bind names,
   * its node), found without asking the tree: a node's parent is looked up from the root down.
   */
  topLevelStatementOf(node: Node): TopLevelStatement | undefined {
    return this.statementAt(node.startIndex, node.endIndex);
  }

  /** The top-level statement holding the range `[start, end)`, by binary search. */
  private statementAt(start: number, end: number): TopLevelStatement | undefined {
    const index = this.statementIndexAt(start, end);
    return index < 0 ? undefined : this.statements[index];
  }

  /** The index of the top-level statement holding `[start, end)`; -1 when none does. */
  private statementIndexAt(start: number, end: number): number {
    // Ranges in typed arrays, made on the first lookup: the statements are objects of several shapes, slow to read in a loop.
    if (!this.statementEnds || !this.statementStarts) {
      const count = this.statements.length;
      this.statementStarts = new Int32Array(count);
      this.statementEnds = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        this.statementStarts[i] = this.statements[i]!.start;
        this.statementEnds[i] = this.statements[i]!.end;
      }
    }
    const ends = this.statementEnds;
    const starts = this.statementStarts;
    // Rules ask about many nodes of one statement in a row: try the last statement found first.
    const last = this.lastStatementIndex;
    if (last < ends.length && starts[last]! <= start && start < ends[last]! && end <= ends[last]! && (last === 0 || ends[last - 1]! <= start)) return last;
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ends[mid]! <= start) low = mid + 1;
      else high = mid;
    }
    if (low < ends.length && starts[low]! <= start && end <= ends[low]!) {
      this.lastStatementIndex = low;
      return low;
    }
    return -1;
  }

  /**
   * True when `node` is module-level code for certain: it lies in a top-level statement (or a
   * definition's decorators) that opens no scope of its own (no `def`,
   * `class`, `lambda` or comprehension in its text): its code is module-level code. Found by a
   * binary search and, once per statement, a look at its text: most references a rule asks about
   * are there, and a descent from the root costs a dozen tree calls.
   */
  inPlainStatement(node: Node): boolean {
    // Each read of `endIndex` is a call into the wasm: read once.
    return this.inPlainRange(node.startIndex, node.endIndex);
  }

  /** {@link inPlainStatement} for the node that spans `[start, end)`. */
  inPlainRange(start: number, end: number): boolean {
    const index = this.statementIndexAt(start, end);
    if (index < 0) return false;
    // Up to here, the statement's text is module-level code: all of it, or a definition's decorators (NaN: not read yet).
    const plain = (this.plainUntil ??= this.readsEveryStatement ? this.everyPlainUntil() : new Float64Array(this.statements.length).fill(NaN));
    let plainUntil = plain[index]!;
    if (Number.isNaN(plainUntil)) {
      const statement = this.statements[index]!;
      const header = this.headerLength(statement);
      plainUntil = SCOPE_WORDS.test(this.text.slice(statement.start, statement.start + header)) ? statement.start : statement.start + header;
      plain[index] = plainUntil;
    }
    return end <= plainUntil;
  }

  /** How much of a statement's text can be module-level code: all of it, or a definition's decorators. */
  private headerLength(statement: TopLevelStatement): number {
    if (!DEFINITION_STATEMENTS.has(statement.type)) return statement.end - statement.start;
    return DEFINITION_KEYWORD.exec(this.text.slice(statement.start, statement.end))?.index ?? 0;
  }

  /** inPlainStatement's answer for every statement, from one search of the text for scope words. */
  private everyPlainUntil(): Float64Array {
    const plain = new Float64Array(this.statements.length);
    const words: number[] = [];
    for (const match of this.text.matchAll(SCOPE_WORD_ENDS)) words.push(match.index);
    // A word counts where it starts the statement, or after a character that is no word's: `\b` on the statement's own text.
    const counts = (at: number, start: number) => at === start || !WORD_CHARACTER.test(this.text[at - 1]!);
    let next = 0;
    this.statements.forEach((statement, index) => {
      const { start } = statement;
      const header = start + this.headerLength(statement);
      while (next < words.length && words[next]! < start) next++;
      let word = next;
      while (word < words.length && words[word]! < header && !counts(words[word]!, start)) word++;
      plain[index] = word < words.length && words[word]! < header ? start : header;
    });
    return plain;
  }

  /** The scope whose code evaluates `node`: decorators and default values belong to the scope around a function. */
  scopeOf(node: Node): Scope {
    if (this.inPlainStatement(node)) return this.module;
    // Down from the root with a cursor, not up through `parent`: tree-sitter finds a node's
    // parent by searching from the root, which costs a scan of the module's statements each time.
    const cursor = keptCursorAt(this.root);
    let scope = this.module;
    let scopeType: string | undefined;
    let scopeNode: Node | undefined;
    const target = node.id;
    const start = node.startIndex;
    const end = node.endIndex;
    while (cursor.nodeId !== target && cursor.gotoFirstChildForIndex(start)) {
      // Zero-width and sibling nodes share offsets: step along to the child that holds the node.
      while (cursor.startIndex <= start && cursor.endIndex < end && cursor.gotoNextSibling());
      if (cursor.startIndex > start || cursor.endIndex < end) break;
      // The last ancestor was a scope node: its body (or anything in a comprehension) is its scope.
      if (scopeNode && (scopeType === 'comprehension' || cursor.currentFieldName === 'body')) scope = this.scopeFor(scopeNode, scope);
      scopeNode = undefined;
      const type = cursor.nodeType;
      if (type === 'function_definition' || type === 'lambda' || type === 'class_definition' || COMPREHENSIONS.has(type)) {
        scopeType = COMPREHENSIONS.has(type) ? 'comprehension' : type;
        scopeNode = cursor.currentNode;
      }
    }
    return scope;
  }

  /** The binding a name (an identifier node) refers to where it stands, or undefined (builtins, unknown). */
  bindingOf(reference: Node): Binding | undefined {
    return this.resolve(reference.text, this.scopeOf(reference), reference.startIndex);
  }

  /**
   * What {@link bindingOf} would say of the name `name` written at `start`, known from the text
   * alone where the name stands in module-level code: `{ binding }` (undefined when it sees none).
   * Undefined elsewhere, and for a keyword, which is no name: the tree must be asked there.
   */
  moduleLevelName(name: string, start: number): { binding: Binding | undefined } | undefined {
    if (PYTHON_KEYWORDS.has(name) || !this.inPlainRange(start, start + name.length)) return undefined;
    return { binding: this.resolve(name, this.module, start) };
  }

  /** The binding `name` refers to in `scope` at `offset` (undefined: as the scope's code finishes). */
  resolve(name: string, scope: Scope, offset: number | undefined): Binding | undefined {
    let current: Scope | undefined = scope;
    let at = offset;
    let fromFunction = false;
    while (current) {
      // A class body's names are not visible to the functions and comprehensions nested in it.
      if (!(fromFunction && current.kind === 'class')) {
        const declared = current.declarations.get(name);
        if (declared === 'global') return this.module.visibleAt(name, undefined);
        if (declared !== 'nonlocal') {
          const found = current.visibleAt(name, at);
          if (found) return found;
          // A name a function binds is local to it everywhere in its body; before the binding, it is unbound.
          if (current.kind === 'function' && current.bindings(name).length > 0) return undefined;
        }
      }
      if (current.kind === 'function' || current.kind === 'lambda') {
        // The body runs after the enclosing scopes are complete.
        at = undefined;
        fromFunction = true;
      } else if (current.kind === 'comprehension') {
        fromFunction = true;
      }
      current = current.parent;
    }
    return undefined;
  }

  /**
   * What an expression names, through every import form and alias: `F` after
   * `from flask import Flask as F`, `fl.Flask` after `import flask as fl`, `flask.app.Flask`
   * after `import flask.app` all give `flask.Flask` (names re-exported by Flask are canonical).
   */
  qualifiedName(expr: Node | null, depth = 0): string | undefined {
    if (!expr || depth > MAX_ALIAS_DEPTH) return undefined;
    if (expr.type === 'attribute') {
      const object = this.qualifiedName(expr.childForFieldName('object'), depth);
      const attribute = expr.childForFieldName('attribute');
      return object && attribute ? canonicalQualifiedName(`${object}.${attribute.text}`) : undefined;
    }
    if (expr.type === 'parenthesized_expression' && expr.namedChildCount === 1) return this.qualifiedName(expr.namedChild(0), depth);
    if (expr.type !== 'identifier') return undefined;
    return this.qualifiedNameOf(this.bindingOf(expr), depth);
  }

  /** What a name bound by `binding` names: {@link qualifiedName} of a name that sees this binding. */
  qualifiedNameOf(binding: Binding | undefined, depth = 0): string | undefined {
    if (binding?.kind === 'import') return binding.qualifiedName ? canonicalQualifiedName(binding.qualifiedName) : undefined;
    // `F = flask.Flask`: an alias made by assignment.
    if (binding?.kind === 'assignment' && (binding.value?.type === 'identifier' || binding.value?.type === 'attribute')) {
      return this.qualifiedName(binding.value, depth + 1);
    }
    return undefined;
  }

  /**
   * The value a name holds where it stands, following plain aliases (`application = app`): the
   * right-hand side of its current single-target assignment, or undefined (parameters, imports,
   * loop targets, rebinding by augmented assignment...). The binding comes with it.
   */
  assignedValue(expr: Node | null): { binding: Binding; value: Node } | undefined {
    if (expr?.type !== 'identifier') return undefined;
    const binding = this.bindingOf(expr);
    return binding && this.valueOf(binding);
  }

  /** The value a binding gives its name, following plain aliases, as {@link assignedValue} does. */
  valueOf(binding: Binding, depth = 0): { binding: Binding; value: Node } | undefined {
    if (binding.kind !== 'assignment' || !binding.value || depth > MAX_ALIAS_DEPTH) return undefined;
    if (binding.value.type !== 'identifier') return { binding, value: binding.value };
    const aliased = this.bindingOf(binding.value);
    return (aliased && this.valueOf(aliased, depth + 1)) ?? { binding, value: binding.value };
  }

  private scopeFor(node: Node, parent: Scope): Scope {
    let scope = this.scopes.get(node.id);
    if (scope) return scope;
    const type = node.type;
    const kind: ScopeKind = type === 'class_definition' ? 'class' : type === 'function_definition' ? 'function' : type === 'lambda' ? 'lambda' : 'comprehension';
    scope = new Scope(kind, node, parent);
    if (kind === 'function' || kind === 'lambda') for (const raw of parameterBindings(node)) scope.add(raw);
    if (kind === 'comprehension') for (const raw of comprehensionBindings(node)) scope.add(raw);
    const body = kind === 'function' || kind === 'class' ? node.childForFieldName('body') : null;
    if (body) fill(scope, statementsOf(body));
    this.scopes.set(node.id, scope);
    return scope;
  }
}

function statementsOf(container: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < container.namedChildCount; i++) out.push(container.namedChild(i)!);
  return out;
}

function fill(scope: Scope, statements: Node[]): void {
  for (const raw of statementBindings(statements)) scope.add(raw);
}
