import { parse, TomlError } from 'smol-toml';
import { anchorPattern, matchesAnyPattern } from './pathPatterns';
import { DEFAULT_SETTINGS, isRecord, readCodes, readSeverities, type Settings } from './settings';

/**
 * `[tool.flask-practices]` in pyproject.toml: parsed from text (the host finds and reads the
 * file), checked key by key, and layered over the editor's settings. Pure, like the engine.
 */

/** The settings pyproject.toml can set, by the names Settings gives them. */
export type ProjectConfig = Partial<Pick<Settings, ProjectKey>>;
type ProjectKey = (typeof PROJECT_KEYS)[keyof typeof PROJECT_KEYS];

/** TOML key → Settings key. */
const PROJECT_KEYS = {
  select: 'select',
  ignore: 'ignore',
  'extend-select': 'extendSelect',
  severity: 'severity',
  exclude: 'exclude',
  'per-file-ignores': 'perFileIgnores',
  'services-packages': 'servicesPackages',
  'max-routes-per-module': 'maxRoutesPerModule',
  'test-paths': 'testPaths',
} as const;

export const TOOL_TABLE = 'tool.flask-practices';

/** A problem in a configuration file, with where it is: the file, a 1-based line, the key (which `message` names too). */
export interface ConfigProblem {
  file: string;
  line: number;
  key: string | undefined;
  message: string;
}

export function formatConfigProblem(problem: ConfigProblem): string {
  return `${problem.file}:${problem.line}: ${problem.key === undefined ? '' : `[${TOOL_TABLE}] `}${problem.message}`;
}

/**
 * Reads `[tool.flask-practices]` from a pyproject.toml's text. A file that is not valid TOML
 * gives no configuration (the defaults apply) and one problem; a key with a bad value is
 * dropped with a problem, and the other keys still apply. `config` is undefined when the file
 * has no such table.
 */
export function parseProjectConfig(text: string, file: string, knownCodes: readonly string[]): { config: ProjectConfig | undefined; problems: ConfigProblem[] } {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    const key = error instanceof TomlError ? keyBefore(text, error.line, error.column) : undefined;
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    const where = key === undefined ? '' : ` in ${JSON.stringify(key)}`;
    return { config: undefined, problems: [{ file, line, key, message: `not valid TOML${where} (${message}); using the defaults.` }] };
  }
  const tool = document.tool;
  const table = isRecord(tool) ? tool['flask-practices'] : undefined;
  if (table === undefined) return { config: undefined, problems: [] };
  const problems: ConfigProblem[] = [];
  const problem = (key: string | undefined, message: string) => problems.push({ file, line: keyLine(text, key), key, message });
  if (!isRecord(table)) {
    problem(undefined, `[${TOOL_TABLE}] must be a table; using the defaults.`);
    return { config: undefined, problems };
  }

  const config: ProjectConfig = {};
  for (const [key, value] of Object.entries(table)) {
    const messages: string[] = [];
    const read = readKey(key, value, knownCodes, messages);
    for (const message of messages) problem(key, message);
    if (read === 'unknown') problem(key, `unknown key ${JSON.stringify(key)}, ignored; the keys are ${Object.keys(PROJECT_KEYS).join(', ')}`);
    else if (read) Object.assign(config, read);
  }
  return { config, problems };
}

/** One key's value as Settings holds it, or why not (in `messages`, each naming the key). */
function readKey(key: string, value: unknown, knownCodes: readonly string[], messages: string[]): ProjectConfig | 'unknown' | undefined {
  switch (key) {
    case 'select':
    case 'ignore':
    case 'extend-select': {
      const codes = readCodes(value, key, knownCodes, messages);
      return codes && { [PROJECT_KEYS[key]]: codes };
    }
    case 'severity': {
      const severity = readSeverities(value, key, knownCodes, messages);
      return severity && { severity };
    }
    case 'exclude':
    case 'services-packages':
    case 'test-paths': {
      if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '')) return { [PROJECT_KEYS[key]]: value as string[] };
      messages.push(`${key} must be a list of non-empty strings; ignoring it.`);
      return undefined;
    }
    case 'per-file-ignores': {
      if (!isRecord(value)) {
        messages.push(`${key} must map globs to lists of rule codes; ignoring it.`);
        return undefined;
      }
      const perFileIgnores: Record<string, string[]> = {};
      for (const [glob, codes] of Object.entries(value)) {
        const read = readCodes(codes, `${key}.${JSON.stringify(glob)}`, knownCodes, messages);
        if (read) perFileIgnores[glob] = read;
      }
      return { perFileIgnores };
    }
    case 'max-routes-per-module': {
      if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return { maxRoutesPerModule: value };
      messages.push(`${key} must be a whole number ≥ 1; using ${DEFAULT_SETTINGS.maxRoutesPerModule}.`);
      return undefined;
    }
    default:
      return 'unknown';
  }
}

/**
 * The 1-based line where `key` is written in the tool table (or its own `[tool.flask-practices.key]`
 * table), else the table's header, else line 1. smol-toml gives values without positions.
 */
