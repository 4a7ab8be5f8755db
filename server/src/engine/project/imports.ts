import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../model';

/** A line that may start an import; confirmed on the tree, so text in strings and comments does not count. */
const IMPORT_LINE = /^[ \t]*(?:from|import)[ \t\\]/gm;

/**
 * Every import statement of the module, at any depth (a factory imports its blueprints inside
 * `create_app`), found from the text: a module without imports costs one search.
 */
export function importStatements(model: Pick<FlaskModel, 'root' | 'text'>): Node[] {
  const found: Node[] = [];
  IMPORT_LINE.lastIndex = 0;
  for (let match = IMPORT_LINE.exec(model.text); match; match = IMPORT_LINE.exec(model.text)) {
    const offset = match.index + match[0].length - 1;
    const keyword = model.root.descendantForIndex(offset - 1, offset);
    const statement = keyword?.parent;
    if (statement && (statement.type === 'import_statement' || statement.type === 'import_from_statement') && statement.startIndex === keyword!.startIndex) {
      found.push(statement);
    }
  }
  return found;
}

/** The modules an import statement may load, as written (relative ones keep their dots): `from a import b` may load `a` and `a.b`. */
export function importedModules(statement: Node): string[] {
  const compact = (node: Node | null | undefined) => node?.text.replace(/\s+/g, '') ?? '';
  if (statement.type === 'import_statement') {
    return statement.namedChildren.map((item) => compact(item?.type === 'aliased_import' ? item.childForFieldName('name') : item)).filter(Boolean);
  }
  const module = compact(statement.childForFieldName('module_name'));
  if (!module) return [];
  const prefix = module.endsWith('.') ? module : `${module}.`;
  const names = statement.childrenForFieldName('name').map((item) => compact(item.type === 'aliased_import' ? item.childForFieldName('name') : item));
  return [module, ...names.filter(Boolean).map((name) => prefix + name)];
}
