import { Engine, DEFAULT_SETTINGS, type Settings } from '../../server/src/engine';
import { loadGrammarBytes } from '../../server/src/host/grammarFiles';
import { RULES } from '../../server/src/rules';

let shared: Promise<Engine> | undefined;

/** One engine per test process, as in the server: the parser and grammar load once. */
export function testEngine(): Promise<Engine> {
  shared ??= Engine.create(loadGrammarBytes(__dirname), RULES);
  return shared;
}

export function settingsWith(overrides: Partial<Settings>): Settings {
  return { ...DEFAULT_SETTINGS, select: [], ignore: [], severity: {}, ...overrides };
}
