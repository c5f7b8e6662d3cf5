// A small fake of Slack for tests, on 127.0.0.1 only: the Web API (/api/<method>), slash commands' response_url
// (/respond/<id>), and a Socket Mode WebSocket (/link). It records what the app sent and can be told to fail.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ApiCall {
  method: string; // "chat.postMessage"
  params: Record<string, unknown>; // form fields, with blocks parsed from JSON
  headers: IncomingHttpHeaders;
  at: number; // Date.now() when it arrived
  /** What the fake did: posted it ("ok", or "slow": posted, answered late), or failed it without posting. */
  outcome: 'ok' | 'slow' | 'error' | 'http' | 'ratelimited' | 'dropped';
}

export interface Responded {
  id: string; // the path tail of the response_url
  body: Record<string, unknown>; // { text, response_type, blocks, … }
}

/**
 * How one Web API call should fail: Slack's ok:false, an HTTP status, a rate limit, a dropped connection (nothing
 * posted, no answer), or a slow answer (posted at once, the 200 sent `delayMs` later).
 */
export type Failure =
  | { error: string }
  | { status: number }
  | { status: 429; retryAfter: number }
  | { drop: true }
  | { delayMs: number };

export interface FakeSlack {
  apiUrl: string; // http://127.0.0.1:<port>/api/
  calls: ApiCall[]; // every Web API call, failed ones included
  responded: Responded[]; // every POST to a response_url
  responseUrl(id?: string): string;
  callsTo(method: string): ApiCall[];
  /** The calls to `method` that Slack would have carried out (ok or slow), failed ones left out. */
  postedTo(method: string): ApiCall[];
  /** Every successful call waits this long before its answer (a slow Slack). 0 by default. */
  latencyMs: number;
  /** Make the next call(s) to `method` fail, in order. */
  failNext(method: string, ...failures: Failure[]): void;
  /** Hold every response_url POST without answering until the returned function is called. */
  holdResponses(): () => void;
  /** Resolves once `count` calls to `method` have been recorded (or rejects after `ms`, to fail fast). */
  waitForCalls(method: string, count?: number, ms?: number): Promise<ApiCall[]>;
  waitForResponded(count?: number, ms?: number): Promise<Responded[]>;
  /** Socket Mode: whether a new connection is greeted with hello (set false to leave it half open). */
  helloOnConnect: boolean;
  /** Socket Mode: how many WebSocket connections were opened; wait for the n-th to open (and be greeted). */
  readonly connections: number;
  waitForConnection(n: number, o?: { hello?: boolean; ms?: number }): Promise<void>;
  /** Socket Mode: wait until `n` connections have closed. */
  waitForClosed(n: number, ms?: number): Promise<void>;
  /** Socket Mode: send an envelope on the current connection; resolves with the app's ack. */
  sendEnvelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: object, extra?: object): Promise<Record<string, unknown>>;
  /** Socket Mode: ask the app to reconnect, as Slack does before recycling a connection. */
  requestReconnect(): void;
  /** Socket Mode: cut the connection without a word, as a network failure does. */
  dropSocket(): void;
  close(): Promise<void>;
}

export const FAKE_TEAM = 'T0FAKE';
export const FAKE_BOT_ID = 'B0FAKEBOT';
export const FAKE_BOT_USER_ID = 'U0FAKEBOT';

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const responded: Responded[] = [];
  const failures = new Map<string, Failure[]>();
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  let held: Promise<void> | undefined;
  let ts = 1_700_000_000;
  let connections = 0;
  let hellos = 0;
  let socket: WebSocket | undefined;
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };

    if (url.pathname.startsWith('/respond/')) {
      responded.push({ id: url.pathname.slice('/respond/'.length), body: JSON.parse(raw || '{}') });
      notify();
      if (held) await held;
      return send(200, { ok: true });
    }
    if (!url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'unknown_path' });

    const method = url.pathname.slice('/api/'.length);
    const call: ApiCall = { method, params: parseParams(raw, req.headers['content-type']), headers: req.headers, at: Date.now(), outcome: 'ok' };
    calls.push(call);
    const failure = failures.get(method)?.shift();
    call.outcome = !failure ? 'ok' : 'error' in failure ? 'error' : 'retryAfter' in failure ? 'ratelimited' : 'drop' in failure ? 'dropped' : 'delayMs' in failure ? 'slow' : 'http';
    notify();
    if (failure && 'drop' in failure) return void req.socket.destroy();
    if (failure && 'error' in failure) return send(200, { ok: false, error: failure.error });
    if (failure && 'retryAfter' in failure) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
    if (failure && 'status' in failure) return send(failure.status, { ok: false, error: 'fake_http_error' });
    const body = answer(method, call.params);
    const wait = failure && 'delayMs' in failure ? failure.delayMs : fake.latencyMs;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (!res.destroyed) send(200, body);
  });

  function answer(method: string, params: Record<string, unknown>): object {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'results-bot', team_id: FAKE_TEAM, user_id: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${port()}/link` };
      case 'chat.postMessage':
        return { ok: true, channel: params.channel, ts: `${ts++}.000100`, message: { text: params.text } };
      default:
        return { ok: true };
    }
  }

  const wss = new WebSocketServer({ server, path: '/link' });
  let closed = 0;
  wss.on('connection', (ws) => {
    connections += 1;
    socket = ws;
    ws.on('close', () => {
      closed += 1;
      notify();
    });
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      const resolve = acks.get(String(message.envelope_id));
      acks.delete(String(message.envelope_id));
      resolve?.(message);
    });
    if (fake.helloOnConnect) {
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' } }));
      hellos += 1;
    }
    notify();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;

  function waitUntil<T>(done: () => T | undefined, ms: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const result = done();
        if (result === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`fake Slack: still waiting for ${what}`));
      }, ms);
      waiters.add(check);
      check();
    });
  }

  let envelopes = 0;
  const fake: FakeSlack = {
    helloOnConnect: true,
    latencyMs: 0,
    apiUrl: `http://127.0.0.1:${port()}/api/`,
    calls,
    responded,
    responseUrl: (id = 'r1') => `http://127.0.0.1:${port()}/respond/${id}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    postedTo: (method) => calls.filter((c) => c.method === method && (c.outcome === 'ok' || c.outcome === 'slow')),
    failNext(method, ...list) {
      failures.set(method, [...(failures.get(method) ?? []), ...list]);
    },
    holdResponses() {
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      return () => {
        held = undefined;
        release();
      };
    },
    waitForCalls(method, count = 1, ms = 3000) {
      return waitUntil(() => {
        const found = calls.filter((c) => c.method === method);
        return found.length >= count ? found : undefined;
      }, ms, `${count} call(s) to ${method}`);
    },
    waitForResponded(count = 1, ms = 3000) {
      return waitUntil(() => (responded.length >= count ? responded : undefined), ms, `${count} response_url POST(s)`);
    },
    get connections() {
      return connections;
    },
    waitForConnection(n, { hello = true, ms = 3000 } = {}) {
      const done = () => ((hello ? hellos : connections) >= n && socket?.readyState === socket?.OPEN ? true : undefined);
      return waitUntil(done, ms, `Socket Mode connection #${n}`).then(() => undefined);
    },
    waitForClosed(n, ms = 3000) {
      return waitUntil(() => (closed >= n ? true : undefined), ms, `${n} closed Socket Mode connection(s)`).then(() => undefined);
    },
    sendEnvelope(type, payload, extra = {}) {
      const envelope_id = `env-${++envelopes}`;
      const acked = new Promise<Record<string, unknown>>((resolve) => acks.set(envelope_id, resolve));
      if (!socket) throw new Error('fake Slack: no Socket Mode connection');
      socket.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', ...extra }));
      return acked;
    },
    requestReconnect() {
      socket?.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested' }));
    },
    dropSocket() {
      socket?.terminate();
    },
    async close() {
      held = undefined;
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function parseParams(raw: string, contentType = ''): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'attachments']) {
    if (typeof params[key] === 'string') params[key] = JSON.parse(params[key] as string);
  }
  return params;
}

