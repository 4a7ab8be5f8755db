import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import type { Binding } from '../../engine/semantic/semanticModel';

/**
 * Module-level mutable containers (FLK401): which module-level names hold a dict, list, set or a
 * `collections` container, and which expressions mutate one in place.
 */

/** `collections` classes whose instances are mutable containers. */
const COLLECTIONS = new Set(['collections.defaultdict', 'collections.Counter', 'collections.deque', 'collections.OrderedDict']);
const BUILTINS = new Set(['dict', 'list', 'set']);
const LITERALS = new Set(['dictionary', 'list', 'set', 'dictionary_comprehension', 'list_comprehension', 'set_comprehension']);

/** Methods that change a dict, list, set, deque or Counter in place. */
export const MUTATING_METHODS = new Set([
  'append', 'extend', 'insert', 'remove', 'pop', 'popitem', 'clear', 'update', 'setdefault', 'add', 'discard',
  'difference_update', 'intersection_update', 'symmetric_difference_update', 'appendleft', 'extendleft', 'popleft',
  'rotate', 'sort', 'reverse', 'subtract', '__setitem__', '__delitem__',
]);

/** True when `value` builds a mutable container: a literal, a comprehension, `dict()`, `defaultdict(list)`... */
export function isContainerValue(model: FlaskModel, value: Node | undefined): boolean {
  if (!value) return false;
  if (LITERALS.has(value.type)) return true;
  if (value.type !== 'call') return false;
  const callee = value.childForFieldName('function');
  if (callee?.type === 'identifier' && BUILTINS.has(callee.text)) return model.semantic.bindingOf(callee) === undefined;
  return COLLECTIONS.has(model.qualifiedName(callee) ?? '');
}

const containerNames = new WeakMap<FlaskModel, ReadonlySet<string>>();

/**
 * Names some module-level assignment binds to a container (dunder names such as `__all__`
 * excepted): the words FLK401's walk looks for. Read from the module's bindings, which are
 * module facts.
 */
export function moduleContainerNames(model: FlaskModel): ReadonlySet<string> {
  let names = containerNames.get(model);
  if (!names) {
    const found = new Set<string>();
    for (const binding of model.semantic.module.all()) {
      if (binding.kind === 'assignment' && !/^__.*__$/.test(binding.name) && isContainerValue(model, binding.value)) found.add(binding.name);
    }
    containerNames.set(model, (names = found));
  }
  return names;
}

/**
 * The module-level container binding `id` refers to where it stands, or undefined: a local or a
 * parameter of the same name, or a module-level name whose final binding is no container.
 */
export function containerBinding(model: FlaskModel, id: Node): Binding | undefined {
  if (id.type !== 'identifier' || !moduleContainerNames(model).has(id.text)) return undefined;
  const binding = model.semantic.bindingOf(id);
  if (!binding || binding.kind !== 'assignment' || !model.semantic.module.bindings(id.text).includes(binding)) return undefined;
  return isContainerValue(model, binding.value) ? binding : undefined;
}

/** The identifier a chain of subscripts starts from: `cache` for `cache[a][b]`. */
function subscriptRoot(expr: Node | null): Node | undefined {
  let node = expr;
  while (node?.type === 'subscript') node = node.childForFieldName('value');
  return node?.type === 'identifier' ? node : undefined;
}

/**
 * The name a node mutates in place, when it is one of: `x[k] = v`, `x[k] += 1` (and `x += [...]`,
 * which mutates a list when `x` is global), `del x[k]`, `x.append(v)` and the other mutating
 * methods, also on an item (`x[k].append(v)`). Undefined for anything else.
 */
export function mutatedName(node: Node): Node | undefined {
  switch (node.type) {
    case 'assignment': {
      const left = node.childForFieldName('left');
      return left?.type === 'subscript' ? subscriptRoot(left) : undefined;
    }
    case 'augmented_assignment':
      return subscriptRoot(node.childForFieldName('left'));
    case 'delete_statement': {
      for (const target of deleteTargets(node)) {
        if (target.type === 'subscript') {
          const root = subscriptRoot(target);
          if (root) return root;
        }
      }
      return undefined;
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      if (callee?.type !== 'attribute' || !MUTATING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return undefined;
      return subscriptRoot(callee.childForFieldName('object'));
    }
    default:
      return undefined;
  }
}

function deleteTargets(statement: Node): Node[] {
  const targets: Node[] = [];
  for (const child of statement.namedChildren) {
    if (child.type === 'expression_list') targets.push(...child.namedChildren);
    else targets.push(child);
  }
  return targets;
}

/** The node types {@link mutatedName} reads. */
export const MUTATION_TYPES = ['assignment', 'augmented_assignment', 'delete_statement', 'call'] as const;
