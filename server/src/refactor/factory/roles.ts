import { isMainGuard, stringLiteralValue } from '../../engine/syntax';
import { boundExtension, initAppRewrite } from '../../engine/extensionInit';
import { runsEagerly } from '../../engine/semantic/scopeIndex';
import { FACTORY, MOVING, TEST_CONFIG, type Plan } from './plan';
import { appAlias, definitionName, DEFINITIONS, extensionAssignment, IMPORTS, insideDecorator, isConfigStatement, isRunCall } from './statements';

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
    if (DEFINITIONS.has(node.type)) {
      if (refs.some((ref) => insideDecorator(ref, node))) item.role = 'moved';
      else if (refs.some((ref) => runsEagerly(ref, node))) return `\`${definitionName(node)}\` uses the app while the module is imported`;
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
      }
    }
    if (index < appIndex && item.role !== 'helper') return `code above the app uses \`${appName}\``;
  }

  // A shebang or encoding line never moves.
  for (let index = items.length - 1; index > 0; index--) {
    if (!MOVING.has(items[index]!.role)) continue;
    for (let j = index - 1; j >= 0 && items[j]!.node.type === 'comment' && items[j]!.role === 'keep' && items[j + 1]!.blankBefore === 0; j--) {
      if (j === 0 && /^#!|coding[:=]/.test(items[j]!.node.text)) break;
      items[j]!.role = 'attached';
    }
  }
  return undefined;
}

/** What moves into the factory must not be needed outside it, and config lines must not need later lines. */
export function checkMovedNames(plan: Plan): string | undefined {
  const { scopes, items, appName, appNames } = plan;
  const moving = items.filter((item) => MOVING.has(item.role) && item.node.type !== 'comment');
  const movedNames = new Set<string>();
  const nonConfigNames = new Set<string>();
  for (const item of moving) {
    const startsServer = scopes.moduleReferences(item.node, appNames).some((ref) => isRunCall(ref) && runsEagerly(ref, item.node));
    if (startsServer) return `\`${appName}.run()\` runs at import time`;
    if (scopes.moduleReferences(item.node, new Set([TEST_CONFIG])).length > 0) return `the module already uses the name \`${TEST_CONFIG}\``;
    for (const name of scopes.moduleBindingsOf(item.node)) {
      if (name === appName) continue;
      movedNames.add(name);
      if (item.role !== 'config') nonConfigNames.add(name);
    }
  }
  for (const item of items) {
    if (item.node.type === 'comment') continue;
    if (item.role === 'config') {
      // Config lines go first.
      const needed = scopes.moduleReferences(item.node, nonConfigNames)[0];
      if (needed) return `a config line uses \`${needed.text}\`, which is defined by a later line`;
    }
    if (MOVING.has(item.role)) continue;
    const used = scopes.moduleReferences(item.node, movedNames)[0];
    if (used) return `\`${used.text}\` would be defined inside \`${FACTORY}\`, but module-level code uses it`;
    if (item.node.type === 'expression_statement' && scopes.moduleBindingsOf(item.node).has('__all__')) {
      const exported = item.node.descendantsOfType('string').map(stringLiteralValue);
      const missing = exported.find((name) => name !== undefined && (name === appName || movedNames.has(name)));
      if (missing) return `\`__all__\` exports \`${missing}\``;
    }
  }
  return undefined;
}
