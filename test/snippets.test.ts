// Checks snippets/flask.json: every snippet, expanded with its default placeholders,
// compiles and (where it can run alone) works under Debian's Flask.
// Run: node --import tsx --test test/snippets.test.ts
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// Debian's interpreter has flask & co. from apt; the `python3` on PATH may not.
const PYTHON = "/usr/bin/python3";

// ---------------------------------------------------------------------------
// A small expander for VS Code's snippet syntax
// (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar).
// It follows VS Code's parser where input is malformed: anything that is not a
// valid construct is literal text.

type Node =
  | { kind: "text"; value: string }
  | { kind: "tabstop"; index: number; children?: Node[]; choices?: string[]; transform?: Transform }
  | { kind: "variable"; name: string; children?: Node[]; transform?: Transform };

interface Transform {
  regex: RegExp;
  format: FormatPart[];
}

type FormatPart =
  | string
  | { group: number; modifier?: string; ifValue?: string; elseValue?: string };

const DIGITS = /^[0-9]+/;
// `"abc".includes("")` is true, so the end of input must be ruled out.
const oneOf = (ch: string, set: string): boolean => ch !== "" && set.includes(ch);
const VAR_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

class SnippetParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    return this.sequence(false);
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? "";
  }

  private take(re: RegExp): string | undefined {
    const m = re.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  // Text and constructs up to the end, or (nested) up to an unescaped "}" left for the caller.
  private sequence(nested: boolean): Node[] {
    const nodes: Node[] = [];
    const text = (value: string): void => {
      const last = nodes[nodes.length - 1];
      if (last?.kind === "text") last.value += value;
      else nodes.push({ kind: "text", value });
    };
    while (this.pos < this.src.length) {
      const ch = this.peek();
      if (nested && ch === "}") break;
      if (ch === "\\" && oneOf(this.peek(1), "$}\\")) {
        text(this.peek(1));
        this.pos += 2;
        continue;
      }
      if (ch === "$") {
        const start = this.pos;
        const parsed = this.dollar();
        if (parsed) {
          for (const n of parsed) {
            if (n.kind === "text") text(n.value);
            else nodes.push(n);
          }
          continue;
        }
        this.pos = start; // not a construct: "$" is literal
      }
      text(ch);
      this.pos++;
    }
    return nodes;
  }

  // At "$": a tabstop, placeholder, choice or variable; undefined to backtrack.
  private dollar(): Node[] | undefined {
    this.pos++; // "$"
    const simpleIndex = this.take(DIGITS);
    if (simpleIndex !== undefined) return [{ kind: "tabstop", index: Number(simpleIndex) }];
    const simpleName = this.take(VAR_NAME);
    if (simpleName !== undefined) return [{ kind: "variable", name: simpleName }];
    if (this.peek() !== "{") return undefined;
    this.pos++;

    const index = this.take(DIGITS);
    const name = index === undefined ? this.take(VAR_NAME) : undefined;
    if (index === undefined && name === undefined) return undefined;
    const head: Node =
      index !== undefined
        ? { kind: "tabstop", index: Number(index) }
        : { kind: "variable", name: name as string };
    const opener = "${" + (index ?? name);

    const next = this.peek();
    if (next === "}") {
      this.pos++;
      return [head];
    }
    if (next === ":") {
      this.pos++;
      const children = this.sequence(true);
      if (this.peek() !== "}") {
        // Unterminated, as VS Code does: the opener becomes text, its content stays.
        return [{ kind: "text", value: opener + ":" }, ...children];
      }
      this.pos++;
      return [{ ...head, children }];
    }
    if (next === "|" && head.kind === "tabstop") {
      this.pos++;
      const choices = this.choices();
      return choices ? [{ ...head, choices }] : undefined;
    }
    if (next === "/") {
      this.pos++;
      const transform = this.transform();
      return transform ? [{ ...head, transform }] : undefined;
    }
    return undefined;
  }

  // After "${1|": options separated by "," and closed by "|}".
  private choices(): string[] | undefined {
    const options: string[] = [];
    let current = "";
    while (this.pos < this.src.length) {
      const ch = this.peek();
      if (ch === "\\" && oneOf(this.peek(1), ",|\\")) {
        current += this.peek(1);
        this.pos += 2;
      } else if (ch === ",") {
        options.push(current);
        current = "";
        this.pos++;
      } else if (ch === "|") {
        if (this.peek(1) !== "}") return undefined;
        this.pos += 2;
        options.push(current);
        return options;
      } else {
        current += ch;
        this.pos++;
      }
    }
    return undefined;
  }

  // After "${x/": regex "/" format "/" options "}".
  private transform(): Transform | undefined {
    let source = "";
    for (;;) {
      const ch = this.peek();
      if (ch === "") return undefined;
      this.pos++;
      if (ch === "/") break;
      if (ch === "\\" && this.peek() === "/") {
        source += "/";
        this.pos++;
      } else if (ch === "\\") {
        source += ch + this.peek();
        this.pos++;
      } else source += ch;
    }
    const format: FormatPart[] = [];
    const text = (s: string): void => {
      const last = format[format.length - 1];
      if (typeof last === "string") format[format.length - 1] = last + s;
      else format.push(s);
    };
    for (;;) {
      const ch = this.peek();
      if (ch === "") return undefined;
      if (ch === "/") {
        this.pos++;
        break;
      }
      if (ch === "\\" && oneOf(this.peek(1), "/$}\\")) {
        text(this.peek(1));
        this.pos += 2;
        continue;
      }
      if (ch === "$") {
        const start = this.pos;
        const part = this.formatItem();
        if (part) {
          format.push(part);
          continue;
        }
        this.pos = start;
      }
      text(ch);
      this.pos++;
    }
    const flags = this.take(/^[a-z]*/) ?? "";
    if (this.peek() !== "}") return undefined;
    this.pos++;
    try {
      return { regex: new RegExp(source, flags), format };
    } catch {
      return undefined; // an invalid regex makes the whole construct literal text
    }
  }

  // At "$" inside a format: $1, ${1}, ${1:/upcase}, ${1:+if}, ${1:-else}, ${1:?if:else}, ${1:else}.
  private formatItem(): FormatPart | undefined {
    this.pos++;
    const simple = this.take(DIGITS);
    if (simple !== undefined) return { group: Number(simple) };
    if (this.peek() !== "{") return undefined;
    this.pos++;
    const digits = this.take(DIGITS);
    if (digits === undefined) return undefined;
    const group = Number(digits);
    if (this.peek() === "}") {
      this.pos++;
      return { group };
    }
    if (this.peek() !== ":") return undefined;
    this.pos++;
    const modifier = this.take(/^\/(upcase|downcase|capitalize|camelcase|pascalcase)\}/);
    if (modifier) return { group, modifier: modifier.slice(1, -1) };
    const sign = this.peek();
    if (sign === "+" || sign === "-" || sign === "?") this.pos++;
    if (sign === "?") {
      const ifValue = this.until(":");
      const elseValue = ifValue === undefined ? undefined : this.until("}");
      return elseValue === undefined ? undefined : { group, ifValue, elseValue };
    }
    const value = this.until("}");
    if (value === undefined) return undefined;
    return sign === "+" ? { group, ifValue: value } : { group, elseValue: value };
  }

  // Raw text up to `stop` (consumed), with \$ \} \\ unescaped, as VS Code's _until.
  private until(stop: string): string | undefined {
    let out = "";
    while (this.pos < this.src.length) {
      const ch = this.peek();
      this.pos++;
      if (ch === stop) return out;
      if (ch === "\\" && oneOf(this.peek(), "$}\\")) {
        out += this.peek();
        this.pos++;
      } else out += ch;
    }
    return undefined;
  }
}

