import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';

/**
 * A `window/workDoneProgress` bar for one phase, where the client supports it (the library sends
 * nothing otherwise). Reports are throttled: a batch of files takes milliseconds.
 */
export class PhaseProgress {
  private reporter?: WorkDoneProgressServerReporter;
  private total = 0;
  private done = 0;
  private ended = false;
  private lastReport = 0;

  constructor(connection: Connection, private readonly title: string) {
    connection.window.createWorkDoneProgress().then(
      (reporter) => {
        reporter.begin(this.title, this.percentage(), this.message());
        // A phase that ended before the client made its bar still shows it began and ended, so a
        // client (or a test) waiting for the phase by its title sees it end.
        if (this.ended) return reporter.done();
        this.reporter = reporter;
      },
      () => undefined,
    );
  }

  grow(count: number): void {
    this.total += count;
  }

  step(count: number): void {
    this.done += count;
    const now = Date.now();
    if (!this.reporter || now - this.lastReport < 200) return;
    this.lastReport = now;
    this.reporter.report(this.percentage(), this.message());
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.reporter?.done();
  }

  private percentage(): number {
    return this.total === 0 ? 0 : Math.min(100, Math.floor((100 * this.done) / this.total));
  }

  private message(): string {
    return `${this.done}/${this.total} files`;
  }
}
