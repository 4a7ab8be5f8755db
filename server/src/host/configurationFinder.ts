import { parseProjectConfig, resolveSettings, type ConfigProblem, type ProjectConfig, type ProjectLayer, type Settings } from '../engine';

/**
 * What the finder reads and how it spells paths: node:path and the disk in Node
 * (configuration.ts), URIs and the files the client sent in a browser (browser/clientConfiguration.ts).
 */
export interface ConfigFiles {
  /** A file's text; throws when it cannot be read (an error's `code`, when it has one, is shown). */
  read(file: string): string;
  dirname(path: string): string;
  join(dir: string, name: string): string;
  relative(from: string, to: string): string;
  isAbsolute(path: string): boolean;
  resolve(path: string): string;
  sep: string;
}

/**
 * Finds and reads the pyproject.toml that configures a file, for every host (the CLI, the
 * language server in Node and in a browser): the nearest one above the file that has a
 * `[tool.flask-practices]` table, as Ruff picks the nearest with `[tool.ruff]`, looked for up to
 * the project root (the workspace folder, the working directory). The engine parses and layers;
 * this module only finds and reads. Files are read once until {@link invalidate}; each file's
 * problems are told once.
 */
export class ConfigurationFinder {
  /** Per folder, the configuration file that governs it (null: none). */
  private readonly nearest = new Map<string, string | null>();
  private readonly loaded = new Map<string, ProjectConfig | undefined>();

  constructor(
    private readonly knownCodes: readonly string[],
    private readonly onProblems: (problems: ConfigProblem[]) => void,
    private readonly files: ConfigFiles,
  ) {}

  /** The settings for `file` (absolute): `base` (the editor's or the command line's) layered with the project's file, if any. */
  settingsFor(file: string, root: string, base: Settings): { settings: Settings; configFile: string | undefined } {
    const configFile = base.configurationPreference === 'editorOnly' ? undefined : this.configFileFor(this.files.dirname(file), root);
    return { settings: resolveSettings(base, configFile === undefined ? undefined : this.layer(configFile, root)), configFile };
  }

  /** `--config PATH`: this file configures every file checked. Its globs are anchored at its own folder. */
  explicitLayer(configFile: string, root: string): ProjectLayer | undefined {
    return this.layer(this.files.resolve(configFile), root);
  }

  /** Forgets what was read: a pyproject.toml changed, appeared or went away. */
  invalidate(): void {
    this.nearest.clear();
    this.loaded.clear();
  }

  private layer(configFile: string, root: string): ProjectLayer | undefined {
    const config = this.read(configFile);
    if (config === undefined) return undefined;
    const dir = this.files.relative(root, this.files.dirname(configFile));
    // A file above the root (`--config ../x.toml`) anchors its globs at the root.
    return { config, dir: dir.startsWith('..') || this.files.isAbsolute(dir) ? '' : dir.split(this.files.sep).join('/') };
  }

  private configFileFor(dir: string, root: string): string | undefined {
    const cached = this.nearest.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    const candidate = this.files.join(dir, 'pyproject.toml');
    let found: string | undefined;
    if (this.hasToolTable(candidate)) found = candidate;
    // Up to the root; a file outside it is looked up to the file system's root.
    else if (dir !== root && this.files.dirname(dir) !== dir) found = this.configFileFor(this.files.dirname(dir), root);
    this.nearest.set(dir, found ?? null);
    return found;
  }

  /** True for a pyproject.toml with our table, or one that cannot be parsed (its problem must be told). */
  private hasToolTable(file: string): boolean {
    let text: string;
    try {
      text = this.files.read(file);
    } catch {
      return false;
    }
    const { config, problems } = parseProjectConfig(text, file, this.knownCodes);
    if (config === undefined && problems.length === 0) return false;
    if (!this.loaded.has(file)) {
      this.loaded.set(file, config);
      if (problems.length > 0) this.onProblems(problems);
    }
    return true;
  }

  private read(file: string): ProjectConfig | undefined {
    if (!this.loaded.has(file)) {
      let text: string;
      try {
        text = this.files.read(file);
      } catch (error) {
        this.loaded.set(file, undefined);
        this.onProblems([{ file, line: 1, key: undefined, message: `cannot be read (${(error as { code?: string }).code ?? String(error)}); using the defaults.` }]);
        return undefined;
      }
      const { config, problems } = parseProjectConfig(text, file, this.knownCodes);
      this.loaded.set(file, config);
      if (problems.length > 0) this.onProblems(problems);
    }
    return this.loaded.get(file);
  }
}
