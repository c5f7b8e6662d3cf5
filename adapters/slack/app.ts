// The Bolt app: Slack events in, the core's answers out. Nothing here knows what a question means.
import { createServer, type IncomingMessage as HttpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import { ContextStore, renderText } from '../../src/index.js';
import { answerSafely, type Answerer } from '../answering.js';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_SHUTDOWN_GRACE_MS, InFlight, newRequestId, OverloadLog } from '../lifecycle.js';
import type { Fields, Logger } from '../log.js';
import { ConfigError, type Running } from '../platform.js';
import { FairUse, limitNotice, NO_LIMITS, type RateLimits } from '../rate-limit.js';
import { plainMessage, toSlackMessage, type SlackMessage } from './blocks.js';
import type { SlackConfig } from './config.js';
import { cleanQuestion, escapeMrkdwn, parseCommand } from './text.js';
import { createSlackFetch, type SlackFetch } from './transport.js';

export interface SlackAppOptions {
  /** Web API retries. Production retries a little (Retry-After is honoured); tests pass { retries: 0 }. */
  retryConfig?: webApi.RetryOptions;
  /** Socket Mode heartbeat timeout; Bolt also waits this long before reconnecting. Default 5000 ms. */
  socketPingTimeoutMs?: number;
  /** Socket Mode: after a reconnection failed for good, try again this much later. Default 30 s. */
  reconnectRetryMs?: number;
  contexts?: ContextStore;
  /** Timeout of one Web API call, in ms. Default 10 s. A call that times out is not retried: it may have been posted. */
  apiTimeoutMs?: number;
  /** Per-user and per-channel limits. Default: none (the platform entry point reads them from the environment). */
  limits?: RateLimits;
  /** How long stop() waits for answers in flight. Default 10 s. */
  shutdownGraceMs?: number;
  /** HTTP mode: past this many events in flight, new ones get 503 (Slack delivers them again later). Default 1,000. */
  maxInFlight?: number;
  now?: () => number;
}

export interface SlackRunning extends Running {
  port?: number; // HTTP mode: the port actually listened on
  /** Questions accepted and not yet answered (or given up on). */
  inFlight?(): number;
}

/** The Bolt app and what the adapter keeps around it. */
export interface SlackApp {
  app: App;
  /** HTTP mode: Bolt's request handler, served by our own server so that shutdown can close the door first. */
  receiver?: HTTPReceiver;
  inflight: InFlight;
  /** The Web API client's connections to Slack, closed once the app has stopped. */
  transport: SlackFetch;
}

const COMMAND = '/results';
// A chat answer that comes minutes late is worse than none: two retries (after Retry-After on a 429), then log it.
// The whole retry budget is bounded too (maxRetryTime), Retry-After waits included.
const RETRIES: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000, maxRetryTime: 30_000 };
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
  const transport = createSlackFetch({ timeoutMs: options.apiTimeoutMs ?? API_TIMEOUT_MS });
  const client = new webApi.WebClient(config.botToken, webClientOptions(config, options, silentBoltLogger, silentLog, transport));
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
  } finally {
    transport.close();
  }
}

/** Builds the Bolt app with its listeners. Needs the bot's identity (config.botId/botUserId): see whoAmI. */
export function createSlackApp(core: Answerer, config: SlackConfig, log: Logger, options: SlackAppOptions = {}): SlackApp {
  const boltLog = boltLogger(log);
  const transport = createSlackFetch({ timeoutMs: options.apiTimeoutMs ?? API_TIMEOUT_MS });
  const common = {
    token: config.botToken,
    botId: config.botId,
    botUserId: config.botUserId,
    logger: boltLog,
    clientOptions: webClientOptions(config, options, boltLog, log, transport),
    convoStore: false as const,
    // Never let Bolt call auth.test inside the constructor, where a failure is an unhandled rejection.
    tokenVerificationEnabled: false,
  };
  let app: App;
  let receiver: HTTPReceiver | undefined;
  if (config.mode === 'socket') {
    const socket = new SocketModeReceiver({
      appToken: config.appToken!,
      logger: boltLog,
      ...(options.socketPingTimeoutMs && { clientPingTimeout: options.socketPingTimeoutMs }),
      // Its own copy: Socket Mode sets 100 quick retries for apps.connections.open unless told otherwise,
      // which suits reconnecting but not answering.
      installerOptions: { clientOptions: { ...webClientOptions(config, options, boltLog, log, transport), retryConfig: options.retryConfig } },
    });
    keepReconnecting(socket.client, log, options.reconnectRetryMs ?? 30_000);
    app = new App({ ...common, socketMode: true, receiver: socket });
  } else {
    // Events are acknowledged before the listener runs (processBeforeResponse false): Slack gets its 200 at once.
    receiver = new HTTPReceiver({ signingSecret: config.signingSecret!, logger: boltLog, processBeforeResponse: false });
    app = new App({ ...common, receiver });
  }

  // Everything Bolt hands to the listeners is counted until its listeners are done, so that stop() can wait for it
  // and the HTTP server can turn events away past the cap.
  const inflight = new InFlight();
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event) => inflight.run(() => processEvent(event));

  addListeners(app, core, log, {
    contexts: options.contexts ?? new ContextStore(),
    fairUse: new FairUse(options.limits ?? NO_LIMITS, options.now),
  });
  app.error(async (error) => log.error({ error: error.message, code: error.code }, 'Slack listener failed'));
  return { app, receiver, inflight, transport };
}

