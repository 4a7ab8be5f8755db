// A cold process that checks files with Ruff's wasm build (the S rules), as users' alternative.
// Usage: node bench/cold/ruff-files.mjs FILE_LIST
import { readFileSync } from 'node:fs';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';

const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const workspace = new Workspace({ lint: { select: ['S'] } }, PositionEncoding.Utf16);
let diagnostics = 0;
for (const file of files) diagnostics += workspace.check(readFileSync(file, 'utf8')).length;
process.stdout.write(`${files.length} files, ${diagnostics} diagnostics\n`);
