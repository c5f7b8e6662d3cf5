// The core thread itself (see core-thread.ts): loads the knowledge, then answers each message in turn.
import { parentPort, workerData } from 'node:worker_threads';
import { createBot, KnowledgeError, loadKnowledge, type Bot } from '../src/index.js';
import type { CoreThreadData, FromCore, Reply, ToCore } from './core-thread.js';

const port = parentPort!;
const post = (message: FromCore) => port.postMessage(message);
const { knowledgeDir, cacheDir } = workerData as CoreThreadData;

let bot: Bot;
try {
  const knowledge = loadKnowledge(knowledgeDir, { cacheDir });
  bot = createBot(knowledge);
  post({ ready: { companies: knowledge.companies.length } });
} catch (error) {
  post({ failed: { message: (error as Error).message, knowledge: error instanceof KnowledgeError } });
  process.exit(1); // ends this thread only
}

// A batch of questions in, a batch of replies out: one message each way.
port.on('message', (batch: ToCore[]) => {
  const replies: Reply[] = [];
  for (const m of batch) replies.push(reply(m));
  port.postMessage(replies satisfies FromCore);
});

function reply(m: ToCore): Reply {
  try {
    if ('ask' in m) {
      // The figures' Decimals stay here: chat renderings use the cards.
      const { figures: _, ...answer } = bot.ask(m.ask, m.context);
      return { id: m.id, answer };
    }
    return { id: m.id, suggestions: bot.suggest(m.suggest, m.limit) };
  } catch (error) {
    const e = error as Error;
    return { id: m.id, error: { name: e?.name ?? 'Error', message: e?.message ?? String(error), stack: e?.stack } };
  }
}
