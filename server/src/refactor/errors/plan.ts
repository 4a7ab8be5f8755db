import type { Node } from 'web-tree-sitter';
import { FACTORY_NAMES } from '../../engine/flaskKnowledge';
import type { FlaskModel } from '../../engine/model';
import { namedChildren, statementAssignment } from '../../engine/syntax';
import { undecorated } from '../../engine/syntax';

/**
 * What a module already has of the guide's central error handling (practice 3), and where the
 * missing parts go: read once per analysis, shared by every FLK301 and FLK302 fix of the module.
 */
export interface ErrorsPlan {
  /** The error class views raise, as spelled here. */
  className: string;
  /** Whether its constructor takes `payload=`. */
  takesPayload: boolean;
  /** Set when the class must be written: it goes after the leading imports. */
  newClass: boolean;
  /** Where a handler for the class is registered, when the module registers none; undefined when one is. */
  handler?: HandlerSite;
}

/** Where a new handler goes: on the app in the factory, on the module-level app, or on a blueprint. */
export interface HandlerSite {
  /** `@<owner>.<method>(...)`. */
  owner: string;
  method: 'errorhandler' | 'app_errorhandler';
  /** Inside a factory: insert before this statement (its `return app`), at its indentation. */
  before?: Node;
  /** At module level or at a factory's end: insert after this statement. */
  after?: Node;
}

export const CLASS_NAME = 'APIError';
export const HANDLER_NAME = 'handle_api_error';
/** An imported error class by these names is reused, once its module shows the guide's shape; it is handled where it is defined. */
const IMPORTED_CLASS_NAMES = new Set([CLASS_NAME, 'ApiError']);

/**
 * Reads the module an import names (`pkg.errors`, `.errors`: as written) with `use`; undefined
 * when the project has no such module or the host gives no project.
 */
export type ModuleReader = <T>(written: string, use: (model: FlaskModel) => T) => T | undefined;

/** The plan, or why the module gives the fixes no place to stand. */
export function planErrors(model: FlaskModel, readModule: ModuleReader): ErrorsPlan | { reason: string } {
  const imported = model.semantic.module.all().find((b) => b.kind === 'import' && IMPORTED_CLASS_NAMES.has(b.name));
  if (imported) return importedClass(imported.name, imported.qualifiedName ?? '', readModule);

  const existing = existingClass(model);
  if (existing && 'reason' in existing) return existing;
  const className = existing?.name ?? CLASS_NAME;
  if (existing && registersHandlerFor(model, className)) return { className, takesPayload: existing.takesPayload, newClass: false };

  const site = handlerSite(model, existing?.statement);
  if ('reason' in site) return site;
  return { className, takesPayload: existing?.takesPayload ?? true, newClass: !existing, handler: site };
}

/**
 * An imported error class, reused only when the module that defines it shows the guide's
 * constructor: raising it with `status_code=` must not fail where the `return` worked.
 */
function importedClass(localName: string, qualified: string, readModule: ModuleReader): ErrorsPlan | { reason: string } {
  const dot = qualified.lastIndexOf('.');
  const [moduleName, name] = [qualified.slice(0, dot), qualified.slice(dot + 1)];
  const shaped = dot > 0 ? readModule(moduleName, (other) => shapedClasses(other).find((c) => c.name === name)) : undefined;
  if (!shaped) return { reason: `the fix cannot see that \`${localName}\` (from \`${moduleName || qualified}\`) takes \`message\` and \`status_code\`` };
  return { className: localName, takesPayload: shaped.takesPayload, newClass: false };
}

interface ExistingClass {
  name: string;
  statement: Node;
  takesPayload: boolean;
}

/**
 * A module-level exception class shaped like the guide's: `__init__(self, message, status_code...)`
 * keeping both as attributes. `APIError` bound to anything else here is a reason to stop.
 */
function existingClass(model: FlaskModel): ExistingClass | { reason: string } | undefined {
  let found: ExistingClass | undefined;
  for (const shaped of shapedClasses(model)) if (!found || shaped.name === CLASS_NAME) found = shaped;
  if (!found && model.semantic.module.bindings(CLASS_NAME).length > 0) {
    const defined = model.topLevel.some((s) => definedClass(s)?.childForFieldName('name')?.text === CLASS_NAME);
    return { reason: defined ? `\`${CLASS_NAME}\` is defined here without \`message\` and \`status_code\`` : `\`${CLASS_NAME}\` already names something else here` };
  }
  return found;
}

