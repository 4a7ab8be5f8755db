// Bundles the extension-host test suite (test/editor/suite/, mocha included) into
// out/editor-tests/index.js, the file VS Code loads as `extensionTestsPath`. `vscode` stays
// external: the extension host provides it.
//   node scripts/build-editor-tests.mjs
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'out', 'editor-tests', 'index.js');

await build({
  entryPoints: [join(root, 'test', 'editor', 'suite', 'runner.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // No source map: VS Code's extension host formats stacks itself and ignores them.
  sourcemap: false,
  logLevel: 'error',
  absWorkingDir: root,
});
// The runners read the bundle's path from the last line.
console.log(outfile);
