import type { Node } from 'web-tree-sitter';
import { runsEagerly } from '../../engine/semantic/scopeIndex';
import { stringLiteralValue } from '../../engine/syntax';
import { checkImportedElsewhere } from './importers';
import { FACTORY, MOVING, TEST_CONFIG, type Item, type Plan } from './plan';
import { configKeysRead, configKeysWritten, isConfigStatement, isRunCall, pushesContext, usedAsValue } from './statements';

function firstLine(source: string): string {
  return source.split(/\r\n|\r|\n/)[0]!.trim();
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
  // `global hits` in a view would find no module-level `hits` once its assignment moves.
  for (const name of movedNames) {
    if (scopes.declaresGlobal(name)) return `a function declares \`global ${name}\`, but \`${name}\` would be defined inside \`${FACTORY}\``;
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
  return checkImportedElsewhere(plan, movedNames);
}

/**
 * The factory runs config lines first, then `test_config`, then the rest in order: that must not
 * change what the code does. A context pushed at import time would move into the factory while
 * the code that needs it stays outside; an extension set up before a config line would read the
 * config after it; a moved line that changes the config would override the test's.
 */
export function checkOrderKept(plan: Plan): string | undefined {
  const { scopes, items, appName, appNames } = plan;
  /** The first statement that hands the app to other code (an extension's setup), which may read the config then. */
  let handedOver: string | undefined;
  for (const item of items) {
    if (item.node.type === 'comment') continue;
    const refs = scopes.moduleReferences(item.node, appNames).filter((ref) => runsEagerly(ref, item.node));
    if (MOVING.has(item.role) && refs.some(pushesContext)) {
      return `the module pushes an app context at import time (\`${appName}.app_context().push()\`), and the code after it may need it`;
    }
    if (item.role === 'extension') handedOver ??= `\`${item.initCall?.split('.')[0]}\` is set up`;
    else if (item.role === 'moved' && refs.some(usedAsValue)) handedOver ??= `\`${firstLine(item.node.text)}\` hands the app over`;
    if (item.role === 'config' && handedOver) {
      return `${handedOver} before a config line below it; in \`${FACTORY}\` the config would come first and change what it reads`;
    }
    if (item.role === 'moved' && writesConfig(refs, appName)) {
      return `a line that moves into \`${FACTORY}\` changes the config after \`${TEST_CONFIG}\` would be applied`;
    }
  }
  return environmentLinesMayMove(plan);
}

/** True when one of `refs` (eager uses of the app) is in a statement that writes its config. */
function writesConfig(refs: readonly Node[], appName: string): boolean {
  return refs.some((ref) => {
    for (let n = ref.parent; n; n = n.parent) {
      if (n.type === 'expression_statement') return isConfigStatement(n, appName);
      if (n.type === 'block' || n.type === 'module') return false;
    }
    return false;
  });
}

/**
 * Config lines that need an environment variable run only when no `test_config` is given, after
 * the other config lines: allowed when no later config line may write the keys they write, read
 * them, or write keys they read.
 */
function environmentLinesMayMove(plan: Plan): string | undefined {
  const { scopes, appName, appNames } = plan;
  const config = plan.items.filter((item) => item.role === 'config');
  const keysOf = (item: Item) => ({
    written: configKeysWritten(item.node, appName),
    read: configKeysRead(scopes.moduleReferences(item.node, appNames)),
  });
  for (const [index, item] of config.entries()) {
    if (!item.needsEnvironment) continue;
    const own = keysOf(item);
    for (const later of config.slice(index + 1)) {
      if (later.needsEnvironment) continue;
      const other = keysOf(later);
      if (overlap(own.written, other.written)) {
        return `a config line that reads the environment is followed by one that may set the same keys; with \`${TEST_CONFIG}\` it would have to move`;
      }
      const read = overlap(own.written, other.read);
      if (read) {
        return `\`${firstLine(later.node.text)}\` reads ${keyWords(read)} after a line that sets it from the environment; in \`${FACTORY}\` it would come first`;
      }
      if (overlap(own.read, other.written)) {
        return `a config line that reads the environment reads keys a later config line may set; in \`${FACTORY}\` it would come after that line`;
      }
    }
  }
  return undefined;
}

/** The keys in both sets (undefined: any key), true when unknown keys may meet; undefined when none can. */
function overlap(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): string[] | true | undefined {
  if (!a || !b) return (a?.size ?? 1) > 0 && (b?.size ?? 1) > 0 ? true : undefined;
  const shared = [...a].filter((key) => b.has(key));
  return shared.length > 0 ? shared : undefined;
}

function keyWords(keys: string[] | true): string {
  return keys === true ? 'the config' : `\`${keys[0]}\``;
}
