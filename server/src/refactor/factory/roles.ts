import { isFileHeaderLine, isMainGuard } from '../../engine/syntax';
import { boundExtension, initAppRewrite } from '../../engine/extensionInit';
import { runsEagerly } from '../../engine/semantic/scopeIndex';
import { MOVING, type Plan } from './plan';
import {
  appAlias,
  definitionName,
  DEFINITIONS,
  extensionAssignment,
  IMPORTS,
  insideDecorator,
  isConfigStatement,
  isRunCall,
  readsEnvironmentStrictly,
  underMainGuard,
} from './statements';
import type { Node } from 'web-tree-sitter';

/** `app.run(...)` as a statement of its own, starting with the app's name. */
function isRunStatement(statement: Node, refs: readonly Node[]): boolean {
  const ref = refs[0];
  if (refs.length !== 1 || !ref || !isRunCall(ref) || statement.type !== 'expression_statement') return false;
  return ref.startIndex === statement.startIndex && statement.namedChild(0)?.id === ref.parent?.parent?.id;
}

/** Sorts the top-level statements into roles; comments directly above a moving statement move with it. */
export function assignRoles(plan: Plan): string | undefined {
  const { model, scopes, items, appIndex, appName, appNames } = plan;
  for (const [index, item] of items.entries()) {
    const node = item.node;
    if (index === appIndex) {
      item.role = 'app';
      continue;
    }
    if (node.type === 'comment') continue;
    if (scopes.moduleBindingsOf(node).has(appName)) return `\`${appName}\` is assigned again at module level`;
    if (index > appIndex && IMPORTS.has(node.type)) return `an import follows the app, and the imported module may import \`${appName}\` from here`;
    const refs = scopes.moduleReferences(node, appNames);
    if (isMainGuard(node)) {
      if (refs.length > 0) item.role = 'guard';
      continue;
    }
    if (refs.length === 0) continue;
    // FLK501's guard put inside a `try` or an `if`: the server starts only under `python module.py`.
    if (refs.every((ref) => isRunCall(ref) && underMainGuard(ref, node))) {
      item.role = 'guard';
      continue;
    }
    if (isRunStatement(node, refs)) {
      item.role = 'startup';
      continue;
    }
    if (DEFINITIONS.has(node.type)) {
      if (refs.some((ref) => insideDecorator(ref, node))) item.role = 'moved';
      else if (refs.some((ref) => runsEagerly(ref, node))) return `\`${definitionName(node)}\` uses the app while the module is imported`;
      else if (node.type !== 'class_definition' && refs.every(isRunCall)) item.role = 'runner';
      else item.role = 'helper';
    } else {
      const extension = extensionAssignment(model, node);
      const binding = extension && boundExtension(model, extension.call);
      if (extension && binding && binding.app.type === 'identifier' && binding.app.text === appName) {
        const rewrite = initAppRewrite(binding);
        if (!rewrite.ok) return rewrite.reason;
        if (refs.length !== 1) return `\`${extension.name}\` uses the app in more than one place`;
        item.role = 'extension';
        item.initCall = `${extension.name}.init_app(${rewrite.initAppArguments})`;
        plan.localEdits.push({ range: { start: extension.call.startIndex, end: extension.call.endIndex }, newText: rewrite.constructorText });
      } else {
        const alias = appAlias(node, appName);
        // `application = app` names the app for `gunicorn module:application`; in the factory it would be a dead local.
        if (alias) return `\`${alias}\` is another name for the app, which a WSGI server or another module may import`;
        item.role = isConfigStatement(node, appName) ? 'config' : 'moved';
        if (item.role === 'config' && readsEnvironmentStrictly(model, node)) item.needsEnvironment = true;
      }
    }
    if (index < appIndex && item.role !== 'helper' && item.role !== 'runner') return `code above the app uses \`${appName}\``;
  }

  // A shebang or encoding line never moves.
  for (let index = items.length - 1; index > 0; index--) {
    if (!MOVING.has(items[index]!.role)) continue;
    for (let j = index - 1; j >= 0 && items[j]!.node.type === 'comment' && items[j]!.role === 'keep' && items[j + 1]!.blankBefore === 0; j--) {
      if (j === 0 && isFileHeaderLine(items[j]!.node.text, items[j]!.node.startPosition.row)) break;
      items[j]!.role = 'attached';
    }
  }
  return undefined;
}
