import { detectEol } from '../../engine/positions';
import { indentLines, lineIndentAt, multilineStrings, startOfLine } from '../../engine/edits';
import { runsEagerly } from '../../engine/semantic/scopeIndex';
import { isMainGuard, namedChildren } from '../../engine/syntax';
import { FACTORY, MOVING, type Item, type Plan } from './plan';
import { isInside, isRunCall, underMainGuard } from './statements';

/**
 * Where the module starts the development server, it now calls the factory: `app.run()` in the
 * `__main__` block (or in a block holding one) becomes `create_app().run()`, other uses there get
 * `app = create_app()` first; a function that only runs the app (`def main(): app.run()`) calls
 * the factory, and may be called only from the `__main__` block; an `app.run(...)` left at module
 * level goes under a `__main__` guard, as FLK501's fix would put it.
 */
export function callFactoryFromMain(plan: Plan): string | undefined {
  const { text, scopes, items, appName, appNames } = plan;
  const lastMoving = items.reduce((last, item, index) => (MOVING.has(item.role) ? index : last), -1);
  const factoryCall = (ref: { startIndex: number; endIndex: number }) =>
    plan.localEdits.push({ range: { start: ref.startIndex, end: ref.endIndex }, newText: `${FACTORY}()` });
  const runners = new Set<string>();
  for (const item of items) {
    if (item.role !== 'runner') continue;
    for (const name of scopes.moduleBindingsOf(item.node)) runners.add(name);
    for (const ref of scopes.moduleReferences(item.node, appNames)) factoryCall(ref);
  }
  for (const [index, item] of items.entries()) {
    if (item.node.type === 'comment') continue;
    for (const ref of runners.size > 0 ? scopes.moduleReferences(item.node, runners) : []) {
      if (scopes.bindingOf(ref) || !runsEagerly(ref, item.node)) continue;
      if (!underMainGuard(ref, item.node)) return `\`${ref.text}\` starts the server at import time`;
      if (index < lastMoving) return 'the `__main__` block comes before code that moves into the factory';
    }
    if (item.role === 'startup' && index < lastMoving) return `\`${appName}.run()\` comes before code that moves into the factory`;
    if (item.role !== 'guard') continue;
    if (index < lastMoving) return 'the `__main__` block comes before code that moves into the factory';
    const refs = scopes.moduleReferences(item.node, appNames);
    if (!isMainGuard(item.node)) {
      // Only run calls under a guard nested in this block (see roles.ts).
      refs.forEach(factoryCall);
      continue;
    }
    const body = item.node.childForFieldName('consequence');
    if (!body || refs.some((ref) => !isInside(ref, body))) return `the \`else\` branch of the \`__main__\` block uses \`${appName}\``;
    if (refs.length === 1 && isRunCall(refs[0]!)) {
      factoryCall(refs[0]!);
      continue;
    }
    const first = namedChildren(body).find((n) => n.type !== 'comment');
    if (!first || first.startPosition.row === item.node.startPosition.row) return 'the `__main__` block is on one line';
    const at = startOfLine(text, first.startIndex);
    const line = `${lineIndentAt(text, first.startIndex)}${appName} = ${FACTORY}()${detectEol(text)}`;
    plan.localEdits.push({ range: { start: at, end: at }, newText: line });
  }
  return undefined;
}

/** `app.run(...)` (a 'startup' item, which starts with the app's name) under a `__main__` guard that calls the factory. */
export function startupUnderGuard({ text, appName }: Plan, item: Item, unit: string, eol: string): string {
  const rest = indentLines(text, item.node.startIndex + appName.length, item.end, unit, multilineStrings(item.node));
  return `if __name__ == "__main__":${eol}${unit}${FACTORY}()${rest.slice(unit.length)}`;
}
