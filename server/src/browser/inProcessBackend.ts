import type { Engine } from '../engine';
import type { AnalysisBackend } from '../lsp/analysisBackend';
import type { AnalysisService } from '../lsp/analysisService';
import type { WorkerNotification, WorkerRequest, WorkerResponse } from '../lsp/protocol';
import type { ClientFiles } from './clientFiles';
import type { ClientSources } from './clientSources';

/** How many times one request fetches files and runs again (a module read may name another). */
const MAX_FETCH_ROUNDS = 3;

/**
 * The engine in the language server's own Web Worker. A request that reads workspace files
 * (indexing, a file nobody opened) fetches them from the client first; one that read project files
 * the client had not sent yet fetches them and runs again, so its answer already reflects them.
 */
export class InProcessBackend implements AnalysisBackend {
  constructor(
    private readonly ready: Promise<{ engine: Engine; service: AnalysisService }>,
    private readonly files: ClientFiles,
    private readonly sources: ClientSources,
  ) {}

  notify(message: WorkerNotification): void {
    // Chained on one promise: notifications and requests run in the order they were sent.
    void this.ready.then(({ service }) => {
      if (message.kind === 'close') this.files.forget();
      service.notify(message);
    });
  }

  async request(message: WorkerRequest): Promise<WorkerResponse> {
    const { engine, service } = await this.ready;
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
    }
  }

  async dispose(): Promise<void> {}
}
