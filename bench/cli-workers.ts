/**
 * The CLI over a generated 2,000-file workspace, with one worker and with one per core: the
 * wall time of a cold process each, median of `runs`. The worker pool's gain is the ratio.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { flaskProject } from './generate';
import { median, round } from './stats';

export const CLI_WORKSPACE_FILES = 2000;

export interface CliWorkersFigures {
  cli_workspace_files: number;
  cli_one_worker_ms: number;
  cli_all_cores_ms: number;
  cli_cores: number;
  cli_one_over_all_cores: number;
}

export function cliWorkers(cli: string, runs: number): CliWorkersFigures {
  const dir = mkdtempSync(join(tmpdir(), 'flk-bench-workers-'));
  try {
    for (const file of flaskProject(CLI_WORKSPACE_FILES)) {
      const path = join(dir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    }
    const wall = (workers: number) => {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const result = spawnSync(process.execPath, [cli, 'check', '.', '--exit-zero', '--format', 'json', '--workers', String(workers)], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
        times.push(performance.now() - started);
        if (result.status !== 0) throw new Error(`check --workers ${workers} failed (${result.status}): ${result.stderr}`);
      }
      return median(times);
    };
    const cores = availableParallelism();
    const one = wall(1);
    const all = wall(cores);
    return { cli_workspace_files: CLI_WORKSPACE_FILES, cli_one_worker_ms: round(one, 0), cli_all_cores_ms: round(all, 0), cli_cores: cores, cli_one_over_all_cores: round(one / all) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function cliWorkersNote(figures: CliWorkersFigures): [string, string] {
  return [
    `CLI check, ${figures.cli_workspace_files} files, 1 worker / ${figures.cli_cores} workers (all cores)`,
    `${figures.cli_one_worker_ms} / ${figures.cli_all_cores_ms} ms (${figures.cli_one_over_all_cores}× faster)`,
  ];
}
