import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GrammarBytes } from '../engine';

const FILES = {
  treeSitterWasm: ['web-tree-sitter.wasm', 'node_modules/web-tree-sitter/web-tree-sitter.wasm'],
  // Patched for comment runs (scripts/build-grammar.sh), not node_modules' copy.
  pythonWasm: ['tree-sitter-python.wasm', 'server/grammar/tree-sitter-python.wasm'],
} as const;

/**
 * Reads the two wasm files for a Node host: beside the bundle (dist/, as shipped in the VSIX)
 * or, when running from sources, from node_modules and server/grammar above `startDir`. The
 * search stops at the package's own root (the first folder up with a package.json): a stray
 * copy above an install is never read in place of a file missing from it.
 */
export function loadGrammarBytes(startDir: string): GrammarBytes {
  const find = (candidates: readonly string[]): Uint8Array => {
    for (let dir = startDir; ; dir = dirname(dir)) {
      for (const candidate of candidates) {
        const path = join(dir, candidate);
        if (existsSync(path)) return readFileSync(path);
      }
      if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) break;
    }
    throw new Error(`cannot find ${candidates[0]} next to ${startDir} or as ${candidates[1]} up to its package's root`);
  };
  return { treeSitterWasm: find(FILES.treeSitterWasm), pythonWasm: find(FILES.pythonWasm) };
}
