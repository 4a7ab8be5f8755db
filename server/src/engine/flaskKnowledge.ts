/** What the engine knows about Flask and its extensions, as data. */

/** Methods of an app or blueprint that register a view: `@app.route`, `@bp.get`... */
export const ROUTE_METHODS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete']);

/** Names that conventionally hold an app inside factories and `init_app`-style helpers. */
export const APP_PARAMETER_NAMES = new Set(['app', 'application', 'flask_app']);

/** Factory function names that Flask's own CLI discovers, and that return an app. */
export const FACTORY_NAMES = new Set(['create_app', 'make_app']);

/**
 * An extension class whose constructor, given an app, does nothing but call `init_app`
 * with the same arguments. For these, `Ext(app, x)` and `Ext()` + `ext.init_app(app, x)` behave
 * the same, so the rewrite is safe.
 */
export interface KnownExtension {
  module: string;
  className: string;
  /** Constructor keywords that only `init_app` uses (the constructor drops them without an app). */
  initOnlyKeywords?: readonly string[];
}

export const KNOWN_EXTENSIONS: readonly KnownExtension[] = [
  { module: 'flask_sqlalchemy', className: 'SQLAlchemy' },
  { module: 'flask_migrate', className: 'Migrate' },
  { module: 'flask_caching', className: 'Cache' },
  { module: 'flask_login', className: 'LoginManager', initOnlyKeywords: ['add_context_processor'] },
  { module: 'flask_cors', className: 'CORS' },
  { module: 'flask_mail', className: 'Mail' },
  { module: 'flask_wtf', className: 'CSRFProtect' },
  { module: 'flask_wtf.csrf', className: 'CSRFProtect' },
  { module: 'flask_bcrypt', className: 'Bcrypt' },
  { module: 'flask_jwt_extended', className: 'JWTManager', initOnlyKeywords: ['add_context_processor'] },
  { module: 'flask_marshmallow', className: 'Marshmallow' },
  { module: 'flask_session', className: 'Session' },
  { module: 'flask_babel', className: 'Babel' },
  { module: 'flask_moment', className: 'Moment' },
  { module: 'flask_compress', className: 'Compress' },
  { module: 'flask_ckeditor', className: 'CKEditor' },
  { module: 'flask_dropzone', className: 'Dropzone' },
  // Its constructor also builds the toolbar's own Jinja environment, with or without an app.
  { module: 'flask_debugtoolbar', className: 'DebugToolbarExtension' },
];

/**
 * Classes of extension packages that take the app but have no `init_app` to take it later:
 * Flask-Script's `Manager` takes a factory instead, `Manager(create_app)`.
 */
const WITHOUT_INIT_APP = new Set(['flask_script.Manager']);

export function lacksInitApp(module: string, className: string): boolean {
  return WITHOUT_INIT_APP.has(`${module}.${className}`);
}

/**
 * Extensions whose `init_app` registers JSON error handlers on the app itself, so every view's
 * errors answer JSON: flask-smorest's `Api` handles `HTTPException` (its ErrorHandlerMixin),
 * Flask-Rebar's `Rebar` handles 400, 404, 405 and `Exception`. Flask-RESTful's and Flask-RESTX's
 * `Api` are not here: they answer JSON only for their own resources' errors.
 */
export const JSON_ERROR_EXTENSIONS: readonly { module: string; className: string; handles: readonly string[] }[] = [
  { module: 'flask_smorest', className: 'Api', handles: ['404', '500'] },
  { module: 'flask_rebar', className: 'Rebar', handles: ['404', '500'] },
];

/**
 * Attributes of an extension that module-level code may use before `init_app` has run (models,
 * column types, decorators that only record the function, settings read later), by
 * `module.ClassName`. Anything else (`cache.get`, `db.session`, `bcrypt.generate_password_hash`)
 * may need the app, as the extension's own methods reach it through `self.app` or `current_app`.
 */
const USABLE_BEFORE_INIT_APP: Record<string, RegExp> = {
  // Flask-SQLAlchemy forwards SQLAlchemy's names: types, constructs and ORM helpers need no app; the session and engines do.
  'flask_sqlalchemy.SQLAlchemy':
    /^(?:[A-Z]\w*|relationship|backref|column_property|synonym|composite|deferred|dynamic_loader|foreign|remote|mapped_column|func|select|text|and_|or_|not_|case|cast|literal|null|true|false|event|metadata)$/,
  'flask_caching.Cache': /^(?:cached|memoize)$/,
  'flask_login.LoginManager':
    /^(?:\w+_loader|\w+_handler|login_view|login_message|login_message_category|refresh_view|needs_refresh_message|needs_refresh_message_category|session_protection|anonymous_user|localize_callback|blueprint_login_views|id_attribute)$/,
  'flask_jwt_extended.JWTManager': /^\w+_loader$/,
  'flask_wtf.CSRFProtect': /^exempt$/,
  'flask_wtf.csrf.CSRFProtect': /^exempt$/,
  'flask_migrate.Migrate': /^configure$/,
  'flask_babel.Babel': /^(?:localeselector|timezoneselector)$/,
  'flask_marshmallow.Marshmallow': /^(?:Schema|fields)$/,
};

/** True when module-level code may use `attribute` of an extension of this class before the extension gets its app. */
export function usableBeforeInitApp(extension: { module: string; className: string } | undefined, attribute: string): boolean {
  return extension !== undefined && (USABLE_BEFORE_INIT_APP[`${extension.module}.${extension.className}`]?.test(attribute) ?? false);
}

export function knownExtension(module: string, className: string): KnownExtension | undefined {
  return KNOWN_EXTENSIONS.find((e) => e.module === module && e.className === className);
}

/** Modules whose classes are Flask extensions: `flask_*` and the old `flaskext.*`. */
export function isExtensionModule(module: string): boolean {
  return /^flask_[A-Za-z0-9_]+(\.|$)/.test(module) || module.startsWith('flaskext.');
}

/** Config class names that are meant for development or tests, where debug and fixed keys are fine. */
export function isDevelopmentOrTestingName(name: string): boolean {
  return /dev|test|local|debug/i.test(name);
}

/**
 * Names that Flask defines in a submodule and re-exports from `flask`: code that imports them
 * from the submodule (`from flask.app import Flask`) means the same object.
 */
const REEXPORTED: Record<string, string> = {
  'flask.app.Flask': 'flask.Flask',
  'flask.blueprints.Blueprint': 'flask.Blueprint',
  'flask.globals.current_app': 'flask.current_app',
  'flask.globals.g': 'flask.g',
  'flask.globals.request': 'flask.request',
  'flask.globals.session': 'flask.session',
  'flask.helpers.url_for': 'flask.url_for',
  'flask.helpers.abort': 'flask.abort',
  'flask.helpers.redirect': 'flask.redirect',
  'flask.helpers.make_response': 'flask.make_response',
  'flask.json.jsonify': 'flask.jsonify',
  'flask.templating.render_template': 'flask.render_template',
};

/** A qualified name in its canonical spelling (`flask.app.Flask` → `flask.Flask`). */
export function canonicalQualifiedName(name: string): string {
  return REEXPORTED[name] ?? name;
}
