/**
 * The server's bundles load through V8's code cache (server/src/host/codeCache.ts): a cache
 * written by one start is read by the next; a changed bundle never reads another's cache; a
 * damaged cache is rejected and the bundle still loads; another runtime's cache stays; no cache
 * folder, no files. The server writes its two bundles' caches after its first diagnostics, and
 * its next start reads them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { codeCacheDir } from '../server/src/host/codeCache';
import { LspClient } from './support/lspClient';

const PROBE = join(__dirname, 'support', 'codeCacheProbe.ts');

/** Loads `file` in a new process, as a server start would, and saves its cache unless told not to. */
function load(file: string, cache: string | undefined, save = true): { exports: { answer: number; dir: string; file: string }; readCache: boolean } {
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', PROBE, file, cache ?? '', save ? 'save' : ''], { encoding: 'utf8' }));
}

let dir: string;
let cacheDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flk-code-cache-'));
  cacheDir = join(dir, 'cache');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A CommonJS bundle that uses what a module gets: exports, require, __dirname, and one function compiled only when called. */
function writeBundle(answer: number): string {
  const file = join(dir, 'bundle.js');
  writeFileSync(
    file,
    `const path = require('node:path');
function later(x) { return x * ${answer}; }
module.exports = { answer: later(1), dir: path.basename(__dirname), file: path.basename(__filename) };
`,
  );
  return file;
}

describe('requireBundle', () => {
  test('the first start writes a cache, the next reads it and writes nothing', () => {
    const file = writeBundle(42);
    const first = load(file, cacheDir);
    assert.deepEqual(first.exports, { answer: 42, dir: join(dir).split(/[\\/]/).pop(), file: 'bundle.js' });
    assert.equal(first.readCache, false);
    const written = readdirSync(cacheDir);
    assert.equal(written.length, 1);
    assert.match(written[0]!, /^bundle-[0-9a-f]{12}-[0-9a-f]{12}\.bin$/);
    const second = load(file, cacheDir);
    assert.equal(second.readCache, true);
    assert.deepEqual(second.exports, first.exports);
    assert.deepEqual(readdirSync(cacheDir), written, 'nothing written again');
  });

  test('a changed bundle does not read the old cache, and its own replaces it', () => {
    load(writeBundle(1), cacheDir);
    const [old] = readdirSync(cacheDir);
    const changed = load(writeBundle(2), cacheDir);
    assert.equal(changed.readCache, false);
    assert.equal(changed.exports.answer, 2);
    const now = readdirSync(cacheDir);
    assert.equal(now.length, 1);
    assert.notEqual(now[0], old);
  });

  test("another runtime's cache of the bundle stays", () => {
    const file = writeBundle(5);
    mkdirSync(cacheDir);
    const other = 'bundle-000000000000-000000000000.bin';
    writeFileSync(join(cacheDir, other), Buffer.from('made by another Node'));
    load(file, cacheDir);
    assert.equal(readdirSync(cacheDir).length, 2);
    assert.ok(readdirSync(cacheDir).includes(other));
  });

  test('a damaged cache is rejected, the bundle loads, and saving writes a good one', () => {
    const file = writeBundle(7);
    load(file, cacheDir);
    const [name] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, name!), Buffer.from('not a code cache at all'));
    const damaged = load(file, cacheDir);
    assert.equal(damaged.readCache, false);
    assert.equal(damaged.exports.answer, 7);
    assert.equal(load(file, cacheDir, false).readCache, true, 'saving wrote a good cache');
  });

  test('without a cache folder nothing is written', () => {
    assert.equal(load(writeBundle(3), undefined).exports.answer, 3);
    assert.deepEqual(readdirSync(dir), ['bundle.js']);
  });
});

describe('codeCacheDir', () => {
  test('FLASK_PRACTICES_CODE_CACHE chooses the folder, and empty turns caching off', () => {
    assert.equal(codeCacheDir({ FLASK_PRACTICES_CODE_CACHE: '/somewhere' }, 'linux'), '/somewhere');
    assert.equal(codeCacheDir({ FLASK_PRACTICES_CODE_CACHE: '' }, 'linux'), undefined);
  });

  test("otherwise the user's cache folder", () => {
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux'), join('/xdg', 'flask-practices', 'code-cache'));
    assert.equal(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'win32'), join('C:\\Users\\me\\AppData\\Local', 'flask-practices', 'code-cache'));
    assert.equal(codeCacheDir({}, 'win32'), undefined);
    assert.match(codeCacheDir({}, 'darwin')!, /Library[\\/]Caches[\\/]flask-practices[\\/]code-cache$/);
  });
});

describe('the language server', () => {
  const text = 'from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n';

  /** Starts dist/server.js with the cache in `cacheDir`, waits for a module's diagnostics, then for the caches written after them. */
  async function start(): Promise<string[]> {
    const client = await LspClient.start({ env: { FLASK_PRACTICES_CODE_CACHE: cacheDir } });
    try {
      client.open('file:///tmp/code-cache/app.py', text);
      const published = await client.waitForCurrent('file:///tmp/code-cache/app.py');
      assert.ok(published.diagnostics.length > 0);
      // Written after the publication: a bounded wait for both files.
      for (let waited = 0; waited < 10_000 && cacheFiles().length < 2; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      return cacheFiles();
    } finally {
      await client.dispose();
    }
  }

  const cacheFiles = () => {
    try {
      return readdirSync(cacheDir).sort();
    } catch {
      return [];
    }
  };

  test('the first start writes the caches of its two bundles, which the next start reads', { timeout: 60_000 }, async () => {
    const first = await start();
    assert.deepEqual(first.map((name) => name.replace(/-[0-9a-f]+-[0-9a-f]+\.bin$/, '')), ['analysisWorker', 'lspServer']);
    const stamps = first.map((name) => statSync(join(cacheDir, name)).mtimeMs);
    assert.deepEqual(await start(), first);
    // A start that read a cache that fit does not write it again.
    assert.deepEqual(first.map((name) => statSync(join(cacheDir, name)).mtimeMs), stamps);
  });
});
