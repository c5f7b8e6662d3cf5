// The Bolt app: Slack events in, the core's answers out. Nothing here knows what a question means.
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import { ContextStore, renderText, type Bot } from '../../src/index.js';
import type { Fields, Logger } from '../log.js';
import { ConfigError, type Running } from '../platform.js';
import { plainMessage, toSlackMessage, type SlackMessage } from './blocks.js';
import type { SlackConfig } from './config.js';
import { cleanQuestion, parseCommand } from './text.js';

export interface SlackAppOptions {
  /** Web API retries. Production retries a little (Retry-After is honoured); tests pass { retries: 0 }. */
  retryConfig?: webApi.RetryOptions;
  /** Socket Mode heartbeat timeout; Bolt also waits this long before reconnecting. Default 5000 ms. */
  socketPingTimeoutMs?: number;
  /** Socket Mode: after a reconnection failed for good, try again this much later. Default 30 s. */
  reconnectRetryMs?: number;
  contexts?: ContextStore;
}

export interface SlackRunning extends Running {
  port?: number; // HTTP mode: the port actually listened on
}

const COMMAND = '/results';
// A chat answer that comes minutes late is worse than none: two retries (after Retry-After on a 429), then log it.
const RETRIES: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000 };
const API_TIMEOUT_MS = 10_000;
// Message subtypes that are still a person writing: a thread reply also sent to the channel, a message with a file.
const PERSON_SUBTYPES = new Set(['thread_broadcast', 'file_share']);

export const HELP_LINES = [
  '*How to ask me in Slack*',
  '• Mention me in a channel: `@results-bot what was revenue in 2023?`. I answer in the thread; mention me there again to follow up (`@results-bot and in 2022?`).',
  '• Send me a direct message: no mention needed, and follow-ups work the same way.',
  `• \`${COMMAND} eps 2023\`: only you see the answer. To post it in the channel, add \`--public\` at the end or start with \`public\` (\`${COMMAND} public eps 2023\`).`,
  `• \`${COMMAND} help\`: this message.`,
];
export const EPHEMERAL_FOOTER = `Only you can see this. Add \`--public\` to post the answer in the channel · \`${COMMAND} help\``;

/** Asks Slack who the bot is (auth.test), with a clear error instead of a crash when the token is refused. */
export async function whoAmI(config: SlackConfig, options: SlackAppOptions = {}): Promise<{ botId: string; botUserId: string }> {
  const client = new webApi.WebClient(config.botToken, webClientOptions(config, options, silentBoltLogger));
  try {
    const result = await client.auth.test();
    if (!result.bot_id || !result.user_id) throw new ConfigError('SLACK_BOT_TOKEN is not a bot token: auth.test returned no bot id. Use the xoxb- Bot User OAuth Token.');
    return { botId: result.bot_id, botUserId: result.user_id };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const e = describeError(error);
    if (e.error && ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired'].includes(String(e.error)))
      throw new ConfigError(`Slack refused SLACK_BOT_TOKEN (auth.test: ${e.error}). Copy the current Bot User OAuth Token, or reinstall the app.`);
    throw new ConfigError(`Could not check SLACK_BOT_TOKEN with Slack (auth.test at ${config.apiUrl ?? 'https://slack.com/api/'}): ${e.error ?? e.status ?? 'unknown error'}`);
  }
}

/** Builds the Bolt app with its listeners. Needs the bot's identity (config.botId/botUserId): see whoAmI. */
export function createSlackApp(bot: Bot, config: SlackConfig, log: Logger, options: SlackAppOptions = {}): App {
  const boltLog = boltLogger(log);
  const common = {
    token: config.botToken,
    botId: config.botId,
    botUserId: config.botUserId,
    logger: boltLog,
    clientOptions: webClientOptions(config, options, boltLog),
    convoStore: false as const,
    // Never let Bolt call auth.test inside the constructor, where a failure is an unhandled rejection.
    tokenVerificationEnabled: false,
  };
  let app: App;
  if (config.mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: config.appToken!,
      logger: boltLog,
      ...(options.socketPingTimeoutMs && { clientPingTimeout: options.socketPingTimeoutMs }),
      // Its own copy: Socket Mode sets 100 quick retries for apps.connections.open unless told otherwise,
      // which suits reconnecting but not answering.
      installerOptions: { clientOptions: { ...webClientOptions(config, options, boltLog), retryConfig: options.retryConfig } },
    });
    keepReconnecting(receiver.client, log, options.reconnectRetryMs ?? 30_000);
    app = new App({ ...common, socketMode: true, receiver });
  } else {
    // Events are acknowledged before the listener runs (processBeforeResponse false): Slack gets its 200 at once.
    app = new App({ ...common, signingSecret: config.signingSecret!, processBeforeResponse: false });
  }

  addListeners(app, bot, log, options.contexts ?? new ContextStore());
  app.error(async (error) => log.error({ error: error.message, code: error.code }, 'Slack listener failed'));
  return app;
}