function applyCase(value: string, modifier: string): string {
  const words = value.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
  switch (modifier) {
    case "upcase":
      return value.toUpperCase();
    case "downcase":
      return value.toLowerCase();
    case "capitalize":
      return value.charAt(0).toUpperCase() + value.slice(1);
    case "pascalcase":
      return words.map(cap).join("");
    case "camelcase": {
      const pascal = words.map(cap).join("");
      return pascal.charAt(0).toLowerCase() + pascal.slice(1);
    }
    default:
      return value;
  }
}

function runTransform(value: string, t: Transform): string {
  const render = (groups: (string | undefined)[]): string =>
    t.format
      .map((part) => {
        if (typeof part === "string") return part;
        const g = groups[part.group] ?? "";
        if (part.modifier) return applyCase(g, part.modifier);
        if (part.ifValue !== undefined && part.elseValue !== undefined) return g ? part.ifValue : part.elseValue;
        if (part.ifValue !== undefined) return g ? part.ifValue : "";
        if (part.elseValue !== undefined) return g || part.elseValue;
        return g;
      })
      .join("");
  let matched = false;
  const out = value.replace(t.regex, (...args: unknown[]) => {
    matched = true;
    // replace() passes match, groups..., offset, whole string: keep what precedes the offset.
    return render(args.slice(0, args.findIndex((a) => typeof a === "number")) as (string | undefined)[]);
  });
  // As VS Code: without a match, else-branches still apply.
  if (!matched && t.format.some((p) => typeof p !== "string" && p.elseValue)) return render([]);
  return out;
}

