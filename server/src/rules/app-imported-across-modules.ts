import type { Node } from 'web-tree-sitter';
import { importStatements } from '../engine/project/imports';
import { onlyForTypeCheckers } from '../engine/typeChecking';
import type { Fix, Rule } from '../engine/rule';

export const appImportedAcrossModules: Rule = {
  meta: {
    code: 'FLK105',
    slug: 'app-imported-across-modules',
    summary: 'A module imports the app object from a module that imports it back.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      circular: '`{name}` is the app object of `{module}`, which imports this module back: a circular import; use `current_app` or receive the app',
      circularAtModuleLevel:
        '`{name}` is the app object of `{module}`, which imports this module back: a circular import; move the routes to a blueprint and the app into `create_app()`',
    },
    docs: {
      whatItDoes: [
        'Flags `from app import app` (any alias, relative imports too) where the name imported is the application',
        'object of another module of the project, and that module imports this one back, directly or through',
        'others (imports inside functions count): the classic `app/__init__.py` that ends with',
        '`from app import routes` while `routes.py` starts with `from app import app`. Entry points that nothing',
        'imports (`wsgi.py`, `run.py`, `manage.py`) may import the app: they are where it is served from. Imports',
        'under `if TYPE_CHECKING:` run for type checkers only: they are not flagged and close no cycle. Needs',
        'the project: in the editor\'s workspace, or `check` over a folder.',
      ].join('\n'),
      whyItMatters: [
        'When a module imports the app from the module that is still busy creating it, Python hands over a',
        'half-initialised module: the import works only if the lines that create the app happen to run before the',
        'line that imports back, and moving one import breaks the app with `ImportError: cannot import name \'app\'`',
        '(partially initialized module). Every module that reaches for the global app is also tied to that one app,',
        'so tests cannot build their own. Blueprints declare routes without an app, `current_app` reaches the app',
        'that handles the request, and `create_app()` builds the app after every module is loaded.',
      ].join('\n'),
      example: [
        '# app/routes.py; app/__init__.py creates `app` and then runs `from app import routes`',
        'from app import app',
        '',
        '',
        '@app.route("/")',
        'def index():',
        '    return "hello"',
      ].join('\n'),
      useInstead: [
        '# app/routes.py; create_app() in app/__init__.py registers the blueprint',
        'from flask import Blueprint',
        '',
        'bp = Blueprint("main", __name__)',
        '',
        '',
        '@bp.route("/")',
        'def index():',
        '    return "hello"',
      ].join('\n'),
      fixSafety: [
        'Inside a function, the fix imports `current_app` under the same name (`from flask import current_app as',
        'app`), so the function reaches the app that is handling the request, and the circular import is gone. It',
        'is unsafe: `current_app` works only while an app context is active (a request, a CLI command, a test',
        'client, `with app.app_context()`); code that calls the function from a thread or a script with no context',
        'then raises `RuntimeError: Working outside of application context`. At module level there is no fix: the',
        'module needs the app while it is imported, and only moving its routes to a blueprint removes that need.',
      ].join('\n'),
      exampleFile: 'app/routes.py',
      exampleProject: {
        'app/__init__.py': 'from flask import Flask\n\napp = Flask(__name__)\n\nfrom app import routes  # noqa: E402\n',
      },
    },
  },
  checkModule(context) {
    const project = context.model.project;
    const index = project?.index;
    if (!index || !project.path || !project.absolute) return;
    for (const statement of importStatements(context.model)) {
      if (statement.type !== 'import_from_statement' || onlyForTypeCheckers(context.model.semantic, statement)) continue;
      const module = statement.childForFieldName('module_name')?.text.replace(/\s+/g, '') ?? '';
      const items = statement.childrenForFieldName('name');
      for (const item of items) {
        const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
        const local = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : nameNode?.text;
        const target = nameNode && project.absolute(`${module.endsWith('.') ? module : `${module}.`}${nameNode.text}`);
        if (!target || !local || index.kindOf(target) !== 'app') continue;
        const home = index.definition(target)?.facts;
        if (!home || home.path === project.path || !index.importsReach(home.path, project.path)) continue;
        const data = { name: nameNode.text, module: home.module || home.path };
        if (!insideFunction(statement)) {
          context.report({ node: item, messageId: 'circularAtModuleLevel', data });
          continue;
        }
        const fix = items.length === 1 ? currentAppFix(statement, local) : undefined;
        context.report({ node: item, messageId: 'circular', data, ...(fix ? { fix } : {}) });
      }
    }
  },
};

function insideFunction(statement: Node): boolean {
  for (let node = statement.parent; node; node = node.parent) if (node.type === 'function_definition') return true;
  return false;
}

/** The import replaced by `current_app` under the same local name. */
function currentAppFix(statement: Node, local: string): Fix {
  const newText = local === 'current_app' ? 'from flask import current_app' : `from flask import current_app as ${local}`;
  return { title: 'Use `current_app` instead of importing the app', safety: 'unsafe', edits: () => [{ range: { start: statement.startIndex, end: statement.endIndex }, newText }] };
}
