import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../engine/model';
import type { ProjectIndex } from '../engine/project/projectIndex';
import type { OtherFileEdits, ProjectFiles, TextEdit } from '../engine/rule';
import { callArguments, keywordArgument, positionalArguments, stringLiteralValue } from '../engine/syntax';

/**
 * FLK201's fix beyond its module: the endpoints the blueprint renames (`index` → `main.index`)
 * are renamed in the project's other modules (test modules included) and in the app's templates.
 * `unsure` says why some reference may have been missed, which keeps the fix unsafe.
 */
export interface ReferenceRenames {
  files: OtherFileEdits[];
  unsure?: string;
  /** Why the app's own templates cannot all be renamed, when they cannot: the fix would break them, so it is not offered. */
  templatesLeft?: string;
  /** Another module maps a URL to a renamed endpoint without a view (`app.add_url_rule("/", endpoint="index")`): the fix would break it, so it is not offered. */
  mappingLeft?: string;
  /** Why the app's templates would change what they show (they compare endpoint names): then the fix is never offered. */
  blocked?: string;
}

/** What the module's own plan decided: the endpoints that move, the blueprint's name, and where the app's templates are. */
export interface Renamed {
  endpoints: ReadonlySet<string>;
  /** Other endpoints a dotless `url_for` may name and keep working: `static`, the app's routes that stay. */
  staying: ReadonlySet<string>;
  blueprint: string;
  /** The app's template folder relative to the module's folder; null when it has none; undefined when the module does not show it. */
  templateFolder: string | null | undefined;
}

