import { parentPort, type MessagePort } from 'node:worker_threads';
import { Engine } from '../engine';
import { RULES } from '../rules';
import { loadGrammarBytes } from '../host/grammarFiles';
import { diskLister, diskReader } from '../host/projectFiles';
import { AnalysisService } from './analysisService';
import { readPythonSource } from '../host/sourceFiles';
import { fileURLToPath } from 'node:url';
import type { WorkerEnvelope, WorkerReply, YoungGenerationFull } from './protocol';
import { postedResponse } from './wireFindings';
import { StringSender } from './wireStrings';
import { youngGenerationFull } from './youngGenerations';
import { IdleSettler } from './idleSettler';

/**
 * The analysis worker (dist/analysisWorker.js, which dist/worker.js loads: workerMain.ts):
 * parsing a large file takes seconds, so it happens here and the LSP thread stays free to answer
 * hovers and other documents. Messages are handled in order.
 */
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

/** The strings this worker has posted: the LSP thread's WorkerBackend keeps the same table. */
const strings = new StringSender();

/** Set by the first message: from then on, real work comes first. */
let needed = false;

const ready = Engine.create(loadGrammarBytes(__dirname), RULES, diskReader, diskLister).then((engine) => {
  warmUpWhileIdle(engine);
  const service = new AnalysisService(engine, (location, maxBytes) => readPythonSource(fileURLToPath(location), maxBytes));
  // Settles the module just analysed while no message comes.
  const settler = new IdleSettler((uri) => service.settle(uri));
  return { service, settler };
});

/**
 * Runs the rules over their examples, one at a time, until the first message arrives: time the
 * worker would spend waiting for the handshake compiles the engine's and the parser's code, so the
 * first document's diagnostics come sooner. A message waits for at most one short step.
 */
function warmUpWhileIdle(engine: Engine): void {
  const rules = [...engine.rules];
  const step = () => {
    const rule = rules.shift();
    if (needed || !rule) return;
    engine.warmUp(rule);
    setImmediate(step);
  };
  setImmediate(step);
}

/** Called once, after the first analysis's reply: the worker's entry (workerMain.ts) writes its code cache then. */
let afterFirstAnalysis: (() => void) | undefined;

export function whenFirstAnalysed(hook: () => void): void {
  afterFirstAnalysis = hook;
}

let toldYoungGenerationFull = false;

/**
 * Once its new space has grown to its limit, the worker says so: the LSP thread's then stops
 * growing (youngGenerations.ts). Not before the first analysis has written the code cache, which
 * would not fit the next start once V8's flags change.
 */
function tellWhenYoungGenerationFull(to: MessagePort): void {
  if (toldYoungGenerationFull || afterFirstAnalysis || !youngGenerationFull()) return;
  toldYoungGenerationFull = true;
  const full: YoungGenerationFull = { youngGenerationFull: true };
  to.postMessage(full);
}

port.on('message', async (envelope: WorkerEnvelope) => {
  needed = true;
  // Resumed before any timer fires: a settling step never runs after a message has come.
  const { service, settler } = await ready;
  settler.cancel();
  if (envelope.id === undefined) {
    service.notify(envelope.message as Parameters<AnalysisService['notify']>[0]);
    return;
  }
  let reply: WorkerReply;
  const request = envelope.message as Parameters<AnalysisService['request']>[0];
  if (request.kind === 'crash') {
    // Test-only: take the whole worker down, as a real crash would.
    setImmediate(() => {
      throw new Error('crash requested by a test');
    });
    return;
  }
  try {
    reply = { id: envelope.id, response: postedResponse(service.requestWire(request), strings) };
  } catch (error) {
    reply = { id: envelope.id, response: { kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
  }
  port.postMessage(reply);
  if (request.kind === 'analyse' && afterFirstAnalysis) {
    const hook = afterFirstAnalysis;
    afterFirstAnalysis = undefined;
    hook();
  }
  tellWhenYoungGenerationFull(port);
  if (request.kind === 'analyse') settler.analysed(request.uri);
});