// ---- Slack → app: signed HTTP deliveries, as Slack's servers send them ----

export interface Delivery {
  secret: string;
  retryNum?: number; // sets x-slack-retry-num, as Slack does when it re-delivers an event
  timestamp?: number; // seconds; defaults to now
  signature?: string; // override, to send a forged one
}

/** POSTs a signed Events API payload (JSON) to the app. */
export function deliverEvent(appUrl: string, body: object, delivery: Delivery): Promise<Response> {
  return deliver(appUrl, JSON.stringify(body), 'application/json', delivery);
}

/** POSTs a signed slash command (form-encoded) to the app. */
export function deliverCommand(appUrl: string, fields: Record<string, string>, delivery: Delivery): Promise<Response> {
  return deliver(appUrl, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', delivery);
}

export function sign(secret: string, timestamp: number, raw: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex');
}

function deliver(appUrl: string, raw: string, contentType: string, d: Delivery): Promise<Response> {
  const timestamp = d.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': d.signature ?? sign(d.secret, timestamp, raw),
  };
  if (d.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(d.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(appUrl, { method: 'POST', headers, body: raw });
}

// ---- Payload builders, shaped like Slack's ----

let eventSeq = 0;
let tsSeq = 0;
export const nextTs = () => `1700001${String(++tsSeq).padStart(3, '0')}.000200`;

export interface MessageOptions {
  text: string;
  channel?: string;
  user?: string;
  ts?: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
  event_id?: string;
}

/** An Events API envelope for an app_mention in a channel. */
export function mentionEvent(o: MessageOptions) {
  return envelope({ type: 'app_mention', channel: o.channel ?? 'C0CHANNEL', channel_type: 'channel', ...message(o) }, o.event_id);
}

/** An Events API envelope for a direct message to the bot (message.im). */
export function dmEvent(o: MessageOptions) {
  return envelope({ type: 'message', channel: o.channel ?? 'D0DIRECT', channel_type: 'im', ...message(o) }, o.event_id);
}

function message(o: MessageOptions) {
  return {
    user: o.user ?? 'U0ASKER',
    text: o.text,
    ts: o.ts ?? nextTs(),
    ...(o.thread_ts && { thread_ts: o.thread_ts }),
    ...(o.bot_id && { bot_id: o.bot_id }),
    ...(o.subtype && { subtype: o.subtype }),
    team: FAKE_TEAM,
  };
}

function envelope<E extends { ts: string }>(event: E, eventId?: string) {
  return {
    token: 'legacy-verification-token',
    team_id: FAKE_TEAM,
    api_app_id: 'A0FAKEAPP',
    type: 'event_callback',
    event_id: eventId ?? `Ev${String(++eventSeq).padStart(6, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: FAKE_TEAM, user_id: FAKE_BOT_USER_ID, is_bot: true, enterprise_id: null }],
    event: { event_ts: event.ts, ...event },
  };
}

/** A slash command's form fields. */
export function commandFields(text: string, responseUrl: string, o: { channel?: string; user?: string } = {}): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: FAKE_TEAM,
    team_domain: 'fake',
    channel_id: o.channel ?? 'C0CHANNEL',
    channel_name: 'general',
    user_id: o.user ?? 'U0ASKER',
    user_name: 'asker',
    command: '/results',
    text,
    api_app_id: 'A0FAKEAPP',
    response_url: responseUrl,
    trigger_id: `trigger-${++eventSeq}`,
  };
}
