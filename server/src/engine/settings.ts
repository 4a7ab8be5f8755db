import type { Severity } from './rule';
import { DEFAULT_TEST_PATHS } from './testCode';

/**
 * The `flaskPractices.*` settings. One type, imported by the client and the server, so the
 * schema in package.json, the client and the server cannot drift apart silently.
 */
export type SeveritySetting = Severity | 'off';

/** Which wins where the editor's settings and `pyproject.toml` disagree, as in Ruff's extension. */
export type ConfigurationPreference = 'editorFirst' | 'filesystemFirst' | 'editorOnly';

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
  /** Codes or prefixes run on top of `select` (`extend-select` in pyproject.toml). */
  extendSelect: string[];
  /** Globs of files and folders not checked (engine/pathPatterns.ts says how they match). */
  exclude: string[];
  /** Glob → codes not reported in the files it matches. */
  perFileIgnores: Record<string, string[]>;
  /** Packages of the service layer, which must not import Flask (FLK104). */
  servicesPackages: string[];
  /** Routes one module may declare (FLK202). */
  maxRoutesPerModule: number;
  /** Globs of test code, where no rule reports (testCode.ts). */
  testPaths: string[];
  configurationPreference: ConfigurationPreference;
  /** `workspace`: problems for every Python file of the workspace; `openFiles`: for open files only. */
  scope: 'openFiles' | 'workspace';
  /** How many Python files of a workspace folder the language server indexes at most. */
  maxWorkspaceFiles: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  run: 'onType',
  debounceMs: 200,
  select: [],
  ignore: [],
  severity: {},
  maxFileSizeMb: 20,
  extendSelect: [],
  exclude: [],
  perFileIgnores: {},
  servicesPackages: ['services'],
  maxRoutesPerModule: 10,
  testPaths: [...DEFAULT_TEST_PATHS],
  configurationPreference: 'editorFirst',
  scope: 'workspace',
  maxWorkspaceFiles: 5000,
});

/** A copy of the defaults whose lists and maps can be changed. */
export function defaultSettings(): Settings {
  return structuredClone({ ...DEFAULT_SETTINGS }) as Settings;
}

const SEVERITIES = new Set<SeveritySetting>(['error', 'warning', 'info', 'hint', 'off']);
const PREFERENCES = new Set<ConfigurationPreference>(['editorFirst', 'filesystemFirst', 'editorOnly']);

/**
 * Reads untrusted settings as data. Anything malformed is reported and replaced by its
 * default, so a typo in settings.json never stops the checker.
 */
export function normaliseSettings(raw: unknown, knownCodes: readonly string[]): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const input = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) problems.push('flaskPractices settings must be an object; using defaults.');
  const settings = defaultSettings();

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
  if (input.configurationPreference !== undefined) {
    if (PREFERENCES.has(input.configurationPreference as ConfigurationPreference)) settings.configurationPreference = input.configurationPreference as ConfigurationPreference;
    else problems.push(`flaskPractices.configurationPreference must be one of ${[...PREFERENCES].join(', ')}; using "${DEFAULT_SETTINGS.configurationPreference}".`);
  }
  if (input.scope !== undefined) {
    if (input.scope === 'openFiles' || input.scope === 'workspace') settings.scope = input.scope;
    else problems.push(`flaskPractices.scope must be "openFiles" or "workspace"; using "${DEFAULT_SETTINGS.scope}".`);
  }
  for (const key of ['debounceMs', 'maxFileSizeMb', 'maxWorkspaceFiles'] as const) {
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
    const codes = readCodes(input[key], `flaskPractices.${key}`, knownCodes, problems);
    if (codes) settings[key] = codes;
  }
  const severity = readSeverities(input.severity, 'flaskPractices.severity', knownCodes, problems);
  if (severity) settings.severity = severity;
  return { settings, problems };
}

/**
 * A list of rule codes or prefixes (`select`, `ignore`), from the editor's settings or
 * pyproject.toml (`label` names it in problems); undefined when absent or not a list.
 */
export function readCodes(value: unknown, label: string, knownCodes: readonly string[], problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${label} must be a list of rule codes; ignoring it.`);
    return undefined;
  }
  const codes: string[] = [];
  for (const item of value) {
    const code = ruleCodeOrPrefix(item, knownCodes);
    if (code) codes.push(code);
    else problems.push(`${label}: ${JSON.stringify(item)} matches no rule; ignoring it.`);
  }
  return codes;
}

/** Per-rule severities (`severity`); undefined when absent or not a table. */
export function readSeverities(value: unknown, label: string, knownCodes: readonly string[], problems: string[]): Record<string, SeveritySetting> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    problems.push(`${label} must map rule codes to severities; ignoring it.`);
    return undefined;
  }
  const severities: Record<string, SeveritySetting> = {};
  for (const [code, level] of Object.entries(value)) {
    const upper = code.toUpperCase();
    if (!knownCodes.includes(upper)) problems.push(`${label}: unknown rule ${JSON.stringify(code)}; ignoring it.`);
    else if (typeof level === 'string' && SEVERITIES.has(level as SeveritySetting)) severities[upper] = level as SeveritySetting;
    else problems.push(`${label}.${code} must be one of error, warning, info, hint, off; using the rule's default.`);
  }
  return severities;
}

/** `item` as `select` and `ignore` hold it (trimmed, upper case) when it is a known code or a prefix of one. */
export function ruleCodeOrPrefix(item: unknown, knownCodes: readonly string[]): string | undefined {
  const code = typeof item === 'string' ? item.trim().toUpperCase() : '';
  return code && knownCodes.some((known) => known.startsWith(code)) ? code : undefined;
}

/** The severity a rule reports at under these settings, or undefined when it is turned off. */
export function effectiveSeverity(code: string, defaultSeverity: Severity, settings: Settings, enabledByDefault = true): Severity | undefined {
  const override = settings.severity[code];
  if (override === 'off') return undefined;
  const matches = (prefix: string) => code.startsWith(prefix);
  if (settings.ignore.some(matches)) return undefined;
  if (settings.select.length > 0 && !settings.select.some(matches) && !settings.extendSelect.some(matches)) return undefined;
  // An opt-in rule runs when it is named: its code or a prefix narrower than `FLK`, or a severity of its own.
  const named = (prefix: string) => matches(prefix) && prefix.length > 3;
  if (!enabledByDefault && override === undefined && !settings.select.some(named) && !settings.extendSelect.some(named)) return undefined;
  return override ?? defaultSeverity;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
