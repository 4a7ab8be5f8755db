import type { Node } from 'web-tree-sitter';
import { FACTORY_NAMES, isExtensionModule } from '../engine/flaskKnowledge';
import type { FlaskModel } from '../engine/model';
import { firstAppConstruction } from '../engine/project/facts';
import type { ProjectView } from '../engine/project/projectIndex';
import type { Rule, RuleContext } from '../engine/rule';
import { onlyForTypeCheckers } from '../engine/typeChecking';
import { undecorated } from '../engine/syntax';

/** An import of `flask` or of an extension, where it starts a line; confirmed on the tree. */
const FLASK_IMPORT = /^[ \t]*(?:from[ \t]+(flask\w*|flaskext)\b|import[ \t]+[^\r\n#]*\b(flask\w*|flaskext)\b)/gm;

export const servicesImportFlask: Rule = {
  meta: {
    code: 'FLK104',
    slug: 'services-import-flask',
    summary: 'A module of the service layer imports Flask or a Flask extension.',
    defaultSeverity: 'warning',
    fixable: false,
    messages: {
      flaskInServices: '`{module}` is imported in the service layer (`{package}/`); keep Flask in the views and pass plain values in',
    },
    docs: {
      whatItDoes: [
        'Flags `import flask`, `from flask import ...` and imports of Flask extensions (`flask_sqlalchemy`, `flask_login`,',
        '`flaskext.*`...) in a module of the service layer: a file in a `services` package, or a `services.py` module.',
        'The packages are the `services-packages` setting of `[tool.flask-practices]` in `pyproject.toml`. Imports',
        'inside functions count too; imports under `if TYPE_CHECKING:`, which only a type checker reads, do not (the',
        'module still runs without Flask). Other modules and test modules are not checked, nor are views and wiring: a',
        'module that declares routes or makes a blueprint (a view module named `services.py`, such as an API\'s',
        '"services" resource), one that builds the app (`Flask(...)`, a `create_app` factory), and one that defines',
        'an extension (a class with an `init_app` method).',
        '',
        'Where the project is indexed (the editor\'s workspace, `check` over a folder), its layout counts too. A',
        '`services` package where a module declares routes or makes a blueprint is a blueprint for a domain called',
        '"services": none of its modules is checked. Once every module is read (the editor\'s workspace, `check .` from',
        'the project\'s root), a `services` folder that holds no `__init__.py` and sits in no package, such as a',
        'monorepo\'s `services/<name>/` above each project\'s own package, only holds projects: only a module right in',
        'it (`services/users.py` beside `app.py`) is checked.',
      ].join('\n'),
      whyItMatters: [
        'The service layer holds the business rules. Without Flask in it, it runs anywhere: in a unit test with no app',
        'and no request, in a Celery task, in a command-line script, behind another web framework. Once a service',
        'reads `request`, `session` or `current_app`, or returns `jsonify(...)`, it only works inside a request of one',
        'app, its tests need a test client, and the boundary between "what the HTTP API says" and "what the business',
        'does" is gone. The view is the place that turns a request into plain arguments and a result into a response.',
      ].join('\n'),
      example: [
        '# app/services/users.py',
        'from flask import abort, request',
        '',
        '',
        'def rename_user(users, user_id):',
        '    user = users.get(user_id)',
        '    if user is None:',
        '        abort(404)',
        '    user["name"] = request.json["name"]',
        '    return user',
      ].join('\n'),
      useInstead: [
        '# app/services/users.py',
        'class UserNotFound(Exception):',
        '    pass',
        '',
        '',
        'def rename_user(users, user_id, name):',
        '    user = users.get(user_id)',
        '    if user is None:',
        '        raise UserNotFound(user_id)',
        '    user["name"] = name',
        '    return user',
      ].join('\n'),
      fixSafety: 'There is no fix: what the service should receive instead of the request, and what it should raise instead of a response, is a design decision.',
      exampleFile: 'app/services/users.py',
    },
  },
  checkModule(context) {
    const places = servicePlacesOf(context.path, context.settings.servicesPackages);
    if (places.length === 0) return;
    const imports = flaskImports(context);
    if (imports.length === 0) return;
    const servicePackage = serviceLayerOf(places, context.model);
    if (!servicePackage) return;
    for (const { statement, module } of imports) context.report({ node: statement, messageId: 'flaskInServices', data: { module, package: servicePackage } });
  },
};

/**
 * The service package among `places` that the module belongs to, or undefined when it is no
 * module of the service layer. Views, whatever the module's name (an API's `services.py`
 * resource, a blueprint's package), and the app's wiring are no business logic.
 */
function serviceLayerOf(places: readonly ServicePlace[], model: FlaskModel): string | undefined {
  if (declaresViews(model) || buildsApp(model) || definesExtension(model)) return undefined;
  return places.find((place) => isServiceLayer(place, model.project))?.name;
}

/** The module's imports of Flask or an extension, each statement with the first Flask module it imports. */
function flaskImports(context: RuleContext): { statement: Node; module: string }[] {
  const found: { statement: Node; module: string }[] = [];
  const { text } = context;
  FLASK_IMPORT.lastIndex = 0;
  for (let match = FLASK_IMPORT.exec(text); match; match = FLASK_IMPORT.exec(text)) {
    const statement = importStatementAt(context, match.index + match[0].length - 1);
    const module = statement && flaskModules(statement)[0];
    // An import for annotations only never runs: the module stays free of Flask.
    if (module && !onlyForTypeCheckers(context.model.semantic, statement)) found.push({ statement, module });
  }
  return found;
}

/** A folder or module of `path` named as a service package: its name, its path, whether it is the module itself. */
interface ServicePlace {
  name: string;
  path: string;
  isModule: boolean;
  /** The module sits right in the folder (`services/users.py`). */
  holdsModule: boolean;
}

function servicePlacesOf(path: string | undefined, packages: readonly string[]): ServicePlace[] {
  if (!path) return [];
  const segments = path.replace(/\.pyi?$/, '').split('/');
  return segments.flatMap((name, i) => {
    if (!packages.includes(name)) return [];
    return [{ name, path: segments.slice(0, i + 1).join('/'), isModule: i === segments.length - 1, holdsModule: i === segments.length - 2 }];
  });
}

/**
 * Whether a place named as a service package is the application's service layer, as far as the
 * project shows: a folder that holds views is a blueprint's package, and one that is no package
 * and sits in none (a monorepo's `services/<name>/`) only holds projects, unless the module sits
 * right in it (a namespace package, `services/users.py`). Without the project, the name decides.
 */
function isServiceLayer(place: ServicePlace, project: ProjectView | undefined): boolean {
  if (place.isModule || !project) return true;
  if (project.holdsViews?.(place.path)) return false;
  if (place.holdsModule) return true;
  const parent = place.path.slice(0, Math.max(0, place.path.lastIndexOf('/')));
  // Unknown (an index that has not read the whole project): the name decides, as without one.
  return project.isPackage?.(place.path) !== false || project.isPackage?.(parent) !== false;
}

/** The module declares routes or makes a blueprint. */
function declaresViews(model: FlaskModel): boolean {
  return model.blueprintNames.size > 0 || (model.mayDeclareRoutes && model.routes.length > 0);
}

/** The module builds the app: it calls `Flask(...)` or defines a factory (`create_app`). */
function buildsApp(model: FlaskModel): boolean {
  if (firstAppConstruction(model)) return true;
  return [...FACTORY_NAMES].some((name) => model.semantic.module.bindings(name).some((binding) => binding.kind === 'function'));
}

/**
 * The module defines a Flask extension: a module-level class with an `init_app` method (`class
 * MyLDAP(LDAP)` overriding flask_simpleldap's). It is wiring, which cannot be written without Flask;
 * a class merely built on an extension's (a `FlaskForm`) is not.
 */
function definesExtension(model: FlaskModel): boolean {
  for (const statement of model.topLevel) {
    const cls = undecorated(statement);
    if (cls?.type !== 'class_definition') continue;
    const body = cls.childForFieldName('body')?.namedChildren ?? [];
    const methods = body.map((n) => undecorated(n));
    if (methods.some((n) => n?.type === 'function_definition' && n.childForFieldName('name')?.text === 'init_app')) return true;
  }
  return false;
}

/** The import statement the text offset lies in, when it is one (not text in a string or a comment). */
function importStatementAt(context: RuleContext, offset: number): Node | undefined {
  for (let node: Node | null = context.model.root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === 'import_statement' || node.type === 'import_from_statement') return node;
    if (node.type === 'string' || node.type === 'comment' || node.type.endsWith('_statement') || node.type === 'module') return undefined;
  }
  return undefined;
}

/** The Flask modules an import statement imports: `flask`, `flask.json`, `flask_login`... */
function flaskModules(statement: Node): string[] {
  const isFlask = (module: string) => module === 'flask' || module.startsWith('flask.') || isExtensionModule(module) || module === 'flaskext';
  if (statement.type === 'import_from_statement') {
    const module = statement.childForFieldName('module_name')?.text.replace(/\s+/g, '') ?? '';
    return isFlask(module) ? [module] : [];
  }
  const modules: string[] = [];
  for (const item of statement.namedChildren) {
    const name = item?.type === 'aliased_import' ? item.childForFieldName('name') : item;
    const module = name?.type === 'dotted_name' ? name.text.replace(/\s+/g, '') : '';
    if (isFlask(module)) modules.push(module);
  }
  return modules;
}
