import type { Node } from 'web-tree-sitter';
import type { OutlineEntry } from './outline';

/**
 * Which names a scope binds, read from its statements only: the walk never enters nested
 * function, lambda or class bodies (they are scopes of their own) and reads expressions only
 * where a name can be bound. So the module scope of a large file costs a few steps per
 * statement, and a function's scope is read only when something asks about it.
 */

export type BindingKind =
  | 'import'
  | 'assignment'
  | 'augmented'
  | 'function'
  | 'class'
  | 'parameter'
  | 'loop'
  | 'with'
  | 'except'
  | 'walrus'
  | 'delete'
  | 'global'
  | 'nonlocal';

export interface RawBinding {
  name: string;
  kind: BindingKind;
  /** The identifier (or dotted name) that binds; absent for module-level definitions, read without nodes. */
  node?: Node;
  /**
   * What an import binds, fully qualified: `import a.b as c` → `a.b`, `from m import n` → `m.n`,
   * `import a.b` → `a` (it binds the top package). Relative imports keep their dots: `.models.User`.
   */
  qualifiedName?: string;
  /** The value of a single-target assignment (`name = value`, `name: T = value`, `a = b = value`). */
  value?: Node;
  /** The assignment node whose left side is this name, for `name = value`. */
  assignment?: Node;
  /** The statement that makes the binding; absent for module-level definitions, read without nodes. */
  statement?: Node;
  /**
   * Offset from which later code sees the binding: after the whole statement for assignments,
   * imports and definitions (`app = wrap(app)` reads the old `app`; decorators run before the
   * name is bound), after the target for loop, `with` and `except` targets (their block sees it).
   */
  visibleFrom: number;
}

const COMPOUND = new Set([
  'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement',
  'except_clause', 'except_group_clause', 'finally_clause', 'with_statement', 'match_statement', 'case_clause', 'block',
]);
/** Nodes that wrap assignment targets: `a, (b, *c) = ...`. */
const TARGET_WRAPPERS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern',
  'list_splat', 'as_pattern_target', 'expression_list',
]);

/** A top-level statement as the outline has it: a node is made only where bindings are read from the tree. */
export interface TopLevelStatement extends OutlineEntry {
  node?: Node;
}

/** Top-level statements that define a function or a class, decorated or not. */
export const DEFINITION_STATEMENTS = new Set(['function_definition', 'class_definition', 'decorated_definition']);
/** Top-level statements that can bind a name besides definitions; nodes are made for these only. */
export const BINDING_STATEMENTS = new Set([
  'expression_statement', 'import_statement', 'import_from_statement', 'if_statement', 'for_statement', 'while_statement',
  'try_statement', 'with_statement', 'match_statement', 'global_statement', 'nonlocal_statement', 'delete_statement',
]);

