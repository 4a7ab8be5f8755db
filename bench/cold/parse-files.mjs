// A cold process that only parses: the floor for `flask-practices check` over the same files.
// Usage: node bench/cold/parse-files.mjs FILE_LIST
import { readFileSync } from 'node:fs';
import { Language, Parser } from 'web-tree-sitter';

const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
await Parser.init();
// The grammar the CLI ships (patched for comment runs), so the floor parses as the CLI does.
const language = await Language.load(readFileSync(new URL('../../server/grammar/tree-sitter-python.wasm', import.meta.url)));
const parser = new Parser();
parser.setLanguage(language);
let nodes = 0;
for (const file of files) {
  const tree = parser.parse(readFileSync(file, 'utf8'));
  nodes += tree.rootNode.childCount;
  tree.delete();
}
process.stdout.write(`${files.length} files, ${nodes} top-level nodes\n`);