/** Values VS Code would give, for an untouched editor on `fileName` with nothing selected. */
function defaultVariables(fileName: string): Record<string, string | undefined> {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, "0");
  const dir = "/workspace/project";
  return {
    TM_FILENAME: fileName,
    TM_FILENAME_BASE: fileName.replace(/\.[^.]*$/, ""),
    TM_DIRECTORY: dir,
    TM_FILEPATH: `${dir}/${fileName}`,
    RELATIVE_FILEPATH: fileName,
    TM_LINE_INDEX: "0",
    TM_LINE_NUMBER: "1",
    TM_CURRENT_LINE: "",
    TM_CURRENT_WORD: undefined,
    TM_SELECTED_TEXT: undefined,
    SELECTION: undefined,
    CLIPBOARD: undefined,
    WORKSPACE_NAME: basename(dir),
    WORKSPACE_FOLDER: dir,
    CURSOR_INDEX: "0",
    CURSOR_NUMBER: "1",
    CURRENT_YEAR: String(now.getFullYear()),
    CURRENT_YEAR_SHORT: String(now.getFullYear()).slice(-2),
    CURRENT_MONTH: pad(now.getMonth() + 1),
    CURRENT_DATE: pad(now.getDate()),
    CURRENT_HOUR: pad(now.getHours()),
    CURRENT_MINUTE: pad(now.getMinutes()),
    CURRENT_SECOND: pad(now.getSeconds()),
    CURRENT_SECONDS_UNIX: String(Math.floor(now.getTime() / 1000)),
    CURRENT_TIMEZONE_OFFSET: "+00:00",
    CURRENT_DAY_NAME: now.toLocaleDateString("en-US", { weekday: "long" }),
    CURRENT_DAY_NAME_SHORT: now.toLocaleDateString("en-US", { weekday: "short" }),
    CURRENT_MONTH_NAME: now.toLocaleDateString("en-US", { month: "long" }),
    CURRENT_MONTH_NAME_SHORT: now.toLocaleDateString("en-US", { month: "short" }),
    RANDOM: String(Math.random()).slice(2, 8).padEnd(6, "0"),
    RANDOM_HEX: Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, "0"),
    UUID: randomUUID(),
    LINE_COMMENT: "#",
    BLOCK_COMMENT_START: '"""',
    BLOCK_COMMENT_END: '"""',
  };
}

/** The text VS Code inserts when every placeholder keeps its default. */
export function expandSnippet(body: string, variables = defaultVariables("snippet.py")): string {
  const nodes = new SnippetParser(body).parse();
  // As VS Code: the first placeholder of an index that has a value gives it to all its mirrors.
  const values = new Map<number, Node & { kind: "tabstop" }>();
  const collect = (list: Node[]): void => {
    for (const n of list) {
      if (n.kind === "text") continue;
      if (n.kind === "tabstop" && !values.has(n.index) && (n.choices || n.children?.length)) values.set(n.index, n);
      if (n.children) collect(n.children);
    }
  };
  collect(nodes);

  const rendering = new Set<number>(); // guards `${1:a $1}` against endless recursion
  const render = (list: Node[]): string => list.map(renderNode).join("");
  const renderNode = (n: Node): string => {
    if (n.kind === "text") return n.value;
    let value: string;
    if (n.kind === "variable") {
      const known = Object.prototype.hasOwnProperty.call(variables, n.name);
      const resolved = variables[n.name];
      if (resolved !== undefined) value = resolved;
      else if (n.children) return render(n.children);
      else value = known ? "" : n.name; // VS Code shows an unknown variable's name
    } else {
      const source = values.get(n.index);
      if (!source || rendering.has(n.index)) value = "";
      else if (source.choices) value = source.choices[0] ?? "";
      else {
        rendering.add(n.index);
        value = render(source.children ?? []);
        rendering.delete(n.index);
      }
    }
    return n.transform ? runTransform(value, n.transform) : value;
  };
  return render(nodes);
}

