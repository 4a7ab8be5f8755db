/**
 * Anchor words: the identifiers a rule needs to see before it can report anything. The walk
 * skips every subtree that holds none of the active rules' anchors (see rule.ts `anchors`).
 */

/** Anchor words in a text: where they occur and which rules they belong to. */
export class AnchorIndex {
  constructor(
    private readonly offsets: number[],
    private readonly masks: number[],
  ) {}

  /** True when an anchor starts inside `[start, end)`. */
  any(start: number, end: number): boolean {
    const i = this.lowerBound(start);
    return i < this.offsets.length && this.offsets[i]! < end;
  }

  /** The rules with an anchor inside `[start, end)`. */
  bits(start: number, end: number): number {
    let bits = 0;
    for (let i = this.lowerBound(start); i < this.offsets.length && this.offsets[i]! < end; i++) bits |= this.masks[i]!;
    return bits;
  }

  private lowerBound(offset: number): number {
    let low = 0;
    let high = this.offsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.offsets[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * Finds anchor words as whole identifiers, ignoring case; an anchor that is no identifier (`://`)
 * is found wherever it occurs. Adjacent string literals count as an anchor of every rule, since
 * `"SECRET_" "KEY"` spells a key no word search finds.
 */
export class AnchorMatcher {
  private static readonly cache = new Map<string, AnchorMatcher>();

  private constructor(
    private readonly words: RegExp | undefined,
    private readonly bitsByWord: Map<string, number>,
    private readonly allBits: number,
  ) {}

  static for(words: readonly { word: string; bit: number }[]): AnchorMatcher {
    const key = words.map((w) => `${w.word.toLowerCase()}:${w.bit}`).join(',');
    let matcher = AnchorMatcher.cache.get(key);
    if (!matcher) {
      const bitsByWord = new Map<string, number>();
      let allBits = 0;
      for (const { word, bit } of words) {
        const lower = word.toLowerCase();
        bitsByWord.set(lower, (bitsByWord.get(lower) ?? 0) | bit);
        allBits |= bit;
      }
      const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const keys = [...bitsByWord.keys()];
      const identifiers = keys.filter((w) => IDENTIFIER.test(w)).map(escape);
      const symbols = keys.filter((w) => !IDENTIFIER.test(w)).map(escape);
      const alternatives = [
        ...(identifiers.length > 0 ? [`(?<![\\p{ID_Continue}])(?:${identifiers.join('|')})(?![\\p{ID_Continue}])`] : []),
        ...symbols,
      ];
      const source = alternatives.length > 0 ? `${alternatives.join('|')}|${ADJACENT_STRINGS}` : undefined;
      matcher = new AnchorMatcher(source ? new RegExp(source, 'giu') : undefined, bitsByWord, allBits);
      // Anchors that depend on the module (imported names) vary little; keep the cache small anyway.
      if (AnchorMatcher.cache.size > 100) AnchorMatcher.cache.clear();
      AnchorMatcher.cache.set(key, matcher);
    }
    return matcher;
  }

  /** The anchors that start inside `[from, to)`. */
  index(text: string, from: number, to: number): AnchorIndex {
    const offsets: number[] = [];
    const masks: number[] = [];
    const words = this.words;
    if (words) {
      words.lastIndex = from;
      for (let match = words.exec(text); match && match.index < to; match = words.exec(text)) {
        offsets.push(match.index);
        masks.push(this.bitsByWord.get(match[0].toLowerCase()) ?? this.allBits);
      }
    }
    return new AnchorIndex(offsets, masks);
  }
}

/** An anchor matched as a whole word; any other anchor is matched as it is written. */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/** A closing quote, blanks or a line break, then an opening quote with its prefix. */
const ADJACENT_STRINGS = `["'][ \\t]*(?:\\\\?\\r?\\n[ \\t\\r\\n]*)?[rRbBuUfF]{0,2}["']`;
