// Runs vscode-tmgrammar-test on test/grammar/*.test.py with our noqa injection grammar
// over VS Code's Python grammar (from the tm-grammars package; never hand-written).
// Run: node --import tsx --test test/grammar.test.ts
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

const INJECTION = join(ROOT, "syntaxes/noqa.injection.tmLanguage.json");
const SCOPE = "flask-practices.noqa.injection";
const TEST_CASE = join(ROOT, "test/grammar/noqa.test.py");
const RUNNER = join(require.resolve("vscode-tmgrammar-test/package.json"), "../dist/unit.js");

function pythonGrammar(): string {
  try {
    return require.resolve("tm-grammars/grammars/python.json");
  } catch {
    throw new Error("VS Code's Python grammar is missing: add the devDependency `tm-grammars` (npm i -D tm-grammars)");
  }
}

interface Run {
  status: number | null;
  output: string;
}

// The runner takes injectTo only from a package.json-style --config, not from -g.
function runGrammarTest(config: string, injection: string, testCase: string): Run {
  const run = spawnSync(
    process.execPath,
    [RUNNER, "--config", config, "-g", pythonGrammar(), "-g", injection, testCase],
    { cwd: ROOT, encoding: "utf8", timeout: 30_000 },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe("noqa injection grammar", () => {
  const tmp = mkdtempSync(join(tmpdir(), "flask-grammar-"));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test("grammar and package.json agree on scope, path and injection target", () => {
    const grammar = JSON.parse(readFileSync(INJECTION, "utf8")) as { scopeName: string; injectionSelector: string };
    assert.equal(grammar.scopeName, SCOPE);
    assert.match(grammar.injectionSelector, /comment\.line\.number-sign\.python/);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      contributes: { grammars: { scopeName: string; path: string; injectTo?: string[] }[] };
    };
    const entry = pkg.contributes.grammars.find((g) => g.scopeName === SCOPE);
    assert.ok(entry, "package.json does not contribute the injection grammar");
    assert.equal(join(ROOT, entry.path), INJECTION);
    assert.deepEqual(entry.injectTo, ["source.python"]);
  });

  test("test/grammar/noqa.test.py passes", () => {
    const run = runGrammarTest(join(ROOT, "package.json"), INJECTION, TEST_CASE);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /run successfuly/);
  });

  // The two checks below show the suite can fail: once through a wrong assertion,
  // once through a grammar that no longer gives FLK codes their own scope.
  const config = join(tmp, "package.json");
  const copy = join(tmp, "noqa.injection.tmLanguage.json");
  writeFileSync(
    config,
    JSON.stringify({ contributes: { grammars: [{ scopeName: SCOPE, path: "./noqa.injection.tmLanguage.json", injectTo: ["source.python"] }] } }),
  );

  test("a wrong scope in an assertion fails", () => {
    copyFileSync(INJECTION, copy);
    const wrong = join(tmp, "wrong.test.py");
    const source = readFileSync(TEST_CASE, "utf8");
    const mutated = source.replace(/constant\.other\.rule-code\.flask-practices/, "constant.other.rule-code.wrong");
    assert.notEqual(mutated, source);
    writeFileSync(wrong, mutated);
    const run = runGrammarTest(config, copy, wrong);
    assert.notEqual(run.status, 0, run.output);
    assert.match(run.output, /missing required scopes: constant\.other\.rule-code\.wrong/);
  });

  test("a grammar without the FLK scope fails", () => {
    const grammar = readFileSync(INJECTION, "utf8");
    const broken = grammar.replace('"constant.other.rule-code.flask-practices"', '"comment.line.flask-practices"');
    assert.notEqual(broken, grammar);
    writeFileSync(copy, broken);
    const run = runGrammarTest(config, copy, TEST_CASE);
    assert.notEqual(run.status, 0, run.output);
    assert.match(run.output, /missing required scopes: constant\.other\.rule-code\.flask-practices/);
  });
});