/** Whether `$0` (or `${0}`) is the last thing in the body, ignoring trailing whitespace. */
function endsWithFinalTabstop(body: string): boolean {
  const nodes = new SnippetParser(body.trimEnd()).parse();
  const last = nodes[nodes.length - 1];
  return last?.kind === "tabstop" && last.index === 0 && !last.children;
}

// ---------------------------------------------------------------------------

describe("snippet expander", () => {
  const cases: [string, string][] = [
    ["plain text", "plain text"],
    ["$1-$2-$0", "--"],
    ["${1:foo} and $1", "foo and foo"],
    ["$1 before ${1:late}", "late before late"],
    ["${1:outer ${2:inner}} $2", "outer inner inner"],
    ["${1|first,second|}", "first"],
    ["${1|a\\,b,c|} $1", "a,b a,b"],
    ["cost: \\$5 \\} \\\\ \\n", "cost: $5 } \\ \\n"],
    ["${1:a\\}b}", "a}b"],
    ["{} and }", "{} and }"],
    ["$ alone, ${ alone, ${1:unterminated", "$ alone, ${ alone, ${1:unterminated"],
    ["$TM_FILENAME ${TM_FILENAME_BASE}", "users.py users"],
    ["${TM_SELECTED_TEXT:fallback}", "fallback"],
    ["${TM_SELECTED_TEXT}|", "|"],
    ["$UNKNOWN_VAR", "UNKNOWN_VAR"],
    ["${TM_FILENAME_BASE/(.*)/${1:/upcase}/}", "USERS"],
    ["${TM_FILENAME_BASE/(.*)/${1:/pascalcase}Blueprint/}", "UsersBlueprint"],
    ["${1:my_name} ${1/_(.)/${1:/upcase}/g}", "my_name myName"],
    ["${TM_FILENAME_BASE/(x)?.*/${1:?yes:no}/}", "no"],
    ["${TM_FILENAME_BASE/nomatch/${1:-else}/}", "else"],
  ];
  for (const [body, expected] of cases) {
    test(JSON.stringify(body), () => {
      assert.equal(expandSnippet(body, defaultVariables("users.py")), expected);
    });
  }

  test("final tab stop detection", () => {
    assert.equal(endsWithFinalTabstop("x\n$0\n"), true);
    assert.equal(endsWithFinalTabstop("$0\nx"), false);
    assert.equal(endsWithFinalTabstop("x \\$0"), false);
  });
});

// ---------------------------------------------------------------------------

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

const EXPECTED_PREFIXES = [
  "flask-factory",
  "flask-blueprint",
  "flask-errors",
  "flask-config",
  "flask-health",
  "flask-extensions",
  "flask-wsgi",
  "flask-conftest",
];

const snippets = JSON.parse(readFileSync(join(ROOT, "snippets/flask.json"), "utf8")) as Record<string, Snippet>;
const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);
const bodyOf = (s: Snippet): string => asList(s.body).join("\n");

function snippetByPrefix(prefix: string): Snippet {
  const found = Object.values(snippets).find((s) => asList(s.prefix).includes(prefix));
  assert.ok(found, `no snippet with prefix ${prefix}`);
  return found;
}

describe("snippets/flask.json shape", () => {
  test("has exactly the expected prefixes", () => {
    const prefixes = Object.values(snippets).flatMap((s) => asList(s.prefix));
    assert.deepEqual([...prefixes].sort(), [...EXPECTED_PREFIXES].sort());
  });

  for (const [name, s] of Object.entries(snippets)) {
    test(`${name}: flask- prefix, description, body ending in $0`, () => {
      for (const p of asList(s.prefix)) assert.match(p, /^flask-[a-z-]+$/);
      assert.equal(typeof s.description, "string");
      assert.ok((s.description ?? "").trim().length > 10, "description too short");
      assert.ok(endsWithFinalTabstop(bodyOf(s)), "body should end with $0");
      assert.ok(!bodyOf(s).includes("\t"), "indent with spaces, as PEP 8 does");
    });
  }
});

// ---------------------------------------------------------------------------
// One Python process checks all expansions. Each check returns normally or raises;
// the script writes {prefix: "ok" | traceback} to results.json.

