// A core thread that misbehaves on request, for the core thread's supervision tests (test/core-thread.test.ts): it
// speaks the real worker's protocol (adapters/core-thread.ts) and answers with the question itself, except for
// "hang" (never answers), "crash" (ends the thread), "throw" (the core fails), and it fails to load while its knowledge
// folder holds a file named "broken".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

if (existsSync(join(workerData.knowledgeDir, 'broken'))) {
  parentPort.postMessage({ failed: { message: 'catalogue/metrics.json: metrics[0].id: Required', knowledge: true } });
  process.exit(1);
}
parentPort.postMessage({ ready: { companies: 1 } });
parentPort.on('message', (batch) => parentPort.postMessage(batch.map(reply)));

function reply(m) {
  if (m.ask === 'hang') for (;;);
  if (m.ask === 'crash') process.exit(3);
  if (m.ask === 'throw') return { id: m.id, error: { name: 'TypeError', message: "Cannot read properties of undefined (reading 'x')" } };
  if ('suggest' in m) return { id: m.id, suggestions: [{ name: m.suggest, value: m.suggest }] };
  return { id: m.id, answer: { status: 'answered', headline: `you asked: ${m.ask}`, cards: [], details: [], sources: [], suggestions: [], context: m.context } };
}
