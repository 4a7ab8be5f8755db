import { detectEol } from '../../engine/positions';
import { lineIndentAt, startOfLine } from '../../engine/edits';
import { namedChildren } from '../../engine/syntax';
import { FACTORY, MOVING, type Plan } from './plan';
import { isInside, isRunCall } from './statements';

/** `app.run()` in the `__main__` block becomes `create_app().run()`; other uses get `app = create_app()` first. */
export function callFactoryFromMain(plan: Plan): string | undefined {
  const { text, scopes, items, appName, appNames } = plan;
  const lastMoving = items.reduce((last, item, index) => (MOVING.has(item.role) ? index : last), -1);
  for (const [index, item] of items.entries()) {
    if (item.role !== 'guard') continue;
    if (index < lastMoving) return 'the `__main__` block comes before code that moves into the factory';
    const refs = scopes.moduleReferences(item.node, appNames);
    const body = item.node.childForFieldName('consequence');
    if (!body || refs.some((ref) => !isInside(ref, body))) return `the \`else\` branch of the \`__main__\` block uses \`${appName}\``;
    if (refs.length === 1 && isRunCall(refs[0]!)) {
      plan.localEdits.push({ range: { start: refs[0]!.startIndex, end: refs[0]!.endIndex }, newText: `${FACTORY}()` });
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
