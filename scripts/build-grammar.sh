#!/usr/bin/env bash
# Rebuilds server/grammar/tree-sitter-python.wasm, the Python grammar the extension ships:
# tree-sitter-python 0.25.0 (src/parser.c and src/scanner.c from the npm package in node_modules)
# with server/grammar/scanner.patch applied, which makes runs of comment lines parse in linear
# time instead of quadratic (upstream 0.25.0 takes 4.8 s for 4,000 comment lines; see the patch's
# header). Compiled as `tree-sitter build --wasm` (CLI 0.25) does: an emscripten SIDE_MODULE that
# exports _tree_sitter_python, language ABI 15.
#
# Needs emcc (Debian: apt-get install emscripten). CI does not run this: the wasm is committed.
# Run it after changing the patch or the tree-sitter-python version, then run
# test/python-grammar.test.ts.
set -euo pipefail

VERSION=0.25.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="$root/node_modules/tree-sitter-python"
out="$root/server/grammar/tree-sitter-python.wasm"

installed="$(node -p "require('$package/package.json').version")"
if [[ "$installed" != "$VERSION" ]]; then
  echo "build-grammar: node_modules has tree-sitter-python $installed; the patch is for $VERSION" >&2
  exit 1
fi
command -v emcc >/dev/null || { echo "build-grammar: emcc not found (apt-get install emscripten)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$package/src" "$work/src"
patch --quiet -p1 -d "$work" < "$root/server/grammar/scanner.patch"

(
  cd "$work/src"
  emcc -o tree-sitter-python.wasm -Os \
    -s WASM=1 -s SIDE_MODULE=2 -s TOTAL_MEMORY=33554432 -s NODEJS_CATCH_EXIT=0 \
    -s 'EXPORTED_FUNCTIONS=["_tree_sitter_python"]' \
    -fno-exceptions -fvisibility=hidden -I . scanner.c parser.c
)
cp "$work/src/tree-sitter-python.wasm" "$out"
echo "build-grammar: wrote ${out#"$root"/} ($(wc -c < "$out") bytes, emcc $(emcc -dumpversion))"
