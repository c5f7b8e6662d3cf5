import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBot, KnowledgeError, loadKnowledge, type Bot } from '../src/index.js';

/** The knowledge folder: KNOWLEDGE_DIR, or knowledge/ in the project. */
export const knowledgeDir = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.KNOWLEDGE_DIR || 'knowledge');

/** Where start-ups remember which knowledge files they validated: KNOWLEDGE_CACHE_DIR, none when it is "off". */
export function knowledgeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.KNOWLEDGE_CACHE_DIR;
  if (dir === 'off') return undefined;
  return resolve(dir || join(tmpdir(), 'results-bot-cache'));
}

/** Loads the knowledge and builds the bot, or exits with the loader's message (file and field), never a stack trace. */
export function loadBotOrExit(env: NodeJS.ProcessEnv = process.env): Bot {
  try {
    return createBot(loadKnowledge(knowledgeDir(env), { cacheDir: knowledgeCacheDir(env) }));
  } catch (e) {
    if (e instanceof KnowledgeError) {
      process.stderr.write(`results-bot: cannot load knowledge: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}