/** Checks who the bot is if needed, builds the app and connects: Socket Mode or HTTP on config.port. */
export async function startSlack(core: Answerer, config: SlackConfig, log: Logger, options: SlackAppOptions = {}): Promise<SlackRunning> {
  const slackLog = log.child({ platform: 'slack' });
  const identity = config.botId && config.botUserId ? { botId: config.botId, botUserId: config.botUserId } : await whoAmI(config, options);
  const { app, receiver, inflight, transport } = createSlackApp(core, { ...config, ...identity }, slackLog, options);
  const grace = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const drain = async (ms = grace) => {
    const pending = inflight.size;
    if (pending > 0) slackLog.info({ inFlight: pending, graceMs: grace }, 'finishing answers in flight');
    if (!(await inflight.idle(ms))) slackLog.warn({ abandoned: inflight.size, graceMs: grace }, 'gave up waiting for answers in flight');
  };

  if (config.mode === 'socket') {
    try {
      await app.start();
    } catch (error) {
      const e = describeError(error);
      throw new ConfigError(`Could not open a Socket Mode connection (apps.connections.open: ${e.error ?? e.status ?? 'failed'}). Check SLACK_APP_TOKEN and that Socket Mode is on.`);
    }
    slackLog.info({ mode: 'socket', botUserId: identity.botUserId }, 'Slack connected (Socket Mode)');
    // Stop: close the socket first (Slack re-sends anything not acknowledged), then let the answers in flight finish.
    return { inFlight: () => inflight.size, stop: once(async () => {
      await app.stop();
      await drain();
      transport.close();
    }) };
  }

  const http = new GatedServer(receiver!, slackLog, inflight, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  const port = await http.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'EADDRINUSE' ? 'it is already in use' : error.code === 'EACCES' ? 'permission denied' : error.message;
    throw new ConfigError(`Cannot listen on PORT ${config.port}: ${why}. Choose another PORT.`);
  });
  slackLog.info({ mode: 'http', port, path: '/slack/events', botUserId: identity.botUserId }, 'Slack listening (HTTP mode)');
  // Stop: refuse new requests (503: Slack delivers them again later), finish what was accepted, then close.
  return { port, inFlight: () => inflight.size, stop: once(async () => {
    http.refuse();
    const deadline = Date.now() + grace;
    await http.idle(grace); // requests still being read: once handed to Bolt, drain() waits for their answers
    await drain(Math.max(0, deadline - Date.now()));
    await http.close();
    transport.close();
  }) };
}

const once = (f: () => Promise<void>): (() => Promise<void>) => {
  let done: Promise<void> | undefined;
  return () => (done ??= f());
};

/**
 * The HTTP server in front of Bolt's receiver. While open it hands every request to Bolt, counting it until its response
 * is sent; Bolt's own count (`events`) then holds the listener's work until it is done. Once told to refuse, or while
 * `maxInFlight` events are being answered, it answers 503 with Retry-After, which Slack treats as "deliver again
 * later": nothing is accepted that shutdown would then drop, and a slow Slack cannot make answers pile up unbounded.
 */
class GatedServer {
  private readonly server: Server;
  private refusing = false;
  private readonly requests = new InFlight();
  private readonly overload: OverloadLog;

