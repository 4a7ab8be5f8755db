import type { FlaskContextKind } from '../contextPushes';
import type { NameKind } from './facts';
import type { ProjectView } from './projectIndex';
import type { UrlAnswer } from './projectRoutes';

/** What an analysis asked the project, by question (`kind app.db`, `url /items/1`), and the answer as text. */
export type ProjectAnswers = ReadonlyMap<string, string | undefined>;

/**
 * A project view that remembers what an analysis asked and what it was told. Findings kept from
 * an earlier analysis stay valid while every answer they were made under is still the same
 * (runner.ts), whatever else changed in the project.
 */
export class RecordingView implements ProjectView {
  readonly answers = new Map<string, string | undefined>();
  readonly index: ProjectView['index'];
  readonly path: ProjectView['path'];
  readonly absolute: ProjectView['absolute'];

  constructor(
    private readonly view: ProjectView,
    /** Answers an earlier analysis relied on and that still hold: kept findings rely on them. */
    carried?: ProjectAnswers,
  ) {
    if (carried) for (const [question, answer] of carried) this.answers.set(question, answer);
    // Module-wide checks read the index itself; they run on every analysis, so nothing needs recording for them.
    this.index = view.index;
    this.path = view.path;
    this.absolute = view.absolute;
  }

  kindOf(written: string): NameKind | undefined {
    return this.recorded(`kind ${written}`, () => this.view.kindOf(written)) as NameKind | undefined;
  }

  loadedAsConfig(): boolean {
    return this.recorded(LOADED_AS_CONFIG, () => (this.view.loadedAsConfig?.() ? 'yes' : undefined)) === 'yes';
  }

  loadedInContext(): FlaskContextKind | undefined {
    return this.recorded(LOADED_IN_CONTEXT, () => this.view.loadedInContext?.()) as FlaskContextKind | undefined;
  }

  isPackage(folder: string): boolean | undefined {
    const answer = this.recorded(`package ${folder}`, () => packageAnswer(this.view, folder));
    return answer === undefined ? undefined : answer === 'yes';
  }

  holdsViews(folder: string): boolean {
    return this.recorded(`views ${folder}`, () => (this.view.holdsViews?.(folder) ? 'yes' : undefined)) === 'yes';
  }

  blueprintMoved(name: string): boolean {
    return this.recorded(`moved ${name}`, () => (this.view.blueprintMoved?.(name) ? 'yes' : undefined)) === 'yes';
  }

  urlTargets(url: string): UrlAnswer {
    return JSON.parse(this.recorded(`url ${url}`, () => JSON.stringify(this.view.urlTargets?.(url) ?? NO_TARGETS))!) as UrlAnswer;
  }

  private recorded(question: string, ask: () => string | undefined): string | undefined {
    if (this.answers.has(question)) return this.answers.get(question);
    const answer = ask();
    this.answers.set(question, answer);
    return answer;
  }

  /** True when the view still gives every answer in `answers`. */
  static stillHolds(view: ProjectView, answers: ProjectAnswers): boolean {
    for (const [question, answer] of answers) if (answerOf(view, question) !== answer) return false;
    return true;
  }
}

const NO_TARGETS: UrlAnswer = { targets: [], apps: 0 };
const LOADED_AS_CONFIG = 'loaded as config';
const LOADED_IN_CONTEXT = 'loaded in context';

function packageAnswer(view: ProjectView, folder: string): string | undefined {
  const known = view.isPackage?.(folder);
  return known === undefined ? undefined : known ? 'yes' : 'no';
}

function answerOf(view: ProjectView, question: string): string | undefined {
  if (question === LOADED_AS_CONFIG) return view.loadedAsConfig?.() ? 'yes' : undefined;
  if (question === LOADED_IN_CONTEXT) return view.loadedInContext?.();
  const space = question.indexOf(' ');
  const subject = question.slice(space + 1);
  switch (question.slice(0, space)) {
    case 'kind':
      return view.kindOf(subject);
    case 'package':
      return packageAnswer(view, subject);
    case 'views':
      return view.holdsViews?.(subject) ? 'yes' : undefined;
    case 'moved':
      return view.blueprintMoved?.(subject) ? 'yes' : undefined;
    default:
      return JSON.stringify(view.urlTargets?.(subject) ?? NO_TARGETS);
  }
}
