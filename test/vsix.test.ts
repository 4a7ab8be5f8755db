/**
 * The VSIX holds what users install and nothing else: the four bundles and the two of the web extension, both wasm files, the
 * snippets, the noqa grammar and the rule docs; no sources, tests or node_modules.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { RULES } from '../server/src/rules';
import { LspClient } from './support/lspClient';

const ROOT = join(__dirname, '..');
const VSIX = join(ROOT, 'flask-practices-0.1.0.vsix');

/** Newest modification time among dist/'s files (0 when dist/ is missing). */
function newestInDist(): number {
  const dist = join(ROOT, 'dist');
  if (!existsSync(dist)) return 0;
  return Math.max(0, ...readdirSync(dist).map((name) => statSync(join(dist, name)).mtimeMs));
}

let entries: string[] = [];

before(() => {
  // scripts/test.sh packages before the tests; rebuild only when the VSIX is missing or older than dist/.
  if (!existsSync(VSIX) || statSync(VSIX).mtimeMs < newestInDist()) {
    const run = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, `npm run package failed:\n${run.stdout}\n${run.stderr}`);
  }
  const listing = execFileSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' });
  entries = listing.split('\n').filter((line) => line.length > 0);
  console.log(`VSIX size: ${(statSync(VSIX).size / 1024).toFixed(1)} KiB (${statSync(VSIX).size} bytes), ${entries.length} entries`);
});

test('the VSIX holds the bundles, both wasm files, snippets, grammar and the rule docs', () => {
  const required = [
    'extension/package.json',
    'extension/dist/client.js',
    'extension/dist/server.js',
    'extension/dist/lspServer.js',
    'extension/dist/worker.js',
    'extension/dist/analysisWorker.js',
    'extension/dist/cli.js',
    'extension/dist/web/extension.js',
    'extension/dist/web/server.js',
    'extension/dist/cliWorker.js',
    'extension/dist/web-tree-sitter.wasm',
    'extension/dist/tree-sitter-python.wasm',
    'extension/snippets/flask.json',
    'extension/syntaxes/noqa.injection.tmLanguage.json',
    ...RULES.map((r) => `extension/docs/rules/${r.meta.code}-${r.meta.slug}.md`),
  ];
  const missing = required.filter((path) => !entries.includes(path));
  assert.deepEqual(missing, [], `missing from the VSIX; it holds:\n${entries.join('\n')}`);
});

test('the VSIX ships the patched Python grammar (server/grammar), not the one in node_modules', () => {
  const shipped = execFileSync('unzip', ['-p', VSIX, 'extension/dist/tree-sitter-python.wasm'], { maxBuffer: 16 * 1024 * 1024 });
  assert.ok(shipped.equals(readFileSync(join(ROOT, 'server/grammar/tree-sitter-python.wasm'))));
});

test('the VSIX holds no sources, tests, source maps or node_modules', () => {
  const unwanted = entries.filter(
    (path) =>
      /\.(ts|tsx|mts|cts|map)$/.test(path) ||
      path.includes('node_modules/') ||
      /(^|\/)test\//.test(path) ||
      path.startsWith('extension/server/') ||
      path.startsWith('extension/client/') ||
      path.startsWith('extension/scripts/') ||
      /\.vsix$/.test(path),
  );
  assert.deepEqual(unwanted, []);
});

test('the unpacked VSIX runs: its server finds its wasm and links diagnostics to its own docs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flk-vsix-'));
  try {
    execFileSync('unzip', ['-q', VSIX, '-d', dir]);
    const extension = join(dir, 'extension');
    const client = await LspClient.start({ command: [join(extension, 'dist', 'server.js'), '--stdio'] });
    try {
      const uri = 'file:///tmp/flk-vsix/app.py';
      client.open(uri, 'from flask import Flask\n\napp = Flask(__name__)\napp.run()\n');
      const published = await client.waitForCurrent(uri);
      assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), ['FLK101', 'FLK501']);
      for (const d of published.diagnostics) {
        const path = fileURLToPath(d.codeDescription!.href);
        assert.ok(path.startsWith(join(extension, 'docs', 'rules')), `${path} is inside the unpacked VSIX`);
        assert.ok(existsSync(path));
      }
    } finally {
      await client.dispose();
    }
    const cli = spawnSync(process.execPath, [join(extension, 'dist', 'cli.js'), 'rules'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(cli.stdout.trim().split('\n').length, RULES.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
