import type { Severity } from './rule';

/**
 * The `flaskPractices.*` settings. One type, imported by the client and the server, so the
 * schema in package.json, the client and the server cannot drift apart silently.
 */
export type SeveritySetting = Severity | 'off';

export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  /** Delay between the last change and the analysis; 0 for tests and the benchmark. */
  debounceMs: number;
  /** Codes or prefixes to run; empty means all. */
  select: string[];
  /** Codes or prefixes to skip; wins over `select`. */
  ignore: string[];
  severity: Record<string, SeveritySetting>;
  /** Files above this size are not analysed. */
  maxFileSizeMb: number;
  /** FLK202 reports a module that declares more routes than this. */
  maxRoutesPerModule: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  run: 'onType',
  debounceMs: 200,
  select: [],
  ignore: [],
  severity: {},
  maxFileSizeMb: 20,
  maxRoutesPerModule: 10,
});

const SEVERITIES = new Set<SeveritySetting>(['error', 'warning', 'info', 'hint', 'off']);

/**
 * Reads untrusted settings as data. Anything malformed is reported and replaced by its
 * default, so a typo in settings.json never stops the checker.
 */
export function normaliseSettings(raw: unknown, knownCodes: readonly string[]): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const input = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) problems.push('flaskPractices settings must be an object; using defaults.');
  const settings: Settings = { ...DEFAULT_SETTINGS, select: [], ignore: [], severity: {} };

  const bool = (key: 'enable') => {
    if (input[key] === undefined) return;
    if (typeof input[key] === 'boolean') settings[key] = input[key];
    else problems.push(`flaskPractices.${key} must be true or false; using ${String(DEFAULT_SETTINGS[key])}.`);
  };
  bool('enable');

  if (input.run !== undefined) {
    if (input.run === 'onType' || input.run === 'onSave') settings.run = input.run;
    else problems.push(`flaskPractices.run must be "onType" or "onSave"; using "${DEFAULT_SETTINGS.run}".`);
  }
  for (const key of ['debounceMs', 'maxFileSizeMb'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) settings[key] = value;
    else problems.push(`flaskPractices.${key} must be a number ≥ 0; using ${DEFAULT_SETTINGS[key]}.`);
  }
  if (input.maxRoutesPerModule !== undefined) {
    const value = input.maxRoutesPerModule;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1) settings.maxRoutesPerModule = value;
    else problems.push(`flaskPractices.maxRoutesPerModule must be a whole number ≥ 1; using ${DEFAULT_SETTINGS.maxRoutesPerModule}.`);
  }
  for (const key of ['select', 'ignore'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      problems.push(`flaskPractices.${key} must be a list of rule codes; ignoring it.`);
      continue;
    }
    for (const item of value) {
      const code = ruleCodeOrPrefix(item, knownCodes);
      if (code) settings[key].push(code);
      else problems.push(`flaskPractices.${key}: ${JSON.stringify(item)} matches no rule; ignoring it.`);
    }
  }
  if (input.severity !== undefined) {
    if (!isRecord(input.severity)) {
      problems.push('flaskPractices.severity must map rule codes to severities; ignoring it.');
    } else {
      for (const [code, value] of Object.entries(input.severity)) {
        const upper = code.toUpperCase();
        if (!knownCodes.includes(upper)) problems.push(`flaskPractices.severity: unknown rule ${JSON.stringify(code)}; ignoring it.`);
        else if (typeof value === 'string' && SEVERITIES.has(value as SeveritySetting)) settings.severity[upper] = value as SeveritySetting;
        else problems.push(`flaskPractices.severity.${code} must be one of error, warning, info, hint, off; using the rule's default.`);
      }
    }
  }
  return { settings, problems };
}

/** `item` as `select` and `ignore` hold it (trimmed, upper case) when it is a known code or a prefix of one. */
export function ruleCodeOrPrefix(item: unknown, knownCodes: readonly string[]): string | undefined {
  const code = typeof item === 'string' ? item.trim().toUpperCase() : '';
  return code && knownCodes.some((known) => known.startsWith(code)) ? code : undefined;
}

/** The severity a rule reports at under these settings, or undefined when it is turned off. */
export function effectiveSeverity(code: string, defaultSeverity: Severity, settings: Settings): Severity | undefined {
  const override = settings.severity[code];
  if (override === 'off') return undefined;
  const matches = (prefix: string) => code.startsWith(prefix);
  if (settings.ignore.some(matches)) return undefined;
  if (settings.select.length > 0 && !settings.select.some(matches)) return undefined;
  return override ?? defaultSeverity;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
