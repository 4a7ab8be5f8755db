import type { Diagnostic } from 'vscode-languageserver';
import type { DiagnosticFields } from './wireFindings';

/**
 * The diagnostics last published for each document. A keystroke republishes a module's hundreds
 * of diagnostics with nearly all of them as they were: those are the same (frozen) objects as last
 * time, so a host can keep what it made of each one, such as its JSON (messageWriter.ts).
 */
export class PublishedDiagnostics {
  private readonly last = new Map<string, { fields: DiagnosticFields[]; diagnostics: Diagnostic[] }>();

  constructor(private readonly make: (fields: DiagnosticFields) => Diagnostic) {}

  /**
   * The diagnostics for `uri`, whose fields `each` gives in document order. They are merged with
   * the last publication by position, so findings added, moved or dropped cost only themselves.
   */
  publish(uri: string, each: (visit: (fields: DiagnosticFields) => void) => void): Diagnostic[] {
    const before = this.last.get(uri) ?? { fields: [], diagnostics: [] };
    const now = { fields: [] as DiagnosticFields[], diagnostics: [] as Diagnostic[] };
    let next = 0;
    each((fields) => {
      // Those of the last publication that start earlier are gone or moved.
      while (next < before.fields.length && startsBefore(before.fields[next]!, fields)) next++;
      if (next < before.fields.length && same(before.fields[next]!, fields)) {
        // The kept fields, not the equal new ones: those die young, and a keystroke in a large
        // module leaves nothing behind for the young generation's collections to copy.
        now.fields.push(before.fields[next]!);
        now.diagnostics.push(before.diagnostics[next++]!);
      } else {
        now.fields.push(fields);
        now.diagnostics.push(frozen(this.make(fields)));
      }
    });
    this.last.set(uri, now);
    return now.diagnostics;
  }

  /** Diagnostics for a file that is not open (workspace diagnostics): made afresh and not kept. */
  once(each: (visit: (fields: DiagnosticFields) => void) => void): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    each((fields) => diagnostics.push(frozen(this.make(fields))));
    return diagnostics;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}

function startsBefore(a: DiagnosticFields, b: DiagnosticFields): boolean {
  const [x, y] = [a.range.start, b.range.start];
  return x.line < y.line || (x.line === y.line && x.character < y.character);
}

/** Two findings' fields alike: one with related places never is (they are not compared). */
function same(a: DiagnosticFields, b: DiagnosticFields): boolean {
  return (
    a.related === undefined &&
    b.related === undefined &&
    a.code === b.code &&
    a.message === b.message &&
    a.severity === b.severity &&
    a.fixable === b.fixable &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

/** A published diagnostic is shared by later publications and what hosts keep of it: nothing may change it. */
function frozen(diagnostic: Diagnostic): Diagnostic {
  Object.freeze(diagnostic.range.start);
  Object.freeze(diagnostic.range.end);
  Object.freeze(diagnostic.range);
  return Object.freeze(diagnostic);
}
