import type { Connection } from 'vscode-languageserver';
import { normaliseSettings, type Settings } from '../engine';

/**
 * Settings per resource, as the client scopes them: asked for with `workspace/configuration`,
 * cached per document URI, and dropped when the configuration changes or the document closes.
 * Clients without that request (some editors, tests) send them as initialization options.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();
  private fallback: unknown;

  constructor(
    private readonly connection: Connection,
    private readonly knownCodes: readonly string[],
    private readonly canAskClient: () => boolean,
  ) {}

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
    for (const problem of problems) {
      // Each problem once, in the output channel, rather than on every keystroke.
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.connection.console.warn(problem);
    }
    return settings;
  }
}
