/**
 * The keystroke figures' yardstick: web-tree-sitter alone reparsing the same module after the
 * same keystrokes, and finding the changed ranges, with nothing of ours around it. The server
 * does this and more for every keystroke, so its p50 cannot fall below this; and as this moves
 * with the machine (memory-bound, it varies by half between runs of the same code here), it says
 * how much of a change in the keystroke figures is the machine's.
 */
import { performance } from 'node:perf_hooks';
import { Edit, Language, Parser } from 'web-tree-sitter';
import { LineIndex } from '../server/src/engine';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { flaskModule, middleEditOffset, typingStep } from './generate';
import { median } from './stats';

/** Median milliseconds of reparse + changed ranges over `edits` keystrokes after `warmUpEdits`, typed as the server benchmark types them. */
export async function bareReparse(lines: number, plan: { warmUpEdits: number; edits: number }): Promise<number> {
  const parser = new Parser();
  parser.setLanguage(await Language.load(loadGrammarBytes(__dirname).pythonWasm));
  let text = flaskModule(lines);
  let tree = parser.parse(text)!;
  const at = middleEditOffset(text);
  const times: number[] = [];
  try {
    for (let i = 0; i < plan.warmUpEdits + plan.edits; i++) {
      const count = i < plan.warmUpEdits ? plan.warmUpEdits : plan.edits;
      const step = typingStep(text, at, i < plan.warmUpEdits ? i : i - plan.warmUpEdits, count);
      const { start, end } = step.change.range;
      const lines = new LineIndex(text);
      const [startIndex, oldEndIndex] = [lines.offsetAt(start), lines.offsetAt(end)];
      const newEnd = { row: start.line, column: start.character + step.change.text.length };
      tree.edit(
        new Edit({ startIndex, oldEndIndex, newEndIndex: startIndex + step.change.text.length, startPosition: { row: start.line, column: start.character }, oldEndPosition: { row: end.line, column: end.character }, newEndPosition: newEnd }),
      );
      text = step.text;
      const started = performance.now();
      const next = parser.parse(text, tree)!;
      tree.getChangedRanges(next);
      const took = performance.now() - started;
      tree.delete();
      tree = next;
      if (i >= plan.warmUpEdits) times.push(took);
    }
  } finally {
    tree.delete();
    parser.delete();
  }
  return median(times);
}
