import type { Node } from 'web-tree-sitter';
import { canonicalQualifiedName } from '../../engine/flaskKnowledge';
import type { FlaskModel } from '../../engine/model';
import type { TextEdit } from '../../engine/rule';
import { addImportedName } from '../../engine/edits';

/**
 * How code at `node` can call `flask.<name>` (`url_for`): the name already imported, `flask.<name>`
 * through an `import flask`, or the name added to the module's `from flask import ...` in isort's
 * order (constants, classes, then functions, each alphabetical). A reason instead when none works:
 * the name is bound to something else there, or the module has no flask import to extend.
 */
export function flaskNameAt(model: FlaskModel, text: string, node: Node, name: string): { expression: string; edits: TextEdit[] } | { reason: string } {
  const semantic = model.semantic;
  const scope = semantic.scopeOf(node);
  const bound = semantic.resolve(name, scope, node.startIndex);
  if (bound) {
    return bound.kind === 'import' && bound.qualifiedName !== undefined && canonicalQualifiedName(bound.qualifiedName) === `flask.${name}`
      ? { expression: name, edits: [] }
      : { reason: `\`${name}\` is bound to something else here` };
  }
  for (const [local, imported] of model.imports) {
    if (imported.module === 'flask' && imported.name === undefined && semantic.resolve(local, scope, node.startIndex)?.kind === 'import') {
      return { expression: `${local}.${name}`, edits: [] };
    }
  }
  // A name bound anywhere in the module would shadow the one added at module level.
  if (semantic.module.bindings(name).length > 0) return { reason: `\`${name}\` is bound to something else in the module` };
  const statement = model.moduleStatements.find((s) => s.type === 'import_from_statement' && s.parent?.type === 'module' && s.childForFieldName('module_name')?.text === 'flask');
  // A wildcard import has no names to add one to.
  if (!statement || statement.childrenForFieldName('name').length === 0) return { reason: 'the module has no `from flask import ...` to add it to' };
  const edit = addImportedName(text, statement, name);
  return { expression: name, edits: [edit] };
}
