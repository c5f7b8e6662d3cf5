/**
 * Asking the core from an adapter: never throws, never shows a stack trace to the person asking, and logs the
 * question only at debug level (questions may be confidential; the status and timing are enough at info).
 */
import { emptyContext, type Answer, type Bot, type Context } from '../src/index.js';
import type { Logger } from './log.js';

export const APOLOGY = 'Sorry, something went wrong while answering that. Please rephrase or try again.';

/** The answer sent when the core fails: a known status, nothing from the error. */
export function apology(context: Context = emptyContext(), suggestions: string[] = ['help']): Answer {
  return { status: 'not_found', headline: APOLOGY, figures: [], cards: [], details: [], sources: [], suggestions, context };
}

/**
 * Asks the core. The question goes to the log at debug level; a failure is logged (its message at error, the stack
 * only at debug) and becomes an apology, keeping the conversation's context as it was.
 */
export function askSafely(bot: Bot, text: string, context: Context, log: Logger): Answer {
  log.debug({ question: text, length: text.length }, 'question');
  const started = performance.now();
  try {
    const answer = bot.ask(text, context);
    const ms = Math.round(performance.now() - started);
    if (ms > 1000) log.warn({ ms, length: text.length }, 'slow answer');
    return answer;
  } catch (error) {
    log.error({ error: error instanceof Error ? error.message : String(error), name: (error as Error)?.name }, 'the bot failed to answer');
    log.debug({ stack: (error as Error)?.stack }, 'the bot failed to answer: stack');
    return apology(context);
  }
}
