import type { MessageMentionOptions } from 'discord.js';
import { renderText, type Answer, type Bot, type ContextStore } from '../../src/index.js';
import type { Logger } from '../log.js';
import { toDiscordReply, toPlainReply, type DiscordReply } from './embed.js';

/** What the Discord handlers need; passed in rather than held in module state, so tests can run several bots. */
export interface DiscordDeps {
  bot: Bot;
  log: Logger;
  contexts: ContextStore;
  /** Defer a slash command when it is already this old on arrival (by its id's timestamp); 0 defers every one. */
  deferAfterMs: number;
  now: () => number;
}

/** Nothing in a reply pings anyone: not @everyone, not roles, not users named in the question. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

/** One conversation per channel: a thread, a channel or a DM (Discord gives each its own channel id). */
export const conversationKey = (channelId: string): string => `discord:${channelId}`;

/**
 * Asks the core with the conversation's context so far, and keeps the context it returns for the next turn.
 * Never throws: a bug in the core becomes an apology, so the person is not left waiting.
 */
export function ask(deps: DiscordDeps, channelId: string, question: string): Answer {
  const key = conversationKey(channelId);
  const context = deps.contexts.get(key);
  try {
    const answer = deps.bot.ask(question, context);
    deps.contexts.set(key, answer.context);
    return answer;
  } catch (error) {
    deps.log.error({ ...errorFields(error), stack: (error as Error)?.stack }, 'the core failed to answer');
    return {
      status: 'not_found',
      headline: 'Sorry, something went wrong while answering that. Please rephrase or try again.',
      figures: [],
      cards: [],
      details: [],
      sources: [],
      suggestions: [],
      context,
    };
  }
}

/** The answer as embeds, or as plain text where embeds would not show. */
export function render(answer: Answer, embedsAllowed: boolean): DiscordReply {
  return embedsAllowed ? toDiscordReply(answer) : toPlainReply(renderText(answer));
}

/**
 * Log fields for a failed Discord call. Never the request URL: interaction and webhook URLs carry tokens.
 * discord.js errors carry status, code and method; anything else is reduced to its message.
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const { status, code, method } = error as Error & { status?: number; code?: unknown; method?: string };
  return { error: error.message, name: error.name, status, code, method };
}
