import { compose, type Core } from './answer/compose.js';
import { scrub } from './answer/scrub.js';
import type { Answer } from './answer/types.js';
import type { Bot, Suggestion } from './bot.js';
import { emptyContext, type Context } from './conversation/context.js';
import type { Knowledge } from './knowledge/model.js';
import { suggest } from './suggest.js';
import { CatalogueIndex } from './understand/catalogue-index.js';
import { parseQuestion } from './understand/parse.js';

/** Builds the bot over loaded knowledge: the index is built once, every question after is a pure look-up. */
export function createBot(knowledge: Knowledge): Bot {
  const core: Core = { knowledge, index: new CatalogueIndex(knowledge) };
  return {
    ask(text: string, context: Context = emptyContext()): Answer {
      return scrub(compose(core, parseQuestion(text, core.index), context));
    },
    suggest(partial: string, limit = 25): Suggestion[] {
      return suggest(core, partial, limit);
    },
  };
}
