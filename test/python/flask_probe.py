"""Long-lived Flask probe for the tests: JSON lines on stdin, JSON lines on stdout.

Run with Debian's interpreter, which has the apt Flask packages:
    /usr/bin/python3 -I test/python/flask_probe.py

Requests (one per line; every response echoes the request's "id"):
    {"id": 1, "op": "compile", "source": "...", "name": "app.py"}
        -> {"id": 1, "ok": true} | {"id": 1, "ok": false, "error": "SyntaxError: ... line N", "line": N}
    {"id": 2, "op": "probe", "files": {"app.py": "..."}, "module": "app", "timeout": 30}
        -> {"id": 2, "ok": true, "how": "attribute:app" | "factory:create_app",
            "env": {"SECRET_KEY": "probe-secret", "DATABASE_URL": "sqlite://", ...},
            "routes": {"/": {"status": 200, "body": "..."}, "/old": {"status": 302, "body": "...", "location": "/"},
                       "/boom": {"error": "KeyError: 'x'"}}}
        -> {"id": 2, "ok": false, "error": "<traceback>"}
    {"id": 3, "op": "versions"} -> {"id": 3, "ok": true, "python": "3.11.2", "flask": "2.2.2"}
    {"id": 4, "op": "exercise", "files": {...}, "module": "app", "timeout": 30,
     "env": {"SECRET_KEY": null}, "tolerate_run": true, "test_config": {...}}
        all but files and module optional; env goes on top of PROBE_ENV (null unsets a variable).
        -> {"id": 4, "ok": true, "how": ..., "run_at_import": 0, "routes": {"/": {"status", "body", "headers"}},
            "missing": {...}, "templates": {"filters", "globals", "context", "sample", "options"},
            "cli": {"init-db": {"exit_code": 0, "output": "..."}, "db upgrade": {"defined_in": "flask_migrate.cli"}},
            "routes_after_cli": {...}}
        with test_config, the module's create_app(test_config) is built instead:
        -> {"id": 4, "ok": true, "factory": true, "mismatches": {"SECRET_KEY": "'dev'"}}
           | {"id": 4, "ok": true, "factory": false}   (no create_app with a test_config parameter)
        -> {"id": 4, "ok": false, "error": "<traceback>"}
        (flask_behaviour.py says how each part is gathered.)

A probe writes the files into a fresh temp dir, imports the module with that dir
first on sys.path, GETs every argument-free GET route with Flask's test client,
then forgets every module loaded from the dir, so the next probe is independent.
Environment during a probe: FLASK_* variables removed, PROBE_ENV set, and
os.environ restored afterwards. app.run() never starts a server: it raises.
"""

import contextlib
import contextvars
import gc
import importlib
import importlib.util
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import traceback

# Protocol streams first: fd 1 becomes stderr so that prints from imported code
# (or from C extensions) cannot corrupt the protocol, and fd 0 becomes /dev/null
# so that imported code calling input() cannot swallow a request.
_PROTO_OUT = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
_PROTO_IN = os.fdopen(os.dup(0), "r", encoding="utf-8")
os.dup2(2, 1)
_devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(_devnull, 0)
os.close(_devnull)
sys.stdout = sys.stderr
sys.stdin = open(os.devnull, encoding="utf-8")
sys.dont_write_bytecode = True

import flask  # noqa: E402  (after the stream swap: its import must not print to the protocol)

# Code that reads the variables FLK503's and FLK103's fixes write (os.environ["SECRET_KEY"],
# os.environ["DATABASE_URL"]...) must import. The database is an in-memory sqlite one (Debian has
# no postgres driver); nothing here connects to redis (no redis package), so any URL will do.
PROBE_ENV = {
    "SECRET_KEY": "probe-secret",
    "DATABASE_URL": "sqlite://",
    "REDIS_URL": "redis://probe-redis:6379/0",
    "CACHE_REDIS_URL": "redis://probe-redis:6379/0",
    "CELERY_BROKER_URL": "redis://probe-redis:6379/1",
}
DEFAULT_TIMEOUT_S = 30
APP_ATTRIBUTES = ("app", "application")
FACTORIES = ("create_app", "make_app")