const PYTHON_CHECKS = String.raw`
import ast, importlib, json, os, sys, traceback

root = sys.argv[1]
sys.path.insert(0, root)
results = {}


def policy(prefix, path):
    """No literal SECRET_KEY and no DEBUG = True outside testing/development code (guide, FLK502/503)."""
    tree = ast.parse(open(path).read(), path)

    def visit(node, cls):
        testing = prefix == "flask-conftest" or cls.startswith("Testing")
        relaxed = testing or cls.startswith("Development")
        if isinstance(node, ast.Assign):
            for target in node.targets:
                name = getattr(target, "id", None)
                value = node.value
                if name == "SECRET_KEY" and isinstance(value, ast.Constant) and not testing:
                    raise AssertionError(f"literal SECRET_KEY in {cls or 'module'}")
                if name == "DEBUG" and isinstance(value, ast.Constant) and value.value is True and not relaxed:
                    raise AssertionError(f"DEBUG = True in {cls or 'module'}")
        if isinstance(node, ast.keyword) and isinstance(node.value, ast.Constant):
            if node.arg == "SECRET_KEY" and not testing:
                raise AssertionError("literal SECRET_KEY= keyword")
            if node.arg == "debug" and node.value.value is True:
                raise AssertionError("debug=True")
        if isinstance(node, ast.Dict) and not testing:
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "SECRET_KEY" and isinstance(value, ast.Constant):
                    raise AssertionError("literal SECRET_KEY in a dict")
        inner = node.name if isinstance(node, ast.ClassDef) else cls
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, "")


def get_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.data)
    assert response.is_json, (url, response.content_type)
    return response.get_json()


def check_factory():
    from flask_factory import cache, create_app, db

    app = create_app()
    assert app.config["SECRET_KEY"] == os.environ["SECRET_KEY"], "SECRET_KEY not read from the environment"
    assert "sqlalchemy" in app.extensions
    client = app.test_client()
    assert get_json(client, "/", 200) == {"status": "ok"}
    assert get_json(client, "/no-such-page", 404) == {"error": "Resource not found"}
    test_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    assert test_app.testing
    from sqlalchemy import text
    with test_app.app_context():
        assert db.session.execute(text("select 1")).scalar() == 1
        cache.set("k", "v")
        assert cache.get("k") == "v"


def check_blueprint():
    from flask import Flask
    import flask_blueprint

    app = Flask("blueprint_check")
    app.register_blueprint(flask_blueprint.items_bp)
    client = app.test_client()
    assert get_json(client, "/api/v1/items?page=2", 200) == {"page": 2, "items": []}
    assert get_json(client, "/api/v1/items/7", 200) == {"id": 7}
    response = client.post("/api/v1/items", json={"name": "x"})
    assert response.status_code == 201 and response.get_json() == {"name": "x"}, response.data


def check_errors():
    from flask import Flask
    from flask_errors import APIError, register_error_handlers

    app = Flask("errors_check")
    app.logger.disabled = True  # the 500 handler logs a traceback on purpose
    register_error_handlers(app)

    @app.get("/conflict")
    def conflict():
        raise APIError("Already exists", status_code=409, payload={"id": 1})

    @app.get("/bad")
    def bad():
        raise APIError("Bad input")

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    client = app.test_client()
    assert get_json(client, "/conflict", 409) == {"error": "Already exists", "details": {"id": 1}}
    assert get_json(client, "/bad", 400) == {"error": "Bad input"}
    assert get_json(client, "/missing", 404) == {"error": "Resource not found"}
    assert get_json(client, "/boom", 500) == {"error": "Internal server error"}


def check_config():
    from flask import Flask
    import flask_config as c

    assert c.TestingConfig.TESTING is True
    assert c.DevelopmentConfig.DEBUG is True
    assert c.ProductionConfig.DEBUG is False and c.ProductionConfig.TESTING is False
    assert c.Config.SECRET_KEY == os.environ["SECRET_KEY"]
    assert c.ProductionConfig.SECRET_KEY == os.environ["SECRET_KEY"]
    assert set(c.config_by_name) == {"development", "testing", "production"}
    app = Flask("config_check")
    app.config.from_object(c.config_by_name["testing"])
    assert app.testing and app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///:memory:"


def check_health():
    from flask import Flask
    import flask_health

    app = Flask("health_check")
    app.register_blueprint(flask_health.health_bp)
    client = app.test_client()
    assert get_json(client, "/healthz", 200) == {"status": "ok"}
    assert get_json(client, "/readyz", 200)["status"] == "ready"


def check_extensions():
    from flask import Flask
    from sqlalchemy import text
    import flask_extensions as ext

    app = Flask("extensions_check")
    app.config.update(
        SECRET_KEY="test-only-secret",
        SQLALCHEMY_DATABASE_URI="sqlite:///:memory:",
        CACHE_TYPE="SimpleCache",
    )
    ext.db.init_app(app)
    ext.migrate.init_app(app, ext.db)
    ext.cache.init_app(app)
    ext.login_manager.init_app(app)
    assert {"sqlalchemy", "migrate"} <= set(app.extensions), app.extensions.keys()
    assert app.login_manager is ext.login_manager
    with app.app_context():
        assert ext.db.session.execute(text("select 1")).scalar() == 1
        ext.cache.set("k", 1)
        assert ext.cache.get("k") == 1


def check_wsgi():
    # flask-wsgi imports create_app from the project package "app"; the test's stub
    # app.py re-exports the factory snippet's create_app under that name.
    import flask_wsgi

    assert get_json(flask_wsgi.app.test_client(), "/", 200) == {"status": "ok"}


def check_conftest():
    import pytest

    # In-process, so the whole check stays one Python process; the fixtures come
    # from the expanded conftest.py in conftest_case/.
    code = pytest.main(["-q", "-p", "no:cacheprovider", os.path.join(root, "conftest_case")])
    assert code == 0, f"pytest exit code {code}"


CHECKS = {
    "flask-factory": check_factory,
    "flask-blueprint": check_blueprint,
    "flask-errors": check_errors,
    "flask-config": check_config,
    "flask-health": check_health,
    "flask-extensions": check_extensions,
    "flask-wsgi": check_wsgi,
    "flask-conftest": check_conftest,
}

files = json.load(open(os.path.join(root, "files.json")))
for prefix, path in files.items():
    try:
        compile(open(path).read(), path, "exec")
        policy(prefix, path)
        CHECKS[prefix]()
        results[prefix] = "ok"
    except BaseException:
        results[prefix] = traceback.format_exc()

json.dump(results, open(os.path.join(root, "results.json"), "w"))
`;

