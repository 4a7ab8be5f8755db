// Bundles the client, the server, its analysis worker, the CLI and the web extension with esbuild, and copies
// the two wasm files beside them (web-tree-sitter looks for its wasm next to the bundle).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const quiet = process.argv.includes('--quiet');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

// web-tree-sitter is ESM and finds its wasm through `import.meta.url`, which a CommonJS bundle
// leaves empty; point it at the bundle's own file URL. 'use strict' comes first so the banner
// does not push esbuild's own directive out of the prologue.
const importMetaUrl = "'use strict';\nconst __importMetaUrl = require('url').pathToFileURL(__filename).href;\nconst __nodeModule = require('module');";

// web-tree-sitter reaches node:module with a dynamic import, which fails in code that V8 loads
// from a code cache (codeCache.ts): it gets the module from the banner instead.
const noDynamicImport = {
  name: 'no-dynamic-import',
  setup(build) {
    build.onLoad({ filter: /web-tree-sitter[\\/]web-tree-sitter\.c?js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('await import("module")')) throw new Error(`web-tree-sitter no longer imports "module" as expected: ${args.path}`);
      return { contents: source.replaceAll('await import("module")', '__nodeModule'), loader: 'js' };
    });
  },
};

// Shipped bundles drop whitespace and shorten local names, but keep their syntax as written:
// esbuild's syntax minification made V8 take far longer to settle on optimised code. Typing into
// a 5,000-line module in process, the 95th percentile of the first 200 keystrokes was 6.6 ms
// with it against 4.1 without (medians of five runs; the steady state is the same), for 10%
// of the bundle's size.
const minify = production ? { minifyWhitespace: true, minifyIdentifiers: true } : {};

const common = {
  bundle: true,
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: importMetaUrl },
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  ...minify,
  logLevel: quiet ? 'error' : 'info',
  absWorkingDir: root,
  plugins: [noDynamicImport],
};

// The web extension (package.json's `browser`): a client for the browser extension host and the
// server for its Web Worker. Same sources; web-tree-sitter gets its bytes, so no `import.meta.url`.
const web = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: production ? false : 'linked',
  ...minify,
  logLevel: quiet ? 'error' : 'info',
  absWorkingDir: root,
};

const builds = [
  build({ ...web, entryPoints: ['client/src/browser/extension.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] }),
  build({ ...web, entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/web/server.js', format: 'iife', inject: ['server/src/browser/nodeGlobals.ts'] }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The server's entry starts the analysis worker before it loads the LSP library and the server,
  // which come in a bundle of their own: the worker's start overlaps reading them.
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/lsp/lspServer.ts'], outfile: 'dist/lspServer.js' }),
  // The analysis worker's entry loads the worker's bundle through V8's code cache (codeCache.ts).
  build({ ...common, entryPoints: ['server/src/lsp/workerMain.ts'], outfile: 'dist/worker.js' }),
  build({ ...common, entryPoints: ['server/src/lsp/worker.ts'], outfile: 'dist/analysisWorker.js' }),
  build({ ...common, entryPoints: ['server/src/cli/worker.ts'], outfile: 'dist/cliWorker.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } }),
];
// `npm run bench` times the engine as it ships (bundled, minified with --production), not as tsx
// compiles it on the fly. Written beside its sources, so paths from `__dirname` stay the same.
if (process.argv.includes('--bench')) builds.push(build({ ...common, entryPoints: ['bench/run.ts'], outfile: 'bench/.run.js', external: ['@astral-sh/ruff-wasm-nodejs'] }));
await Promise.all(builds);

copyFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
// The Python grammar is our patched build (scripts/build-grammar.sh), not node_modules' copy.
copyFileSync(join(root, 'server/grammar/tree-sitter-python.wasm'), join(dist, 'tree-sitter-python.wasm'));
