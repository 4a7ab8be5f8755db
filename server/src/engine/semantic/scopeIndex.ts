import type { Node } from 'web-tree-sitter';

/**
 * Python name resolution, just enough to move code between scopes: which identifiers bind a
 * name, in which scope, and whether a use refers to the module-level binding. Scopes are
 * functions, lambdas, class bodies and comprehensions, as in Python 3.
 */

type Declaration = 'local' | 'global' | 'nonlocal';

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Nodes that wrap assignment targets: `a, (b, *c) = ...`, `with x as (y, z)`. */
const TARGET_WRAPPERS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'parenthesized_expression',
  'list_splat_pattern',
  'list_splat',
  'as_pattern_target',
]);
const TARGET_OWNERS = new Set(['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause']);
const PARAMETER_LISTS = new Set(['parameters', 'lambda_parameters']);

function isField(parent: Node, field: string, child: Node): boolean {
  return parent.childForFieldName(field)?.id === child.id;
}

/** Parent types under which an identifier can bind a name: anything else is a plain use, checked cheaply. */
const BINDING_PARENTS = new Set([
  ...PARAMETER_LISTS,
  ...TARGET_WRAPPERS,
  ...TARGET_OWNERS,
  'default_parameter',
  'typed_default_parameter',
  'typed_parameter',
  'dictionary_splat_pattern',
  'function_definition',
  'class_definition',
  'global_statement',
  'nonlocal_statement',
  'aliased_import',
  'dotted_name',
  'named_expression',
  'delete_statement',
  'as_pattern',
]);

interface IdentifierInfo {
  node: Node;
  name: string;
  start: number;
  binding?: { scope: Node; kind: Declaration };
}

/**
 * True for identifiers that name a variable: not `x.attr`'s `attr`, not `f(key=...)`'s `key`,
 * not the parts of a module path (`from flask.app import Flask` reads no variable `app`).
 */
function namesVariable(info: IdentifierInfo): boolean {
  const id = info.node;
  const parent = id.parent;
  if (parent?.type === 'dotted_name') return info.binding !== undefined;
  if (parent?.type === 'attribute') return !isField(parent, 'attribute', id);
  if (parent?.type === 'keyword_argument') return !isField(parent, 'name', id);
  return true;
}

export class ScopeIndex {
  /** Scope node id (the root for module level) → names declared there. */
  private readonly declarations = new Map<number, Map<string, Declaration>>();
  /** Every identifier of the module, in document order, with what it binds: one pass over the tree. */
  private readonly identifiers: IdentifierInfo[];

  constructor(readonly root: Node) {
    this.identifiers = root.descendantsOfType('identifier').map((node) => {
      const info: IdentifierInfo = { node, name: node.text, start: node.startIndex };
      const binding = this.bindingOf(node);
      if (!binding) return info;
      info.binding = binding;
      let names = this.declarations.get(binding.scope.id);
      if (!names) this.declarations.set(binding.scope.id, (names = new Map()));
      // `global x` wins over the assignments it governs.
      if (names.get(info.name) === undefined || binding.kind !== 'local') names.set(info.name, binding.kind);
      return info;
    });
  }

