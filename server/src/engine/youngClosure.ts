/**
 * Returns `f`. A closure made per analysis is assigned to a property through this, never written
 * as the assignment's right side (`this.f = () => …`): V8 allocates a function literal assigned to
 * a property in the old generation at once, as it expects a long-lived method there. Dead, such a
 * closure still holds what it captured through every young-generation collection until a full
 * one; per keystroke that was the whole analysis and its text, promoted in pauses of several ms.
 * test/young-closures.test.ts keeps those assignments out of the engine, the rules and the refactorings.
 */
export function youngClosure<F extends (...args: never[]) => unknown>(f: F): F {
  return f;
}
