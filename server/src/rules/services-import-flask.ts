import type { Node } from 'web-tree-sitter';
import { isExtensionModule } from '../engine/flaskKnowledge';
import type { Rule, RuleContext } from '../engine/rule';

/** The service layer's packages when the configuration names none (`services-packages`). */
export const DEFAULT_SERVICES_PACKAGES: readonly string[] = ['services'];

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
        'inside functions count too. Other modules, test modules, and modules that declare routes (a view module',
        'named `services.py`, such as an API\'s "services" resource) are not checked.',
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
    const servicePackage = servicePackageOf(context.path, context.settings.servicesPackages);
    if (!servicePackage) return;
    // A module that declares routes is a view module, whatever its name (an API's `services.py` resource).
    if (context.model.mayDeclareRoutes && context.model.routes.length > 0) return;
    const { text } = context;
    FLASK_IMPORT.lastIndex = 0;
    for (let match = FLASK_IMPORT.exec(text); match; match = FLASK_IMPORT.exec(text)) {
      const statement = importStatementAt(context, match.index + match[0].length - 1);
      if (!statement) continue;
      for (const module of flaskModules(statement)) {
        context.report({ node: statement, messageId: 'flaskInServices', data: { module, package: servicePackage } });
        break;
      }
    }
  },
};

/** The service package a module belongs to (`services` for `app/services/users.py` and `app/services.py`). */
export function servicePackageOf(path: string | undefined, packages: readonly string[] = DEFAULT_SERVICES_PACKAGES): string | undefined {
  if (!path) return undefined;
  const segments = path.replace(/\.pyi?$/, '').split('/');
  return packages.find((name) => segments.includes(name));
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
