import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { Script } from 'node:vm';

/**
 * The server's bundles, loaded through V8's code cache: compiling dist/lspServer.js and the
 * analysis worker's bundle, and the functions the first analysis calls, was a large part of a
 * cold start. The first start compiles as usual and, once it has published its first
 * diagnostics, writes what V8 compiled to a cache file; later starts read it back.
 *
 * V8 checks a cache against its own version and flags and rejects one that does not fit, and the
 * file's name holds a hash of the bundle's text, so an update never reads an old cache. A cache
 * is written before any V8 flag changes (youngGenerations.ts), or it would not fit the next start.
 * Anything that goes wrong only costs the time saved: the bundle is then compiled as usual.
 */

/** A bundle loaded by `requireBundle`. */
export interface LoadedBundle {
  exports: unknown;
  /** Whether this start read a cache that fit. */
  readCache: boolean;
  /** Writes what V8 has compiled of the bundle so far, once, unless the start read a cache that fit. */
  saveCodeCache(): void;
}

/**
 * Where the caches go: FLASK_PRACTICES_CODE_CACHE when set (empty turns caching off), else the
 * user's own cache folder, which no other user can write to.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const chosen = env.FLASK_PRACTICES_CODE_CACHE;
  if (chosen !== undefined) return chosen === '' ? undefined : chosen;
  const base =
    platform === 'win32' ? env.LOCALAPPDATA : platform === 'darwin' ? join(homedir(), 'Library', 'Caches') : env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return base ? join(base, 'flask-practices', 'code-cache') : undefined;
}

/** Loads the CommonJS bundle `file` as `require` would, through a code cache in `cacheDir` when given. */
export function requireBundle(file: string, parent: NodeJS.Module, cacheDir: string | undefined): LoadedBundle {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheDir && join(cacheDir, cacheName(file, source));
  const cachedData = cacheFile ? readIfPresent(cacheFile) : undefined;
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const loaded = new Module(file, parent);
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(file));
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;
  run.call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, dirname(file));
  loaded.loaded = true;
  const readCache = cachedData !== undefined && !script.cachedDataRejected;
  let saved = readCache;
  return {
    exports: loaded.exports,
    readCache,
    saveCodeCache() {
      if (saved || !cacheFile) return;
      saved = true;
      writeCache(cacheFile, script.createCachedData());
    },
  };
}

/**
 * The bundle's name, a hash of the runtime, then a hash of the bundle's text: a cache fits only
 * the bundle it was made from. Runtimes sharing the folder (VS Code's and the Node that Neovim
 * starts the server with) each keep their own.
 */
function cacheName(file: string, source: string): string {
  const hash = (...parts: string[]) => parts.reduce((h, part) => h.update(part), createHash('sha256')).digest('hex').slice(0, 12);
  return `${basename(file, '.js')}-${hash(process.version, process.arch)}-${hash(source)}.bin`;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written under a name of its own, then renamed: two servers starting at once never read half a file. The bundle's older caches from this runtime go. */
function writeCache(file: string, data: Buffer): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}-${threadId}.partial`;
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, file);
    // The same bundle's caches from this runtime: made from older versions of it.
    const sameRuntime = basename(file).replace(/[0-9a-f]+\.bin$/, '');
    for (const name of readdirSync(dir)) {
      if (name.startsWith(sameRuntime) && name.endsWith('.bin') && name !== basename(file)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // No cache: the next start compiles as this one did.
  }
}
