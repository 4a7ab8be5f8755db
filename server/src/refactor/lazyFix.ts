import type { Fix, NewFile, TextEdit } from '../engine/rule';
import { youngClosure } from '../engine/youngClosure';

/** A fix's plan: its edits (and the files it creates, for a fix that creates some), or why it is not offered. */
export type FixPlan = { edits: TextEdit[]; files?: NewFile[] } | { reason: string };

/**
 * An unsafe fix whose plan reads other statements (or other files): made once, when the fix is
 * first asked about, never on a keystroke. With `createsFiles`, the fix has `files()`, which the
 * engine guards and fix-all on save never applies (fixes.ts).
 */
export function lazyFix(title: string, plan: () => FixPlan, options: { createsFiles?: boolean } = {}): Fix {
  let made: FixPlan | undefined;
  const planned = () => (made ??= plan());
  const fix: Fix = {
    title,
    safety: 'unsafe',
    available: () => {
      const result = planned();
      return 'reason' in result ? { ok: false, reason: result.reason } : { ok: true };
    },
    edits: () => {
      const result = planned();
      return 'edits' in result ? result.edits : [];
    },
  };
  if (options.createsFiles) {
    fix.files = youngClosure(() => {
      const result = planned();
      return 'edits' in result ? (result.files ?? []) : [];
    });
  }
  return fix;
}
