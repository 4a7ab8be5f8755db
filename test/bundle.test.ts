/**
 * The engine and the rules have no Node built-ins: they bundle for the browser (a Web Worker
 * host). web-tree-sitter stays external: its loader reaches for `fs` only in a Node-only branch.
 */
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { build, type Metafile } from 'esbuild';

const ROOT = join(__dirname, '..');
const ENTRY_POINTS = ['server/src/engine/index.ts', 'server/src/rules/index.ts'];
const BUILTINS = new Set(builtinModules);

test('the engine and the rules bundle for the browser, with no Node built-ins', async () => {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: 'out-browser',
    platform: 'browser',
    bundle: true,
    write: false,
    format: 'esm',
    external: ['web-tree-sitter'],
    metafile: true,
    logLevel: 'silent',
  });
  assert.deepEqual(result.errors, []);
  assert.equal(result.outputFiles.length, ENTRY_POINTS.length);

  const metafile: Metafile = result.metafile;
  const inputs = Object.keys(metafile.inputs);
  for (const entry of ENTRY_POINTS) assert.ok(inputs.includes(entry), `${entry} is bundled`);
  assert.ok(inputs.some((i) => i.startsWith('server/src/rules/')), 'the rules are in the bundle');
  assert.ok(!inputs.some((i) => i.startsWith('server/src/lsp/') || i.startsWith('server/src/cli/') || i.startsWith('server/src/host/')), `no host code: ${inputs.join(', ')}`);

  const externals: string[] = [];
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const imported of imports) {
      assert.ok(!imported.path.startsWith('node:'), `${input} imports ${imported.path}`);
      assert.ok(!BUILTINS.has(imported.path), `${input} imports the Node built-in ${imported.path}`);
      if (imported.external) externals.push(imported.path);
    }
  }
  assert.deepEqual([...new Set(externals)], ['web-tree-sitter'], 'web-tree-sitter is the only external import');
});

test('the check can fail: a Node built-in does not bundle for the browser', async () => {
  await assert.rejects(
    build({
      stdin: { contents: "import { readFileSync } from 'node:fs'; export const read = readFileSync;", resolveDir: ROOT, loader: 'ts' },
      platform: 'browser',
      bundle: true,
      write: false,
      format: 'esm',
      logLevel: 'silent',
    }),
    /node:fs/,
  );
});