/** The module's top-level statements, for callers that have not walked them already (FlaskModel has). */
export function topLevelStatements(root: Node): TopLevelStatement[] {
  const out: TopLevelStatement[] = [];
  const types = root.tree.language.types;
  const cursor = root.walk();
  try {
    if (!cursor.gotoFirstChild()) return out;
    do {
      const type = types[cursor.nodeTypeId] ?? 'ERROR';
      out.push({ type, start: cursor.startIndex, end: cursor.endIndex, ...(BINDING_STATEMENTS.has(type) ? { node: cursor.currentNode } : {}) });
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
  return out;
}

/**
 * The module's bindings, in source order. A large module is mostly function and class
 * definitions: their names are read from the text of their headers, without making nodes.
 */
export function moduleBindings(root: Node, statements: readonly TopLevelStatement[], text: string): RawBinding[] {
  const out: RawBinding[] = [];
  for (const statement of statements) {
    const { type, start, end, node } = statement;
    if (DEFINITION_STATEMENTS.has(type)) {
      // Read once per statement: the outline keeps it across keystrokes (see outline.ts).
      if (statement.definition === undefined) {
        DEFINITION_HEADER.lastIndex = start;
        const header = DEFINITION_HEADER.exec(text);
        statement.definition = header ? { name: header[2]!, kind: header[1] === 'class' ? 'class' : 'function', visibleFrom: end } : null;
      }
      const definition = statement.definition;
      // The same binding object on every keystroke, at the statement's current end.
      if (definition) {
        definition.visibleFrom = end;
        out.push(definition);
      } else {
        const read = node ?? root.descendantForIndex(start, end);
        if (read) collectStatement(read, out, read);
      }
    } else if (node) {
      collectStatement(node, out, node);
    }
  }
  return out;
}

/**
 * A definition's one-line decorators, then `def name` or `class name`. Anything else (a decorator
 * spanning lines, a comment between decorators) fails to match, and the tree is read instead.
 */
const DEFINITION_HEADER = /(?:[ \t]*@[^\r\n]*(?:\r\n?|\n))*[ \t]*(?:async[ \t]+)?(def|class)[ \t]+([\p{ID_Start}_][\p{ID_Continue}]*)/uy;

/**
 * Just past the `:` that closes the header of the function defined at `start` (decorators first),
 * found in the text where the header holds no string, comment or line continuation: only
 * comments come between it and the body. Undefined for anything else, and for a class.
 */
export function functionHeaderEnd(text: string, start: number): number | undefined {
  DEFINITION_HEADER.lastIndex = start;
  if (DEFINITION_HEADER.exec(text)?.[1] !== 'def') return undefined;
  let depth = 0;
  for (let i = DEFINITION_HEADER.lastIndex; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    // A lambda's or a slice's colon sits inside brackets; the header's, outside them.
    else if (c === ':' && depth === 0) return i + 1;
    else if (c === '"' || c === "'" || c === '#' || c === '\\' || (depth === 0 && (c === '\n' || c === '\r'))) return undefined;
    if (depth < 0) return undefined;
  }
  return undefined;
}

/** The bindings made directly in the scope whose statements are `statements`, in source order. */
export function statementBindings(statements: readonly Node[]): RawBinding[] {
  const out: RawBinding[] = [];
  for (const statement of statements) {
    collectStatement(statement, out, statement);
    if (statement.text.includes(':=')) collectNestedWalruses(statement, out);
  }
  return out;
}

/**
 * `(m := match(...))` in a condition or an argument binds in the enclosing scope, comprehensions
 * included (PEP 572); a lambda's or a nested definition's walruses are theirs. A walrus that is
 * the whole expression statement was collected already.
 */
function collectNestedWalruses(statement: Node, out: RawBinding[]): void {
  for (const walrus of statement.descendantsOfType('named_expression')) {
    if (!walrus || walrus.parent?.type === 'expression_statement') continue;
    let own = true;
    for (let n = walrus.parent; n && n.id !== statement.id; n = n.parent) {
      if (n.type === 'lambda' || n.type === 'function_definition' || n.type === 'class_definition') own = false;
    }
    const name = walrus.childForFieldName('name');
    if (own && name?.type === 'identifier') out.push({ name: name.text, kind: 'walrus', node: name, statement, visibleFrom: walrus.endIndex });
  }
}

/** The parameters of a function or lambda: they bind in its scope before its body runs. */
export function parameterBindings(fn: Node): RawBinding[] {
  const out: RawBinding[] = [];
  const params = fn.childForFieldName('parameters');
  for (let i = 0; params && i < params.namedChildCount; i++) {
    const param = params.namedChild(i)!;
    const name = param.type === 'identifier' ? param : (param.childForFieldName('name') ?? firstIdentifier(param));
    if (name?.type === 'identifier') out.push({ name: name.text, kind: 'parameter', node: name, statement: fn, visibleFrom: fn.startIndex });
  }
  return out;
}

/** The targets of a comprehension's `for` clauses. */
export function comprehensionBindings(comprehension: Node): RawBinding[] {
  const out: RawBinding[] = [];
  for (let i = 0; i < comprehension.namedChildCount; i++) {
    const clause = comprehension.namedChild(i)!;
    if (clause.type === 'for_in_clause') addTargets(clause.childForFieldName('left'), 'loop', out, comprehension, comprehension.startIndex);
  }
  return out;
}

function firstIdentifier(node: Node): Node | undefined {
  for (let i = 0; i < node.namedChildCount; i++) {
    const child = node.namedChild(i)!;
    if (child.type === 'identifier') return child;
  }
  return undefined;
}

/** `owner` is the statement the bindings belong to: the decorated definition around a function. */
function collectStatement(statement: Node, out: RawBinding[], owner: Node): void {
  switch (statement.type) {
    case 'expression_statement': {
      // The count is a call into the wasm: read once.
      const count = statement.namedChildCount;
      for (let i = 0; i < count; i++) collectExpression(statement.namedChild(i)!, out, statement);
      return;
    }
    case 'import_statement':
    case 'import_from_statement':
      collectImport(statement, out);
      return;
    case 'decorated_definition': {
      const definition = statement.childForFieldName('definition');
      if (definition) collectStatement(definition, out, statement);
      return;
    }
    case 'function_definition':
    case 'class_definition': {
      const name = statement.childForFieldName('name');
      const kind = statement.type === 'class_definition' ? 'class' : 'function';
      if (name) out.push({ name: name.text, kind, node: name, statement: owner, visibleFrom: owner.endIndex });
      return;
    }
    case 'global_statement':
    case 'nonlocal_statement':
      for (let i = 0; i < statement.namedChildCount; i++) {
        const id = statement.namedChild(i)!;
        const kind = statement.type === 'global_statement' ? 'global' : 'nonlocal';
        if (id.type === 'identifier') out.push({ name: id.text, kind, node: id, statement, visibleFrom: statement.startIndex });
      }
      return;
    case 'delete_statement':
      for (let i = 0; i < statement.namedChildCount; i++) addTargets(statement.namedChild(i), 'delete', out, statement, owner.endIndex);
      return;
    case 'for_statement': {
      const left = statement.childForFieldName('left');
      if (left) addTargets(left, 'loop', out, statement, left.endIndex);
      break;
    }
    case 'with_statement':
      for (let i = 0; i < statement.namedChildCount; i++) {
        const clause = statement.namedChild(i)!;
        if (clause.type !== 'with_clause') continue;
        for (let j = 0; j < clause.namedChildCount; j++) {
          const value = clause.namedChild(j)!.childForFieldName('value');
          const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias') : null;
          if (alias) addTargets(alias, 'with', out, statement, alias.endIndex);
        }
      }
      break;
    case 'except_clause':
    case 'except_group_clause': {
      const alias = statement.childForFieldName('alias');
      if (alias?.type === 'identifier') out.push({ name: alias.text, kind: 'except', node: alias, statement, visibleFrom: alias.endIndex });
      break;
    }
  }
  if (!COMPOUND.has(statement.type)) return;
  // Compound statements: their blocks and clauses run in the same scope.
  for (let i = 0; i < statement.namedChildCount; i++) {
    const child = statement.namedChild(i)!;
    if (COMPOUND.has(child.type) || isStatement(child)) collectStatement(child, out, child);
  }
}

function isStatement(node: Node): boolean {
  return node.type.endsWith('_statement') || node.type === 'decorated_definition' || node.type === 'function_definition' || node.type === 'class_definition';
}

function collectExpression(expr: Node, out: RawBinding[], statement: Node): void {
  const end = statement.endIndex;
  if (expr.type === 'assignment') {
    // `a = b = value`: every target gets the final value. Each `right` is read once.
    const chain = [expr];
    let value: Node | null = expr.childForFieldName('right');
    while (value?.type === 'assignment') {
      chain.push(value);
      value = value.childForFieldName('right');
    }
    for (const node of chain) {
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') {
        out.push({ name: left.text, kind: 'assignment', node: left, assignment: node, statement, visibleFrom: end, ...(value ? { value } : {}) });
      } else {
        addTargets(left, 'assignment', out, statement, end);
      }
    }
  } else if (expr.type === 'augmented_assignment') {
    addTargets(expr.childForFieldName('left'), 'augmented', out, statement, end);
  } else if (expr.type === 'named_expression') {
    const name = expr.childForFieldName('name');
    if (name?.type === 'identifier') out.push({ name: name.text, kind: 'walrus', node: name, statement, visibleFrom: expr.endIndex });
  }
}

function addTargets(target: Node | null, kind: BindingKind, out: RawBinding[], statement: Node, visibleFrom: number): void {
  if (!target) return;
  if (target.type === 'identifier') {
    out.push({ name: target.text, kind, node: target, statement, visibleFrom });
  } else if (TARGET_WRAPPERS.has(target.type)) {
    for (let i = 0; i < target.namedChildCount; i++) addTargets(target.namedChild(i), kind, out, statement, visibleFrom);
  }
}

function collectImport(statement: Node, out: RawBinding[]): void {
  if (statement.type === 'import_statement') {
    for (let i = 0; i < statement.namedChildCount; i++) {
      const item = statement.namedChild(i)!;
      if (item.type === 'dotted_name') {
        const head = item.namedChild(0);
        if (head) out.push({ name: head.text, kind: 'import', node: head, qualifiedName: head.text, statement, visibleFrom: statement.endIndex });
      } else if (item.type === 'aliased_import') {
        const module = item.childForFieldName('name');
        const alias = item.childForFieldName('alias');
        if (module && alias) out.push({ name: alias.text, kind: 'import', node: alias, qualifiedName: compact(module.text), statement, visibleFrom: statement.endIndex });
      }
    }
    return;
  }
  const moduleNode = statement.childForFieldName('module_name');
  if (!moduleNode) return;
  const module = compact(moduleNode.text);
  const prefix = module.endsWith('.') ? module : `${module}.`;
  for (const item of statement.childrenForFieldName('name')) {
    if (item.type === 'dotted_name') {
      out.push({ name: item.text, kind: 'import', node: item, qualifiedName: prefix + item.text, statement, visibleFrom: statement.endIndex });
    } else if (item.type === 'aliased_import') {
      const name = item.childForFieldName('name');
      const alias = item.childForFieldName('alias');
      if (name && alias) out.push({ name: alias.text, kind: 'import', node: alias, qualifiedName: prefix + compact(name.text), statement, visibleFrom: statement.endIndex });
    }
  }
}

/** A dotted name without the blanks and comments Python allows between its parts. */
function compact(dotted: string): string {
  return dotted.replace(/#[^\n\r]*/g, '').replace(/[\s\\]+/g, '');
}
