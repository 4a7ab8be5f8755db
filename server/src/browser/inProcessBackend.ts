import type { Engine } from '../engine';
import type { AnalysisBackend } from '../lsp/analysisBackend';
import type { AnalysisService } from '../lsp/analysisService';
import { IdleSettler } from '../lsp/idleSettler';
import type { WorkerNotification, WorkerRequest, WorkerResponse } from '../lsp/protocol';
import type { ClientFiles } from './clientFiles';
import type { ClientSources } from './clientSources';

/** How many times one request fetches files and runs again (a module read may name another). */
const MAX_FETCH_ROUNDS = 3;

/**
 * The engine in the language server's own Web Worker. A request that reads workspace files
 * (indexing, a file nobody opened) fetches them from the client first; one that read project files
 * the client had not sent yet fetches them and runs again, so its answer already reflects them.
 * While idle, the tree of the module analysed last is settled, as the Node worker does; here each
 * step holds the server's thread for one reparse, which the first keystroke would otherwise pay.
 */
export class InProcessBackend implements AnalysisBackend {
  private readonly settler: IdleSettler;
  /** Requests awaiting the client: settling waits until none is left. */
  private inFlight = 0;

  constructor(
    private readonly ready: Promise<{ engine: Engine; service: AnalysisService }>,
    private readonly files: ClientFiles,
    private readonly sources: ClientSources,
    idleMs?: number,
  ) {
    let service: AnalysisService | undefined;
    // A parser that failed to load is reported where `ready` is made; nothing is settled then.
    ready.then(
      (loaded) => (service = loaded.service),
      () => undefined,
    );
    this.settler = new IdleSettler((uri) => service?.settle(uri) ?? false, undefined, idleMs);
  }

  notify(message: WorkerNotification): void {
    this.settler.cancel();
    // Chained on one promise: notifications and requests run in the order they were sent.
    void this.ready.then(({ service }) => {
      if (message.kind === 'close') this.files.forget();
      service.notify(message);
    });
  }

  async request(message: WorkerRequest): Promise<WorkerResponse> {
    this.settler.cancel();
    const { engine, service } = await this.ready;
    this.inFlight++;
    try {
      await this.sources.prepare(message);
      for (let round = 0; ; round++) {
        const response = service.request(message);
        if (round === MAX_FETCH_ROUNDS || !(await this.files.fetchWanted())) return response;
        engine.projectFilesChanged();
      }
    } catch (error) {
      return { kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    } finally {
      this.sources.settle(message);
      if (--this.inFlight === 0 && message.kind === 'analyse') this.settler.analysed(message.uri);
    }
  }

  async dispose(): Promise<void> {
    this.settler.cancel();
  }
}