class ServerStartBlocked(RuntimeError):
    pass


class ProbeTimeout(BaseException):
    """BaseException, so that neither Flask's error handling nor a view's
    `except Exception` turns it into a 500 response."""


def _blocked_run(self, *args, **kwargs):
    raise ServerStartBlocked(
        "flask_probe: app.run() was called while importing the module; the probe never "
        'starts a server (put app.run() under `if __name__ == "__main__":`)'
    )


flask.Flask.run = _blocked_run


def _load_behaviour():
    # -I leaves the script's folder off sys.path, and it must stay off: the probed modules import from there.
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flask_behaviour.py")
    spec = importlib.util.spec_from_file_location("flask_probe_behaviour", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


behaviour = _load_behaviour()



def op_compile(req):
    name = req.get("name") or "<probe>"
    try:
        compile(req["source"], name, "exec", dont_inherit=True)
    except SyntaxError as e:  # IndentationError and TabError are subclasses
        return {"ok": False, "error": f"{type(e).__name__}: {e}", "line": e.lineno}
    except ValueError as e:  # e.g. "source code string cannot contain null bytes"
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}
    return {"ok": True}


def _write_files(root, files):
    for rel, text in files.items():
        norm = os.path.normpath(rel)
        if os.path.isabs(norm) or norm.split(os.sep)[0] == "..":
            raise ValueError(f"file path escapes the probe dir: {rel!r}")
        path = os.path.join(root, norm)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def _top_level_names(files):
    names = set()
    for rel in files:
        first = os.path.normpath(rel).split(os.sep)[0]
        names.add(first[:-3] if first.endswith(".py") else first)
    return names


def _purge_modules(root):
    prefix = os.path.join(os.path.realpath(root), "")
    for name, mod in list(sys.modules.items()):
        file = getattr(mod, "__file__", None)
        if file and os.path.realpath(file).startswith(prefix):
            del sys.modules[name]


def _is_app(value):
    # type(), not isinstance(): a `current_app` proxy passes isinstance() while a context is pushed.
    return issubclass(type(value), flask.Flask)


def _find_app(module):
    for attr in APP_ATTRIBUTES:
        if _is_app(getattr(module, attr, None)):
            return getattr(module, attr), f"attribute:{attr}"
    for attr, value in vars(module).items():
        if _is_app(value):
            return value, f"attribute:{attr}"
    for factory in FACTORIES:
        if callable(getattr(module, factory, None)):
            app = getattr(module, factory)()
            if not isinstance(app, flask.Flask):
                raise TypeError(f"{factory}() returned {type(app).__name__}, not a Flask app")
            return app, f"factory:{factory}"
    raise LookupError(
        f"no Flask app in module {module.__name__!r}: no Flask instance attribute "
        f"and no {' or '.join(f + '()' for f in FACTORIES)}"
    )


def _on_alarm(signum, frame):
    raise ProbeTimeout("flask_probe: the probe took too long (endless loop at import?)")


@contextlib.contextmanager
def _sandbox(files, timeout, env):
    """A fresh temp dir first on sys.path and as cwd, FLASK_* removed and `env` applied
    (a None value unsets the variable), an alarm after `timeout` seconds; on exit,
    everything is restored and every module loaded from the dir is forgotten.
    Yields the dir."""
    root = tempfile.mkdtemp(prefix="flask-probe-")
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    # A module of the same name loaded from elsewhere would be returned by import.
    shadowed = {n: sys.modules.pop(n) for n in _top_level_names(files) if n in sys.modules}
    old_alarm = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        _write_files(root, files)
        for key in [k for k in os.environ if k.startswith("FLASK_")]:
            del os.environ[key]
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        os.chdir(root)  # files the app creates relative to cwd land in the temp dir
        sys.path.insert(0, root)
        importlib.invalidate_caches()
        signal.alarm(timeout)
        yield root
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old_alarm)
        os.chdir(saved_cwd)
        while root in sys.path:
            sys.path.remove(root)
        sys.path_importer_cache.pop(root, None)
        _purge_modules(root)
        sys.modules.update(shadowed)
        os.environ.clear()
        os.environ.update(saved_env)
        gc.collect()  # closes sqlite connections of the dropped apps before rmtree
        shutil.rmtree(root, ignore_errors=True)


