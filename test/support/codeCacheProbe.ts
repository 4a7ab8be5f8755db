/**
 * Run by test/code-cache.test.ts in a process of its own (V8 also keeps compiled scripts in
 * memory, so a second load in one process says nothing about the cache): loads the bundle given
 * through the code cache folder given, saves the cache when asked, and prints what it read as JSON.
 */
import { requireBundle } from '../../server/src/host/codeCache';

const [file, cacheDir, save] = process.argv.slice(2);
const bundle = requireBundle(file!, module, cacheDir || undefined);
if (save === 'save') bundle.saveCodeCache();
process.stdout.write(JSON.stringify({ exports: bundle.exports, readCache: bundle.readCache }));
