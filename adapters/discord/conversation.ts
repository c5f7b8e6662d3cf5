import type { MessageMentionOptions } from 'discord.js';
import { renderText, type ChatAnswer, type ContextStore } from '../../src/index.js';
import { answerSafely, type Answerer } from '../answering.js';
import type { InFlight, OverloadLog } from '../lifecycle.js';
import type { Logger } from '../log.js';
import type { FairUse } from '../rate-limit.js';
import { toDiscordReply, toPlainReply, type DiscordReply } from './embed.js';

/** What the Discord handlers need; passed in rather than held in module state, so tests can run several bots. */
export interface DiscordDeps {
  core: Answerer;
  log: Logger;
  contexts: ContextStore;
  /** Defer a slash command when it is already this old on arrival (by its id's timestamp); 0 defers every one. */
  deferAfterMs: number;
  now: () => number;
  /** Per-user and per-channel limits. */
  fairUse: FairUse;
  /** Questions being answered; stop() waits for them. */
  inflight: InFlight;
  /** Past this many in flight, new questions get a short "busy" reply instead of an answer. */
  maxInFlight: number;
  overload: OverloadLog;
  /** False once stopping: new questions get a short "restarting" reply. */
  accepting: () => boolean;
}

/** Why a question is turned away at once, and what its author is told. */
export interface Refusal {
  reason: 'restarting' | 'busy';
  text: string;
}
const RESTARTING: Refusal = { reason: 'restarting', text: 'I am restarting: please ask again in a few seconds.' };
const BUSY: Refusal = { reason: 'busy', text: 'Too many questions at once: please ask again in a few seconds.' };

/** Why a new question would be turned away at once, if it would: stopping, or too much in flight. */
export function refusal(deps: DiscordDeps): Refusal | undefined {
  if (!deps.accepting()) return RESTARTING;
  const busy = deps.inflight.size;
  if (busy >= deps.maxInFlight) {
    deps.overload.refused(busy);
    return BUSY;
  }
  deps.overload.accepted();
  return undefined;
}

/** Nothing in a reply pings anyone: not @everyone, not roles, not users named in the question. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

/** One conversation per channel: a thread, a channel or a DM (Discord gives each its own channel id). */
export const conversationKey = (channelId: string): string => `discord:${channelId}`;

/**
 * Asks the core with the conversation's context so far, and keeps the context it returns for the next turn.
 * Never throws: a bug in the core becomes an apology (logged to `log`, the request's logger), so no one is left waiting.
 */
export async function ask(deps: DiscordDeps, channelId: string, question: string, log: Logger = deps.log): Promise<ChatAnswer> {
  const key = conversationKey(channelId);
  const answer = await answerSafely(deps.core, question, deps.contexts.get(key), log);
  deps.contexts.set(key, answer.context);
  return answer;
}

/** The answer as embeds, or as plain text where embeds would not show. */
export function render(answer: ChatAnswer, embedsAllowed: boolean): DiscordReply {
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