  /** The identifiers inside `node`, found by binary search. */
  private within(node: Node): IdentifierInfo[] {
    const ids = this.identifiers;
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ids[mid]!.start < node.startIndex) low = mid + 1;
      else high = mid;
    }
    const out: IdentifierInfo[] = [];
    for (let i = low; i < ids.length && ids[i]!.start < node.endIndex; i++) out.push(ids[i]!);
    return out;
  }

  /** The scope whose code evaluates `node`: the innermost function, lambda or class body, or comprehension. */
  scopeContaining(node: Node): Node {
    let child = node;
    for (let n = node.parent; n; child = n, n = n.parent) {
      if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') {
        if (isField(n, 'body', child)) return n;
      } else if (COMPREHENSIONS.has(n.type)) {
        return n;
      }
    }
    return this.root;
  }

  /** Where `id` binds its name, when it is in a binding position (assignment target, parameter, import...). */
  bindingOf(id: Node): { scope: Node; kind: Declaration } | undefined {
    const parent = id.parent;
    if (!parent || !BINDING_PARENTS.has(parent.type)) return undefined;
    const local = (scope: Node) => ({ scope, kind: 'local' as const });
    switch (parent.type) {
      case 'parameters':
      case 'lambda_parameters':
        return parent.parent ? local(parent.parent) : undefined;
      case 'default_parameter':
      case 'typed_default_parameter':
        return isField(parent, 'name', id) && parent.parent?.parent ? local(parent.parent.parent) : undefined;
      case 'typed_parameter':
        return parent.namedChild(0)?.id === id.id && parent.parent?.parent ? local(parent.parent.parent) : undefined;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const list = parent.parent?.type === 'typed_parameter' ? parent.parent.parent : parent.parent;
        if (list && PARAMETER_LISTS.has(list.type) && list.parent) return local(list.parent);
        break;
      }
      case 'function_definition':
      case 'class_definition':
        return isField(parent, 'name', id) ? local(this.scopeContaining(parent)) : undefined;
      case 'global_statement':
        return { scope: this.scopeContaining(parent), kind: 'global' };
      case 'nonlocal_statement':
        return { scope: this.scopeContaining(parent), kind: 'nonlocal' };
      case 'aliased_import':
        return isField(parent, 'alias', id) ? local(this.scopeContaining(parent)) : undefined;
      case 'dotted_name': {
        // `import a.b` binds `a`; `from m import n` binds `n`; module paths bind nothing.
        const statement = parent.parent;
        if (parent.namedChild(0)?.id !== id.id || !statement) return undefined;
        if (statement.type === 'import_statement') return local(this.scopeContaining(statement));
        if (statement.type === 'import_from_statement' && !isField(statement, 'module_name', parent) && parent.namedChildCount === 1) {
          return local(this.scopeContaining(statement));
        }
        return undefined;
      }
      case 'named_expression': {
        if (!isField(parent, 'name', id)) return undefined;
        let scope = this.scopeContaining(parent);
        while (COMPREHENSIONS.has(scope.type)) scope = this.scopeContaining(scope);
        return local(scope);
      }
      case 'delete_statement':
        return local(this.scopeContaining(parent));
    }
    let target: Node = id;
    while (target.parent && TARGET_WRAPPERS.has(target.parent.type)) target = target.parent;
    const owner = target.parent;
    if (!owner) return undefined;
    if (TARGET_OWNERS.has(owner.type) && isField(owner, 'left', target)) return local(this.scopeContaining(owner));
    if (owner.type === 'as_pattern' && isField(owner, 'alias', target)) return local(this.scopeContaining(owner));
    return undefined;
  }

  /** True when `id` (a use or a binding) refers to the module-level name. */
  resolvesToModule(id: Node): boolean {
    const name = id.text;
    const own = this.bindingOf(id);
    if (own?.kind === 'global') return true;
    let scope = own ? own.scope : this.scopeContaining(id);
    let nested = false;
    while (scope.id !== this.root.id) {
      // A class body's names are not visible from the functions nested in it.
      if (!(nested && scope.type === 'class_definition')) {
        const declared = this.declarations.get(scope.id)?.get(name);
        if (declared === 'global') return true;
        if (declared === 'local') return false;
      }
      nested = true;
      scope = this.scopeContaining(scope);
    }
    return true;
  }

  /** Identifiers under `node` (or `node` itself) named in `names` that refer to module-level bindings. */
  moduleReferences(node: Node, names: ReadonlySet<string>): Node[] {
    return this.within(node)
      .filter((info) => names.has(info.name) && namesVariable(info) && this.resolvesToModule(info.node))
      .map((info) => info.node);
  }

  /** The identifiers under `node` that name a variable called `name`, whatever scope they belong to. */
  variablesNamed(node: Node, name: string): Node[] {
    return this.within(node)
      .filter((info) => info.name === name && namesVariable(info))
      .map((info) => info.node);
  }

  /** Names a top-level statement binds at module level. */
  moduleBindingsOf(statement: Node): Set<string> {
    const names = new Set<string>();
    for (const info of this.within(statement)) {
      if (info.binding?.kind === 'local' && info.binding.scope.id === this.root.id) names.add(info.name);
    }
    return names;
  }

  /** True when some scope declares `global <name>`. */
  declaresGlobal(name: string): boolean {
    for (const names of this.declarations.values()) if (names.get(name) === 'global') return true;
    return false;
  }
}

/** True when `node` runs when `top` runs: not inside a function or lambda body below `top`. */
export function runsEagerly(node: Node, top: Node): boolean {
  let child = node;
  for (let n = node.parent; n && n.id !== top.id; child = n, n = n.parent) {
    if ((n.type === 'function_definition' || n.type === 'lambda') && isField(n, 'body', child)) return false;
  }
  if ((top.type === 'function_definition' || top.type === 'lambda') && isField(top, 'body', child)) return false;
  return true;
}