/** Code that reads endpoint names, or templates from places other than the app's folder. */
const ENDPOINT_READERS = /\.endpoint\b|\bview_functions\b/;
const OTHER_TEMPLATES = /\btemplate_folder\b|\bjinja_loader\b|\bjinja_env\b|\b(?:FileSystem|Choice|Package|Dict|Prefix|Function)Loader\b/;
/** Jinja's expressions and statements, and the string literals in them. */
const JINJA_CODE = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const JINJA_STRING = /(["'])([^"'\\]*)\1/g;
/** `url_for(` in a template, and the string literal that may follow it. */
const TEMPLATE_URL_FOR = /\burl_for\s*\(\s*(?:(["'])([^"'\\{}]*)\1)?/g;

export function renameReferences(project: { files: ProjectFiles; index: ProjectIndex; path: string }, renamed: Renamed): ReferenceRenames {
  const { files, index, path } = project;
  const mapping = urlMappingTo(index, path, renamed.endpoints);
  if (mapping) return { files: [], mappingLeft: mapping };
  // The app's own templates first: they belong to this app whatever else the project holds.
  const templates = templateRenames(files, path, renamed);
  const blocked = templates.blocked ? { blocked: templates.blocked } : {};
  const apps = [...index.allFacts()].reduce((sum, facts) => sum + facts.appConstructions, 0);
  // With two apps, `url_for("index")` elsewhere may name the other app's endpoint: nothing is renamed there.
  if (apps !== 1) {
    const unsure = `the project builds ${apps === 0 ? 'no app the checker sees' : 'several apps'}, so other modules' \`url_for\` calls are left as they are`;
    return { files: templates.found, unsure, ...(templates.left ? { templatesLeft: templates.left } : {}), ...blocked };
  }
  const found: OtherFileEdits[] = [...templates.found];
  let unsure: string | undefined = templates.left;
  const doubt = (why: string) => (unsure ??= why);
  if (!index.complete) doubt('the checker has not read every module of the project (the command line reads them when run from the project root)');

  for (const other of [...index.allFacts()].map((f) => f.path).concat(index.testModules()).sort()) {
    if (other === path) continue;
    const text = files.read(other);
    if (text === undefined) {
      doubt(`\`${other}\` cannot be read`);
      continue;
    }
    if (ENDPOINT_READERS.test(text)) doubt(`\`${other}\` reads endpoint names (\`request.endpoint\`, \`view_functions\`), which the blueprint changes`);
    if (OTHER_TEMPLATES.test(text)) doubt(`\`${other}\` sets where templates are loaded from, so templates outside the app's folder may name endpoints`);
    if (!/\burl_for\b|\.login_view\b/.test(text)) continue;
    const renames = files.module(other, (model, current) => endpointRenames(model, current, renamed.endpoints, renamed.blueprint));
    if (!renames) doubt(`\`${other}\` cannot be read`);
    else {
      if (renames.reason) doubt(`in \`${other}\`, ${renames.reason}`);
      if (renames.edits.length > 0) found.push({ path: other, edits: renames.edits });
    }
  }

  return { files: found, ...(unsure !== undefined ? { unsure } : {}), ...(templates.left ? { templatesLeft: templates.left } : {}), ...blocked };
}

/**
 * Why another module's `add_url_rule` without a view would be left naming an endpoint the fix
 * renames (its endpoint is one of them, or not shown), or undefined. A blueprint's own mapping
 * names the blueprint's endpoints, which the fix does not touch.
 */
function urlMappingTo(index: ProjectIndex, path: string, endpoints: ReadonlySet<string>): string | undefined {
  for (const facts of index.allFacts()) {
    if (facts.path === path) continue;
    const route = facts.routes.find((r) => r.viewless && r.ownerKind !== 'blueprint' && r.ownerKind !== 'api' && (r.endpoint === undefined || endpoints.has(r.endpoint)));
    if (route) return urlMappingReason(`\`${facts.path}\``, route.endpoint);
  }
  return undefined;
}

/** Why the fix is refused where `add_url_rule` without a view names an endpoint it renames (or one not shown): that URL would lead to no view. */
export function urlMappingReason(where: string, endpoint: string | undefined): string {
  const named = endpoint === undefined ? 'an endpoint it does not show' : `the endpoint \`${endpoint}\``;
  return `${where} maps a URL to ${named} without a view (\`add_url_rule\`), and the blueprint would rename it`;
}

/** The renames in the app's template folder, and why some cannot be made (`left`). */
function templateRenames(files: ProjectFiles, path: string, renamed: Renamed): { found: OtherFileEdits[]; left?: string; blocked?: string } {
  const found: OtherFileEdits[] = [];
  if (renamed.templateFolder === null) return { found };
  if (renamed.templateFolder === undefined) return { found, left: "the app's template folder is not shown in the module (`Flask(__name__)` with a literal `template_folder`, or none)" };
  const folder = joinPath(path.slice(0, path.lastIndexOf('/') + 1), renamed.templateFolder);
  const templates = files.list(folder);
  if (!templates) return { found, left: `the templates in \`${folder}\` cannot be listed here` };
  let left: string | undefined;
  let blocked: string | undefined;
  for (const template of templates) {
    const text = files.read(template);
    if (text === undefined) continue;
    const edits = templateEdits(text, renamed, () => (left ??= `\`${template}\` calls \`url_for\` with an endpoint it computes`));
    const compared = endpointNamesIn(text, renamed);
    if (compared) blocked ??= `\`${template}\` ${compared}`;
    if (edits.length > 0) found.push({ path: template, edits });
  }
  return { found, ...(left ? { left } : {}), ...(blocked ? { blocked } : {}) };
}

/**
 * The string edits that keep a module's endpoint names working: `url_for("index")` becomes
 * `url_for("<blueprint>.index")`, and so does Flask-Login's `login_manager.login_view = "login"`.
 * `reason`: where an endpoint is named in a way the edits cannot follow (the first such place);
 * the edits of the other places are still given.
 */
export function endpointRenames(
  model: FlaskModel,
  text: string,
  endpoints: ReadonlySet<string>,
  blueprint: string,
  /** For the fix's own module: every other endpoint a dotless name may mean; any other is one the fix cannot follow. */
  staying?: ReadonlySet<string>,
): { edits: TextEdit[]; reason?: string } {
  const edits: TextEdit[] = [];
  let reason: string | undefined;
  const rename = (literal: Node | null | undefined): void => {
    const value = stringLiteralValue(literal ?? null);
    if (value === undefined) {
      reason ??= 'an endpoint name is computed (`url_for(name)`), so the fix cannot rename it';
      return;
    }
    if (!endpoints.has(value)) {
      if (staying && !value.includes('.') && !staying.has(value)) reason ??= `\`url_for(${literal!.text})\` names no endpoint of the app's routes (a view behind a decorator without \`functools.wraps\` takes its inner function's name), so the fix cannot tell whether the blueprint renames it`;
      return;
    }
    if (literal!.type !== 'string') {
      reason ??= `the endpoint name \`${value}\` is written in parts, which the fix does not rewrite`;
      return;
    }
    const quote = literal!.text.at(-1)!;
    edits.push({ range: { start: literal!.startIndex, end: literal!.endIndex }, newText: `${quote}${blueprint}.${value}${quote}` });
  };
  for (const match of text.matchAll(/\burl_for\b|\.login_view\b/g)) {
    const node = model.root.descendantForIndex(match.index, match.index + match[0].length);
    if (!node) continue;
    if (node.type === 'string_content' || node.type === 'string') {
      // A Jinja template in a string (`render_template_string`) calls `url_for`; a docstring may only mention it.
      const string = node.type === 'string' ? node : node.parent;
      if (string && /\{[{%]/.test(string.text)) reason ??= 'a template written in a string calls `url_for`, whose endpoint names the fix cannot follow';
      continue;
    }
    if (match[0] === '.login_view') {
      const attribute = node.type === 'attribute' ? node : node.parent;
      const assignment = attribute?.parent;
      if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === attribute!.id) rename(assignment.childForFieldName('right'));
      continue;
    }
    const callee = node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.id === node.id ? node.parent : node;
    const call = callee.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== callee.id || model.qualifiedName(callee) !== 'flask.url_for') continue;
    rename(positionalArguments(call)[0] ?? keywordArgument(call, 'endpoint')?.childForFieldName('value'));
  }
  return reason === undefined ? { edits } : { edits, reason };
}

/**
 * What in a template names endpoints other than through `url_for` (`request.endpoint == 'index'`,
 * an endpoint's name in a string), or through a `url_for` naming an endpoint the fix does not
 * know (a view behind a decorator without `functools.wraps`): it would keep the old names.
 */
function endpointNamesIn(text: string, renamed: Renamed): string | undefined {
  for (const block of text.matchAll(JINJA_CODE)) {
    if (ENDPOINT_READERS.test(block[0])) return 'reads endpoint names (`request.endpoint`), which the blueprint changes';
    for (const literal of block[0].matchAll(JINJA_STRING)) {
      const value = literal[2]!;
      const inUrlFor = /\burl_for\s*\(\s*$/.test(block[0].slice(0, literal.index));
      if (!inUrlFor && renamed.endpoints.has(value)) return `names the endpoint ${literal[0]} outside \`url_for\`, which the fix cannot rename`;
      if (inUrlFor && !value.includes('.') && !renamed.endpoints.has(value) && !renamed.staying.has(value)) {
        return `calls \`url_for(${literal[0]})\`, an endpoint the fix cannot find among the app's routes`;
      }
    }
  }
  return undefined;
}

/** `url_for('index')` and `url_for("index", ...)` in a Jinja template, renamed; `computed` is told of any other `url_for(`. */
function templateEdits(text: string, renamed: Renamed, computed: () => void): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const match of text.matchAll(TEMPLATE_URL_FOR)) {
    const [, quote, endpoint] = match;
    if (quote === undefined || endpoint === undefined) {
      computed();
      continue;
    }
    if (!renamed.endpoints.has(endpoint)) continue;
    const start = match.index + match[0].length - endpoint.length - 1;
    edits.push({ range: { start, end: start + endpoint.length }, newText: `${renamed.blueprint}.${endpoint}` });
  }
  return edits;
}

/**
 * Where the app built by `call` looks for templates, relative to the module's folder: Flask's
 * `template_folder` (default `templates`) under its root path, which is the module's folder when
 * the app is named `__name__`. Null: it has none (`template_folder=None`). Undefined: the call
 * does not show it (another import name, `root_path=`, a computed folder, a splat).
 */
export function templateFolderOf(model: FlaskModel, call: Node | undefined): string | null | undefined {
  if (!call || call.type !== 'call' || !model.isFlaskConstructor(call)) return undefined;
  const name = positionalArguments(call)[0] ?? keywordArgument(call, 'import_name')?.childForFieldName('value');
  if (name?.text !== '__name__' || positionalArguments(call).length > 1) return undefined;
  if (keywordArgument(call, 'root_path') || callArguments(call).some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
  const given = keywordArgument(call, 'template_folder')?.childForFieldName('value');
  if (!given) return 'templates';
  if (given.type === 'none') return null;
  const folder = stringLiteralValue(given);
  return folder !== undefined && !folder.startsWith('/') && !folder.split('/').includes('..') ? folder : undefined;
}

function joinPath(folder: string, relative: string): string {
  return `${folder}${relative}`.split('/').filter((part) => part !== '' && part !== '.').join('/');
}
