import type { Tree } from 'web-tree-sitter';
import { Engine, DEFAULT_SETTINGS, type Settings } from '../../server/src/engine';
import { loadGrammarBytes } from '../../server/src/host/grammarFiles';
import { RULES } from '../../server/src/rules';

let shared: Promise<Engine> | undefined;

/** One engine per test process, as in the server: the parser and grammar load once. */
export function testEngine(): Promise<Engine> {
  shared ??= Engine.create(loadGrammarBytes(__dirname), RULES);
  return shared;
}

export function settingsWith(overrides: Partial<Settings>): Settings {
  return { ...DEFAULT_SETTINGS, select: [], ignore: [], severity: {}, ...overrides };
}

/** A tree's nodes in document order (depth, type, range, MISSING): equal shapes are equal trees. */
export function treeShape(tree: Tree): string {
  const cursor = tree.walk();
  const nodes: string[] = [];
  let depth = 0;
  try {
    for (;;) {
      nodes.push(`${depth} ${cursor.nodeType} ${cursor.startIndex}-${cursor.endIndex}${cursor.nodeIsMissing ? ' MISSING' : ''}${cursor.currentFieldName ? ` ${cursor.currentFieldName}` : ''}`);
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return nodes.join('\n');
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The shape of a fresh parse of `text`, from a document opened just for it. */
export function freshTreeShape(engine: Engine, text: string): string {
  const uri = 'fresh://tree-shape.py';
  engine.open(uri, text, 0);
  try {
    return treeShape(engine.document(uri)!.syntaxTree);
  } finally {
    engine.close(uri);
  }
}
