import type { ProjectReader } from '../engine';
import type { ReadProjectFileParams } from './protocol';

/**
 * Project files for the engine in a browser worker, read through the client (`workspace.fs`).
 * The client answers asynchronously but the engine's reader is synchronous: the reader answers
 * from what was fetched and notes what it lacked; the backend fetches that and analyses again.
 */
export class ClientFiles {
  /** Fetched files by request (undefined: the client has none), until {@link forget}. */
  private readonly known = new Map<string, string | undefined>();
  private readonly wanted = new Map<string, ReadProjectFileParams>();

  constructor(private readonly read: (params: ReadProjectFileParams) => Promise<string | null>) {}

  readonly reader: ProjectReader = (path, from) => {
    const params = { document: from.location, documentPath: from.path, path };
    const key = JSON.stringify(params);
    if (this.known.has(key)) return this.known.get(key);
    this.wanted.set(key, params);
    return undefined;
  };

  /** Fetches what the reader was asked for and lacked; false when it lacked nothing. */
  async fetchWanted(): Promise<boolean> {
    if (this.wanted.size === 0) return false;
    const batch = [...this.wanted];
    this.wanted.clear();
    await Promise.all(
      batch.map(async ([key, params]) => {
        const text = await this.read(params).catch(() => null);
        this.known.set(key, text ?? undefined);
      }),
    );
    return true;
  }

  /** Drops every fetched file: the next analyses read them again (a closed module may have been saved). */
  forget(): void {
    this.known.clear();
  }
}