/** Checks who the bot is if needed, builds the app and connects: Socket Mode or HTTP on config.port. */
export async function startSlack(bot: Bot, config: SlackConfig, log: Logger, options: SlackAppOptions = {}): Promise<SlackRunning> {
  const slackLog = log.child({ platform: 'slack' });
  const identity = config.botId && config.botUserId ? { botId: config.botId, botUserId: config.botUserId } : await whoAmI(config, options);
  const app = createSlackApp(bot, { ...config, ...identity }, slackLog, options);
  if (config.mode === 'socket') {
    try {
      await app.start();
    } catch (error) {
      const e = describeError(error);
      throw new ConfigError(`Could not open a Socket Mode connection (apps.connections.open: ${e.error ?? e.status ?? 'failed'}). Check SLACK_APP_TOKEN and that Socket Mode is on.`);
    }
    slackLog.info({ mode: 'socket', botUserId: identity.botUserId }, 'Slack connected (Socket Mode)');
    return { stop: async () => void (await app.stop()) };
  }
  const server = await app.start({ port: config.port, ...(config.host && { host: config.host }) }).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'EADDRINUSE' ? 'it is already in use' : error.code === 'EACCES' ? 'permission denied' : error.message;
    throw new ConfigError(`Cannot listen on PORT ${config.port}: ${why}. Choose another PORT.`);
  });
  const port = (server.address() as AddressInfo).port;
  slackLog.info({ mode: 'http', port, path: '/slack/events', botUserId: identity.botUserId }, 'Slack listening (HTTP mode)');
  return { port, stop: async () => void (await app.stop()) };
}

/**
 * Bolt's Socket Mode client reconnects by itself, but a reconnection that fails for good, or a stop() during one,
 * rejects a promise nobody awaits, and Node ends the process. So: log it and try again later, unless stopping.
 * The first start() still fails loudly: startSlack reports it.
 */
function keepReconnecting(client: SocketModeReceiver['client'], log: Logger, retryMs: number): void {
  const start = client.start.bind(client);
  const disconnect = client.disconnect.bind(client);
  let connectedOnce = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  client.disconnect = () => {
    stopping = true;
    clearTimeout(timer);
    return disconnect();
  };
  const guarded = async () => {
    try {
      const result = await start();
      connectedOnce = true;
      return result;
    } catch (error) {
      if (!connectedOnce) throw error;
      if (stopping) return undefined as never;
      log.error({ ...describeError(error), retryInMs: retryMs }, 'Slack Socket Mode reconnection failed');
      timer = setTimeout(() => void client.start(), retryMs).unref();
      return undefined as never;
    }
  };
  client.start = guarded;
}

// ---- Listeners ----

interface IncomingMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  channel_type?: string;
}

type Client = InstanceType<typeof webApi.WebClient>;

