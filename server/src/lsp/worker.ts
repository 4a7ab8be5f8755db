import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine';
import { RULES } from '../rules';
import { loadGrammarBytes } from '../host/grammarFiles';
import { diskLister, diskReader } from '../host/projectFiles';
import { AnalysisService } from './analysisService';
import { readPythonSource } from '../host/sourceFiles';
import { fileURLToPath } from 'node:url';
import type { WorkerEnvelope, WorkerReply } from './protocol';
import { postedResponse } from './wireFindings';
import { StringSender } from './wireStrings';

/**
 * The analysis worker: parsing a large file takes seconds, so it happens here and the LSP
 * thread stays free to answer hovers and other documents. Messages are handled in order.
 */
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

/** The strings this worker has posted: the LSP thread's WorkerBackend keeps the same table. */
const strings = new StringSender();

/** Set by the first message: from then on, real work comes first. */
let needed = false;

const ready = Engine.create(loadGrammarBytes(__dirname), RULES, diskReader, diskLister).then((engine) => {
  warmUpWhileIdle(engine);
  return new AnalysisService(engine, (location, maxBytes) => readPythonSource(fileURLToPath(location), maxBytes));
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

port.on('message', async (envelope: WorkerEnvelope) => {
  needed = true;
  const service = await ready;
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
});
