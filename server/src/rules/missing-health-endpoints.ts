import type { Node } from 'web-tree-sitter';
import { HEALTH_SEGMENT } from '../engine/healthChecks';
import { appConstructions } from '../engine/project/facts';
import type { ProjectIndex } from '../engine/project/projectIndex';
import type { Fix, Rule, RuleContext } from '../engine/rule';
import { planSiblingModule, siblingFix, type SiblingModule, type SiblingPlan } from '../refactor/siblingModule';

export const missingHealthEndpoints: Rule = {
  meta: {
    code: 'FLK204',
    slug: 'missing-health-endpoints',
    summary: 'The project builds an app but serves no health-check endpoints.',
    defaultSeverity: 'info',
    fixable: true,
    // Opt-in until the real-code corpus has labelled it: every small app without a probe would report.
    enabledByDefault: false,
    messages: {
      missing: 'This app serves no health-check endpoints; add `/healthz` (alive) and `/readyz` (ready for traffic) in a `health` blueprint',
    },
    docs: {
      whatItDoes: [
        'Reports the `Flask(...)` call that builds the app (in `create_app()` or at module level) when no module of the',
        'project declares a health-check route: a rule whose last segment is `healthz`, `health`, `healthcheck`, `livez`,',
        '`alive`, `readyz`, `ready`, `ping`, `heartbeat` (Dockerflow\'s `__heartbeat__`, `__lbheartbeat__`) or `status`,',
        'with or without leading and trailing underscores (`_health`), on the app or on a blueprint. It needs the project (the editor\'s',
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
      fixSafety: [
        'The fix creates `health.py` beside the module that builds the app, with a `health` blueprint serving',
        '`/healthz` (`{"status": "ok"}`) and `/readyz` (`{"status": "ready"}`), and registers it where the app is',
        'created: inside `create_app()` before `return app` (imported there, relatively inside a package), or after the',
        'module-level `app = Flask(...)`. It is unsafe: the app serves two new URLs, and what "ready" means (a database',
        'ping, a cache, a queue) is the application\'s to add to `readyz`. It is not offered when `health.py` exists (a fix',
        'never overwrites a file), when the project already has a blueprint named `health`, when the module sits in a folder',
        'without `__init__.py` (other than the project root), so that the new module could not be imported, when the',
        'module sits in a package and has an `if __name__ == "__main__":` block (it is meant to be run as a script,',
        '`python web/app.py`, where the relative import fails), or when the app is not created by a plain',
        '`app = Flask(...)`. In the editor it is offered to clients that can create files (LSP resource operations), as',
        'one workspace edit that the editor applies, previews and undoes as a whole.',
      ].join('\n'),
      exampleFile: 'app/__init__.py',
      // Nothing else: the module is the whole project.
      exampleProject: {},
    },
  },
  checkModule(context) {
    const index = context.model.project?.index;
    if (!index || !context.text.includes('Flask')) return;
    const call = appConstructions(context.model)[0];
    if (call && !servesHealthChecks(index)) context.report({ node: call, messageId: 'missing', fix: healthFix(context, call, index) });
  },
};

const HEALTH_MODULE: SiblingModule = {
  fileName: 'health.py',
  name: 'health',
  hookUp: (app) => `${app}.register_blueprint(health)`,
  source: (unit, eol) =>
    [
      '"""Health checks for load balancers and orchestrators: is the process alive, is it ready for traffic."""',
      '',
      'from flask import Blueprint',
      '',
      'health = Blueprint("health", __name__)',
      '',
      '',
      '@health.get("/healthz")',
      'def healthz():',
      `${unit}"""Liveness: the process answers. Keep it free of I/O, so a slow database never gets it restarted."""`,
      `${unit}return {"status": "ok"}`,
      '',
      '',
      '@health.get("/readyz")',
      'def readyz():',
      `${unit}"""Readiness: check here what serving needs (the database, a cache) and answer 503 while it is not there."""`,
      `${unit}return {"status": "ready"}`,
      '',
    ].join(eol),
};

/** Create `health.py` beside the module and register its blueprint where the app is created. */
function healthFix(context: RuleContext, call: Node, index: ProjectIndex): Fix {
  let planned: SiblingPlan | { reason: string } | undefined;
  const plan = () => (planned ??= hasHealthBlueprint(index) ? { reason: 'the project already has a blueprint named `health`' } : planSiblingModule(context, call, HEALTH_MODULE));
  return siblingFix('Create health.py with /healthz and /readyz, and register it', plan);
}

function hasHealthBlueprint(index: ProjectIndex): boolean {
  for (const facts of index.allFacts()) if (Object.values(facts.defines).some((d) => d.blueprint?.name === 'health')) return true;
  return false;
}

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
