import { errorPayloadsOf, type ErrorPayload, type PayloadKey } from '../engine/project/errorPayloads';
import type { RelatedInformation, Rule } from '../engine/rule';

/** Keys that carry an error payload's message: a payload's format is which of them it uses. */
const MESSAGE_KEYS = new Set(['error', 'errors', 'message', 'msg', 'detail', 'description', 'reason', 'error_message']);

/** Places of the majority format a finding points at, at most. */
const MAX_RELATED = 3;

export const inconsistentErrorFormat: Rule = {
  meta: {
    code: 'FLK303',
    slug: 'inconsistent-error-format',
    summary: 'An error payload names its message differently from most error payloads of the project.',
    defaultSeverity: 'info',
    fixable: false,
    messages: {
      minority:
        'This error payload carries its message in {keys}, while {count} of the {scope}\'s {total} error payloads use `{majority}`: clients that read `{majority}` miss it',
    },
    docs: {
      whatItDoes: [
        'Compares the JSON error payloads of the whole project and reports each one whose message sits under another',
        'key than most of them use. An error payload is a JSON body a function returns with a 4xx or 5xx status',
        '(`return jsonify({"error": ...}), 404`, `return {"message": ...}, 400`, `make_response(jsonify(...), 500)`: what',
        'FLK301 and FLK302 recognise), or any JSON body an error handler (`@app.errorhandler`, `@bp.app_errorhandler`)',
        'returns, also through a local name (`response = jsonify(...)`, then `return response`). Its message keys are the top-level keys among',
        '`error`, `errors`, `message`, `msg`, `detail`, `description`, `reason` and `error_message`; the key most payloads',
        'carry is the project\'s format, and a payload without it is reported on its own message key, with related',
        'information pointing at payloads that follow the format.',
        '',
        'A repository that builds several apps (a monorepo of services, each with its own `Flask(...)`) has a format',
        'per app: a payload is compared only with those of its own app. A module belongs to the app built in the',
        'closest folder above it (a package\'s `__init__.py` or an `app.py` builds it for its folder), or to the app',
        'it builds itself; a module under no app\'s folder, or under a folder that builds several apps, is not compared.',
        '',
        'It stays silent when it cannot tell: fewer than two payloads share a key, two keys tie, or a payload has no',
        'message key at all. `abort(404, description=...)` does not count (Flask renders it), nor does',
        '`app.register_error_handler(...)`, whose handler it does not follow. Test modules do not count, nor do health',
        'checks (a view named or routed `healthz`, `readyz`, `livez`, `ping` and the like), which answer a probe in',
        'whatever shape it reads. It needs the',
        'project: in the editor\'s workspace, or `check` over a folder.',
      ].join('\n'),
      whyItMatters: [
        'A client reads one key for the message it shows or logs. When one endpoint answers `{"error": ...}` and',
        'another `{"message": ...}`, every client grows a special case per endpoint, and the one nobody wrote shows',
        '`undefined` to the user or drops the error from the logs. The format of error payloads is part of the API\'s',
        'contract; one exception class and one handler that writes every error body keep it in one place, and a',
        'payload that escaped them is usually the one that still answers the old way.',
      ].join('\n'),
      example: [
        '# app/errors.py; the views in app/users.py answer {"error": ...}',
        'from flask import jsonify',
        '',
        '',
        'def register_error_handlers(app):',
        '    @app.errorhandler(404)',
        '    def not_found(error):',
        '        return jsonify({"message": "Resource not found"}), 404',
      ].join('\n'),
      useInstead: [
        '# app/errors.py: the same key as every other error payload of the project',
        'from flask import jsonify',
        '',
        '',
        'def register_error_handlers(app):',
        '    @app.errorhandler(404)',
        '    def not_found(error):',
        '        return jsonify({"error": "Resource not found"}), 404',
      ].join('\n'),
      fixSafety: [
        'There is no fix: renaming a key changes what the API answers, and its clients read these keys. Which format',
        'wins (and whether clients can move to it) is for the API\'s owners to decide; a fix here would break the',
        'clients of the payload it renames.',
      ].join('\n'),
      exampleFile: 'app/errors.py',
      exampleProject: {
        'app/users.py': [
          'from flask import Blueprint, jsonify, request',
          '',
          'bp = Blueprint("users", __name__)',
          '',
          '',
          '@bp.post("/users")',
          'def create_user():',
          '    if "name" not in request.json:',
          '        return jsonify({"error": "name is required"}), 400',
          '    if request.json["name"] == "root":',
          '        return jsonify({"error": "name is taken"}), 409',
          '    return {"name": request.json["name"]}, 201',
          '',
        ].join('\n'),
      },
    },
  },
  checkModule(context) {
    const project = context.model.project;
    const index = project?.index;
    if (!index || !project.path) return;
    // Apps of one repository answer their own clients: payloads are compared within the module's app only.
    const app = index.appOf(project.path);
    if (app === undefined) return;
    const own = errorPayloadsOf(context.model).map((payload) => ({ path: project.path!, payload }));
    if (own.length === 0) return;
    const all = [...own];
    for (const facts of index.allFacts()) {
      if (facts.path === project.path || index.appOf(facts.path) !== app) continue;
      for (const payload of facts.errorPayloads) all.push({ path: facts.path, payload });
    }
    const format = majorityKey(all.map(({ payload }) => messageKeys(payload)));
    if (!format) return;
    const followers = all
      .filter(({ payload }) => messageKeys(payload).some((key) => key.name === format.key))
      .sort((a, b) => (a.path === b.path ? a.payload.range.start - b.payload.range.start : a.path < b.path ? -1 : 1))
      .slice(0, MAX_RELATED);
    const related = followers.map(({ path, payload }): RelatedInformation => ({
      path,
      range: messageKeys(payload).find((key) => key.name === format.key)!.range,
      message: `\`${format.key}\` carries the message here`,
    }));
    for (const { payload } of own) {
      const keys = messageKeys(payload);
      if (keys.length === 0 || keys.some((key) => key.name === format.key)) continue;
      const node = context.model.root.descendantForIndex(keys[0]!.range.start, keys[0]!.range.end);
      const data = {
        keys: keys.map((key) => `\`${key.name}\``).join(' and '),
        majority: format.key,
        count: String(format.count),
        scope: app === '' ? 'project' : 'app',
        total: String(format.total),
      };
      context.report({ ...(node ? { node } : { range: keys[0]!.range }), messageId: 'minority', data, related });
    }
  },
};

function messageKeys(payload: ErrorPayload): PayloadKey[] {
  return payload.keys.filter((key) => MESSAGE_KEYS.has(key.name));
}

/**
 * The message key most payloads carry, and how many do out of those with any message key; none
 * when fewer than two carry it or another key is as common.
 */
function majorityKey(payloads: readonly PayloadKey[][]): { key: string; count: number; total: number } | undefined {
  const counts = new Map<string, number>();
  let total = 0;
  for (const keys of payloads) {
    if (keys.length === 0) continue;
    total++;
    for (const name of new Set(keys.map((key) => key.name))) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] < 2 || (second && second[1] === first[1])) return undefined;
  return { key: first[0], count: first[1], total };
}
