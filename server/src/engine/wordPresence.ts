import type { EditRecord } from './document';

/**
 * Whether words occur in a module's text, kept across a keystroke. A search of a large module
 * costs about a millisecond a word, and most words the model looks for first (`app_context`,
 * `from_object`) are absent: after one edit, an absent word can only have appeared where the edit
 * landed, so only that stretch is searched. A word that was present is searched for again.
 */
export class WordPresence {
  private readonly known = new Map<string, boolean>();

  constructor(
    private readonly text: string,
    /** The previous text's presence and the one edit since (several edits: everything is searched again). */
    previous?: { presence: WordPresence; edits: readonly EditRecord[] },
  ) {
    const edit = previous?.edits.length === 1 ? previous.edits[0]! : undefined;
    if (!edit || !previous) return;
    for (const [word, present] of previous.presence.known) {
      // The stretch a new occurrence must overlap: the inserted text and a word's length either side (a deletion joins its two sides).
      const around = text.slice(Math.max(0, edit.start - word.length + 1), Math.min(text.length, edit.newEnd + word.length - 1));
      if (!present && !around.includes(word)) this.known.set(word, false);
    }
  }

  has(word: string): boolean {
    let present = this.known.get(word);
    if (present === undefined) {
      present = this.text.includes(word);
      this.known.set(word, present);
    }
    return present;
  }
}
