import type { Node } from 'web-tree-sitter';
import { canonicalQualifiedName } from '../../engine/flaskKnowledge';
import type { FlaskModel } from '../../engine/model';
import type { TextEdit } from '../../engine/rule';
import { lineIndentAt } from '../../engine/edits';
import { detectEol } from '../../engine/positions';
import { namedChildren } from '../../engine/syntax';

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
  const imported = statement ? importedNames(statement) : [];
  if (!statement || imported.length === 0) return { reason: 'the module has no `from flask import ...` to add it to' };
  const after = imported.find((n) => isortKey(n.name) > isortKey(name));
  const last = imported[imported.length - 1]!.node;
  // One name per line (a parenthesised import, as isort wraps it): the new name gets its own line.
  const onePerLine = imported.length > 1 && imported[0]!.node.startPosition.row !== last.startPosition.row;
  const separator = onePerLine ? `,${detectEol(text)}${lineIndentAt(text, last.startIndex)}` : ', ';
  const edit = after
    ? { range: { start: after.node.startIndex, end: after.node.startIndex }, newText: `${name}${separator}` }
    : { range: { start: last.endIndex, end: last.endIndex }, newText: `${separator}${name}` };
  return { expression: name, edits: [edit] };
}

/** The names a `from m import a, b as c` statement imports, with their nodes (`b as c` whole). */
function importedNames(statement: Node): { name: string; node: Node }[] {
  const moduleName = statement.childForFieldName('module_name');
  const names: { name: string; node: Node }[] = [];
  for (const child of namedChildren(statement)) {
    if (child.id === moduleName?.id) continue;
    if (child.type === 'dotted_name') names.push({ name: child.text, node: child });
    else if (child.type === 'aliased_import') names.push({ name: child.childForFieldName('name')?.text ?? '', node: child });
    else if (child.type === 'wildcard_import') return [];
  }
  return names;
}

/** isort's `order_by_type`: CONSTANTS, then Classes, then other names, each case-insensitively. */
function isortKey(name: string): string {
  const kind = name.length > 1 && name === name.toUpperCase() ? 0 : /^[A-Z]/.test(name) ? 1 : 2;
  return `${kind}${name.toLowerCase()}`;
}
