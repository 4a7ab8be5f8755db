import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../engine/rule';
import { dottedName, keywordArgument, namedChildren, positionalArguments, stringLiteralValue } from '../engine/syntax';
import {
  assignmentConfigWrites,
  callConfigWrites,
  configWriteOf,
  inDevelopmentOrTestingConfig,
  inTestFunction,
  inTestingConfig,
  isTestingConfig,
  type ConfigWrite,
} from './support/configWrites';
import { environmentFix, readsEnvironmentOnImport } from './support/environmentFix';
import { PLACEHOLDER, stringLiteral } from './support/stringLiteral';

/** Config keys whose value names a server or a file of one deployment. */
const CONNECTION_KEYS = new Set([
  'SQLALCHEMY_DATABASE_URI',
  'DATABASE_URL',
  'REDIS_URL',
  'CACHE_REDIS_URL',
  'CELERY_BROKER_URL',
  'CELERY_RESULT_BACKEND',
  'MONGO_URI',
  'RATELIMIT_STORAGE_URI',
]);

/** Hosting platforms (Heroku, Render, Railway, Fly) hand the database over as DATABASE_URL. */
const VARIABLE_FOR_KEY: Record<string, string> = { SQLALCHEMY_DATABASE_URI: 'DATABASE_URL' };

/** The functions that read one environment variable with a default. */
const ENVIRONMENT_READS = new Set(['os.environ.get', 'os.getenv']);

/** `scheme://authority/rest`; the authority ends at the first `/`, `?` or `#`. */
const URL_SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;

/** A password that is a template to fill in (`${DB_PASSWORD}`, `%(password)s`, `<password>`), not one. */
const PASSWORD_TEMPLATE = /^(\$\{[^}]*\}|\$\w+|%\([^)]*\)s|\{[^}]*\}|<[^>]*>)$/;

export const hardcodedConfig: Rule = {
  meta: {
    code: 'FLK103',
    slug: 'hardcoded-config',
    summary: 'A database, cache or broker URL, or a password in a URL, is written in the code.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      password: 'The URL in `{key}` holds a password: anyone who can read the code can log in with it',
      connection: '`{key}` is a `{scheme}` URL written in the code: every environment, tests included, gets this one',
      defaultPassword: 'The default for `{variable}` is a URL that holds a password: anyone who can read the code can log in with it',
    },
    docs: {
      whatItDoes: [
        'Flags connection URLs written as literals in an app\'s config: `SQLALCHEMY_DATABASE_URI`, `DATABASE_URL`,',
        '`REDIS_URL`, `CACHE_REDIS_URL`, `CELERY_BROKER_URL`, `CELERY_RESULT_BACKEND`, `MONGO_URI`,',
        '`RATELIMIT_STORAGE_URI` and the URLs of a `SQLALCHEMY_BINDS` dict, set to a URL that names a server',
        '(`postgresql://localhost/prod`) or an absolute sqlite file (`sqlite:////var/lib/app.db`); and, under any',
        'key, a URL with a password in it (`scheme://user:password@host`, also in the literal part of an f-string).',
        'The writes are `app.config["KEY"] = ...`, `app.config.update(...)` and `from_mapping(...)` with keywords or',
        'a dict, upper-case attributes of a config class, and module constants of a config module: one that loads',
        'itself with `app.config.from_object(__name__)`, or one that another module of the project loads by name',
        '(`app.config.from_object("app.default_config")`, as Flask\'s docs show). A password in the default of an environment read',
        '(`os.environ.get("DATABASE_URL", "postgresql://app:secret@db/app")`, `os.getenv(...)`, or',
        '`os.environ.get(...) or "..."`) is flagged wherever it is.',
        '',
        'Not flagged: testing configs (`Test` in the class or base name, `TESTING = True`) and test setup',
        '(`def test_...`, pytest fixtures, a mapping that also sets `TESTING=True`), and config modules named so',
        '(`testing_config.py`) or that set `TESTING = True`; development configs (`dev`, `local` or `debug` in the class or config module name)',
        'unless the URL holds a password, since a class per',
        'environment is where that environment\'s values belong; in-memory and relative sqlite URLs (`sqlite://`,',
        '`sqlite:///:memory:`, `sqlite:///app.db`: Flask-SQLAlchemy puts a relative file in the app\'s instance',
        'folder, which belongs to each deployment); URLs that name no place (`memory://`, `rpc://`); a password-free',
        'default of an environment read (`os.environ.get("DATABASE_URL", "sqlite:///dev.db")`); values computed at',
        'run time (`"sqlite:///" + path`, `.format(...)`, f-strings whose password is a placeholder); and fields of a',
        'pydantic `BaseSettings` class, whose values the environment overrides.',
      ].join('\n'),
      whyItMatters: [
        'A connection URL in the code is the same in every environment: the tests, a colleague\'s laptop and',
        'staging all reach for the database the code names, which is how a test run ends up writing to the',
        'production database, and how a deployment ends up talking to `localhost`. Changing where the app',
        'connects then takes a release instead of a setting. The guide keeps such values in the environment',
        '(`wsgi.py` builds the app with `create_app()`, and tests hand the factory their own config).',
        '',
        'A password in a URL is worse: it is known to everyone with access to the repository, its history, a',
        'built image or a fork, and rotating it takes a release. The default severity is warning because most',
        'findings are server names rather than secrets; raise it with `"flaskPractices.severity": {"FLK103":',
        '"error"}` if you want passwords to fail a build.',
      ].join('\n'),
      example: [
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        'app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://localhost/prod"',
      ].join('\n'),
      useInstead: [
        'import os',
        '',
        'from flask import Flask',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    # A local sqlite file when DATABASE_URL is unset: it names no server and holds no password.',
        '    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")',
        '    return app',
      ].join('\n'),
      fixSafety: [
        'The fix is unsafe: the URL now comes from the environment, so the variable must be set wherever the app',
        'runs. It replaces the literal with a read of the variable named after the key (`DATABASE_URL` for',
        '`SQLALCHEMY_DATABASE_URI`, the name hosting platforms use; `USERS_DATABASE_URL` for the `users` bind; the',
        'key itself otherwise), adding `import os`. At module level it writes `os.environ["DATABASE_URL"]`, which',
        'stops the import with `KeyError` when the variable is missing. In a function (an application factory) and',
        'in a config class body it writes `os.environ.get("DATABASE_URL")`, so tests can still build an app with',
        'their own config, and importing a config module for its `TestingConfig` does not require the production',
        'variables; without the variable the value is `None`, and Flask-SQLAlchemy refuses to start without a',
        'database URL.',
        '',
        'The fix does not keep the old URL as a default: that would keep the server name, or the password, in the',
        'code. Where a local default is what you want, write a relative sqlite file, which this rule accepts:',
        '`os.environ.get("DATABASE_URL", "sqlite:///dev.db")`. For a password in an environment read\'s default,',
        'the fix drops the default and reads the variable alone, in the same way. No fix is offered when the key',
        'is not a valid variable name, when comments sit between the parts of a split literal, or when `os` names',
        'something other than the module in this file.',
      ].join('\n'),
    },
  },
  // Every URL this rule reports is written with `://` (split literals count as anchors anyway).
  anchors: ['://'],
  visit: {
    assignment(assignment, context) {
      for (const write of assignmentConfigWrites(context.model, assignment, () => true)) reportLiteralUrl(write, context);
    },
    call(call, context) {
      for (const write of callConfigWrites(context.model, call, () => true)) reportLiteralUrl(write, context);
      reportPasswordDefault(call, context);
    },
    boolean_operator(operator, context) {
      reportPasswordDefault(operator, context);
    },
  },
};

