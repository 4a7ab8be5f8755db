// Client for test/python/flask_probe.py: one long-lived Debian /usr/bin/python3
// (the interpreter with the apt Flask packages) shared by many test cases.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { Socket } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const PYTHON = "/usr/bin/python3";

// tsx runs this file as CommonJS while package.json has no "type"; the
// import.meta branch keeps it working if the project switches to ESM.
const HERE = typeof __dirname === "string" ? __dirname : path.dirname(fileURLToPath(import.meta.url));
export const PROBE_SCRIPT = path.join(HERE, "..", "python", "flask_probe.py");

export interface CompileResult {
  ok: boolean;
  error?: string;
  line?: number;
}

/** A GET that returned (`location`: a redirect's `Location` header), or one whose exception reached the test client (DEBUG/TESTING propagate). */
export type RouteResult = { status: number; body: string; location?: string } | { error: string };

/** ok: how, env and routes are set; not ok: error holds the traceback. */
export interface ProbeResult {
  ok: boolean;
  /** "attribute:app" or "factory:create_app". */
  how?: string;
  /** Variables the probe set for the import (FLASK_* ones are removed). */
  env?: Record<string, string>;
  /** Keyed by rule, e.g. "/notes"; only GET rules without arguments. */
  routes?: Record<string, RouteResult>;
  error?: string;
}

export interface ProbeOptions {
  /** Seconds the Python side allows for import plus requests (default 30). */
  timeoutS?: number;
}

/** A response with its headers (a Set-Cookie keeps only the cookie's name), and what a view or thread raised meanwhile. */
export type ExercisedResponse = { status: number; body: string; headers: [string, string][]; raised?: string[] } | { error: string };
export type Rendered = { out: string } | { error: string };

/** What an app does: flask_behaviour.py gathers it. */
export interface Behaviour {
  ok: true;
  how: string;
  /** app.run() calls during the import (only with tolerateRun; otherwise such an import fails). */
  run_at_import: number;
  routes: Record<string, ExercisedResponse>;
  /** A GET of a URL no rule matches: the 404 handler and the request hooks. */
  missing: ExercisedResponse;
  templates: {
    filters: Record<string, Record<string, Rendered>>;
    globals: Record<string, Rendered>;
    context: Record<string, Rendered>;
    sample: Rendered;
    options: Record<string, unknown>;
  };
  /** Each app.cli command the module defines ("group sub" in a group), run once without arguments; others only listed. */
  cli: Record<string, { exit_code: number; output: string; exception?: string } | { defined_in: string | null }>;
  /** The GET routes again after the CLI commands ran. */
  routes_after_cli: Record<string, ExercisedResponse>;
}

export interface ExerciseOptions extends ProbeOptions {
  /** Variables to set for the import on top of the probe's SECRET_KEY (null unsets one). */
  env?: Record<string, string | null>;
  /** app.run() during the import is counted instead of failing it. */
  tolerateRun?: boolean;
}

/** create_app(test_config) built: whether the module has one, and the keys whose value it did not take. */
export type FactoryBuild = { ok: true; factory: false } | { ok: true; factory: true; mismatches: Record<string, string> };
export type Failed = { ok: false; error: string };

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const STDERR_TAIL = 4000;
// Headroom over the Python-side alarm before the client gives up on the process.
const CLIENT_SLACK_MS = 10_000;

