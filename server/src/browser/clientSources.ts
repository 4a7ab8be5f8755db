import type { WorkerRequest } from '../lsp/protocol';
import { sourcesRead, type SourceReader } from '../lsp/workspaceIndexService';

/**
 * Workspace files' sources for the engine in a browser worker, read through the client
 * (`workspace.fs`) in one batch before each request that reads them: the engine's reader is
 * synchronous, the client asynchronous. What a request read is dropped after it; files an
 * indexing request had no time for stay until the next batch, which starts with them.
 */
export class ClientSources {
  /** By {@link key}: the text, or undefined when the client has none. */
  private readonly fetched = new Map<string, string | undefined>();
  private readonly read = new Set<string>();

  constructor(private readonly fetch: (uris: string[], maxBytes: number) => Promise<(string | null)[]>) {}

  readonly reader: SourceReader = (location, maxBytes) => {
    const key = sourceKey(location, maxBytes);
    this.read.add(key);
    return this.fetched.get(key);
  };

  /** Fetches the sources `request` will read, those not fetched already. */
  async prepare(request: WorkerRequest): Promise<void> {
    const wanted = sourcesRead(request);
    if (!wanted) return;
    const missing = wanted.files.map((f) => f.location).filter((location) => !this.fetched.has(sourceKey(location, wanted.maxBytes)));
    if (missing.length === 0) return;
    const texts = await this.fetch(missing, wanted.maxBytes).catch(() => missing.map(() => null));
    missing.forEach((location, i) => this.fetched.set(sourceKey(location, wanted.maxBytes), texts[i] ?? undefined));
  }

  /** After `request`: drops what it read, and the sources of files it forgot. */
  settle(request: WorkerRequest): void {
    for (const key of this.read) this.fetched.delete(key);
    this.read.clear();
    if (request.kind !== 'forgetFiles') return;
    const gone = new Set(request.files.map((f) => f.location));
    for (const key of this.fetched.keys()) if (gone.has(key.slice(key.indexOf(' ') + 1))) this.fetched.delete(key);
  }
}

const sourceKey = (location: string, maxBytes: number) => `${maxBytes} ${location}`;