def _failure(root):
    signal.alarm(0)
    return {"ok": False, "error": traceback.format_exc().replace(os.path.join(root, ""), "")}


def op_probe(req):
    files, module_name = req["files"], req["module"]
    timeout = int(req.get("timeout") or DEFAULT_TIMEOUT_S)
    with _sandbox(files, timeout, PROBE_ENV) as root:
        try:
            module = importlib.import_module(module_name)
            app, how = _find_app(module)
            routes = behaviour.get_routes(behaviour.Normaliser(root), app, detailed=False)
            return {"ok": True, "how": how, "env": dict(PROBE_ENV), "routes": routes}
        except (Exception, SystemExit, ProbeTimeout):  # SystemExit: sys.exit() at import
            return _failure(root)


@contextlib.contextmanager
def _run_counted(calls):
    """app.run() at import does nothing but count, so an unguarded module can still be compared."""
    def counted_run(self, *args, **kwargs):
        calls.append(1)

    flask.Flask.run = counted_run
    try:
        yield
    finally:
        flask.Flask.run = _blocked_run


def op_exercise(req):
    files, module_name = req["files"], req["module"]
    timeout = int(req.get("timeout") or DEFAULT_TIMEOUT_S)
    env = {**PROBE_ENV, **(req.get("env") or {})}
    run_calls = []
    with _sandbox(files, timeout, env) as root:
        norm = behaviour.Normaliser(root)
        try:
            with _run_counted(run_calls) if req.get("tolerate_run") else contextlib.nullcontext():
                module = importlib.import_module(module_name)
            test_config = req.get("test_config")
            if test_config is not None:
                factory = behaviour.test_config_factory(module)
                if factory is None:
                    return {"ok": True, "factory": False}
                app = factory(test_config)
                return {"ok": True, "factory": True, "mismatches": behaviour.config_mismatches(app, test_config)}
            app, how = _find_app(module)
            result = {"ok": True, "how": how, "run_at_import": len(run_calls)}
            result["routes"] = behaviour.get_routes(norm, app)
            result["missing"] = behaviour.missing_url(norm, app)
            result["templates"] = behaviour.templates(norm, app)
            result["cli"] = behaviour.run_cli(norm, app, module_name)
            # A command such as init-db shows in what the routes answer afterwards.
            result["routes_after_cli"] = behaviour.get_routes(norm, app)
            return result
        except (Exception, SystemExit, ProbeTimeout):
            return _failure(root)


def op_versions(req):
    from importlib.metadata import version

    return {"ok": True, "python": platform.python_version(), "flask": version("flask")}


OPS = {"compile": op_compile, "probe": op_probe, "exercise": op_exercise, "versions": op_versions}


def handle(line):
    try:
        req = json.loads(line)
    except ValueError as e:
        return {"id": None, "ok": False, "error": f"bad request line: {e}"}
    rid = req.get("id") if isinstance(req, dict) else None
    op = OPS.get(req.get("op")) if isinstance(req, dict) else None
    if op is None:
        return {"id": rid, "ok": False, "error": f"unknown op: {req!r:.200}"}
    try:
        # A fresh context per request: an app context that imported code pushes and never
        # pops (`app.app_context().push()`) must not be the next probe's current_app.
        resp = contextvars.Context().run(op, req)
    except Exception:  # noqa: BLE001  (a malformed request must not end the process)
        resp = {"ok": False, "error": traceback.format_exc()}
    return {"id": rid, **resp}


def main():
    for key in [k for k in os.environ if k.startswith("FLASK_")]:
        del os.environ[key]
    for line in _PROTO_IN:
        if line.strip():
            _PROTO_OUT.write(json.dumps(handle(line)) + "\n")
            _PROTO_OUT.flush()


if __name__ == "__main__":
    main()