function reportLiteralUrl(write: ConfigWrite, context: RuleContext): void {
  const cls = write.configClass;
  if (write.inTestSetup || inTestingConfig(write)) return;
  // A development config is where that environment's server names belong; its passwords are not.
  const serverNamesAllowed = inDevelopmentOrTestingConfig(context.model, write);
  const prefix = cls ? `${cls.childForFieldName('name')?.text ?? ''}.` : '';
  if (write.key === 'SQLALCHEMY_BINDS' && write.value.type === 'dictionary') {
    // {"users": "postgresql://..."}: each bind is a database URL, read from USERS_DATABASE_URL.
    for (const pair of namedChildren(write.value)) {
      const bind = pair.type === 'pair' ? stringLiteralValue(pair.childForFieldName('key')) : undefined;
      const value = pair.childForFieldName('value');
      if (bind === undefined || !value) continue;
      reportUrl(context, value, prefix, `${write.key}["${bind}"]`, variableName(`${bind}_DATABASE_URL`), !serverNamesAllowed);
    }
    return;
  }
  const variable = VARIABLE_FOR_KEY[write.key] ?? variableName(write.key);
  reportUrl(context, write.value, prefix, write.key, variable, CONNECTION_KEYS.has(write.key) && !serverNamesAllowed);
}

/** Reports the URL literal `value` written as config `key` (of a class: `prefix`): a password always, a server when `checksServers`. */
function reportUrl(context: RuleContext, value: Node, prefix: string, key: string, variable: string | undefined, checksServers: boolean): void {
  const literal = stringLiteral(value);
  const url = literal && connectionUrl(literal.text);
  if (!literal || !url) return;
  let messageId: string;
  if (url.hasPassword) messageId = 'password';
  else if (checksServers && !literal.computed && url.namesPlace) messageId = 'connection';
  else return;
  // Replacing a split literal would delete the comments between its parts.
  const fix = variable && !literal.hasComments
    ? environmentFix(context, literal.node, environmentRead(context, literal.node, variable), readTitle(key, variable))
    : undefined;
  context.report({ node: literal.node, messageId, data: { key: prefix + key, scheme: url.scheme }, ...(fix ? { fix } : {}) });
}

