import type { Node } from 'web-tree-sitter';
import { lineIndentAt, startOfLine } from '../../engine/edits';
import type { FlaskModel } from '../../engine/model';
import { detectEol } from '../../engine/positions';
import type { Fix, TextEdit } from '../../engine/rule';
import { lazyFix, type FixPlan } from '../lazyFix';
import type { Binding } from '../../engine/semantic/semanticModel';
import { namedChildren, positionalArguments, callArguments, stringLiteralValue } from '../../engine/syntax';
import { planCacheSetup } from './cacheSetup';
import { isContainerValue } from './containers';
import { freeName, onlyUsedAt, ownsItsLines, referencesIn } from './references';

/**
 * FLK401's fix for a memo dict: `if key not in _cache: _cache[key] = f(key)` (then `_cache[key]`),
 * `if key in _cache: return _cache[key]` (then `_cache[key] = value`) and `value = _cache.get(key)`
 * (then `_cache[key] = value`) become Flask-Caching's `cache.get` and `cache.set` with a timeout,
 * as the guide writes them. Every use of the dict in the function must take part in the pattern,
 * with one key: a parameter the function never rebinds, or a plain string.
 */

const TIMEOUT = 300;
const LOCAL_NAMES = ['result', 'cached', 'cached_value'];

interface MemoShape {
  fn: Node;
  binding: Binding;
  refs: Node[];
  /** The cache key, prefixed with the dict's name so that two dicts stay apart in one cache. */
  key: string;
  write: { statement: Node; assignment: Node; value: Node };
  membership?: { comparison: Node; ifStatement: Node; negated: boolean };
  gets: Node[];
  reads: Node[];
  /** The local that holds the cached value, when reads of the dict need one. */
  local?: string;
}

/** The memo pattern around `assignment` (`_cache[key] = value`) in `fn`, or undefined. */
function memoShape(model: FlaskModel, fn: Node, binding: Binding, assignment: Node): MemoShape | undefined {
  const statement = assignment.parent;
  const left = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1 || !left || !value || value.type === 'assignment') return undefined;
  // A memo reads the dict with `in` or `.get(`: a look at the text spares reading the function's every name.
  if (!new RegExp(`\\bin\\s+${binding.name}\\b|\\b${binding.name}\\.get\\(`).test(fn.text)) return undefined;
  const keyNode = singleIndex(left);
  const key = keyNode && cacheKey(model, fn, binding.name, keyNode);
  const refs = referencesIn(model, fn, binding);
  if (!key || !refs) return undefined;
  const shape: MemoShape = { fn, binding, refs, key, write: { statement, assignment, value }, gets: [], reads: [] };
  for (const ref of refs) if (!classify(shape, ref, keyNode.text)) return undefined;
  if (refs.some((ref) => ref.startIndex >= value.startIndex && ref.endIndex <= value.endIndex)) return undefined;
  const { membership, gets, reads } = shape;
  if (membership) {
    if (gets.length > 0 || membership.ifStatement.parent?.type !== 'block' || !ownsItsLines(model.text, membership.ifStatement)) return undefined;
    if (assignment.startIndex < membership.ifStatement.startIndex || reads.some((r) => r.startIndex < membership.comparison.endIndex)) return undefined;
    shape.local = LOCAL_NAMES.find((name) => freeName(model, fn, name));
    if (!shape.local || (reads.length > 0 && !ownsItsLines(model.text, statement)) || insideLoop(statement, fn)) return undefined;
  } else if (gets.length === 0 || reads.length > 0) {
    return undefined;
  }
  return shape;
}

/** Sorts one use of the dict into the shape; false when it is no part of the pattern. */
function classify(shape: MemoShape, ref: Node, keyText: string): boolean {
  const parent = ref.parent!;
  if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === ref.id) {
    if (singleIndex(parent)?.text !== keyText) return false;
    const outer = parent.parent!;
    if (outer.id === shape.write.assignment.id) return outer.childForFieldName('left')?.id === parent.id;
    const target = ['assignment', 'augmented_assignment'].includes(outer.type) && outer.childForFieldName('left')?.id === parent.id;
    if (target || outer.type === 'attribute' || outer.type === 'delete_statement' || outer.type === 'expression_list' || outer.type.endsWith('_pattern') || outer.type === 'pattern_list') return false;
    shape.reads.push(parent);
    return true;
  }
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'get') {
    const call = parent.parent;
    const args = call?.type === 'call' ? callArguments(call) : [];
    if (call?.childForFieldName('function')?.id !== parent.id || args.length !== 1 || positionalArguments(call).length !== 1 || args[0]!.text !== keyText) return false;
    shape.gets.push(call);
    return true;
  }
  if (parent.type === 'comparison_operator' && !shape.membership) {
    const operands = namedChildren(parent);
    const operator = parent.children.filter((c) => !c.isNamed).map((c) => c.type).join(' ');
    const ifStatement = parent.parent;
    if (operands.length !== 2 || operands[1]!.id !== ref.id || operands[0]!.text !== keyText || (operator !== 'in' && operator !== 'not in')) return false;
    if (ifStatement?.type !== 'if_statement' || ifStatement.childForFieldName('condition')?.id !== parent.id) return false;
    shape.membership = { comparison: parent, ifStatement, negated: operator === 'not in' };
    return true;
  }
  return false;
}