export class PythonProbe {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stderrTail = "";
  private dead: Error | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    python: string,
    tmpDir: string,
  ) {
    // Unreferenced while idle, so a test that forgets close() cannot keep node
    // alive; a pending request's timer keeps the loop running meanwhile.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref();

    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    createInterface({ input: child.stdout }).on("line", (line) => this.onLine(line));
    // EPIPE when writing to a dead process is reported through "close" instead.
    child.stdin.on("error", () => {});
    this.exited = new Promise((resolve) => {
      child.on("error", (err) => {
        this.fail(`could not run ${python}: ${err.message}`);
        rmSync(tmpDir, { recursive: true, force: true });
        resolve();
      });
      // "close", not "exit": by then stderr is drained, so the tail is complete.
      child.on("close", (code, signal) => {
        this.fail(`flask_probe exited (code ${code}, signal ${signal})`);
        rmSync(tmpDir, { recursive: true, force: true });
        resolve();
      });
    });
  }

  static start(python: string = PYTHON): PythonProbe {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith("FLASK_") && !key.startsWith("PYTHON")) env[key] = value;
    }
    // The probe's temp dirs go in here, removed when the process ends, so even
    // a module that calls os._exit() at import leaves nothing behind.
    env.TMPDIR = mkdtempSync(path.join(os.tmpdir(), "flask-probe-"));
    // -I: no user site-packages, no PYTHON* variables, so only the apt packages count.
    const child = spawn(python, ["-I", PROBE_SCRIPT], { env, stdio: ["pipe", "pipe", "pipe"] });
    return new PythonProbe(child, python, env.TMPDIR);
  }

  async compile(source: string, name = "<probe>"): Promise<CompileResult> {
    const { ok, error, line } = await this.request({ op: "compile", source, name }, 30_000);
    return {
      ok: ok === true,
      ...(typeof error === "string" ? { error } : {}),
      ...(typeof line === "number" ? { line } : {}),
    };
  }

  async probe(files: Record<string, string>, module: string, options: ProbeOptions = {}): Promise<ProbeResult> {
    const timeoutS = options.timeoutS ?? 30;
    const response = await this.request({ op: "probe", files, module, timeout: timeoutS }, timeoutS * 1000 + CLIENT_SLACK_MS);
    return response as unknown as ProbeResult;
  }

  /** Imports the module and records what its app does (see {@link Behaviour}). */
  async exercise(files: Record<string, string>, module: string, options: ExerciseOptions = {}): Promise<Behaviour | Failed> {
    return (await this.exerciseRequest(files, module, options, {})) as unknown as Behaviour | Failed;
  }

  /** Imports the module and builds `create_app(testConfig)`, when it has a factory with a `test_config` parameter. */
  async buildWithTestConfig(
    files: Record<string, string>,
    module: string,
    testConfig: Record<string, unknown>,
    options: ExerciseOptions = {},
  ): Promise<FactoryBuild | Failed> {
    return (await this.exerciseRequest(files, module, options, { test_config: testConfig })) as unknown as FactoryBuild | Failed;
  }

  private exerciseRequest(files: Record<string, string>, module: string, options: ExerciseOptions, extra: Record<string, unknown>) {
    const timeoutS = options.timeoutS ?? 30;
    const message = {
      op: "exercise",
      files,
      module,
      timeout: timeoutS,
      ...(options.env ? { env: options.env } : {}),
      ...(options.tolerateRun ? { tolerate_run: true } : {}),
      ...extra,
    };
    return this.request(message, timeoutS * 1000 + CLIENT_SLACK_MS);
  }

  async versions(): Promise<{ python: string; flask: string }> {
    const { python, flask } = await this.request({ op: "versions" }, 30_000);
    return { python: String(python), flask: String(flask) };
  }

  /** Ends stdin so the probe leaves its loop; kills it if it has not exited after 5 s. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin.end();
      const killer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
      await this.exited;
      clearTimeout(killer);
    }
  }

  private request(message: Record<string, unknown>, timeoutMs: number): Promise<Record<string, unknown>> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // The Python-side alarm did not fire, so the process is stuck: restart is the caller's job.
        this.child.kill("SIGKILL");
        this.fail(`flask_probe gave no answer to request ${id} within ${timeoutMs} ms`);
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin.write(JSON.stringify({ id, ...message }) + "\n");
    });
  }

  private onLine(line: string): void {
    let response: Record<string, unknown>;
    try {
      response = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.fail(`flask_probe wrote a line that is not JSON: ${line.slice(0, 200)}`);
      this.child.kill("SIGKILL");
      return;
    }
    const entry = typeof response.id === "number" ? this.pending.get(response.id) : undefined;
    if (!entry) return;
    this.pending.delete(response.id as number);
    clearTimeout(entry.timer);
    const { id: _id, ...rest } = response;
    entry.resolve(rest);
  }

  /** Rejects every pending request (and all later ones) with the stderr tail attached. */
  private fail(reason: string): void {
    this.dead ??= new Error(`${reason}\n--- stderr tail ---\n${this.stderrTail}`);
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(this.dead);
      this.pending.delete(id);
    }
  }
}
