import type { Node } from 'web-tree-sitter';

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
  /** The identifier (or dotted name) that binds. */
  node: Node;
  /**
   * What an import binds, fully qualified: `import a.b as c` → `a.b`, `from m import n` → `m.n`,
   * `import a.b` → `a` (it binds the top package). Relative imports keep their dots: `.models.User`.
   */
  qualifiedName?: string;
  /** The value of a single-target assignment (`name = value`, `name: T = value`, `a = b = value`). */
  value?: Node;
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

/** The bindings made directly in the scope whose statements are `statements`, in source order. */
export function statementBindings(statements: readonly Node[]): RawBinding[] {
  const out: RawBinding[] = [];
  for (const statement of statements) collectStatement(statement, out);
  return out;
}

/** The parameters of a function or lambda: they bind in its scope before its body runs. */
export function parameterBindings(fn: Node): RawBinding[] {
  const out: RawBinding[] = [];
  const params = fn.childForFieldName('parameters');
  for (let i = 0; params && i < params.namedChildCount; i++) {
    const param = params.namedChild(i)!;
    const name = param.type === 'identifier' ? param : (param.childForFieldName('name') ?? firstIdentifier(param));
    if (name?.type === 'identifier') out.push({ name: name.text, kind: 'parameter', node: name });
  }
  return out;
}

/** The targets of a comprehension's `for` clauses. */
export function comprehensionBindings(comprehension: Node): RawBinding[] {
  const out: RawBinding[] = [];
  for (let i = 0; i < comprehension.namedChildCount; i++) {
    const clause = comprehension.namedChild(i)!;
    if (clause.type === 'for_in_clause') addTargets(clause.childForFieldName('left'), 'loop', out);
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

function collectStatement(statement: Node, out: RawBinding[]): void {
  switch (statement.type) {
    case 'expression_statement':
      for (let i = 0; i < statement.namedChildCount; i++) collectExpression(statement.namedChild(i)!, out);
      return;
    case 'import_statement':
    case 'import_from_statement':
      collectImport(statement, out);
      return;
    case 'decorated_definition': {
      const definition = statement.childForFieldName('definition');
      if (definition) collectStatement(definition, out);
      return;
    }
    case 'function_definition':
    case 'class_definition': {
      const name = statement.childForFieldName('name');
      if (name) out.push({ name: name.text, kind: statement.type === 'class_definition' ? 'class' : 'function', node: name });
      return;
    }
    case 'global_statement':
    case 'nonlocal_statement':
      for (let i = 0; i < statement.namedChildCount; i++) {
        const id = statement.namedChild(i)!;
        if (id.type === 'identifier') out.push({ name: id.text, kind: statement.type === 'global_statement' ? 'global' : 'nonlocal', node: id });
      }
      return;
    case 'delete_statement':
      for (let i = 0; i < statement.namedChildCount; i++) addTargets(statement.namedChild(i), 'delete', out);
      return;
    case 'for_statement':
      addTargets(statement.childForFieldName('left'), 'loop', out);
      break;
    case 'with_statement':
      for (let i = 0; i < statement.namedChildCount; i++) {
        const clause = statement.namedChild(i)!;
        if (clause.type !== 'with_clause') continue;
        for (let j = 0; j < clause.namedChildCount; j++) {
          const value = clause.namedChild(j)!.childForFieldName('value');
          if (value?.type === 'as_pattern') addTargets(value.childForFieldName('alias'), 'with', out);
        }
      }
      break;
    case 'except_clause':
    case 'except_group_clause': {
      const alias = statement.childForFieldName('alias');
      if (alias?.type === 'identifier') out.push({ name: alias.text, kind: 'except', node: alias });
      break;
    }
  }
  if (!COMPOUND.has(statement.type)) return;
  // Compound statements: their blocks and clauses run in the same scope.
  for (let i = 0; i < statement.namedChildCount; i++) {
    const child = statement.namedChild(i)!;
    if (COMPOUND.has(child.type) || isStatement(child)) collectStatement(child, out);
  }
}

function isStatement(node: Node): boolean {
  return node.type.endsWith('_statement') || node.type === 'decorated_definition' || node.type === 'function_definition' || node.type === 'class_definition';
}

function collectExpression(expr: Node, out: RawBinding[]): void {
  if (expr.type === 'assignment') {
    // `a = b = value`: every target gets the final value.
    let value: Node | null = expr.childForFieldName('right');
    while (value?.type === 'assignment') value = value.childForFieldName('right');
    for (let node: Node | null = expr; node?.type === 'assignment'; node = node.childForFieldName('right')) {
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') out.push({ name: left.text, kind: 'assignment', node: left, ...(value ? { value } : {}) });
      else addTargets(left, 'assignment', out);
    }
  } else if (expr.type === 'augmented_assignment') {
    addTargets(expr.childForFieldName('left'), 'augmented', out);
  } else if (expr.type === 'named_expression') {
    const name = expr.childForFieldName('name');
    if (name?.type === 'identifier') out.push({ name: name.text, kind: 'walrus', node: name });
  }
}

function addTargets(target: Node | null, kind: BindingKind, out: RawBinding[]): void {
  if (!target) return;
  if (target.type === 'identifier') {
    out.push({ name: target.text, kind, node: target });
  } else if (TARGET_WRAPPERS.has(target.type)) {
    for (let i = 0; i < target.namedChildCount; i++) addTargets(target.namedChild(i), kind, out);
  }
}

function collectImport(statement: Node, out: RawBinding[]): void {
  if (statement.type === 'import_statement') {
    for (let i = 0; i < statement.namedChildCount; i++) {
      const item = statement.namedChild(i)!;
      if (item.type === 'dotted_name') {
        const head = item.namedChild(0);
        if (head) out.push({ name: head.text, kind: 'import', node: head, qualifiedName: head.text });
      } else if (item.type === 'aliased_import') {
        const module = item.childForFieldName('name');
        const alias = item.childForFieldName('alias');
        if (module && alias) out.push({ name: alias.text, kind: 'import', node: alias, qualifiedName: compact(module.text) });
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
      out.push({ name: item.text, kind: 'import', node: item, qualifiedName: prefix + item.text });
    } else if (item.type === 'aliased_import') {
      const name = item.childForFieldName('name');
      const alias = item.childForFieldName('alias');
      if (name && alias) out.push({ name: alias.text, kind: 'import', node: alias, qualifiedName: prefix + compact(name.text) });
    }
  }
}

/** A dotted name without the blanks and comments Python allows between its parts. */
function compact(dotted: string): string {
  return dotted.replace(/#[^\n\r]*/g, '').replace(/[\s\\]+/g, '');
}
