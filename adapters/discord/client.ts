import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  RESTEvents,
  type Interaction,
  type Message,
} from 'discord.js';
import { newRequestId } from '../lifecycle.js';
import { limitNotice } from '../rate-limit.js';
import type { DiscordConfig } from './config.js';
import { ask, errorFields, NO_MENTIONS, refusal, render, type DiscordDeps, type Refusal } from './conversation.js';
import { commands } from './commands/index.js';
import { sendWithRetry } from './retry.js';

/** REST behaviour: how long one call may take, and how often a failed one (5xx, reset, timeout) is tried again. */
export interface RestOptions {
  timeoutMs?: number; // default 10 s
  retries?: number; // default 2
}

/**
 * A discord.js client with what the bot needs and nothing more. MessageContent is privileged and optional:
 * without it Discord still delivers the content of messages that mention the bot and of DMs.
 */
export function createClient(config: Pick<DiscordConfig, 'apiUrl' | 'messageContentIntent'>, rest: RestOptions = {}): Client {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (config.messageContentIntent) intents.push(GatewayIntentBits.MessageContent);
  return new Client({
    intents,
    partials: [Partials.Channel], // DM channels are not cached at startup: without this, DMs are dropped
    rest: { api: config.apiUrl, timeout: rest.timeoutMs ?? 10_000, retries: rest.retries ?? 2 },
    allowedMentions: NO_MENTIONS, // the default for every send; each reply also sets it explicitly
  });
}

/** Wires the client's events to the handlers. Every handler catches its own errors: one failure must not stop the bot. */
export function listen(client: Client, deps: DiscordDeps): void {
  const { log } = deps;
  // The handlers catch their own errors; this last net keeps an unexpected one from ending the process.
  const unexpected = (error: unknown) => log.error(errorFields(error), 'unexpected error handling a Discord event');
  // Everything is counted until done, so that stop() can wait for it. Once stopping, or with too much in flight, a
  // question gets a short reply saying so instead of an answer: Discord never delivers it again, so silence would lose it.
  client.on(Events.InteractionCreate, (interaction) => {
    const turnedAway = refusal(deps);
    void deps.inflight.run(() => (turnedAway ? turnAway(interaction, turnedAway, deps) : onInteraction(interaction, deps))).catch(unexpected);
  });
  client.on(Events.MessageCreate, (message) => {
    if (!addressedToBot(message)) return; // most messages in a server are not questions: nothing to count or refuse
    const turnedAway = refusal(deps);
    void deps.inflight.run(() => onMessage(message, deps, turnedAway)).catch(unexpected);
  });

  // An 'error' event without a listener would throw and end the process.
  client.on(Events.Error, (error) => log.error(errorFields(error), 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({}, message));
  client.on(Events.ShardError, (error, shard) => log.warn({ shard, ...errorFields(error) }, 'gateway connection error'));
  client.on(Events.ShardDisconnect, (event, shard) => log.error({ shard, code: event.code }, 'gateway closed for good'));
  client.on(Events.ShardReconnecting, (shard) => log.warn({ shard }, 'gateway connection lost; reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway session resumed'));
  // Log fields name the route with its ids and tokens replaced (info.url and the request path can carry tokens).
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429 && response.status < 500) return;
    const retryAfter = response.headers.get('retry-after');
    log.warn(
      { route: request.route, method: request.method, status: response.status, retryAfter, attempt: request.retries + 1 },
      response.status === 429 ? 'rate limited by Discord; retrying after the wait' : 'Discord server error',
    );
  });
  client.rest.on(RESTEvents.RateLimited, (info) => {
    const { route, method, timeToReset: waitMs, global } = info;
    log.info({ route, method, waitMs, global }, 'waiting for a rate limit');
  });
}

/** Replies to a command with why it is not answered (only its author sees it); autocomplete gets no choices. */
async function turnAway(interaction: Interaction, why: Refusal, deps: DiscordDeps): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isChatInputCommand()) {
      await interaction.reply({ content: why.text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      deps.log.info({ interactionId: interaction.id, reason: why.reason }, 'turned away');
    }
  } catch (error) {
    deps.log.warn({ via: 'turn away', ...errorFields(error) }, 'could not reply to a command turned away');
  }
}

export async function onInteraction(interaction: Interaction, deps: DiscordDeps): Promise<void> {
  if (!interaction.isChatInputCommand() && !interaction.isAutocomplete()) return;
  const command = commands.find((c) => c.data.name === interaction.commandName);
  if (!command) {
    deps.log.warn({ command: interaction.commandName }, 'unknown command: re-run npm run discord:register');
    return;
  }
  if (interaction.isAutocomplete()) await command.autocomplete(interaction, deps);
  else await command.execute(interaction, deps);
}

/**
 * Answers a DM, or a message in a server that mentions the bot, with a reply to that message (or with `turnedAway`,
 * why it is not answered now). The reply carries the question's id as an enforced nonce, so a retried send (after a
 * timeout or a reset) never posts the answer twice.
 */
export async function onMessage(message: Message, deps: DiscordDeps, turnedAway?: Refusal): Promise<void> {
  if (!addressedToBot(message)) return;
  const me = message.client.user;
  const inGuild = message.inGuild();
  const botRole = inGuild ? message.guild.members.me?.roles.botRole?.id : undefined;
  const via = inGuild ? 'mention' : 'dm';
  const log = deps.log.child({ reqId: newRequestId(), via, messageId: message.id });
  const once = { nonce: message.id, enforceNonce: true, allowedMentions: NO_MENTIONS };
  try {
    if (turnedAway) {
      await sendWithRetry(() => message.reply({ content: turnedAway.text, ...once }), log);
      log.info({ reason: turnedAway.reason }, 'turned away');
      return;
    }
    const verdict = deps.fairUse.check(`user:${message.author.id}`, `channel:${message.channelId}`);
    if (!verdict.allowed) {
      log.info({ limit: verdict.scope, user: message.author.id, channel: message.channelId, notified: verdict.notify }, 'rate limited');
      if (verdict.notify) await sendWithRetry(() => message.reply({ content: limitNotice(verdict), ...once }), log);
      return;
    }
    const question = stripMention(message.content, me.id, botRole);
    const answer = await ask(deps, message.channelId, question, log);
    const embeds = inGuild ? (message.channel.permissionsFor(me)?.has(PermissionFlagsBits.EmbedLinks) ?? true) : true;
    await sendWithRetry(() => message.reply({ ...render(answer, embeds), ...once }), log);
    log.info({ status: answer.status, embeds }, 'answered');
  } catch (error) {
    log.error(errorFields(error), 'could not answer a message');
  }
}

/** A DM, or a message in a server that mentions the bot, from a person (other bots and itself: no loops). */
function addressedToBot(message: Message): boolean {
  if (message.author.bot || message.system) return false;
  if (!message.inGuild()) return true;
  return mentionsBot(message, message.client.user.id, message.guild.members.me?.roles.botRole?.id);
}

// People often pick the bot's managed role ("@results-bot" appears twice in the picker): count that as a mention too.
function mentionsBot(message: Message, botId: string, botRole: string | undefined): boolean {
  return message.mentions.users.has(botId) || (botRole !== undefined && message.mentions.roles.has(botRole));
}

/** Removes the bot's own mention (user or role) so the question reads as typed; the core strips any other markup. */
export function stripMention(content: string, botId: string, botRole?: string): string {
  const ids = botRole ? `${botId}|&${botRole}` : botId;
  return content.replace(new RegExp(`<@!?(?:${ids})>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
