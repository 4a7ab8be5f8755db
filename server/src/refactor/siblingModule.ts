import type { Node } from 'web-tree-sitter';
import { endOfLine, indentUnit, insertAt, lineIndentAt, reachImportedName, startOfLine } from '../engine/edits';
import { detectEol } from '../engine/positions';
import type { Fix, NewFile, RuleContext, TextEdit } from '../engine/rule';
import { namedChildren } from '../engine/syntax';
import { lazyFix } from './lazyFix';

/**
 * Fixes that add a module beside the one that builds the app (FLK204's `health.py`, FLK304's
 * `errors.py`) and hook it up where the app is created: inside the factory before its
 * `return app` (imported there, so the factory's module stays as cheap to import as it was), or
 * after the module-level `app = Flask(...)` (imported with the module's other imports).
 */
export interface SiblingModule {
  /** The new module's file name (`health.py`). */
  fileName: string;
  /** The name it exports, imported where the app is created. */
  name: string;
  /** The statement that hooks it up, given the app's name (`app.register_blueprint(health)`). */
  hookUp(app: string): string;
  /** The new module's text, in the indentation unit and line breaks of the module that builds the app. */
  source(unit: string, eol: string): string;
}

export interface SiblingPlan {
  files: NewFile[];
  edits: TextEdit[];
}

/** The new module and the edits that hook it up, or why the app's module gives them no place. */
export function planSiblingModule(context: RuleContext, call: Node, sibling: SiblingModule): SiblingPlan | { reason: string } {
  const { model, text } = context;
  const index = model.project?.index;
  const path = model.project?.path;
  if (!index || path === undefined) return { reason: 'the module is not part of an indexed project' };
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const moduleName = sibling.fileName.replace(/\.py$/, '');
  if (folder !== '' && !index.has(`${folder}__init__.py`)) {
    return { reason: `\`${folder}\` has no \`__init__.py\`: a \`${sibling.fileName}\` beside this module could not be imported from it` };
  }
  if (index.has(`${folder}${moduleName}/__init__.py`)) return { reason: `the package \`${folder}${moduleName}\` would hide a \`${sibling.fileName}\` beside it` };
  const site = creationSite(call);
  if ('reason' in site) return site;
  // Relative inside a package, as the guide's layout imports; a module at the project root imports it by name.
  const from = folder === '' ? moduleName : `.${moduleName}`;
  // `python web/app.py` runs the module with no parent package, where a relative import fails.
  if (folder !== '' && model.mainGuards.length > 0) {
    return { reason: `the module has an \`if __name__ == "__main__":\` block, so it is meant to be run as a script, where the relative \`from ${from} import ${sibling.name}\` fails (no parent package)` };
  }
  const eol = detectEol(text);
  const unit = indentUnit(text, model.root);
  const files = [{ path: folder + sibling.fileName, text: sibling.source(unit, eol) }];
  const { name } = sibling;

  if (site.factoryReturn) {
    if (new RegExp(`\\b${name}\\b`).test(site.factory.text)) return { reason: `the factory already uses the name \`${name}\`` };
    const indent = lineIndentAt(text, site.factoryReturn.startIndex);
    const lines = `${indent}from ${from} import ${name}${eol}${indent}${sibling.hookUp(site.app)}${eol}${eol}`;
    return { files, edits: [insertAt(startOfLine(text, site.factoryReturn.startIndex), lines)] };
  }
  if (model.semantic.module.bindings(name).length > 0) return { reason: `\`${name}\` already names something in this module` };
  const imported = reachImportedName(model, text, from, name);
  if (!imported) return { reason: `\`${name}\` cannot be imported here` };
  const hookUp = insertAt(endOfLine(text, site.statement.endIndex), `${sibling.hookUp(site.app)}${eol}`, text, eol);
  return { files, edits: [...imported.edits, hookUp] };
}

type CreationSite = { app: string; statement: Node } & ({ factory: Node; factoryReturn: Node } | { factory?: undefined; factoryReturn?: undefined });

/** `app = Flask(...)` at module level, or in a module-level function that ends with `return app`. */
function creationSite(call: Node): CreationSite | { reason: string } {
  const unclear = { reason: 'the app is not created by a plain `app = Flask(...)` at module level or in a factory that ends with `return app`' };
  const assignment = call.parent;
  const left = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === call.id ? assignment.childForFieldName('left') : undefined;
  const statement = assignment?.parent;
  if (left?.type !== 'identifier' || statement?.type !== 'expression_statement') return unclear;
  const app = left.text;
  const owner = statement.parent;
  if (owner?.type === 'module') return { app, statement };
  const factory = owner?.type === 'block' ? owner.parent : undefined;
  const top = factory?.parent?.type === 'decorated_definition' ? factory.parent : factory;
  if (factory?.type !== 'function_definition' || top?.parent?.type !== 'module') return unclear;
  const last = namedChildren(owner!).filter((n) => n.type !== 'comment').at(-1);
  if (last?.type !== 'return_statement' || last.namedChild(0)?.text !== app) return unclear;
  return { app, statement, factory, factoryReturn: last };
}

/** The fix of a rule that creates a sibling module: its plan is made once, when first asked. */
export function siblingFix(title: string, plan: () => SiblingPlan | { reason: string }): Fix {
  return lazyFix(title, plan, { createsFiles: true });
}

