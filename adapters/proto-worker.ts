import { parentPort, workerData } from 'node:worker_threads';
import { createBot, loadKnowledge, renderText } from '../src/index.js';
import { toSlackMessage } from './slack/blocks.js';
const bot = createBot(loadKnowledge(workerData.dir));
parentPort!.on('message', (m: { id: number; question: string; context: any }) => {
  const a = bot.ask(m.question, m.context);
  parentPort!.postMessage({ id: m.id, status: a.status, context: a.context, message: toSlackMessage(a, renderText(a)) });
});
