/**
 * Where a Node host finds the two wasm files (server/src/host/grammarFiles.ts): beside the bundle
 * as the VSIX ships them, or in the repository's layout from sources, and never a stray copy above
 * the package's root in place of one missing from it.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';

const ROOT = join(__dirname, '..');
const PYTHON_WASM = join(ROOT, 'server', 'grammar', 'tree-sitter-python.wasm');
const RUNTIME_WASM = join(ROOT, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flk-grammar-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An installed extension under `dir`: package.json and dist/ with the runtime's wasm, and the grammar's if asked. */
function install(withGrammar: boolean): string {
  const dist = join(dir, 'extension', 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dir, 'extension', 'package.json'), '{}');
  copyFileSync(RUNTIME_WASM, join(dist, 'web-tree-sitter.wasm'));
  if (withGrammar) copyFileSync(PYTHON_WASM, join(dist, 'tree-sitter-python.wasm'));
  return dist;
}

test('an install reads both files beside its bundle', () => {
  const bytes = loadGrammarBytes(install(true));
  assert.deepEqual(Buffer.from(bytes.pythonWasm), readFileSync(PYTHON_WASM));
  assert.deepEqual(Buffer.from(bytes.treeSitterWasm), readFileSync(RUNTIME_WASM));
});

test('a file missing from an install is not read from a stray copy above it', () => {
  const dist = install(false);
  copyFileSync(PYTHON_WASM, join(dir, 'tree-sitter-python.wasm'));
  assert.throws(() => loadGrammarBytes(dist), /cannot find tree-sitter-python\.wasm/);
});

test("from sources, the repository's node_modules and server/grammar", () => {
  const bytes = loadGrammarBytes(join(ROOT, 'bench'));
  assert.deepEqual(Buffer.from(bytes.pythonWasm), readFileSync(PYTHON_WASM));
});