  constructor(
    private readonly receiver: HTTPReceiver,
    private readonly log: Logger,
    private readonly events: InFlight,
    private readonly maxInFlight: number,
  ) {
    this.overload = new OverloadLog(log, maxInFlight);
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 65_000; // longer than a load balancer's idle timeout: no reset on a reused connection
  }

  /** Waits (up to `ms`) for the requests being read and acknowledged. */
  idle(ms: number): Promise<boolean> {
    return this.requests.idle(ms);
  }

  listen(port: number, host?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ port, ...(host && { host }) }, () => {
        this.server.off('error', reject);
        this.server.on('error', (error) => this.log.error({ error: error.message }, 'Slack HTTP server error'));
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  refuse(): void {
    this.refusing = true;
    this.server.closeIdleConnections();
  }

  async close(): Promise<void> {
    this.refusing = true;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: HttpRequest, res: ServerResponse): void {
    if (this.refusing) {
      res.writeHead(503, { 'retry-after': '5', connection: 'close', 'content-type': 'text/plain' });
      res.end('shutting down: try again later');
      return;
    }
    const busy = this.events.size;
    if (busy >= this.maxInFlight) {
      this.overload.refused(busy);
      res.writeHead(503, { 'retry-after': '5', 'content-type': 'text/plain' });
      res.end('busy: try again later');
      return;
    }
    this.overload.accepted();
    res.once('close', this.requests.begin());
    try {
      this.receiver.requestListener(req, res);
    } catch {
      // Bolt throws for a path it does not serve.
      if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  }
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

interface ListenerDeps {
  contexts: ContextStore;
  fairUse: FairUse;
}

function addListeners(app: App, core: Answerer, log: Logger, { contexts, fairUse }: ListenerDeps): void {
  const seen = new SeenSet();

  /** Asks the core with the conversation's context and stores the new context; a failing core gets an apology. */
  const answer = async (question: string, key: string, reqLog: Logger, extra: { notes?: string[]; footer?: string[] } = {}) => {
    const result = await answerSafely(core, question, contexts.get(key), reqLog);
    contexts.set(key, result.context);
    return { status: result.status, message: toSlackMessage(result, renderText(result), extra) };
  };

  /** Mentions and DMs: answer once per event, in the thread (mentions) or the conversation (DMs). */
  const onMessage = async (m: IncomingMessage, eventId: string, client: Client, where: 'thread' | 'dm', retryNum?: number) => {
    // Bots (ourselves included) and edits, deletions, joins…: only what a person wrote is a question.
    if (m.bot_id || !m.user || (m.subtype && !PERSON_SUBTYPES.has(m.subtype))) return;
    // Slack re-delivers events it thinks were lost, and a DM that mentions the bot can arrive twice: once per event type.
    if (!seen.add(`event:${eventId}`) || !seen.add(`message:${m.channel}:${m.ts}`)) {
      log.debug({ eventId, retryNum }, 'duplicate Slack event ignored');
      return;
    }
    const reqLog = log.child({ reqId: newRequestId(), eventId });
    const threadTs = m.thread_ts ?? m.ts;
    const threadOf = where === 'dm' ? m.thread_ts : threadTs;
    const post = async (reply: SlackMessage): Promise<boolean> => {
      try {
        await client.chat.postMessage({
          channel: m.channel,
          ...(threadOf && { thread_ts: threadOf }),
          text: reply.text,
          blocks: reply.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        return true;
      } catch (error) {
        reqLog.error({ method: 'chat.postMessage', channel: m.channel, ...describeError(error) }, 'Slack Web API call failed');
        return false;
      }
    };

    const verdict = fairUse.check(`user:${m.user}`, `channel:${m.channel}`);
    if (!verdict.allowed) {
      reqLog.info({ limit: verdict.scope, user: m.user, channel: m.channel, notified: verdict.notify }, 'rate limited');
      if (verdict.notify) await post(plainMessage([escapeMrkdwn(limitNotice(verdict))]));
      return;
    }
    const question = cleanQuestion(m.text ?? '');
    const key = where === 'dm' ? `dm:${m.channel}` : `thread:${m.channel}:${threadTs}`;
    const { status, message } = await answer(question, key, reqLog); // an empty question gets the core's help
    if (await post(message)) reqLog.info({ status, retryNum }, 'answered');
  };

  app.event('app_mention', async ({ event, body, client, context }) => {
    await onMessage(event as IncomingMessage, body.event_id, client, 'thread', context.retryNum);
  });

  app.message(async ({ message, body, client, context }) => {
    const m = message as IncomingMessage;
    if (m.channel_type === 'im') await onMessage(m, body.event_id, client, 'dm', context.retryNum);
  });

  app.command(COMMAND, async ({ command, ack, respond }) => {
    await ack(); // first: Slack shows an error if nothing comes back within 3 seconds
    const reqLog = log.child({ reqId: newRequestId(), command: COMMAND, triggerId: command.trigger_id });
    const send = async (message: SlackMessage, visibility: 'ephemeral' | 'in_channel'): Promise<boolean> => {
      try {
        await respond({ response_type: visibility, replace_original: false, text: message.text, blocks: message.blocks });
        return true;
      } catch (error) {
        reqLog.error({ method: 'response_url', ...describeError(error) }, 'Slack response_url call failed');
        return false;
      }
    };
    const verdict = fairUse.check(`user:${command.user_id}`, `channel:${command.channel_id}`);
    if (!verdict.allowed) {
      reqLog.info({ limit: verdict.scope, user: command.user_id, channel: command.channel_id, notified: verdict.notify }, 'rate limited');
      if (verdict.notify) await send(plainMessage([escapeMrkdwn(limitNotice(verdict))]), 'ephemeral');
      return;
    }
    const { question, visibility } = parseCommand(command.text);
    const help = question === '' || /^help$/i.test(question);
    // The core explains what to ask; the adapter adds how to ask it in Slack.
    const { status, message } = await answer(question, `command:${command.channel_id}:${command.user_id}`, reqLog, {
      notes: help ? HELP_LINES : [],
      footer: visibility === 'ephemeral' ? [EPHEMERAL_FOOTER] : [],
    });
    if (await send(message, visibility)) reqLog.info({ status, visibility }, 'answered');
  });
}

/**
 * Ids already handled, for as long as Slack may re-deliver them (it retries after about a minute, then five) and
 * bounded in number: the oldest are forgotten first. At 500 events a second, 100,000 ids still cover over a minute.
 */
export class SeenSet {
  private readonly ids = new Map<string, number>(); // id -> when it was first seen; in insertion (time) order
  constructor(
    private readonly limit = 100_000,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}
  /** True the first time an id is added (or once it has been forgotten). */
  add(id: string): boolean {
    const t = this.now();
    for (const [old, at] of this.ids) {
      if (t - at < this.ttlMs && this.ids.size < this.limit) break;
      this.ids.delete(old);
    }
    if (this.ids.has(id)) return false;
    this.ids.set(id, t);
    return true;
  }
  get size(): number {
    return this.ids.size;
  }
}

// ---- Web API client options, errors and logging ----

function webClientOptions(config: SlackConfig, options: SlackAppOptions, logger: BoltLogger, log: Logger, transport: SlackFetch): webApi.WebClientOptions {
  return {
    ...(config.apiUrl && { slackApiUrl: config.apiUrl }),
    fetch: transport.fetch,
    retryConfig: boundedRetries(options.retryConfig ?? RETRIES, log),
    timeout: options.apiTimeoutMs ?? API_TIMEOUT_MS,
    logger: quieter(logger),
  };
}

/**
 * The retry policy, with two rules on top: a call that timed out is not tried again (Slack may have posted it, and a
 * second try would answer twice), and each retry is logged once at warn. The caller logs the final failure.
 */
function boundedRetries(policy: webApi.RetryOptions, log: Logger): webApi.RetryOptions {
  const onFailedAttempt = (error: Error & { attemptNumber?: number; retriesLeft?: number; original?: Error }) => {
    const cause = error.original ?? error;
    if (cause.name === 'TimeoutError' || cause.name === 'AbortError') throw error;
    if ((error.retriesLeft ?? 0) > 0) log.warn({ attempt: error.attemptNumber, retriesLeft: error.retriesLeft, ...describeError(error) }, 'Slack Web API call failed; retrying');
  };
  return { ...policy, onFailedAttempt } as webApi.RetryOptions;
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

/** The Web API client's own messages, one level down: its per-attempt warnings are ours to report, once. */
function quieter(logger: BoltLogger): BoltLogger {
  return { ...logger, info: logger.debug, warn: logger.debug };
}

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

const silentBoltLogger: BoltLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

