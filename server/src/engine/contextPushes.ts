import type { Node } from 'web-tree-sitter';

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

/** A statement directly in the module that pushes a context for the rest of the import. */
export interface ContextPush {
  kind: FlaskContextKind;
  statement: Node;
}

/**
 * The first `x.app_context().push()` and `x.test_request_context(...).push()` statements written
 * directly in the module: code after them runs with that context. A context kept in a name and
 * pushed later (`ctx = app.app_context()`, `ctx.push()`) is not recognised.
 */
export function firstContextPushes(moduleStatements: readonly Node[]): ContextPush[] {
  const pushes: ContextPush[] = [];
  for (const statement of moduleStatements) {
    if (statement.parent?.type !== 'module' || statement.type !== 'expression_statement' || !statement.text.includes('push')) continue;
    const call = statement.namedChild(0);
    const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'push') continue;
    const kind = contextMadeBy(fn.childForFieldName('object'));
    if (kind && !pushes.some((push) => push.kind === kind)) pushes.push({ kind, statement });
  }
  return pushes;
}
