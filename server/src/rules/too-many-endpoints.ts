import { firstAppConstruction } from '../engine/project/facts';
import type { ProjectIndex } from '../engine/project/projectIndex';
import type { Rule } from '../engine/rule';

/** The guide's line: Flask is the wrong choice past this many endpoints. */
const MAX_ENDPOINTS = 15;

export const tooManyEndpoints: Rule = {
  meta: {
    code: 'FLK203',
    slug: 'too-many-endpoints',
    summary: `The project declares more than ${MAX_ENDPOINTS} endpoints: weigh a framework that gives large APIs more for free.`,
    defaultSeverity: 'info',
    fixable: false,
    // A judgement about the framework, not a defect: opt-in.
    enabledByDefault: false,
    messages: {
      tooMany: `The project declares {count} endpoints, more than ${MAX_ENDPOINTS}: at this size, API docs, validation and an admin are extensions you maintain yourself`,
    },
    docs: {
      whatItDoes: [
        `Counts the distinct endpoints the whole project declares and, past ${MAX_ENDPOINTS}, reports once: on the first`,
        '`Flask(...)` call of the project (the first module by path that builds an app, at module level or in',
        '`create_app()`). Routes on the app, on blueprints and on Flask-RESTful or flask-restx APIs count, wherever they',
        'are declared, and so do Flask-RESTful\'s `api.add_resource(...)` calls (one each). A view with two `@route`',
        'lines is one endpoint. Routes built in loops, and routes on objects the project cannot name (a blueprint from',
        'a package outside it), are not counted; neither are test modules. A repository that holds several independent',
        'apps (a folder of demos) is one project here and their endpoints add up: check each app\'s folder on its own.',
        'It needs the project (the editor\'s workspace, or `check` over a folder), and it is opt-in: select `FLK203`',
        'to run it.',
      ].join('\n'),
      whyItMatters: [
        'Flask keeps a small service small: routing and little else, everything more chosen by you. That freedom',
        'has a price that grows with the API. Past a dozen or so endpoints, a team usually wants what other',
        'frameworks give without asking: FastAPI builds OpenAPI documentation and request validation from the view\'s',
        'type hints, and Django comes with an admin site, an ORM, migrations and authentication. On Flask each of',
        'these is an extension (flask-smorest or flask-restx for API docs, Flask-Admin, Flask-Migrate, Flask-Login) to',
        'pick, configure, keep compatible and upgrade. That can still be the right trade, for a team that knows those',
        'extensions or an API that will not grow much further; the rule is there to make it a decision rather than an',
        'accident. Where the decision is made, turn the rule off.',
      ].join('\n'),
      example: [
        '# app/__init__.py; app/api.py declares 16 endpoints on its blueprint',
        'from flask import Flask',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    from app.api import bp',
        '',
        '    app.register_blueprint(bp)',
        '    return app',
      ].join('\n'),
      useInstead: [
        '# app/__init__.py: the same API on FastAPI, which documents and validates it from type hints',
        'from fastapi import FastAPI',
        '',
        '',
        'def create_app():',
        '    app = FastAPI()',
        '    from app.api import router',
        '',
        '    app.include_router(router)',
        '    return app',
      ].join('\n'),
      fixSafety: 'There is no fix: which framework a project uses is not a rewrite a checker can make.',
      exampleFile: 'app/__init__.py',
      exampleProject: {
        'app/api.py': [
          'from flask import Blueprint',
          '',
          'bp = Blueprint("api", __name__, url_prefix="/api")',
          '',
          ...Array.from({ length: MAX_ENDPOINTS + 1 }, (_, i) => ['', `@bp.get("/items-${i + 1}")`, `def items_${i + 1}():`, `    return {"page": ${i + 1}}`, '']).flat(),
        ].join('\n'),
      },
    },
  },
  checkModule(context) {
    const project = context.model.project;
    const index = project?.index;
    if (!index || !project.path || !context.text.includes('Flask')) return;
    const call = firstAppConstruction(context.model);
    if (!call || !isFirstAppModule(index, project.path)) return;
    const count = endpointCount(index);
    if (count > MAX_ENDPOINTS) context.report({ node: call, messageId: 'tooMany', data: { count: String(count) } });
  },
};

/** True when no module before `path` (in path order) builds an app: the project's finding goes to one place. */
function isFirstAppModule(index: ProjectIndex, path: string): boolean {
  for (const facts of index.allFacts()) if (facts.constructsApp && facts.path !== path && facts.path < path) return false;
  return true;
}

/**
 * Distinct endpoints: as Flask names them (`name.view` on a blueprint) where the project shows it,
 * else by their module, owner and view; a Flask-RESTful resource by its endpoint.
 */
function endpointCount(index: ProjectIndex): number {
  const endpoints = new Set<string>();
  for (const { path, route, endpoint } of index.routes()) {
    // An object the project cannot name may be another framework's (`@router.get` in FastAPI).
    if (route.ownerKind === 'unknown') continue;
    endpoints.add(endpoint ?? `${path}:${route.owner ?? route.ownerKind}.${route.endpoint ?? route.range.start}`);
  }
  for (const facts of index.allFacts()) {
    for (const resource of facts.resources) endpoints.add(`${facts.path}:resource.${resource.endpoint ?? resource.range.start}`);
  }
  return endpoints.size;
}
