import type { TreeCursor } from 'web-tree-sitter';

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

  /** The first anchor at or after `offset` of a rule in `rules` (a bit mask); Infinity when none is left. */
  next(offset: number, rules = ALL_RULES): number {
    for (let i = this.lowerBound(offset); i < this.offsets.length; i++) if ((this.masks[i]! & rules) !== 0) return this.offsets[i]!;
    return Infinity;
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

/** Every rule's bit. */
export const ALL_RULES = -1;

/**
 * Visits the cursor's node and the nodes below it that contain an anchor, in document order, each
 * once: for each anchor, the nodes on the way down to it. Their siblings are stepped over without
 * being entered, so a statement costs the nodes along its anchors' paths, not its size. Siblings
 * are stepped over rather than jumped across, as error recovery can leave thousands of children
 * under one node, where each jump from the parent would cost them all. `enters` says whether a
 * node is visited and walked into (named, not ERROR); the cursor ends where it started.
 *
 * `narrow` gives the rules whose anchors still count below a child of a node, by the two nodes'
 * types (a function's body, for rules that look only at code run on import); `visit` gets the
 * rules that count at the node.
 */
export function walkToAnchors(
  cursor: TreeCursor,
  /** The cursor's node's range, which the caller has read already. */
  { start: from, end: to }: { start: number; end: number },
  anchors: AnchorIndex,
  enters: (typeId: number) => boolean,
  visit: (typeId: number, start: number, end: number, rules: number) => void,
  narrow: (parentTypeId: number, typeId: number) => number = () => ALL_RULES,
): void {
  const typeId = cursor.nodeTypeId;
  if (!enters(typeId) || !anchors.any(from, to)) return;
  visit(typeId, from, to, ALL_RULES);
  let rules = ALL_RULES;
  let at = anchors.next(from);
  if (!cursor.gotoFirstChildForIndex(at)) return;
  /** For each node above the cursor, its parent's last: where it ends, its type, and the rules that count below it. */
  const ends = [to];
  const types = [typeId];
  const ruleSets = [rules];
  for (;;) {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // An anchor between two children is in neither.
    if (start > at) at = anchors.next(start, rules);
    if (at < end) {
      const childType = cursor.nodeTypeId;
      if (enters(childType)) {
        const childRules = rules & narrow(types[types.length - 1]!, childType);
        const childAt = childRules === rules ? at : anchors.next(start, childRules);
        if (childAt < end) {
          visit(childType, start, end, childRules);
          if (cursor.gotoFirstChildForIndex(childAt)) {
            ends.push(end);
            types.push(childType);
            ruleSets.push(childRules);
            rules = childRules;
            at = childAt;
            continue;
          }
        }
      }
      at = anchors.next(end, rules);
    }
    // On to the node that holds the next anchor: a later sibling, or a sibling of an ancestor.
    while (!stepTo(cursor, at, ends[ends.length - 1]!)) {
      cursor.gotoParent();
      if (ends.length === 1) return;
      const parentEnd = ends.pop()!;
      types.pop();
      ruleSets.pop();
      const outer = ruleSets[ruleSets.length - 1]!;
      // Anchors the narrower rules skipped may lie ahead, after the node just left.
      if (outer !== rules) at = anchors.next(parentEnd, outer);
      rules = outer;
    }
  }
}

/**
 * Calls `each` with the cursor on each child of its node that holds an anchor, in order, and the
 * child's range; the cursor ends where it started.
 */
export function forEachAnchoredChild(cursor: TreeCursor, anchors: AnchorIndex, each: (start: number, end: number) => void): void {
  const parentEnd = cursor.endIndex;
  let at = anchors.next(cursor.startIndex);
  if (at >= parentEnd || !cursor.gotoFirstChildForIndex(at)) return;
  do {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    if (start > at) at = anchors.next(start);
    if (at < end) {
      each(start, end);
      at = anchors.next(end);
    }
  } while (stepTo(cursor, at, parentEnd));
  cursor.gotoParent();
}

/** Steps over the cursor's next siblings to the first that ends after `at`; false when `at` is not before `parentEnd` or none is left. */
function stepTo(cursor: TreeCursor, at: number, parentEnd: number): boolean {
  if (at >= parentEnd) return false;
  while (cursor.gotoNextSibling()) if (cursor.endIndex > at) return true;
  return false;
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
        // An empty word (a name broken code binds as "") anchors nothing; as a pattern it would match everywhere, forever.
        if (word === '') continue;
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

  /**
   * The anchors that start inside `[from, to)`, a node's source: only that text is searched, so
   * a statement costs its own length, not the rest of the file.
   */
  index(text: string, from: number, to: number): AnchorIndex {
    const offsets: number[] = [];
    const masks: number[] = [];
    const words = this.words;
    if (words) {
      // A node's source starts and ends at token boundaries, so the lookarounds lose no anchor at its edges.
      const source = from === 0 && to >= text.length ? text : text.slice(from, to);
      words.lastIndex = 0;
      for (let match = words.exec(source); match; match = words.exec(source)) {
        offsets.push(from + match.index);
        masks.push(this.bitsByWord.get(match[0].toLowerCase()) ?? this.allBits);
      }
    }
    return new AnchorIndex(offsets, masks);
  }
}

/** An anchor matched as a whole word; any other anchor is matched as it is written. */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/**
 * A closing quote, blanks or a line break, then an opening quote with its prefix: a split that can
 * hide an anchor word has word characters on both sides (`"SECRET_" "KEY"`), which an empty string
 * (`""`) or a docstring's triple quotes never have. The word before the quote is checked after
 * it: a pattern that opens with a lookbehind is searched five times slower.
 */
const ADJACENT_STRINGS = `["'](?<=[\\p{ID_Continue}]["'])[ \\t]*(?:\\\\?\\r?\\n[ \\t\\r\\n]*)?[rRbBuUfF]{0,2}["'](?=[\\p{ID_Continue}])`;
