import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import { formatConfigProblem, normaliseSettings, type ConfigProblem, type Settings } from '../engine';

/**
 * Where the host finds a document's pyproject.toml (Node reads the disk, see nodeHost.ts; a
 * browser asks the client, browser/clientConfiguration.ts). Layers it over the editor's settings;
 * `invalidate` forgets what was read.
 */
export interface ProjectConfiguration {
  settingsFor(uri: string, roots: readonly string[], editor: Settings): Settings | Promise<Settings>;
  invalidate(): void;
}

/** The workspace folder (of `roots`, URIs) holding `uri`: the innermost, for nested folders. */
export function folderOf(uri: string, roots: readonly string[]): string | undefined {
  return roots.filter((root) => uri.startsWith(root.endsWith('/') ? root : `${root}/`)).sort((a, b) => b.length - a.length)[0];
}

/**
 * Settings per resource, as the client scopes them: asked for with `workspace/configuration`,
 * layered with the nearest pyproject.toml below the document's workspace folder (each folder of
 * a multi-root workspace has its own), cached per document URI, and dropped when the
 * configuration or a pyproject.toml changes, or the document closes. Clients without
 * `workspace/configuration` (some editors, tests) send settings as initialization options.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();
  private readonly finder: ProjectConfiguration | undefined;
  private fallback: unknown;

  constructor(
    private readonly connection: Connection,
    private readonly knownCodes: readonly string[],
    private readonly canAskClient: () => boolean,
    /** Workspace folder URIs. */
    private readonly roots: () => readonly string[],
    configuration?: (tell: (problems: ConfigProblem[]) => void) => ProjectConfiguration,
  ) {
    this.finder = configuration?.((problems) => this.tellConfigProblems(problems));
  }

  setFallback(raw: unknown): void {
    this.fallback = raw;
    this.cache.clear();
  }

  forDocument(uri: string): Promise<Settings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }

  /** A pyproject.toml changed, appeared or went away: read the files again. */
  projectFilesChanged(): void {
    this.finder?.invalidate();
    this.cache.clear();
  }

  private async load(uri: string): Promise<Settings> {
    let raw = this.fallback;
    if (this.canAskClient()) {
      try {
        const fromClient: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'flaskPractices' });
        if (fromClient !== null && fromClient !== undefined) raw = fromClient;
      } catch (error) {
        this.connection.console.warn(`Could not read settings for ${uri}: ${String(error)}; using defaults.`);
      }
    }
    const { settings, problems } = normaliseSettings(raw, this.knownCodes);
    for (const problem of problems) this.tellOnce(problem);
    return this.withProjectFile(uri, settings);
  }

  /** The editor's settings layered with the document's pyproject.toml (engine/projectConfig.ts says how). */
  private async withProjectFile(uri: string, editor: Settings): Promise<Settings> {
    return this.finder ? this.finder.settingsFor(uri, this.roots(), editor) : editor;
  }

  /** A malformed pyproject.toml is shown to the user, naming the file, the line and the key; its defaults apply. */
  private tellConfigProblems(problems: ConfigProblem[]): void {
    for (const problem of problems) {
      const message = `Flask Practices: ${formatConfigProblem(problem)}`;
      this.connection.console.warn(message);
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    }
  }

  private tellOnce(problem: string): void {
    // Each problem once, in the output channel, rather than on every keystroke.
    if (this.reported.has(problem)) return;
    this.reported.add(problem);
    this.connection.console.warn(problem);
  }
}