const CONFTEST_TESTS = `def test_index(client):
    assert client.get("/").status_code == 200


def test_app_uses_test_config(app):
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///:memory:"


def test_runner(runner):
    assert runner.invoke(args=["--help"]).exit_code == 0
`;

describe("snippets under Flask (/usr/bin/python3)", () => {
  let dir = "";
  let results: Record<string, string> = {};
  let pythonOutput = "";

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "flask-snippets-"));
    const files: Record<string, string> = {};
    for (const prefix of EXPECTED_PREFIXES) {
      // conftest.py must sit beside the tests that use it; the rest are importable modules.
      const file =
        prefix === "flask-conftest" ? join(dir, "conftest_case", "conftest.py") : join(dir, `${prefix.replace("-", "_")}.py`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, expandSnippet(bodyOf(snippetByPrefix(prefix)), defaultVariables(basename(file))));
      files[prefix] = file;
    }
    // The stub package that flask-wsgi and flask-conftest import create_app from.
    writeFileSync(join(dir, "app.py"), "from flask_factory import create_app  # noqa: F401\n");
    writeFileSync(join(dir, "conftest_case", "test_fixtures.py"), CONFTEST_TESTS);
    writeFileSync(join(dir, "files.json"), JSON.stringify(files));
    writeFileSync(join(dir, "check.py"), PYTHON_CHECKS);

    const env: NodeJS.ProcessEnv = { ...process.env, SECRET_KEY: "secret-from-the-environment", PYTHONDONTWRITEBYTECODE: "1" };
    delete env.DATABASE_URL;
    delete env.CACHE_TYPE;
    const run = spawnSync(PYTHON, [join(dir, "check.py"), dir], { cwd: dir, env, encoding: "utf8", timeout: 60_000 });
    pythonOutput = `exit ${run.status}\n${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 0, `check.py failed:\n${pythonOutput}`);
    results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as Record<string, string>;
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const prefix of EXPECTED_PREFIXES) {
    test(`${prefix} compiles and runs`, () => {
      assert.equal(results[prefix], "ok", `${prefix}:\n${results[prefix]}\n--- python output ---\n${pythonOutput}`);
    });
  }
});
