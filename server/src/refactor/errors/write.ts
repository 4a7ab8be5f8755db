import { addImportedName, endOfLine, indentUnit, leadingImportsEnd, lineIndentAt, startOfLine } from '../../engine/edits';
import type { FlaskModel } from '../../engine/model';
import { detectEol } from '../../engine/positions';
import type { TextEdit } from '../../engine/rule';
import { HANDLER_NAME, type ErrorsPlan, type HandlerSite } from './plan';

/**
 * The edits that give a module the guide's error class and its handler (practice 3). They are the
 * same for every fix of one module, so fix-all, which applies an edit picked twice once, adds them once.
 */
export function setupEdits(model: FlaskModel, text: string, plan: ErrorsPlan): TextEdit[] | { reason: string } {
  const edits: TextEdit[] = [];
  const eol = detectEol(text);
  const unit = indentUnit(text, model.root);
  if (plan.newClass) {
    const at = leadingImportsEnd(model);
    if (at === undefined) return { reason: 'the module has no imports at its top to put the error class after' };
    edits.push(moduleBlock(text, endOfLine(text, at), classSource(plan.className, unit, eol), eol));
  }
  if (plan.handler) {
    const jsonify = jsonifyAccess(model, text);
    if ('reason' in jsonify) return jsonify;
    edits.push(...jsonify.edits, handlerEdit(text, plan, plan.handler, jsonify.expression, unit, eol));
  }
  return edits;
}

/** `raise APIError(message, status_code=404, payload={...})` for a body's message and other entries. */
export function raiseSource(plan: ErrorsPlan, message: string, status: string, rest: readonly string[]): string {
  const payload = rest.length > 0 ? `, payload={${rest.join(', ')}}` : '';
  return `raise ${plan.className}(${message}, status_code=${status}${payload})`;
}

export function classSource(name: string, unit: string, eol: string): string {
  const lines = [
    `class ${name}(Exception):`,
    `${unit}"""An error for the client: the registered handler turns it into a JSON response."""`,
    '',
    `${unit}def __init__(self, message, status_code=400, payload=None):`,
    `${unit}${unit}super().__init__(message)`,
    `${unit}${unit}self.message = message`,
    `${unit}${unit}self.status_code = status_code`,
    `${unit}${unit}self.payload = payload`,
  ];
  return lines.join(eol) + eol;
}

/** The handler, at `indent`: the body is `{"error": message}` plus the payload's entries, so `{"error": ...}` bodies stay as they were. */
export function handlerLines(plan: ErrorsPlan, site: HandlerSite, jsonify: string, indent: string, unit: string): string[] {
  const inner = indent + unit;
  return [
    `${indent}@${site.owner}.${site.method}(${plan.className})`,
    `${indent}def ${HANDLER_NAME}(error):`,
    `${inner}body = {"error": error.message}`,
    ...(plan.takesPayload ? [`${inner}if error.payload:`, `${inner}${unit}body.update(error.payload)`] : []),
    `${inner}return ${jsonify}(body), error.status_code`,
  ];
}

function handlerEdit(text: string, plan: ErrorsPlan, site: HandlerSite, jsonify: string, unit: string, eol: string): TextEdit {
  if (site.before) {
    const indent = lineIndentAt(text, site.before.startIndex);
    const lines = handlerLines(plan, site, jsonify, indent, unit);
    return insertion(text, startOfLine(text, site.before.startIndex), lines.join(eol) + eol + eol, eol);
  }
  const after = site.after!;
  if (after.parent?.type === 'module') return moduleBlock(text, endOfLine(text, after.endIndex), handlerLines(plan, site, jsonify, '', unit).join(eol) + eol, eol);
  const lines = handlerLines(plan, site, jsonify, lineIndentAt(text, after.startIndex), unit);
  return insertion(text, endOfLine(text, after.endIndex), eol + lines.join(eol) + eol, eol);
}

/** A module-level block inserted at the start of a line, with two blank lines on each side (PEP 8), counting those already there. */
function moduleBlock(text: string, offset: number, block: string, eol: string): TextEdit {
  const blanks = /^(?:[ \t]*(?:\r\n|\n|\r))*/.exec(text.slice(offset))![0];
  const following = blanks.split(/\r\n|\n|\r/).length - 1;
  const atEnd = offset + blanks.length === text.length;
  return insertion(text, offset, eol + eol + block + (atEnd ? '' : eol.repeat(Math.max(0, 2 - following))), eol);
}

/** How the handler names `jsonify`: an existing import, one added to `from flask import`, or `flask.jsonify`. */
function jsonifyAccess(model: FlaskModel, text: string): { expression: string; edits: TextEdit[] } | { reason: string } {
  const bindings = model.semantic.module.all();
  const imported = bindings.find((b) => b.kind === 'import' && (b.qualifiedName === 'flask.jsonify' || b.qualifiedName === 'flask.json.jsonify'));
  if (imported && bindings.filter((b) => b.name === imported.name).length === 1) return { expression: imported.name, edits: [] };
  const fromFlask = model.moduleStatements.find(
    (n) => n.type === 'import_from_statement' && n.parent?.type === 'module' && n.childForFieldName('module_name')?.text === 'flask' && n.childrenForFieldName('name').length > 0,
  );
  // A `jsonify` the module calls without binding it would start meaning Flask's once imported.
  const unboundUse = [...model.text.matchAll(/\bjsonify\b/g)].some((m) => model.root.descendantForIndex(m.index!, m.index! + 7)?.type === 'identifier');
  if (fromFlask && !unboundUse && model.semantic.module.bindings('jsonify').length === 0) return { expression: 'jsonify', edits: [addImportedName(text, fromFlask, 'jsonify')] };
  const flask = bindings.find((b) => b.kind === 'import' && b.qualifiedName === 'flask' && b.statement?.type === 'import_statement');
  if (flask && bindings.filter((b) => b.name === flask.name).length === 1) return { expression: `${flask.name}.jsonify`, edits: [] };
  return { reason: 'there is no way to import `jsonify` for the error handler' };
}

/** An insertion; at the end of a text without a final line break, that break comes first. */
function insertion(text: string, offset: number, newText: string, eol: string): TextEdit {
  const needsBreak = offset === text.length && !/[\r\n]$/.test(text);
  return { range: { start: offset, end: offset }, newText: needsBreak ? eol + newText : newText };
}