/** An environment variable named after a config key: upper case, when the key can be one. */
function variableName(key: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key.toUpperCase() : undefined;
}

/** `os.environ.get("X", "<URL with a password>")`, `os.getenv(...)` or `os.environ.get("X") or "..."`. */
function reportPasswordDefault(node: Node, context: RuleContext): void {
  const read = readWithDefault(context, node);
  const literal = read?.fallback && stringLiteral(read.fallback);
  if (!read || !literal || !connectionUrl(literal.text)?.hasPassword || inTestSetup(context, node)) return;
  const { variable, name } = read;
  const fix = variable
    ? environmentFix(context, node, environmentRead(context, node, variable), `Read ${variable} without a default that holds a password`)
    : undefined;
  context.report({ node: literal.node, messageId: 'defaultPassword', data: { variable: variable ?? name }, ...(fix ? { fix } : {}) });
}

interface EnvironmentRead {
  /** The variable's name, when written as a literal. */
  variable?: string;
  /** The name argument's source text. */
  name: string;
  fallback?: Node;
}

/** An environment read with what it falls back to: its default argument, or the right side of `or`. */
function readWithDefault(context: RuleContext, node: Node): EnvironmentRead | undefined {
  if (node.type === 'boolean_operator') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (node.childForFieldName('operator')?.type !== 'or' || left?.type !== 'call' || !right) return undefined;
    const read = readWithDefault(context, left);
    return read && !read.fallback ? { ...read, fallback: right } : undefined;
  }
  if (node.type !== 'call' || !ENVIRONMENT_READS.has(calleeName(context, node.childForFieldName('function')) ?? '')) return undefined;
  const [name, positional] = positionalArguments(node);
  if (!name) return undefined;
  const variable = stringLiteralValue(name);
  const fallback = positional ?? keywordArgument(node, 'default')?.childForFieldName('value') ?? undefined;
  return { name: name.text, ...(variable ? { variable } : {}), ...(fallback ? { fallback } : {}) };
}

/**
 * What a callee names; `os.getenv` by its text while `os` is bound to nothing (code whose import is
 * still to come), so the `import os` a fix adds reveals no new finding.
 */
function calleeName(context: RuleContext, callee: Node | null): string | undefined {
  const name = context.model.qualifiedName(callee);
  if (name || callee?.type !== 'attribute') return name;
  let head: Node | null = callee;
  while (head?.type === 'attribute') head = head.childForFieldName('object');
  return head?.type === 'identifier' && head.text === 'os' && !context.model.semantic.bindingOf(head) ? dottedName(callee) : undefined;
}

/** Test setup or a testing config, where fixed URLs are expected: as for literal config writes. */
function inTestSetup(context: RuleContext, node: Node): boolean {
  const write = configWriteOf(context.model, node);
  if (write) return write.inTestSetup || inTestingConfig(write);
  if (inTestFunction(node, context.model)) return true;
  for (let n = node.parent; n; n = n.parent) if (n.type === 'class_definition' && isTestingConfig(n)) return true;
  return false;
}

function readTitle(key: string, variable: string): string {
  return key === variable ? `Read ${key} from the environment` : `Read ${key} from the ${variable} environment variable`;
}

function environmentRead(context: RuleContext, node: Node, variable: string): string {
  return readsEnvironmentOnImport(context.model, node) ? `os.environ["${variable}"]` : `os.environ.get("${variable}")`;
}

interface ConnectionUrl {
  scheme: string;
  /** A password written out: not empty, not a placeholder, not a template. */
  hasPassword: boolean;
  /** A host, or an absolute sqlite file: something that exists in one environment only. */
  namesPlace: boolean;
}

/**
 * Read by hand rather than with `URL`: WHATWG parsing rejects the multi-host URLs of MongoDB and
 * libpq (`mongodb://a:1,b:2/db`), and only the authority matters here.
 */
function connectionUrl(text: string): ConnectionUrl | undefined {
  const match = URL_SHAPE.exec(text);
  if (!match) return undefined;
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : authority.slice(0, at);
  const host = authority.slice(at + 1);
  const colon = userinfo.indexOf(':');
  const password = colon < 0 ? '' : userinfo.slice(colon + 1);
  const hasPassword = password !== '' && !password.includes(PLACEHOLDER) && !PASSWORD_TEMPLATE.test(password);
  // sqlite:///relative.db and sqlite:///:memory: name no place; sqlite:////abs and sqlite:///C:\ do.
  const absoluteFile = /sqlite/i.test(scheme) && /^(\/\/|\/[A-Za-z]:[\\/])/.test(rest);
  return { scheme, hasPassword, namesPlace: host !== '' || absoluteFile };
}