/** True when a loop inside `fn` holds `node`: a later turn would read what an earlier one wrote. */
function insideLoop(node: Node, fn: Node): boolean {
  for (let n = node.parent; n && n.id !== fn.id; n = n.parent) if (n.type === 'for_statement' || n.type === 'while_statement') return true;
  return false;
}

function singleIndex(subscript: Node): Node | undefined {
  const indexes = subscript.childrenForFieldName('subscript');
  return indexes.length === 1 ? indexes[0] : undefined;
}

/** The cache key for `keyNode`: a parameter the function never rebinds, or a plain string. */
function cacheKey(model: FlaskModel, fn: Node, prefix: string, keyNode: Node): string | undefined {
  if (keyNode.type === 'identifier') {
    const bindings = model.semantic.scopeOf(keyNode).bindings(keyNode.text);
    const own = model.semantic.bindingOf(keyNode);
    return bindings.length === 1 && own?.kind === 'parameter' && own.statement?.id === fn.id ? `f"${prefix}:{${keyNode.text}}"` : undefined;
  }
  const value = stringLiteralValue(keyNode);
  return value !== undefined && /^[^"\\{}\r\n]*$/.test(value) && keyNode.type === 'string' ? `"${prefix}:${value}"` : undefined;
}

/**
 * The Flask-Caching fix for the write `assignment`, when the function holds exactly the memo
 * pattern; whether the module can take the cache (where the app is built, free names) is decided
 * when the fix is asked for, as it reads other statements.
 */
export function memoCacheFix(model: FlaskModel, fn: Node, binding: Binding, assignment: Node): Fix | undefined {
  const shape = memoShape(model, fn, binding, assignment);
  if (!shape) return undefined;
  const text = model.text;
  const title = `Cache \`${binding.name}\`'s values with Flask-Caching (\`cache.get\`/\`cache.set\`)`;
  const container = newContainerStored(model, shape.write.value);
  if (container) return lazyFix(title, () => ({ reason: getOrCreateReason(container) }));
  return lazyFix(title, () => planFix(model, text, shape));
}

/**
 * The container the write stores when it is built on the spot (`[]`, `set()`, `defaultdict(list)`,
 * directly or through a local): a get-or-create, whose callers fill what they get back.
 */
function newContainerStored(model: FlaskModel, value: Node): Node | undefined {
  if (isContainerValue(model, value)) return value;
  if (value.type !== 'identifier') return undefined;
  return model.semantic
    .scopeOf(value)
    .bindings(value.text)
    .map((local) => local.value)
    .find((built) => isContainerValue(model, built));
}

function getOrCreateReason(container: Node): string {
  const shown = container.text.length <= 30 && !container.text.includes('\n') ? `\`${container.text}\`` : 'a new container';
  return `the dict stores ${shown}, which callers may fill in place; \`cache.get\` returns a copy each time, so what they add would be lost`;
}

function planFix(model: FlaskModel, text: string, shape: MemoShape): FixPlan {
  const { fn, binding, refs } = shape;
  const statement = binding.statement;
  const bindingStart = binding.node?.startIndex;
  const removable =
    model.semantic.module.bindings(binding.name).length === 1 && bindingStart !== undefined && onlyUsedAt(text, binding.name, [bindingStart, ...refs.map((r) => r.startIndex)]);
  if (!statement) return { reason: 'the container has no statement of its own' };
  const setup = planCacheSetup(model, text, fn, binding, removable);
  if (!setup.ok) return { reason: setup.reason };
  return { edits: [...setup.edits, ...viewEdits(text, shape, setup.name)] };
}

function viewEdits(text: string, shape: MemoShape, cache: string): TextEdit[] {
  const { key, write, membership, gets, reads, local } = shape;
  const replace = (node: Node, newText: string): TextEdit => ({ range: { start: node.startIndex, end: node.endIndex }, newText });
  const edits: TextEdit[] = gets.map((call) => replace(call, `${cache}.get(${key})`));
  const set = (value: string) => `${cache}.set(${key}, ${value}, timeout=${TIMEOUT})`;
  if (membership && local) {
    const at = startOfLine(text, membership.ifStatement.startIndex);
    const indent = lineIndentAt(text, membership.ifStatement.startIndex);
    edits.push({ range: { start: at, end: at }, newText: `${indent}${local} = ${cache}.get(${key})${detectEol(text)}` });
    edits.push(replace(membership.comparison, `${local} is ${membership.negated ? '' : 'not '}None`));
    for (const read of reads) edits.push(replace(read, local));
  }
  // The local must hold the new value where the dict is read after the write.
  if (local && reads.some((read) => read.startIndex > write.assignment.startIndex)) {
    const indent = lineIndentAt(text, write.statement.startIndex);
    edits.push(replace(write.assignment, `${local} = ${write.value.text}${detectEol(text)}${indent}${set(local)}`));
  } else {
    edits.push(replace(write.assignment, set(write.value.text)));
  }
  return edits;
}
