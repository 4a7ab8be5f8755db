import type { Fix, FixAvailability, OtherFileEdits, Rule, TextEdit } from '../engine/rule';
import type { FlaskModel } from '../engine/model';
import { placedRoute, routeStanding, type RouteSummary } from '../engine/summaries';
import { movableRoute, NESTED_ROUTE_REASON, planBlueprint, type BlueprintPlan } from '../refactor/blueprint';
import { renameReferences, type ReferenceRenames } from '../refactor/endpointReferences';
import { youngClosure } from '../engine/youngClosure';

export const routeOnApp: Rule = {
  meta: {
    code: 'FLK201',
    slug: 'route-on-app',
    summary: 'A route is declared on the application object instead of on a blueprint.',
    defaultSeverity: 'info',
    fixable: true,
    messages: {
      decorator: '`@{owner}.{method}` declares the view `{view}` on the application; declare it on a blueprint',
      addUrlRule: '`{owner}.add_url_rule` registers `{view}` on the application; register it on a blueprint',
    },
    docs: {
      whatItDoes: [
        'Flags a route declared on the Flask application itself: `@app.route`, `@app.get`, `@app.post`, `@app.put`,',
        '`@app.patch`, `@app.delete` and `app.add_url_rule(...)`, wherever the app lives: a module-level app, the app',
        'inside `create_app`, `self` in a `Flask` subclass, `self.app` in a class that stores one, or a function\'s',
        'parameter named `app` (a `register_routes(app)` helper). The app is recognised by what its name is bound to,',
        'under any import form, so a name rebound to something else is not an app, nor is a parameter annotated as a',
        'blueprint (`app: Blueprint`), nor one of a method of a class other than a `Flask` subclass (an',
        'extension\'s `init_app(self, app)` adds its rules to whatever app or blueprint it is handed).',
        '',
        'One finding per view, on its first route: a view with two `@app.route` lines gets one. Routes on a',
        '`Blueprint`, on a Flask-RESTful or flask-restx `Api` or `Namespace`, and class-based views registered on a',
        'blueprint are not flagged, nor is route-like text in strings and comments. Nor is an `add_url_rule` call',
        'without a view (no third argument, no `view_func=`): Flask\'s tutorial writes `app.add_url_rule("/",',
        'endpoint="index")` in its factory so that `url_for("index")` builds the blog\'s page, and that declares no view.',
      ].join('\n'),
      whyItMatters: [
        'Routes declared on the app tie every view to the one module that holds the app: the file grows with each',
        'feature, every developer edits it, and the views cannot be imported anywhere without importing the app',
        '(and its configuration) too, which is how circular imports start. A blueprint is a set of routes that',
        'knows nothing of the app: each domain gets its own module, with its own URL prefix, error handlers and',
        'templates, and the app factory registers them. Tests can build an app with only the blueprints they need.',
        '',
        'Each view is reported, not only the module: the finding shows where the work is. It is an `info`, not a',
        'warning: the code works, and a small script with three routes would otherwise get three warnings.',
      ].join('\n'),
      example: [
        'from flask import Flask, redirect, url_for',
        '',
        'app = Flask(__name__)',
        '',
        '',
        '@app.route("/")',
        'def index():',
        '    return redirect(url_for("users"))',
        '',
        '',
        '@app.get("/users")',
        'def users():',
        '    return ["ada", "grace"]',
      ].join('\n'),
      useInstead: [
        'from flask import Blueprint, Flask, redirect, url_for',
        '',
        'bp = Blueprint("users", __name__)',
        '',
        '',
        '@bp.route("/")',
        'def index():',
        '    return redirect(url_for("users.users"))',
        '',
        '',
        '@bp.get("/users")',
        'def users():',
        '    return ["ada", "grace"]',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.register_blueprint(bp)',
        '    return app',
      ].join('\n'),
      fixSafety: [
        'The fix changes every moved view\'s endpoint name from `index` to `<blueprint>.index`, and renames it',
        'where the project names it: `url_for("index")` and Flask-Login\'s `login_view` in the module, in the',
        'project\'s other modules and test modules, and `url_for(\'index\')` in the app\'s templates (`templates/`',
        'beside the module that creates the app, or its literal `template_folder=`), in one edit of several files.',
        '',
        'It is **safe** when every reference is seen: the checker read the whole project (`check` run from the',
        'project root, or the editor\'s workspace scan within `maxWorkspaceFiles`), the project builds one app, no module computes an endpoint',
        '(`url_for(name)`) or reads endpoint names (`request.endpoint`, `view_functions`), no template computes one,',
        'the template folder can be listed, and nothing loads templates from elsewhere (a blueprint\'s',
        '`template_folder`, a Jinja loader). Otherwise it stays **unsafe**:',
        'references the fix cannot see (a template in another folder, an excluded file, a string built at run time)',
        'keep the old names and raise `BuildError`. Without a project (a file checked alone), only the module is',
        'renamed and the fix is unsafe (nor can the blueprint\'s name be checked against the project\'s). A module that renders templates gets no fix at all when its templates cannot',
        'all be renamed (the folder is not shown or cannot be listed, a template computes an endpoint, no project):',
        'its own pages would stop rendering.',
        '',
        'The fix converts every route the module declares at module level on the app: it adds',
        '`bp = Blueprint("<module>", __name__)` after the app is created and after the module\'s imports (the',
        'blueprint is named after the file, `main` for a package\'s `__init__.py`, numbered when a blueprint of the',
        'module or of the project already has that name, and the variable takes a name the module does not use',
        'yet), declares each route on `bp`, and adds `app.register_blueprint(bp)` after the last of them: Flask',
        'refuses routes declared on a blueprint once it is registered, so the registration cannot come earlier.',
        '`Blueprint` is imported from `flask`. One fix serves every finding of the module. As it renames endpoints,',
        '`--fix` (and fix-all in the editor) applies it in a pass of its own, and makes the other fixes on the next',
        'pass, against the renamed code: FLK504\'s `url_for` then names the blueprint\'s endpoint.',
        '',
        'No fix is offered for a route declared inside a function or a class (routes inside `create_app` on its',
        'local app, `self.route` in a `Flask` subclass): a module-level blueprint would have to take the views out of',
        'the function, and they may use its local names; move them by hand. Nor is one offered when the module',
        'declares routes on several apps, reads endpoint names (`request.endpoint`, `view_functions`,',
        '`@app.endpoint`), computes an endpoint (`url_for(name)`, `endpoint=name`), calls `url_for` in a template',
        'written in a string, gives an endpoint with a dot, or binds `Blueprint` to something else; when a string',
        'in the module equals a moved endpoint\'s name outside a `url_for` the fix rewrites (`if endpoint ==',
        '"listing"` in a `url_defaults` callback); when `url_for` names an endpoint the fix cannot find among the',
        'app\'s routes (a view behind a decorator without `functools.wraps` takes its inner function\'s name); when a',
        'module-level statement between two of the routes uses the app (`app.register_blueprint(other)`,',
        '`app.url_map.strict_slashes = False`, `url_for` in a `test_request_context()`), since the blueprint\'s',
        'routes are all registered after the last one (request hooks and handlers such as `@app.errorhandler` do',
        'not count); when one of the app\'s templates reads `request.endpoint`, names a moved endpoint in a string',
        'outside `url_for`, or calls `url_for` with an endpoint the fix cannot find; or when a module of the project',
        'gives a blueprint a computed name, which the new one could clash with; or when an `add_url_rule` call',
        'without a view, in the module or another, maps a URL to an endpoint the fix renames: that URL would lead',
        'to no view. The hover says which.',
      ].join('\n'),
    },
  },
  usesRoutes: true,
  // What it reports follows from the routes on the app alone, which the module facts list.
  keepsModuleFindings: true,
  checkModule(context) {
    const { model, text } = context;
    // Read from the kept summaries, not `model.routes`: a module with thousands of routes on the app
    // reports them all on every keystroke, so each costs a lookup and one small object.
    const records = model.routeRecords;
    if (!records.some((record) => record.summary.routes.some(onApp))) return;
    // One plan for the module, made when a fix is first asked for, never on a keystroke.
    const index = model.project?.index;
    const project = context.files && index && context.path !== undefined ? { files: context.files, index, path: context.path } : undefined;
    const module = new ModulePlan(() => planBlueprint(model, text, context.fileName, model.routes.filter(onApp), model.routes.filter(mapsUrl)), project);
    const decorated = new Set<number>();
    const registered = new Set<string>();
    const hasError = model.root.hasError;
    for (const { start, summary } of records) {
      for (const route of summary.routes) {
        if (!onApp(route)) continue;
        // One finding per view: its first decorator, or the first `add_url_rule` naming it.
        if (route.viewRange ? decorated.has(start + route.viewRange.start) : route.view !== undefined && registered.has(route.view)) continue;
        if (route.viewRange) decorated.add(start + route.viewRange.start);
        else if (route.view !== undefined) registered.add(route.view);
        const range = { start: start + route.range.start, end: start + route.range.end };
        // Where error recovery shaped the tree, the runner drops findings on nodes it cannot trust.
        const standing = hasError ? routeStanding(model.root, text, start, route) : 'kept';
        if (standing === 'dropped') continue;
        const { messageId, data } = reportOf(route);
        const fix = new BlueprintFix(module, model, start, route);
        // Object literals, not spreads: this runs once per route on every keystroke.
        if (standing === 'kept') context.report({ range, messageId, data, fix });
        else if (standing === 'without fix') context.report({ range, messageId, data });
        else context.report({ node: standing, messageId, data, fix });
      }
    }
  },
};

