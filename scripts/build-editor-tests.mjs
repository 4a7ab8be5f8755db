// Bundles the extension-host test suite (test/editor/suite/, mocha included) into
// out/editor-tests/index.js, the file VS Code loads as `extensionTestsPath`. `vscode` stays
// external: the extension host provides it. With --web, the browser extension host's suite
// (test/editor/web-suite/, mocha's browser build) into out/editor-tests/web/index.js.
//   node scripts/build-editor-tests.mjs [--web]
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = process.argv.includes('--web');
const outfile = join(root, 'out', 'editor-tests', ...(web ? ['web'] : []), 'index.js');

// mocha's browser build is a UMD script in a `"type": "module"` package, so esbuild bundles it as
// ESM, where its `module.exports = ...` would replace this bundle's own exports. Hidden from it,
// it takes the script branch and sets `globalThis.mocha`, which it then exports.
const mochaBrowserBuild = {
  name: 'mocha-browser-build',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]mocha[\\/]mocha\.js$/ }, async (args) => ({
      contents: `const module = undefined, exports = undefined, define = undefined;\n${await readFile(args.path, 'utf8')}\nexport default globalThis.mocha;\n`,
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [join(root, 'test', 'editor', web ? 'web-suite' : 'suite', 'runner.ts')],
  outfile,
  bundle: true,
  platform: web ? 'browser' : 'node',
  format: 'cjs',
  target: web ? 'es2022' : 'node20',
  external: ['vscode'],
  plugins: web ? [mochaBrowserBuild] : [],
  // No source map: VS Code's extension host formats stacks itself and ignores them.
  sourcemap: false,
  logLevel: 'error',
  absWorkingDir: root,
});
// The runners read the bundle's path from the last line.
console.log(outfile);
