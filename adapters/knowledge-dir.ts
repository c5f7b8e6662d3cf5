import { resolve } from 'node:path';
import { createBot, KnowledgeError, loadKnowledge, type Bot } from '../src/index.js';

/** The knowledge folder: KNOWLEDGE_DIR, or knowledge/ in the project. */
export const knowledgeDir = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.KNOWLEDGE_DIR || 'knowledge');

/** Loads the knowledge and builds the bot, or exits with the loader's message (file and field), never a stack trace. */
export function loadBotOrExit(env: NodeJS.ProcessEnv = process.env): Bot {
  try {
    return createBot(loadKnowledge(knowledgeDir(env)));
  } catch (e) {
    if (e instanceof KnowledgeError) {
      process.stderr.write(`results-bot: cannot load knowledge: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}
