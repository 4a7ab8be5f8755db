import type { NameKind } from './facts';
import type { ProjectView } from './projectIndex';

/**
 * A project view that remembers what an analysis asked and what it was told. Findings kept from
 * an earlier analysis stay valid while every answer they were made under is still the same
 * (runner.ts), whatever else changed in the project.
 */
export class RecordingView implements ProjectView {
  readonly answers = new Map<string, NameKind | undefined>();
  readonly index: ProjectView['index'];
  readonly path: ProjectView['path'];
  readonly absolute: ProjectView['absolute'];

  constructor(
    private readonly view: ProjectView,
    /** Answers an earlier analysis relied on and that still hold: kept findings rely on them. */
    carried?: ReadonlyMap<string, NameKind | undefined>,
  ) {
    if (carried) for (const [name, kind] of carried) this.answers.set(name, kind);
    // Module-wide checks read the index itself; they run on every analysis, so nothing needs recording for them.
    this.index = view.index;
    this.path = view.path;
    this.absolute = view.absolute;
  }

  kindOf(written: string): NameKind | undefined {
    if (this.answers.has(written)) return this.answers.get(written);
    const kind = this.view.kindOf(written);
    this.answers.set(written, kind);
    return kind;
  }

  /** True when the view still gives every answer in `answers`. */
  static stillHolds(view: ProjectView, answers: ReadonlyMap<string, NameKind | undefined>): boolean {
    for (const [name, kind] of answers) if (view.kindOf(name) !== kind) return false;
    return true;
  }
}