/** A route that attaches a view to the app: `add_url_rule` without a view only maps a URL to an endpoint. */
const onApp = (route: RouteSummary) => route.ownerKind === 'app' && !route.viewless;

const mapsUrl = (route: RouteSummary) => route.ownerKind === 'app' && route.viewless === true;

/** A route's message id and data, made once per summary: a kept summary's route is the same object on the next keystroke. */
const reports = new WeakMap<RouteSummary, { messageId: string; data: Record<string, string> }>();

function reportOf(route: RouteSummary): { messageId: string; data: Record<string, string> } {
  let report = reports.get(route);
  if (!report) {
    report = {
      messageId: route.via === 'decorator' ? 'decorator' : 'addUrlRule',
      // Frozen, so the runner fills the message in once (engine/findings.ts).
      data: Object.freeze({ owner: route.owner, method: route.method, view: route.view ?? route.endpoint ?? 'a view' }),
    };
    reports.set(route, report);
  }
  return report;
}

/** The module's conversion, planned once for all its findings, and its renames in the project's other files. */
class ModulePlan {
  private plan: BlueprintPlan | undefined;
  private references: ReferenceRenames | undefined;
  constructor(
    private readonly make: () => BlueprintPlan,
    readonly project: Parameters<typeof renameReferences>[0] | undefined,
  ) {}

