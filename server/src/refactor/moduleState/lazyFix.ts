import type { Fix, TextEdit } from '../../engine/rule';

export type FixPlan = { edits: TextEdit[] } | { reason: string };

/** An unsafe fix whose plan reads other statements: made once, when the fix is first asked about. */
export function lazyFix(title: string, plan: () => FixPlan): Fix {
  let made: FixPlan | undefined;
  const planned = () => (made ??= plan());
  return {
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
}
