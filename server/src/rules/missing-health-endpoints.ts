import { firstAppConstruction, HEALTH_SEGMENT } from '../engine/project/facts';
import type { ProjectIndex } from '../engine/project/projectIndex';
import type { Rule } from '../engine/rule';

export const missingHealthEndpoints: Rule = {
  meta: {
    code: 'FLK204',
    slug: 'missing-health-endpoints',
    summary: 'The project builds an app but serves no health-check endpoints.',
    defaultSeverity: 'info',
    fixable: false,
    // Opt-in until the real-code corpus has labelled it: every small app without a probe would report.
    enabledByDefault: false,
    messages: {
      missing: 'This app serves no health-check endpoints; add `/healthz` (alive) and `/readyz` (ready for traffic) in a `health` blueprint',
    },
    docs: {
      whatItDoes: [
        'Reports the `Flask(...)` call that builds the app (in `create_app()` or at module level) when no module of the',
        'project declares a health-check route: a rule whose last segment is `healthz`, `health`, `healthcheck`, `livez`,',
        '`readyz`, `ready`, `ping` or `status`, on the app or on a blueprint. It needs the project (the editor\'s',
        'workspace, or `check` over a folder), and it stays silent when it cannot be sure: when the project declares',
        'no route it can read (Flask-RESTful\'s `add_resource`), or a string anywhere looks like a health path.',
        'Test modules do not count. The rule is opt-in: select `FLK204` to run it.',
      ].join('\n'),
      whyItMatters: [
        'Load balancers, Kubernetes and container platforms decide whether to send traffic to a process, or restart',
        'it, by calling an endpoint. Without one they either probe a real page (slow, and a failing database turns',
        'into restarts) or probe nothing, and a process that is up but cannot serve keeps receiving requests. Two',
        'endpoints keep the questions apart: `/healthz` says the process answers at all (liveness), `/readyz` says',
        'it can serve now, its database and caches reachable (readiness). Registered first, in a blueprint of their',
        'own, they stay cheap and free of authentication and rate limits.',
      ].join('\n'),
      example: [
        'from flask import Blueprint, Flask',
        '',
        'main = Blueprint("main", __name__)',
        '',
        '',
        '@main.get("/")',
        'def index():',
        '    return "hello"',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.register_blueprint(main)',
        '    return app',
      ].join('\n'),
      useInstead: [
        'from flask import Blueprint, Flask',
        '',
        'health = Blueprint("health", __name__)',
        'main = Blueprint("main", __name__)',
        '',
        '',
        '@health.get("/healthz")',
        'def healthz():',
        '    return {"status": "ok"}',
        '',
        '',
        '@health.get("/readyz")',
        'def readyz():',
        '    return {"status": "ready"}',
        '',
        '',
        '@main.get("/")',
        'def index():',
        '    return "hello"',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.register_blueprint(health)',
        '    app.register_blueprint(main)',
        '    return app',
      ].join('\n'),
      fixSafety: 'There is no automatic fix yet: what "ready" means (a database ping, a cache, a queue) is the application\'s to say.',
      exampleFile: 'app/__init__.py',
      // Nothing else: the module is the whole project.
      exampleProject: {},
    },
  },
  checkModule(context) {
    const index = context.model.project?.index;
    if (!index || !context.text.includes('Flask')) return;
    const call = firstAppConstruction(context.model);
    if (call && !servesHealthChecks(index)) context.report({ node: call, messageId: 'missing' });
  },
};

/** True when the project has a health route, or when it cannot tell: no readable route at all, or a health-like path in a string. */
function servesHealthChecks(index: ProjectIndex): boolean {
  let routes = 0;
  for (const facts of index.allFacts()) {
    if (facts.mentionsHealthPath) return true;
    for (const route of facts.routes) {
      routes++;
      const last = route.rule?.split('/').filter(Boolean).pop() ?? '';
      if (HEALTH_SEGMENT.test(last) || /health/i.test(route.view ?? '')) return true;
    }
  }
  return routes === 0;
}