function addListeners(app: App, bot: Bot, log: Logger, contexts: ContextStore): void {
  const seen = new SeenSet(5000);

  /** Asks the core with the conversation's context and stores the new context; a failing core gets an apology. */
  const answer = (question: string, key: string, ids: Fields, extra: { notes?: string[]; footer?: string[] } = {}): SlackMessage => {
    try {
      const result = bot.ask(question, contexts.get(key));
      contexts.set(key, result.context);
      return toSlackMessage(result, renderText(result), extra);
    } catch (error) {
      log.error({ ...ids, error: describeError(error).error }, 'the bot failed to answer');
      return plainMessage(['Sorry, something went wrong while answering that. Please try again or rephrase.'], extra.footer);
    }
  };

  /** Mentions and DMs: answer once per event, in the thread (mentions) or the conversation (DMs). */
  const onMessage = async (m: IncomingMessage, eventId: string, client: Client, where: 'thread' | 'dm') => {
    // Bots (ourselves included) and edits, deletions, joins…: only what a person wrote is a question.
    if (m.bot_id || !m.user || (m.subtype && !PERSON_SUBTYPES.has(m.subtype))) return;
    // Slack re-delivers events it thinks were lost, and a DM that mentions the bot can arrive twice: once per event type.
    if (!seen.add(`event:${eventId}`) || !seen.add(`message:${m.channel}:${m.ts}`)) {
      log.debug({ eventId }, 'duplicate Slack event ignored');
      return;
    }
    const question = cleanQuestion(m.text ?? '');
    const threadTs = m.thread_ts ?? m.ts;
    const key = where === 'dm' ? `dm:${m.channel}` : `thread:${m.channel}:${threadTs}`;
    const reply = answer(question, key, { eventId }); // an empty question gets the core's help
    const threadOf = where === 'dm' ? m.thread_ts : threadTs;
    try {
      await client.chat.postMessage({
        channel: m.channel,
        ...(threadOf && { thread_ts: threadOf }),
        text: reply.text,
        blocks: reply.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (error) {
      log.error({ eventId, method: 'chat.postMessage', channel: m.channel, ...describeError(error) }, 'Slack Web API call failed');
    }
  };

  app.event('app_mention', async ({ event, body, client }) => {
    await onMessage(event as IncomingMessage, body.event_id, client, 'thread');
  });

  app.message(async ({ message, body, client }) => {
    const m = message as IncomingMessage;
    if (m.channel_type === 'im') await onMessage(m, body.event_id, client, 'dm');
  });

  app.command(COMMAND, async ({ command, ack, respond }) => {
    await ack(); // first: Slack shows an error if nothing comes back within 3 seconds
    const ids = { command: COMMAND, triggerId: command.trigger_id };
    const { question, visibility } = parseCommand(command.text);
    const help = question === '' || /^help$/i.test(question);
    // The core explains what to ask; the adapter adds how to ask it in Slack.
    const reply = answer(question, `command:${command.channel_id}:${command.user_id}`, ids, {
      notes: help ? HELP_LINES : [],
      footer: visibility === 'ephemeral' ? [EPHEMERAL_FOOTER] : [],
    });
    try {
      await respond({ response_type: visibility, replace_original: false, text: reply.text, blocks: reply.blocks });
    } catch (error) {
      log.error({ ...ids, method: 'response_url', ...describeError(error) }, 'Slack response_url call failed');
    }
  });
}

/** Ids already handled, bounded: the oldest are forgotten first (Slack retries within minutes, not hours). */
export class SeenSet {
  private readonly ids = new Set<string>();
  constructor(private readonly limit: number) {}
  /** True the first time an id is added. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}

// ---- Web API client options, errors and logging ----

function webClientOptions(config: SlackConfig, options: SlackAppOptions, logger: BoltLogger): webApi.WebClientOptions {
  return {
    ...(config.apiUrl && { slackApiUrl: config.apiUrl }),
    retryConfig: options.retryConfig ?? RETRIES,
    timeout: API_TIMEOUT_MS,
    logger,
  };
}

/** The loggable essence of a Slack error: its code, Slack's error string, the HTTP status. Never request data. */
export function describeError(error: unknown): Fields {
  const e = (error ?? {}) as { code?: string; message?: string; statusCode?: number; retryAfter?: number; data?: { error?: string } };
  return {
    ...(e.code && { code: e.code }),
    error: e.data?.error ?? e.message ?? String(error),
    ...(e.statusCode && { status: e.statusCode }),
    ...(e.retryAfter !== undefined && { retryAfter: e.retryAfter }),
  };
}

/** Bolt's and the Web API client's logs go to our logger (their own level filtering is left to ours). */
function boltLogger(log: Logger): BoltLogger {
  const show = (m: unknown): string => {
    if (m instanceof Error) return m.message;
    if (typeof m === 'string') return m;
    try {
      return JSON.stringify(m);
    } catch {
      return String(m);
    }
  };
  const text = (msg: unknown[]) => msg.map(show).join(' ');
  const bolt = log.child({ source: 'bolt' });
  return {
    debug: (...msg) => bolt.debug({}, text(msg)),
    info: (...msg) => bolt.info({}, text(msg)),
    warn: (...msg) => bolt.warn({}, text(msg)),
    error: (...msg) => bolt.error({}, text(msg)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

const silentBoltLogger: BoltLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

