/**
 * A small fake Discord for tests: the REST routes the adapter uses and a JSON gateway, on one port of 127.0.0.1.
 * It records every request and gateway frame so tests can assert on what the real discord.js Client sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const EPOCH = 1420070400000n;
let counter = 0n;
/** A fresh snowflake stamped with the current time (discord.js derives createdTimestamp from it). */
export const snowflake = (): string => (((BigInt(Date.now()) - EPOCH) << 22n) | (counter++ & 0x3fffffn)).toString();

export const IDS = {
  application: '123456789012345678',
  bot: '123456789012345678', // a bot user's id is its application's id
  botRole: '223456789012345678',
  guild: '323456789012345678', // also the @everyone role
  channel: '423456789012345678',
  thread: '523456789012345678',
  plainChannel: '623456789012345678', // denies Embed Links
  user: '723456789012345678',
  otherBot: '823456789012345678',
  dmChannel: '923456789012345678',
} as const;

// The first segment is base64("123456789012345678"), as in a real token.
export const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfAkE1.fake-token-signature-0123456789abcdef';

const PERMISSIONS = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  readMessageHistory: 1n << 16n,
  sendMessagesInThreads: 1n << 38n,
};
const EVERYONE = Object.values(PERMISSIONS).reduce((a, b) => a | b, 0n);

export interface RecordedRequest {
  method: string;
  path: string; // without /api/v10 and without the query
  query: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  status: number; // what the fake answered (0: the connection was dropped)
  at: number; // Date.now() when it arrived
  /** A message create whose enforced nonce was seen before: Discord returned the first message, posting nothing new. */
  replayed?: boolean;
}

export interface Failure {
  status?: number; // answer with this status instead (unless drop or delayMs)
  headers?: Record<string, string>;
  body?: unknown;
  times?: number; // how many matching requests fail; 1 by default
  drop?: boolean; // cut the connection without an answer; nothing is done
  delayMs?: number; // do the request as normal, but answer this much later (a slow Discord)
}

export interface GatewayFrame {
  op: number;
  d?: any;
  s?: number | null;
  t?: string | null;
}

export interface FakeDiscordOptions {
  heartbeatIntervalMs?: number;
  /** READY's application: leave it out to see how the client copes without one. */
  readyApplication?: boolean;
  /** Close the gateway with this code right after IDENTIFY (4004 bad token, 4014 disallowed intents). */
  rejectIdentify?: number;
}

type Waiter<T> = { match: (item: T) => boolean; resolve: (item: T) => void };

