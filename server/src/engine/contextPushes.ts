import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from './semantic/semanticModel';

/** The contexts a `with` block or a `.push()` can open: an app context, or a request context (which brings one). */
export type FlaskContextKind = 'app' | 'request';

/** The methods that make a context, by the kind they make. */
const CONTEXT_METHODS: Record<string, FlaskContextKind> = { app_context: 'app', test_request_context: 'request' };

/** The context `x.app_context()` or `x.test_request_context(...)` makes, for a call of either. */
export function contextMadeBy(call: Node | null): FlaskContextKind | undefined {
  if (call?.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  return CONTEXT_METHODS[fn.childForFieldName('attribute')?.text ?? ''];
}

/**
 * The context an expression holds: a call that makes one, or a name whose current binding is
 * such a call (`ctx = app.app_context()`; not once `ctx` is bound to something else).
 */
export function contextHeldBy(semantic: SemanticModel, expr: Node | null): FlaskContextKind | undefined {
  if (expr?.type !== 'identifier') return contextMadeBy(expr);
  return contextMadeBy(semantic.assignedValue(expr)?.value ?? null);
}

/** A statement directly in the module that pushes a context for the rest of the import. */
export interface ContextPush {
  kind: FlaskContextKind;
  statement: Node;
}

/**
 * The first `x.app_context().push()` and `x.test_request_context(...).push()` statements written
 * directly in the module, or `ctx.push()` on a name bound to such a context (`ctx = app.app_context()`,
 * as Flask's docs do in a shell): code after them runs with that context. A later `ctx.pop()` is
 * not followed, so code after it is taken to have the context still.
 */
export function firstContextPushes(moduleStatements: readonly Node[], semantic: SemanticModel): ContextPush[] {
  const pushes: ContextPush[] = [];
  for (const statement of moduleStatements) {
    if (statement.parent?.type !== 'module' || statement.type !== 'expression_statement' || !statement.text.includes('push')) continue;
    const call = statement.namedChild(0);
    const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'push') continue;
    const kind = contextHeldBy(semantic, fn.childForFieldName('object'));
    if (kind && !pushes.some((push) => push.kind === kind)) pushes.push({ kind, statement });
  }
  return pushes;
}

/** A request context brings an app context with it. */
export function coversContext(made: FlaskContextKind | undefined, needs: FlaskContextKind): boolean {
  return made === 'request' || (made === 'app' && needs === 'app');
}

/**
 * The context a `with` statement's items open for its body (`with app.app_context():`,
 * `with app.test_request_context("/") as ctx:`, `with ctx:`): a request context when any item opens one.
 */
export function contextOpenedBy(semantic: SemanticModel, statement: Node): FlaskContextKind | undefined {
  let opened: FlaskContextKind | undefined;
  const clause = statement.namedChildren.find((n) => n?.type === 'with_clause');
  for (const item of clause?.namedChildren ?? []) {
    const value = item?.childForFieldName('value');
    const made = contextHeldBy(semantic, (value?.type === 'as_pattern' ? value.namedChild(0) : value) ?? null);
    if (made === 'request') return made;
    opened ??= made;
  }
  return opened;
}
