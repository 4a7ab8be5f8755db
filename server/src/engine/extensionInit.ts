import type { Node } from 'web-tree-sitter';
import { knownExtension } from './flaskKnowledge';
import type { FlaskModel } from './model';
import { callArguments, hasSplat, keywordArgument } from './syntax';

/**
 * `Ext(app, ...)` → `Ext(...)` plus `ext.init_app(app, ...)`: the transformation FLK102 offers
 * and FLK101 applies when it builds a factory.
 */

/** An extension constructed with an app: `SQLAlchemy(app)`, `Limiter(key, app=app)`. */
export interface ExtensionBinding {
  call: Node;
  module: string;
  className: string;
  /** The app expression. */
  app: Node;
  /** The argument that carries it: `app` itself, or the `app=app` keyword argument. */
  appArgument: Node;
}

export type InitAppRewrite =
  | {
      ok: true;
      /** The constructor call without the app, e.g. `Cache(config={...})`. */
      constructorText: string;
      /** What `init_app` receives, app first: `app, db`. */
      initAppArguments: string;
    }
  | { ok: false; reason: string };

/**
 * Argument details that KNOWN_EXTENSIONS leaves out, read from each extension's constructor.
 * Keyed by `module.ClassName`.
 */
/** Constructors that pass the positional arguments after the app on to `init_app`, in the same order. */
const POSITIONALS_GO_TO_INIT_APP = new Set(['flask_migrate.Migrate', 'flask_login.LoginManager', 'flask_jwt_extended.JWTManager']);
/** Flask-Babel 3 hands its other keywords to `init_app` only, while 2.x's `init_app` takes none: only these are safe to keep. */
const ONLY_KEPT_KEYWORDS = new Map([['flask_babel.Babel', new Set(['date_formats', 'configure_jinja'])]]);
/** Migrate's constructor calls `init_app` only when it also gets `db`. */
const REQUIRED_ARGUMENT = new Map([['flask_migrate.Migrate', { position: 0, keyword: 'db' }]]);

function isPositional(argument: Node): boolean {
  return argument.type !== 'keyword_argument' && argument.type !== 'list_splat' && argument.type !== 'dictionary_splat';
}

/** The extension a call constructs with an app, when it does. */
export function boundExtension(model: FlaskModel, call: Node): ExtensionBinding | undefined {
  const extension = model.extensionClassOf(call);
  if (!extension) return undefined;
  const first = callArguments(call)[0];
  if (first && isPositional(first) && model.isAppReference(first)) {
    return { call, ...extension, app: first, appArgument: first };
  }
  const keyword = keywordArgument(call, 'app');
  const value = keyword?.childForFieldName('value') ?? null;
  if (keyword && model.isAppReference(value)) return { call, ...extension, app: value!, appArgument: keyword };
  return undefined;
}

/** How to construct the extension without the app and what to pass to `init_app`, or why that is not safe. */
export function initAppRewrite(binding: ExtensionBinding): InitAppRewrite {
  const { call, module, className, appArgument } = binding;
  const key = `${module}.${className}`;
  const known = knownExtension(module, className);
  if (!known) {
    return { ok: false, reason: `\`${className}\` is not a known extension, and its constructor may do more than \`init_app\`` };
  }
  if (hasSplat(call)) return { ok: false, reason: 'the call passes `*args` or `**kwargs`' };

  const args = callArguments(call);
  const positionals = args.filter(isPositional);
  const keywords = args.filter((a) => a.type === 'keyword_argument' && a.id !== appArgument.id);
  const extraPositionals = positionals.filter((a) => a.id !== appArgument.id);
  if (appArgument.type === 'keyword_argument' && extraPositionals.length > 0) {
    return { ok: false, reason: 'positional arguments come with `app=`' };
  }
  if (extraPositionals.length > 0 && !POSITIONALS_GO_TO_INIT_APP.has(key)) {
    return { ok: false, reason: `the positional arguments after the app mean something else to \`${className}.init_app\`` };
  }
  const required = REQUIRED_ARGUMENT.get(key);
  if (required && !extraPositionals[required.position] && !keywordArgument(call, required.keyword)) {
    return { ok: false, reason: `\`${className}\` without \`${required.keyword}\` does not initialise the app at all` };
  }
  const kept = ONLY_KEPT_KEYWORDS.get(key);
  const initOnly = new Set(known.initOnlyKeywords ?? []);
  const keywordName = (a: Node) => a.childForFieldName('name')?.text ?? '';
  const unsafeKeyword = keywords.find((a) => kept && !kept.has(keywordName(a)) && !initOnly.has(keywordName(a)));
  if (unsafeKeyword) {
    return { ok: false, reason: `\`${keywordName(unsafeKeyword)}\` is handled differently by each version of \`${className}\`` };
  }

  const movedKeywords = keywords.filter((a) => initOnly.has(keywordName(a)));
  const removed = [appArgument, ...extraPositionals, ...movedKeywords];
  return {
    ok: true,
    constructorText: callWithout(call, removed),
    initAppArguments: [binding.app, ...extraPositionals, ...movedKeywords].map((a) => a.text).join(', '),
  };
}

/** The call's source without some of its arguments, keeping the layout of the others. */
function callWithout(call: Node, removed: readonly Node[]): string {
  const args = callArguments(call);
  const list = call.childForFieldName('arguments')!;
  const isRemoved = (a: Node) => removed.some((r) => r.id === a.id);
  const base = call.startIndex;
  if (args.every(isRemoved)) return call.text.slice(0, list.startIndex - base) + '()' + call.text.slice(list.endIndex - base);

  // Delete each removed argument up to the next argument; a removed tail goes back to the last kept one.
  const ranges: [number, number][] = [];
  args.forEach((argument, i) => {
    if (!isRemoved(argument)) return;
    const keptAfter = args.slice(i + 1).some((a) => !isRemoved(a));
    if (keptAfter) {
      ranges.push([argument.startIndex, args[i + 1]!.startIndex]);
    } else {
      const lastKept = args.slice(0, i).filter((a) => !isRemoved(a)).pop()!;
      ranges.push([lastKept.endIndex, argument.endIndex]);
    }
  });
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let cursor = base;
  for (const [start, end] of ranges) {
    if (start > cursor) out += call.text.slice(cursor - base, start - base);
    cursor = Math.max(cursor, end);
  }
  return out + call.text.slice(cursor - base);
}
