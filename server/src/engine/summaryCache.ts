import type { Node } from 'web-tree-sitter';
import { firstChangeStart, forEachTopLevelIn, mapThroughEdits, wholeLines, type EditRecord } from './document';
import type { FlaskModel } from './model';
import type { OffsetRange } from './positions';
import { DEFINITION_STATEMENTS } from './semantic/bindings';
import { lastStartingBefore } from './semantic/outline';
import { routeTextOffsets, summarise, summaryKey, type StatementSummary } from './summaries';

/** A top-level statement's summary, with the statement's range in the analysed text. */
export interface SummaryRecord extends OffsetRange {
  summary: StatementSummary;
}

/**
 * The summaries of every top-level statement that has one, and whether they say anything else
 * than before. With the previous analysis's records and the edits since, statements the edits
 * did not touch keep theirs, and only the touched ones are read again, as the runner does with
 * findings: a keystroke costs the statement it lands in.
 */
export function summariseStatements(
  model: FlaskModel,
  text: string,
  reuse?: { previous: readonly SummaryRecord[]; edits: readonly EditRecord[]; dirty: readonly OffsetRange[] },
): { records: SummaryRecord[]; changed: boolean } {
  const cursor = model.root.walk();
  try {
    if (!reuse) {
      const records: SummaryRecord[] = [];
      const statements = statementsWithSummaries(model, text);
      if (statements) {
        for (const statement of statements) push(records, model, statement, text);
      } else if (cursor.gotoFirstChild()) {
        do {
          if (cursor.nodeType !== 'comment') push(records, model, cursor.currentNode, text);
        } while (cursor.gotoNextSibling());
      }
      return { records, changed: true };
    }
    const dirty = wholeLines(text, reuse.dirty);
    const touches = (start: number, end: number) => dirty.some((range) => range.start <= end && start <= range.end);
    const read: SummaryRecord[] = [];
    const before: string[] = [];
    const readRanges: OffsetRange[] = [];
    // The same statements the runner walks again (runner.ts walkChanged).
    forEachTopLevelIn(cursor, dirty, () => {
      if (cursor.nodeType === 'comment') return;
      readRanges.push({ start: cursor.startIndex, end: cursor.endIndex });
      push(read, model, cursor.currentNode, text);
    });
    readRanges.sort((a, b) => a.start - b.start);
    read.sort((a, b) => a.start - b.start);
    // One pass over the previous records, in order, merging in the read ones: a keystroke in a
    // module of thousands of statements allocates only for the records after the edit.
    const records: SummaryRecord[] = [];
    let next = 0;
    const mergeUpTo = (start: number) => {
      while (next < read.length && read[next]!.start < start) records.push(read[next++]!);
    };
    // Records that end before every edit and every changed range are the same objects as before.
    const firstChange = firstChangeStart(reuse.edits, dirty);
    for (const record of reuse.previous) {
      const range = record.end < firstChange - 1 ? record : mapThroughEdits(record, reuse.edits);
      // A kept record that a statement read again covers (error recovery regrouped them) gives way to it.
      if (!range || (range !== record && touches(range.start, range.end)) || coveringRange(readRanges, range) !== undefined) {
        before.push(summaryKey(record.summary));
        continue;
      }
      mergeUpTo(range.start);
      records.push(range.start === record.start ? record : { start: range.start, end: range.end, summary: record.summary });
    }
    mergeUpTo(Infinity);
    const after: string[] = [];
    for (const record of read) after.push(summaryKey(record.summary));
    return { records, changed: !sameStrings(before, after) };
  } finally {
    cursor.delete();
  }
}

/** Whether two lists hold the same strings in any order (neither is used after). Empty lists, the common case, are not sorted. */
function sameStrings(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  a.sort();
  b.sort();
  return a.every((key, i) => key === b[i]);
}

/**
 * The top-level statements that can have a summary, picked from the model's outline: definitions,
 * and statements whose text may declare a route. A module of assignments and calls asks the tree
 * for none of the others. Undefined when the outline names a statement the tree does not hold.
 */
function statementsWithSummaries(model: FlaskModel, text: string): Node[] | undefined {
  const entries = model.outline;
  const routes = routeTextOffsets(text);
  const wanted: number[] = [];
  let next = 0;
  entries.forEach((entry, index) => {
    if (entry.type === 'comment') return;
    while (next < routes.length && routes[next]! < entry.start) next++;
    if (DEFINITION_STATEMENTS.has(entry.type) || (next < routes.length && routes[next]! < entry.end)) wanted.push(index);
  });
  const nodes = model.outlineNodesAt(wanted);
  return nodes.every((node) => node !== undefined) ? (nodes as Node[]) : undefined;
}

function push(records: SummaryRecord[], model: FlaskModel, statement: Node, text: string): void {
  const summary = summarise(model, statement, text);
  if (summary) records.push({ start: statement.startIndex, end: statement.endIndex, summary });
}

/** The range of `sorted` (disjoint, by start) that contains `inner`, found by binary search. */
function coveringRange(sorted: readonly OffsetRange[], inner: OffsetRange): OffsetRange | undefined {
  const candidate = sorted[lastStartingBefore(sorted, inner.start + 1)];
  return candidate && inner.end <= candidate.end ? candidate : undefined;
}
