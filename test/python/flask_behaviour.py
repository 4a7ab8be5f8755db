"""What a Flask app does, as JSON-ready data, for comparing an app before and after a fix.

Used by flask_probe.py's "exercise" op. Everything here runs inside the probe's sandbox
(temp dir as cwd, alarm set). Values that differ from run to run for reasons other than
the code (the temp dir's path, signed cookie values, object addresses) are normalised.
"""

import contextlib
import datetime
import inspect
import re
import threading

import flask

MISSING_URL = "/__flask_probe_missing__"
# Filter inputs of the kinds template filters take: text, a number, a date, a list.
FILTER_SAMPLES = {
    "text": "Grüße, <b>World</b>",
    "number": 1234.5,
    "date": datetime.datetime(2024, 1, 2, 3, 4, 5),
    "list": [3, 1, 2],
}
# Exercises trim_blocks, lstrip_blocks, keep_trailing_newline and autoescape.
JINJA_SAMPLE = "<p>\n  {% if true %}\n  {{ '<i>' }}\n  {% endif %}\n</p>\n"

_BASE = flask.Flask("flask_probe_baseline")
BASE_FILTERS = frozenset(_BASE.jinja_env.filters)
BASE_GLOBALS = frozenset(_BASE.jinja_env.globals)
del _BASE


class Normaliser:
    def __init__(self, root):
        self.root = root

    def text(self, value):
        # The default repr of an object (`<User object at 0x7f...>`) differs between runs.
        return re.sub(r" at 0x[0-9a-f]+", " at 0x…", value.replace(self.root, "<root>"))

    def error(self, e):
        return self.text(f"{type(e).__name__}: {e}")


def _headers(response):
    headers = []
    for name, value in response.headers.items():
        if name.lower() == "set-cookie":
            value = value.split("=", 1)[0] + "=…"  # signed values carry a timestamp
        headers.append([name, value])
    return sorted(headers)


@contextlib.contextmanager
def _raised(norm, app):
    """Collects what a 500 page hides: the exception a view raised, or one a thread died of."""
    raised = []

    def on_view_error(sender, exception, **extra):
        raised.append(norm.error(exception))

    def on_thread_error(args):
        raised.append("in a thread: " + norm.error(args.exc_value))

    flask.got_request_exception.connect(on_view_error, app)
    saved_hook, threading.excepthook = threading.excepthook, on_thread_error
    try:
        yield raised
    finally:
        threading.excepthook = saved_hook
        flask.got_request_exception.disconnect(on_view_error, app)


def _response(norm, app, client, url, detailed):
    with _raised(norm, app) as raised:
        try:
            resp = client.get(url)
        except Exception as e:  # noqa: BLE001  (propagated view errors, e.g. TESTING=True)
            return {"error": norm.error(e)}
        # A thread the view joined has run its excepthook by now.
        result = {"status": resp.status_code, "body": norm.text(resp.get_data().decode("utf-8", errors="replace"))}
        # Where a redirect points: what FLK504's url_for fix must keep, whatever the body says.
        if "Location" in resp.headers:
            result["location"] = resp.headers["Location"]
        resp.close()
    if detailed:
        result["headers"] = _headers(resp)
        if raised:
            result["raised"] = raised
    return result


def get_routes(norm, app, detailed=True):
    """Every argument-free GET route, in the order of their paths, with status and body, and when
    detailed, the headers and what a view or thread raised."""
    routes = {}
    client = app.test_client()
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or rule.arguments or "GET" not in (rule.methods or ()):
            continue
        if rule.rule not in routes:  # the first rule for a path is the one a GET reaches
            routes[rule.rule] = _response(norm, app, client, rule.rule, detailed)
    return routes


def missing_url(norm, app):
    return _response(norm, app, app.test_client(), MISSING_URL, detailed=True)


def _commands(group, prefix=()):
    """(path, command) for every command under the group, groups' own commands included."""
    for name in sorted(group.commands):
        command = group.commands[name]
        if hasattr(command, "commands"):
            yield from _commands(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def run_cli(norm, app, module_name):
    """Each command the module defines in `app.cli` (or its groups), run once without arguments.
    Commands that extensions add (Flask-Migrate's `db ...`) are only listed: they write files
    with random names."""
    runner = app.test_cli_runner()
    results = {}
    for path, command in _commands(app.cli):
        owner = getattr(command.callback, "__module__", None)
        if owner != module_name:
            results[" ".join(path)] = {"defined_in": owner}
            continue
        result = runner.invoke(args=list(path))
        entry = {"exit_code": result.exit_code, "output": norm.text(result.output)}
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            entry["exception"] = norm.error(result.exception)
        results[" ".join(path)] = entry
    return results


def _render(norm, app, source, **context):
    try:
        return {"out": norm.text(flask.render_template_string(source, **context))}
    except Exception as e:  # noqa: BLE001
        return {"error": norm.error(e)}


def templates(norm, app):
    """The app's own filters, globals and context processors, rendered; the Jinja options it set."""
    env = app.jinja_env
    with app.test_request_context("/"):
        filters = {
            name: {kind: _render(norm, app, "{{ value|%s }}" % name, value=value) for kind, value in FILTER_SAMPLES.items()}
            for name in sorted(set(env.filters) - BASE_FILTERS)
        }
        globals_ = {}
        for name in sorted(set(env.globals) - BASE_GLOBALS):
            value = env.globals[name]
            globals_[name] = _render(norm, app, "{{ %s() }}" % name if callable(value) else "{{ %s }}" % name)
        context = {}
        app.update_template_context(context)
        processed = {
            name: _render(norm, app, "{{ %s }}" % name)
            for name in sorted(context)
            # request, session and g come from Flask; callables (current_user too) cannot be rendered bare
            if name not in ("request", "session", "g") and not callable(context[name])
        }
        sample = _render(norm, app, JINJA_SAMPLE)
    options = {
        "trim_blocks": env.trim_blocks,
        "lstrip_blocks": env.lstrip_blocks,
        "keep_trailing_newline": env.keep_trailing_newline,
        "extensions": sorted(env.extensions),
        "undefined": env.undefined.__name__,
    }
    return {"filters": filters, "globals": globals_, "context": processed, "sample": sample, "options": options}


def test_config_factory(module):
    """The module's `create_app` when it takes a `test_config` parameter, else None."""
    factory = getattr(module, "create_app", None)
    if not callable(factory):
        return None
    try:
        parameters = inspect.signature(factory).parameters
    except (TypeError, ValueError):
        return None
    return factory if "test_config" in parameters else None


def config_mismatches(app, test_config):
    """Keys of test_config whose value the built app does not have."""
    return {key: repr(app.config.get(key)) for key, value in test_config.items() if app.config.get(key) != value}
