/**
 * Asking the core from an adapter: never throws, never shows a stack trace to the person asking, and logs the
 * question only at debug level (questions may be confidential; the status and timing are enough at info).
 */
import { emptyContext, type Answer, type Bot, type ChatAnswer, type Context, type Suggestion } from '../src/index.js';
import type { Logger } from './log.js';

export const APOLOGY = 'Sorry, something went wrong while answering that. Please rephrase or try again.';

/** The answer sent when the core fails: a known status, nothing from the error. */
export function apology(context: Context = emptyContext(), suggestions: string[] = ['help']): Answer {
  return { status: 'not_found', headline: APOLOGY, figures: [], cards: [], details: [], sources: [], suggestions, context };
}

/**
 * How the chat adapters reach the core: on a thread of its own (core-thread.ts), so that working out an answer never
 * holds up the event loop that receives questions and sends answers, or in this thread (inThisThread).
 */
export interface Answerer {
  /** Rejects when the core failed (a bug, or its thread stopped): answerSafely turns that into an apology. */
  ask(text: string, context: Context): Promise<ChatAnswer>;
  suggest(partial: string, limit?: number): Promise<Suggestion[]>;
}

/** The core in this thread, behind the adapters' asynchronous interface (tests, and the benchmark's fixed answer). */
export function inThisThread(bot: Bot): Answerer {
  return {
    ask: async (text, context) => bot.ask(text, context),
    suggest: async (partial, limit) => bot.suggest(partial, limit),
  };
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
    warnIfSlow(started, text, log);
    return answer;
  } catch (error) {
    return failed(error, context, log);
  }
}

/** askSafely for an Answerer: resolves with the answer, or with an apology when the core failed. */
export async function answerSafely(answerer: Answerer, text: string, context: Context, log: Logger): Promise<ChatAnswer> {
  log.debug({ question: text, length: text.length }, 'question');
  const started = performance.now();
  try {
    const answer = await answerer.ask(text, context);
    warnIfSlow(started, text, log);
    return answer;
  } catch (error) {
    return failed(error, context, log);
  }
}

function warnIfSlow(started: number, text: string, log: Logger): void {
  const ms = Math.round(performance.now() - started);
  if (ms > 1000) log.warn({ ms, length: text.length }, 'slow answer');
}

function failed(error: unknown, context: Context, log: Logger): Answer {
  log.error({ error: error instanceof Error ? error.message : String(error), name: (error as Error)?.name }, 'the bot failed to answer');
  log.debug({ stack: (error as Error)?.stack }, 'the bot failed to answer: stack');
  return apology(context);
}
