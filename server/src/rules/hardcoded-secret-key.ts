import type { Rule, RuleContext } from '../engine/rule';
import { assignmentConfigWrites, callConfigWrites, inTestingConfig, type ConfigWrite } from './support/configWrites';
import { environmentFix, readsEnvironmentOnImport } from './support/environmentFix';
import { stringLiteral } from './support/stringLiteral';

const FIX_TITLE = 'Read the secret key from the SECRET_KEY environment variable';

export const hardcodedSecretKey: Rule = {
  meta: {
    code: 'FLK503',
    slug: 'hardcoded-secret-key',
    summary: "The app's `SECRET_KEY` is a string written in the code.",
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      literal: '`SECRET_KEY` is a string literal: whoever can read the code can sign session cookies',
      configClassLiteral: '`SECRET_KEY` in `{className}` is a string literal: whoever can read the code can sign session cookies',
    },
    docs: {
      whatItDoes: [
        'Flags a string literal (bytes and f-strings without placeholders included) used as the secret key:',
        '`app.secret_key = "..."`, `app.config["SECRET_KEY"] = "..."`, `app.config.update(SECRET_KEY="...")`,',
        '`from_mapping(...)` or `update({...})`, and `SECRET_KEY = "..."` in a config class or at module level in a',
        'config module: one that loads itself with `app.config.from_object(__name__)`, or one that another module of',
        'the project loads by name (`app.config.from_object("app.default_config")`, as Flask\'s docs show). Testing',
        'configs (`Test` in the class or base name, `TESTING = True` in the class or config module, a config module named so) and test setup (`def test_...`, pytest fixtures, a mapping that',
        'also sets `TESTING=True`) may keep fixed keys. Development configs are flagged: their class body runs on',
        'every import and the key sits in version control like any other. Not flagged: an empty string (Flask',
        'treats it as no key at all), a value computed at run time (`os.environ[...]`, `secrets.token_hex(32)`),',
        'and fields of a pydantic `BaseSettings` class, whose values the environment overrides.',
      ].join('\n'),
      whyItMatters: [
        'Flask signs the session cookie with `SECRET_KEY`, and extensions such as Flask-WTF and Flask-Login sign',
        'CSRF tokens and remember-me cookies with it. Whoever knows the key can forge a session (log in as any',
        'user, pass CSRF checks), and a key in the source is known to everyone with access to the repository, its',
        'history, a built image or a fork. Changing it then takes a new release. That is why the default severity',
        'is error: a known key is a security hole, not a matter of style.',
        '',
        'Generate a random key once per deployment and keep it in the environment (or your platform\'s secret store):',
        '',
        '```sh',
        "python -c 'import secrets; print(secrets.token_hex(32))'",
        'export SECRET_KEY=<the printed value>',
        '```',
      ].join('\n'),
      example: [
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        'app.config["SECRET_KEY"] = "change-me"',
      ].join('\n'),
      useInstead: [
        'import os',
        '',
        'from flask import Flask',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]',
        '    return app',
      ].join('\n'),
      fixSafety: [
        'The fix is unsafe: it replaces the literal with `os.environ["SECRET_KEY"]` (adding `import os`), so the',
        'variable must now be set wherever the code runs: without it, reading the key raises `KeyError` at import',
        'time. Inside a function (an application factory) or a config class it writes `os.environ.get("SECRET_KEY")`',
        'instead, as it does in a config module that an app loads by name, so a test can still build an app with its own config, and import the testing config, with no environment; without the variable the key is',
        '`None`, and Flask refuses to use the session rather than sign it with a known key. Sessions signed with the',
        'old key stop being valid. It is not offered when `os` names something other than the module in this file.',
      ].join('\n'),
    },
  },
  // `SECRET_KEY` and `.secret_key`: matched ignoring case.
  anchors: ['secret_key'],
  visit: {
    call(call, context) {
      for (const write of callConfigWrites(context.model, call, 'SECRET_KEY')) reportLiteralKey(write, context);
    },
    assignment(assignment, context) {
      for (const write of assignmentConfigWrites(context.model, assignment, 'SECRET_KEY')) reportLiteralKey(write, context);
    },
  },
  readPlain(statement, context) {
    // A call may write the config (`update`, `from_mapping`): the tree says.
    if (statement.kind === 'method-call') return undefined;
    if (statement.key !== 'SECRET_KEY') return [];
    const app = context.model.isAppNameAt(statement.object, statement.start);
    if (app === undefined) return undefined;
    const { value } = statement;
    // An empty key is no key to Flask.
    if (!app || value.kind !== 'string' || value.body === '') return [];
    return [{ range: { start: value.start, end: value.end }, messageId: 'literal', data: { className: '' }, fix: { title: FIX_TITLE, safety: 'unsafe' } }];
  },
};

function reportLiteralKey(write: ConfigWrite, context: RuleContext): void {
  if (write.inTestSetup) return;
  const literal = stringLiteral(write.value);
  // An empty key is no key to Flask; a placeholder makes it computed.
  if (!literal || literal.computed || literal.text === '') return;
  if (inTestingConfig(write)) return;
  const cls = write.configClass;
  // In a factory, a test must still build an app without the variable; a config module's class
  // bodies all run when it is imported, testing config included (FLK103 reads the same way).
  const read = readsEnvironmentOnImport(context.model, literal.node) ? 'os.environ["SECRET_KEY"]' : 'os.environ.get("SECRET_KEY")';
  // Replacing a split literal would delete the comments between its parts.
  const fix = literal.hasComments ? undefined : environmentFix(context, literal.node, read, FIX_TITLE);
  const className = cls?.childForFieldName('name')?.text ?? '';
  context.report({ node: literal.node, messageId: cls ? 'configClassLiteral' : 'literal', data: { className }, ...(fix ? { fix } : {}) });
}