  get(): BlueprintPlan {
    return (this.plan ??= this.make());
  }

  /** The renames in other files; undefined without a project, or when the module cannot move. */
  others(): ReferenceRenames | undefined {
    const plan = this.get();
    if (!plan.ok || !this.project) return undefined;
    return (this.references ??= renameReferences(this.project, plan.renamed));
  }
}

/**
 * The conversion as each finding offers it: the same edits for all, so fix-all applies them once.
 * A route inside a function or class has none. Made for every finding on every analysis: one
 * small object, its work deferred until asked.
 */
class BlueprintFix implements Fix {
  readonly title = "Move this module's routes to a blueprint";
  /** Unsafe unless the plan finds every reference to the renamed endpoints in the project (available() says). */
  readonly safety = 'unsafe';
  /** It renames endpoints that other fixes (FLK504's `url_for`) would write with their old names in the same pass. */
  readonly alone = true;
  readonly otherFiles?: () => OtherFileEdits[];
  constructor(
    private readonly module: ModulePlan,
    private readonly model: FlaskModel,
    /** The route as its summary holds it, its ranges counting from `start`. */
    private readonly start: number,
    private readonly route: RouteSummary,
  ) {
    if (module.project) this.otherFiles = youngClosure(() => (this.plan().ok ? (module.others()?.files ?? []) : []));
  }

  available(): FixAvailability {
    const plan = this.plan();
    if (!plan.ok) return { ok: false, reason: plan.reason };
    const others = this.module.others();
    if (others?.mappingLeft) return { ok: false, reason: others.mappingLeft };
    if (others?.blocked) return { ok: false, reason: others.blocked };
    // Templates that keep calling `url_for("view")` would fail to render: then there is no fix.
    if (rendersTemplates(this.model.text)) {
      const left = others ? others.templatesLeft : 'the project around this module is not known here, so its templates cannot be renamed';
      if (left) return { ok: false, reason: `the module renders templates, and ${left}` };
    }
    return others && !others.unsure ? { ok: true, safety: 'safe' } : { ok: true };
  }

  edits(): TextEdit[] {
    const plan = this.plan();
    return plan.ok ? plan.edits : [];
  }

  private plan(): BlueprintPlan {
    return movableRoute(this.model, placedRoute(this.start, this.route)) ? this.module.get() : { ok: false, reason: NESTED_ROUTE_REASON };
  }
}

/** `render_template(` in the module's code: its templates may name the endpoints the fix renames. */
function rendersTemplates(text: string): boolean {
  return /\brender_template\s*\(/.test(text);
}