/** The module-level classes shaped like the guide's error: `__init__(self, message, status_code...)` keeping both. */
function shapedClasses(model: FlaskModel): ExistingClass[] {
  const found: ExistingClass[] = [];
  for (const statement of model.topLevel) {
    const cls = definedClass(statement);
    if (!cls) continue;
    const name = cls.childForFieldName('name')?.text ?? '';
    const init = namedChildren(cls.childForFieldName('body') ?? cls).find(
      (n) => n.type === 'function_definition' && n.childForFieldName('name')?.text === '__init__',
    );
    const parameters = namedChildren(init?.childForFieldName('parameters') ?? cls).map((p) => (p.type === 'identifier' ? p.text : p.childForFieldName('name')?.text ?? ''));
    const body = init?.childForFieldName('body')?.text ?? '';
    const guideShaped = init && parameters[1] === 'message' && parameters.includes('status_code') && /self\.message\b/.test(body) && /self\.status_code\b/.test(body);
    const takesPayload = parameters.includes('payload') && /self\.payload\b/.test(body);
    if (guideShaped) found.push({ name, statement, takesPayload });
  }
  return found;
}

function definedClass(statement: Node): Node | undefined {
  const cls = undecorated(statement);
  return cls?.type === 'class_definition' ? cls : undefined;
}

/** True when the module registers a handler for the class: `errorhandler(C)`, `app_errorhandler(C)`, `register_error_handler(C, ...)`. */
function registersHandlerFor(model: FlaskModel, className: string): boolean {
  for (const call of model.root.descendantsOfType('call')) {
    const callee = call?.childForFieldName('function');
    const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    if (method !== 'errorhandler' && method !== 'app_errorhandler' && method !== 'register_error_handler') continue;
    const first = call!.childForFieldName('arguments')?.namedChild(0);
    if (first?.type === 'identifier' && first.text === className) return true;
  }
  return false;
}

/**
 * Where a person registers the handler: inside the factory, before its `return app`; else after
 * the module-level app, or after the blueprint (`app_errorhandler`, which covers the whole app).
 * At module level it also follows an existing class it registers.
 */
function handlerSite(model: FlaskModel, classStatement: Node | undefined): HandlerSite | { reason: string } {
  if (model.semantic.module.bindings(HANDLER_NAME).length > 0) return { reason: `\`${HANDLER_NAME}\` is already defined here` };
  for (const statement of model.topLevel) {
    const factory = statement.type === 'function_definition' ? statement : undefined;
    if (!factory || !FACTORY_NAMES.has(factory.childForFieldName('name')?.text ?? '')) continue;
    const body = namedChildren(factory.childForFieldName('body') ?? factory).filter((n) => n.type !== 'comment');
    const app = body.map((s) => statementAssignment(s)).find((a) => a?.childForFieldName('right')?.type === 'call' && model.isFlaskConstructor(a.childForFieldName('right')!));
    const owner = app?.childForFieldName('left');
    if (owner?.type !== 'identifier') continue;
    const last = body[body.length - 1]!;
    const returnsApp = last.type === 'return_statement' && last.namedChild(0)?.text === owner.text;
    return returnsApp ? { owner: owner.text, method: 'errorhandler', before: last } : { owner: owner.text, method: 'errorhandler', after: last };
  }
  const moduleApp = model.moduleApps[0];
  const blueprint = [...model.blueprintNames][0];
  const owner = moduleApp?.name ?? blueprint;
  const bound = moduleApp?.statement ?? (blueprint ? model.semantic.module.bindings(blueprint)[0]?.statement : undefined);
  if (!owner || !bound) return { reason: 'the module has no app, factory or blueprint to register the error handler on' };
  let after = topLevelOf(bound);
  // Past the app's own setup lines (`app.config[...] = ...`), where a person registers handlers.
  for (let next = after.nextNamedSibling; next?.type === 'expression_statement' && next.text.startsWith(`${owner}.`); next = next.nextNamedSibling) after = next;
  if (classStatement && classStatement.startIndex > after.startIndex) after = classStatement;
  return { owner, method: moduleApp ? 'errorhandler' : 'app_errorhandler', after };
}

function topLevelOf(node: Node): Node {
  let statement = node;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  return statement;
}