function keyLine(text: string, key: string | undefined): number {
  const lines = text.split(/\r?\n/);
  const header = /^\s*\[\s*tool\s*\.\s*(?:"flask-practices"|'flask-practices'|flask-practices)\s*\]/;
  const start = lines.findIndex((line) => header.test(line));
  if (key !== undefined) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    const assignment = new RegExp(`^\\s*(?:"${escaped}"|'${escaped}'|${escaped})\\s*[=.]`);
    const ownTable = new RegExp(`^\\s*\\[\\s*tool\\s*\\.\\s*"?flask-practices"?\\s*\\.\\s*"?${escaped}"?\\s*\\]`);
    for (let i = Math.max(start, 0); i < lines.length; i++) {
      if (ownTable.test(lines[i]!)) return i + 1;
      if (start >= 0 && assignment.test(lines[i]!)) return i + 1;
    }
    const anywhere = lines.findIndex((line) => line.includes(key));
    if (anywhere >= 0) return anywhere + 1;
  }
  return start >= 0 ? start + 1 : 1;
}

/**
 * The key whose value the TOML parser was reading at a syntax error: the last `key =` before the
 * error's position. An error at the start of a line (a list left open above) belongs to the key above.
 */
function keyBefore(text: string, line: number, column: number): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    if (/^\s*\[/.test(lines[i]!)) return undefined;
    const assignment = /^\s*("[^"]*"|'[^']*'|[\w.-]+)\s*=/.exec(lines[i]!);
    if (assignment && (i < line - 1 || assignment[0].length < column)) return assignment[1]!.replace(/^["']|["']$/g, '');
  }
  return undefined;
}

/** A project's configuration and the folder of its pyproject.toml, relative to the project root (`''` for the root). */
export interface ProjectLayer {
  config: ProjectConfig;
  dir: string;
}

/**
 * The settings a file is checked with: defaults, then pyproject.toml, then the editor's settings
 * (`editorFirst`, the default); `filesystemFirst` puts pyproject.toml last; `editorOnly` reads no
 * file. An editor setting left at its default counts as unset, so it never hides the file's value.
 * A later layer's value replaces an earlier one's, except that severities merge rule by rule and
 * `extend-select` adds to the `select` below it; a later `select` drops the `extend-select` below it, as in Ruff.
 */
export function resolveSettings(editor: Settings, project: ProjectLayer | undefined): Settings {
  if (!project || editor.configurationPreference === 'editorOnly') return editor;
  const keys = Object.values(PROJECT_KEYS);
  const editorLayer: ProjectConfig = {};
  for (const key of keys) if (JSON.stringify(editor[key]) !== JSON.stringify(DEFAULT_SETTINGS[key])) Object.assign(editorLayer, { [key]: editor[key] });
  const fileLayer = anchorGlobs(project.config, project.dir);
  const layers = editor.configurationPreference === 'filesystemFirst' ? [editorLayer, fileLayer] : [fileLayer, editorLayer];

  const resolved: Settings = { ...editor };
  for (const key of keys) Object.assign(resolved, { [key]: DEFAULT_SETTINGS[key] });
  for (const layer of layers) {
    for (const key of keys) {
      const value = layer[key];
      if (value === undefined) continue;
      if (key === 'severity') resolved.severity = { ...resolved.severity, ...layer.severity };
      else if (key === 'select') Object.assign(resolved, { select: layer.select, extendSelect: layer.extendSelect ?? [] });
      else if (key === 'extendSelect') resolved.extendSelect = layer.select ? layer.extendSelect! : [...resolved.extendSelect, ...layer.extendSelect!];
      else Object.assign(resolved, { [key]: value });
    }
  }
  return resolved;
}

/** Globs written in a pyproject.toml below the project root, as the root reads them. */
function anchorGlobs(config: ProjectConfig, dir: string): ProjectConfig {
  if (dir === '') return config;
  const anchor = (patterns: string[] | undefined) => patterns?.map((pattern) => anchorPattern(pattern, dir));
  return {
    ...config,
    ...(config.exclude ? { exclude: anchor(config.exclude) } : {}),
    ...(config.testPaths ? { testPaths: anchor(config.testPaths) } : {}),
    ...(config.perFileIgnores ? { perFileIgnores: Object.fromEntries(Object.entries(config.perFileIgnores).map(([glob, codes]) => [anchorPattern(glob, dir), codes])) } : {}),
  };
}

/** The settings for the file at `path`: its `per-file-ignores` codes join `ignore`. */
export function settingsForPath(settings: Settings, path: string | undefined): Settings {
  if (path === undefined) return settings;
  const extra = Object.entries(settings.perFileIgnores).flatMap(([glob, codes]) => (matchesAnyPattern(path, [glob]) ? codes : []));
  return extra.length === 0 ? settings : { ...settings, ignore: [...settings.ignore, ...extra] };
}

/** Whether `exclude` leaves the file at `path` (relative to the project root) unchecked. */
export function isExcludedPath(path: string | undefined, settings: Settings): boolean {
  return path !== undefined && settings.exclude.length > 0 && matchesAnyPattern(path, settings.exclude);
}