const user = (id: string, username: string, bot = false) => ({
  id,
  username,
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot,
  flags: 0,
});
export const BOT_USER = user(IDS.bot, 'results-bot', true);
export const HUMAN = user(IDS.user, 'alice');
export const OTHER_BOT = user(IDS.otherBot, 'other-bot', true);

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly received: GatewayFrame[] = []; // frames the client sent
  readonly commands = { global: [] as any[], guild: new Map<string, any[]>() };
  /** Heartbeats get an ACK unless a test turns this off to make the connection look dead. */
  ackHeartbeats = true;

  private readonly server: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly failures: { method: string; path: RegExp; failure: Failure; left: number }[] = [];
  private readonly requestWaiters: Waiter<RecordedRequest>[] = [];
  private readonly frameWaiters: Waiter<GatewayFrame>[] = [];
  private readonly commandIds = new Map<string, string>();
  private readonly nonces = new Map<string, unknown>(); // enforce_nonce: channel:nonce -> the message created
  private readonly acknowledged = new Set<string>(); // interactions already answered
  private socket: WebSocket | undefined;
  private seq = 0;
  private port = 0;

  private constructor(private readonly options: FakeDiscordOptions) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws));
    });
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** What to pass as discord.js's rest.api (or DISCORD_API_URL). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next matching requests get this answer instead of the normal one. */
  fail(method: string, path: RegExp, failure: Failure): void {
    this.failures.push({ method, path, failure, left: failure.times ?? 1 });
  }

  /** Discord is healthy again: forget the failures still pending. */
  recover(): void {
    this.failures.length = 0;
  }

  /** Resolves with the first request (already seen or still to come) that matches. */
  waitForRequest(match: (r: RecordedRequest) => boolean): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.requestWaiters.push({ match, resolve }));
  }

  /** Resolves with the next request that matches, ignoring those already seen. */
  nextRequest(match: (r: RecordedRequest) => boolean): Promise<RecordedRequest> {
    return new Promise((resolve) => this.requestWaiters.push({ match, resolve }));
  }

  /** Resolves with the first frame the client sent (already seen or still to come) that matches. */
  waitForFrame(match: (f: GatewayFrame) => boolean): Promise<GatewayFrame> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.frameWaiters.push({ match, resolve }));
  }

  /** Closes the gateway connection as Discord does when it restarts a node; the client should resume. */
  drop(code = 4000): void {
    this.socket?.close(code, 'fake drop');
    this.socket = undefined;
  }

  dispatch(t: string, d: unknown): void {
    if (!this.socket) throw new Error('fake Discord: no gateway connection');
    this.send(this.socket, { op: 0, t, s: ++this.seq, d });
  }

  /** A user's message; `mention` puts the bot in its mentions, as typing @results-bot does. */
  sendMessage(options: {
    content: string;
    channelId?: string;
    author?: ReturnType<typeof user>;
    mention?: boolean;
    mentionRoles?: string[];
    dm?: boolean;
  }): string {
    const id = snowflake();
    const channelId = options.channelId ?? (options.dm ? IDS.dmChannel : IDS.channel);
    const author = options.author ?? HUMAN;
    this.dispatch('MESSAGE_CREATE', {
      id,
      channel_id: channelId,
      ...(options.dm
        ? { channel_type: 1 }
        : {
            guild_id: IDS.guild,
            channel_type: channelId === IDS.thread ? 11 : 0,
            member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
          }),
      author,
      content: options.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: options.mention ? [BOT_USER] : [],
      mention_roles: options.mentionRoles ?? [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
    });
    return id;
  }

  /** `/results question:<text>`; returns the interaction's id and token, which its reply's route carries. */
  sendCommand(question: string, options: { channelId?: string; dm?: boolean } = {}): { id: string; token: string } {
    return this.interaction(2, { name: 'results', options: [{ name: 'question', type: 3, value: question }] }, options);
  }

  /** Typing in the `question` option: Discord asks for autocomplete choices. */
  sendAutocomplete(partial: string, options: { channelId?: string; dm?: boolean } = {}): { id: string; token: string } {
    return this.interaction(
      4,
      { name: 'results', options: [{ name: 'question', type: 3, value: partial, focused: true }] },
      options,
    );
  }

  private interaction(type: number, data: { name: string; options: unknown[] }, options: { channelId?: string; dm?: boolean }) {
    const id = snowflake();
    const token = `interaction-token-${id}`;
    const channelId = options.channelId ?? (options.dm ? IDS.dmChannel : IDS.channel);
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: IDS.application,
      type,
      token,
      version: 1,
      data: { id: this.commandIds.get(data.name) ?? snowflake(), type: 1, ...data },
      channel_id: channelId,
      ...(options.dm
        ? { channel: { id: channelId, type: 1, recipients: [HUMAN] }, user: HUMAN, context: 1 }
        : {
            guild_id: IDS.guild,
            channel: { id: channelId, type: channelId === IDS.thread ? 11 : 0, guild_id: IDS.guild, name: 'general' },
            member: {
              user: HUMAN,
              roles: [],
              permissions: EVERYONE.toString(),
              joined_at: new Date().toISOString(),
              deaf: false,
              mute: false,
              flags: 0,
            },
            guild_locale: 'en-US',
            context: 0,
          }),
      app_permissions: EVERYONE.toString(),
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: {}, // 14.28 throws without it
      attachment_size_limit: 10485760,
    });
    return { id, token };
  }

  // ---- gateway ----

  private connect(ws: WebSocket): void {
    this.socket?.terminate();
    this.socket = ws;
    ws.on('message', (raw) => this.onFrame(ws, JSON.parse(raw.toString()) as GatewayFrame));
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 250 } });
  }

  private onFrame(ws: WebSocket, frame: GatewayFrame): void {
    this.received.push(frame);
    settle(this.frameWaiters, frame);
    switch (frame.op) {
      case 1: // heartbeat
        if (this.ackHeartbeats) this.send(ws, { op: 11 });
        return;
      case 2: // identify
        if (frame.d?.token !== TOKEN) return ws.close(4004, 'Authentication failed.');
        if (this.options.rejectIdentify) return ws.close(this.options.rejectIdentify, 'rejected by test');
        this.seq = 0;
        this.dispatch('READY', this.ready());
        this.dispatch('GUILD_CREATE', this.guild());
        return;
      case 6: // resume
        this.dispatch('RESUMED', {});
        return;
    }
  }

  private send(ws: WebSocket, frame: GatewayFrame): void {
    ws.send(JSON.stringify(frame)); // text frames, as Discord's JSON encoding
  }

  private ready() {
    return {
      v: 10,
      user: { ...BOT_USER, verified: true, mfa_enabled: false },
      guilds: [{ id: IDS.guild, unavailable: true }],
      session_id: 'fake-session',
      resume_gateway_url: `ws://127.0.0.1:${this.port}`,
      shard: [0, 1],
      ...(this.options.readyApplication === false ? {} : { application: { id: IDS.application, flags: 0 } }),
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
    };
  }

  private guild() {
    const now = new Date().toISOString();
    const textChannel = (id: string, name: string, overwrites: unknown[] = []) => ({
      id,
      type: 0,
      guild_id: IDS.guild,
      name,
      position: 0,
      permission_overwrites: overwrites,
      parent_id: null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    });
    const role = (id: string, name: string, permissions: string) => ({
      id,
      name,
      permissions,
      position: 0,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    });
    return {
      id: IDS.guild,
      name: 'Investors',
      icon: null,
      owner_id: IDS.user,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        role(IDS.guild, '@everyone', EVERYONE.toString()),
        { ...role(IDS.botRole, 'results-bot', '0'), managed: true, tags: { bot_id: IDS.bot } }, // the bot's own role
      ],
      emojis: [],
      features: [],
      mfa_level: 0,
      system_channel_flags: 0,
      premium_tier: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      unavailable: false,
      joined_at: now,
      large: false,
      member_count: 2,
      members: [{ user: BOT_USER, roles: [IDS.botRole], joined_at: now, deaf: false, mute: false, flags: 0 }],
      channels: [
        textChannel(IDS.channel, 'general'),
        textChannel(IDS.plainChannel, 'no-embeds', [
          { id: IDS.guild, type: 0, allow: '0', deny: PERMISSIONS.embedLinks.toString() },
        ]),
      ],
      threads: [
        {
          id: IDS.thread,
          type: 11,
          guild_id: IDS.guild,
          parent_id: IDS.channel,
          name: 'JL MAG results',
          owner_id: IDS.user,
          message_count: 0,
          member_count: 1,
          rate_limit_per_user: 0,
          flags: 0,
          thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now, locked: false },
        },
      ],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---- REST ----

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString();
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname).replace(/^\/api\/v10/, ''),
        query: url.search,
        headers: req.headers,
        body: raw && req.headers['content-type']?.includes('json') ? JSON.parse(raw) : raw || undefined,
        status: 0,
        at: Date.now(),
      };
      const fault = this.failures.find((f) => f.left > 0 && f.method === recorded.method && f.path.test(recorded.path));
      if (fault && (fault.failure.drop || fault.failure.delayMs !== undefined)) fault.left--;
      if (fault?.failure.drop) {
        this.requests.push(recorded);
        settle(this.requestWaiters, recorded);
        req.socket.destroy();
        return;
      }
      const [status, body, headers] = this.route(recorded);
      recorded.status = status;
      this.requests.push(recorded);
      if (fault?.failure.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.failure.delayMs));
      if (res.destroyed) return settle(this.requestWaiters, recorded);
      if (body === undefined) {
        // No content-type on a 204: @discordjs/rest would try to parse an empty JSON body and crash the client.
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      }
      settle(this.requestWaiters, recorded);
    });
  }

  private route(r: RecordedRequest): [number, unknown, Record<string, string>?] {
    const failure = this.failures.find(
      (f) => f.left > 0 && f.method === r.method && f.path.test(r.path) && f.failure.status !== undefined && !f.failure.drop && f.failure.delayMs === undefined,
    );
    if (failure) {
      failure.left--;
      return [failure.failure.status!, failure.failure.body ?? { message: 'fake failure', code: 0 }, failure.failure.headers];
    }
    // Interaction callbacks and webhooks are authorised by their token in the path, not the bot token.
    const open = /^\/(interactions|webhooks)\//.test(r.path);
    if (!open && r.headers.authorization !== `Bot ${TOKEN}`) return [401, { message: '401: Unauthorized', code: 0 }];

    const app = IDS.application;
    let m: RegExpMatchArray | null;
    if (r.method === 'GET' && r.path === '/gateway/bot') {
      const session_start_limit = { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 };
      return [200, { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit }];
    }
    if (r.method === 'GET' && r.path === '/applications/@me') {
      return [200, { id: app, name: 'results-bot', description: '', bot_public: true, flags: 0, bot: BOT_USER }];
    }
    if ((m = r.path.match(/^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/))) {
      if (m[1] !== app) return [404, { message: 'Unknown Application', code: 10002 }];
      const guildId = m[2];
      if (r.method === 'PUT') {
        const stored = (r.body as any[]).map((command) => this.storeCommand(command, guildId));
        if (guildId) this.commands.guild.set(guildId, stored);
        else this.commands.global = stored;
        return [200, stored];
      }
      if (r.method === 'GET') return [200, guildId ? (this.commands.guild.get(guildId) ?? []) : this.commands.global];
    }
    if (r.method === 'POST' && (m = r.path.match(/^\/interactions\/(\d+)\/[^/]+\/callback$/))) {
      // An interaction is answered once: a second callback is refused, as Discord does.
      if (this.acknowledged.has(m[1]!)) return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
      this.acknowledged.add(m[1]!);
      return [204, undefined];
    }
    if (r.method === 'PATCH' && (m = r.path.match(/^\/webhooks\/(\d+)\/[^/]+\/messages\/@original$/))) {
      return [200, this.message(IDS.channel, r.body)];
    }
    if (r.method === 'POST' && (m = r.path.match(/^\/channels\/(\d+)\/messages$/))) {
      // enforce_nonce: the same nonce again within minutes returns the message already created, posting nothing.
      const key = r.body?.enforce_nonce && r.body?.nonce !== undefined ? `${m[1]}:${r.body.nonce}` : undefined;
      if (key && this.nonces.has(key)) {
        r.replayed = true;
        return [200, this.nonces.get(key)];
      }
      const created = this.message(m[1]!, r.body);
      if (key) this.nonces.set(key, created);
      return [200, created];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  // Registration is a bulk overwrite: a command keeps its id across PUTs, as on Discord.
  private storeCommand(command: any, guildId: string | undefined) {
    const key = `${guildId ?? 'global'}:${command.name}`;
    const id = this.commandIds.get(key) ?? snowflake();
    this.commandIds.set(key, id);
    this.commandIds.set(command.name, id);
    return { ...command, id, application_id: IDS.application, guild_id: guildId, version: id };
  }

  private message(channelId: string, body: any) {
    return {
      id: snowflake(),
      channel_id: channelId,
      author: BOT_USER,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      type: body?.message_reference ? 19 : 0,
      flags: 0,
      ...(body?.message_reference ? { message_reference: body.message_reference } : {}),
    };
  }
}

function settle<T>(waiters: Waiter<T>[], item: T): void {
  for (const waiter of [...waiters]) {
    if (!waiter.match(item)) continue;
    waiters.splice(waiters.indexOf(waiter), 1);
    waiter.resolve(item);
  }
}
