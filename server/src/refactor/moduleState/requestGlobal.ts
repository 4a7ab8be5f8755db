import type { Node } from 'web-tree-sitter';
import { ensureFromImport } from '../../engine/edits';
import type { FlaskModel } from '../../engine/model';
import type { Fix, TextEdit } from '../../engine/rule';
import { lazyFix, type FixPlan } from '../lazyFix';
import type { Binding } from '../../engine/semantic/semanticModel';
import { callArguments, namedChildren, positionalArguments, statementCall } from '../../engine/syntax';
import { removeLines } from './cacheSetup';
import { onlyUsedAt, ownsItsLines, referencesIn } from './references';

/**
 * FLK401's fix for data built and read within one request: a view that empties a module-level
 * container first (`_errors.clear()`) and is the only code that uses it keeps it in `flask.g`
 * instead, which Flask gives each request afresh. `g.<name> = <the empty container>` replaces the
 * `clear()`, every use becomes `g.<name>`, and the module-level container goes.
 */

/** The `g` fix for a container `fn` uses, when `fn` empties it before any other use; else undefined. */
export function requestGlobalFix(model: FlaskModel, fn: Node, binding: Binding): Fix | undefined {
  // Most functions clear nothing: a look at the text spares reading their every name.
  if (!fn.text.includes(`${binding.name}.clear()`)) return undefined;
  const refs = referencesIn(model, fn, binding);
  const first = refs?.[0];
  const reset = first && resetStatement(first);
  if (!refs || !reset || model.semantic.scopeOf(first).declarations.has(binding.name)) return undefined;
  return lazyFix(`Keep \`${binding.name}\` in \`flask.g\`, for one request`, () => planFix(model, fn, binding, refs, reset));
}

/** `name.clear()` as a statement of the function's own body, holding `ref`. */
function resetStatement(ref: Node): Node | undefined {
  const call = ref.parent?.parent;
  const statement = call?.parent;
  if (ref.parent?.type !== 'attribute' || ref.parent.childForFieldName('attribute')?.text !== 'clear') return undefined;
  if (!statement || statementCall(statement)?.id !== call!.id || callArguments(call!).length > 0) return undefined;
  return statement.parent?.parent?.type === 'function_definition' ? statement : undefined;
}

function planFix(model: FlaskModel, fn: Node, binding: Binding, refs: Node[], reset: Node): FixPlan {
  const text = model.text;
  const statement = binding.statement;
  const value = binding.value;
  if (model.semantic.module.bindings(binding.name).length !== 1 || !statement || !value || !binding.node) return { reason: `\`${binding.name}\` is bound more than once` };
  if (statement.parent?.type !== 'module' || !ownsItsLines(text, statement)) return { reason: 'the container is not bound by a statement of its own at module level' };
  if (!onlyUsedAt(text, binding.name, [binding.node.startIndex, ...refs.map((r) => r.startIndex)])) return { reason: `\`${binding.name}\` is used outside \`${fn.childForFieldName('name')?.text}\`` };
  const empty = emptyContainer(model, fn, value);
  if (!empty) return { reason: `\`${binding.name}\` does not start empty` };
  const g = model.semantic.module.bindings('g');
  if (g.some((b) => b.kind !== 'import' || b.qualifiedName !== 'flask.g') || model.semantic.scopeOf(reset).bindings('g').length > 0) return { reason: 'the name `g` is taken' };
  const attribute = binding.name.replace(/^_+/, '') || binding.name;
  if (new RegExp(`\\bg\\s*\\.\\s*${attribute}\\b|\\b(?:getattr|setattr|hasattr|delattr)\\s*\\(\\s*g\\b|\\bg\\s*\\.\\s*(?:get|pop|setdefault)\\s*\\(`).test(text)) {
    return { reason: `the module already uses \`g.${attribute}\` or reads \`g\` by name` };
  }
  const edits: TextEdit[] = [...ensureFromImport(model, text, 'flask', 'g'), removeLines(text, statement)];
  const resetCall = statementCall(reset)!;
  edits.push({ range: { start: resetCall.startIndex, end: resetCall.endIndex }, newText: `g.${attribute} = ${empty}` });
  for (const ref of refs.slice(1)) edits.push({ range: { start: ref.startIndex, end: ref.endIndex }, newText: `g.${attribute}` });
  return { edits };
}

/**
 * The source of the container's value when it is empty (`{}`, `[]`, `set()`, `defaultdict(list)`,
 * `deque(maxlen=10)`), with names that mean the same inside `fn`; else undefined.
 */
function emptyContainer(model: FlaskModel, fn: Node, value: Node): string | undefined {
  if (value.type === 'dictionary' || value.type === 'list') return namedChildren(value).some((n) => n.type !== 'comment') ? undefined : value.text;
  if (value.type !== 'call') return undefined;
  const args = callArguments(value);
  const positionals = positionalArguments(value);
  const isDefaultDict = model.qualifiedName(value.childForFieldName('function')) === 'collections.defaultdict';
  if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat') || positionals.length > (isDefaultDict ? 1 : 0)) return undefined;
  const scope = model.semantic.scopeOf(fn.childForFieldName('body') ?? fn);
  const names = value.descendantsOfType('identifier').filter((id) => id && id.parent?.type !== 'keyword_argument');
  return names.some((id) => id && scope.bindings(id.text).length > 0) ? undefined : value.text;
}
