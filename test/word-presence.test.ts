import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EditRecord } from '../server/src/engine/document';
import { WordPresence } from '../server/src/engine/wordPresence';

/** `text` with `[start, end)` replaced by `insert`, and the edit's record. */
function edited(text: string, start: number, end: number, insert: string): { text: string; edit: EditRecord } {
  return { text: text.slice(0, start) + insert + text.slice(end), edit: { start, oldEnd: end, newEnd: start + insert.length } };
}

/** After each edit, the kept presence answers as a fresh search of the new text does. */
function check(before: string, start: number, end: number, insert: string, words: string[]): void {
  const old = new WordPresence(before);
  for (const word of words) old.has(word);
  const after = edited(before, start, end, insert);
  const kept = new WordPresence(after.text, { presence: old, edits: [after.edit] });
  for (const word of words) assert.equal(kept.has(word), after.text.includes(word), `${JSON.stringify(word)} after ${JSON.stringify(insert)} at ${start}-${end} in ${JSON.stringify(before)}`);
}

const WORDS = ['app_context', 'from_object', 'x'];

test('a word an edit types, completes, or makes by joining two sides is found; one it deletes is gone', () => {
  const text = 'with app.app_cont ext():\n    pass\nconfig.from_object(__name__)\n';
  for (let start = 0; start <= text.length; start++) {
    for (const [length, insert] of [[0, 'app_context'], [1, ''], [0, 'e'], [2, 'x'], [0, '_']] as const) {
      check(text, start, Math.min(text.length, start + length), insert, WORDS);
    }
  }
});

test('after several edits every word is searched for again', () => {
  const old = new WordPresence('abc');
  assert.equal(old.has('app_context'), false);
  const kept = new WordPresence('app_context', {
    presence: old,
    edits: [
      { start: 0, oldEnd: 3, newEnd: 0 },
      { start: 0, oldEnd: 0, newEnd: 11 },
    ],
  });
  assert.equal(kept.has('app_context'), true);
});
