/**
 * Faults and fair use, against the local fakes: the platform answers 429 with Retry-After, 500, drops the connection,
 * or answers later than the bot will wait; a socket or gateway drops; Slack re-delivers a slow event; one user floods.
 * Each time the bot retries within bounds, logs a lost answer once with its event id, answers nobody twice, and keeps
 * serving everyone else.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDiscord, type DiscordOptions } from '../adapters/discord/index.js';
import { readDiscordConfig } from '../adapters/discord/config.js';
import { createLogger, type Logger } from '../adapters/log.js';
import type { Running } from '../adapters/platform.js';
import type { RateLimits } from '../adapters/rate-limit.js';
import { startSlack, type SlackAppOptions, type SlackRunning } from '../adapters/slack/app.js';
import type { SlackConfig } from '../adapters/slack/config.js';
import { createBot, loadKnowledge } from '../src/index.js';
import { inThisThread, type Answerer } from '../adapters/answering.js';
import { FakeDiscord, IDS, TOKEN as DISCORD_TOKEN, type RecordedRequest } from './fakes/discord.js';
import {
  commandFields,
  deliverCommand,
  deliverEvent,
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  mentionEvent,
  nextTs,
  startFakeSlack,
  type FakeSlack,
} from './fakes/slack.js';

const SECRET = 'faults-signing-secret-77c1d0';
const BOT_TOKEN = 'xoxb-faults-bot-token';
const APP_TOKEN = 'xapp-faults-app-token';
const MENTION = `<@${FAKE_BOT_USER_ID}>`;
// Short bounds so that faults resolve in milliseconds: three tries, 10-20 ms apart, 300 ms per call.
const FAST: SlackAppOptions = { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 }, apiTimeoutMs: 300 };

let core: Answerer;
let slackFake: FakeSlack | undefined;
let discordFake: FakeDiscord | undefined;
let running: Running | undefined;
let logs: Record<string, unknown>[] = [];
let appUrl = '';

beforeAll(() => {
  core = inThisThread(createBot(loadKnowledge('knowledge')));
});

afterEach(async () => {
  await running?.stop();
  await slackFake?.close();
  await discordFake?.close();
  // Whatever happened, no token or secret reached the log.
  const all = JSON.stringify(logs);
  for (const secret of [SECRET, BOT_TOKEN, APP_TOKEN, DISCORD_TOKEN]) expect(all).not.toContain(secret);
  running = slackFake = discordFake = undefined;
  logs = [];
});

const logger = (): Logger => createLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
const errors = () => logs.filter((l) => l.level === 'error');

async function slackHttp(options: SlackAppOptions = FAST): Promise<FakeSlack> {
  slackFake = await startFakeSlack();
  const config: SlackConfig = {
    botToken: BOT_TOKEN,
    mode: 'http',
    signingSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    apiUrl: slackFake.apiUrl,
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  };
  const started: SlackRunning = await startSlack(core, config, logger(), options);
  running = started;
  appUrl = `http://127.0.0.1:${started.port}/slack/events`;
  return slackFake;
}

const mention = (text: string, o: { event_id?: string; user?: string; channel?: string; ts?: string } = {}) =>
  mentionEvent({ text: `${MENTION} ${text}`, ...o });
const deliver = (body: object, retryNum?: number) =>
  deliverEvent(appUrl, body, { secret: SECRET, ...(retryNum !== undefined && { retryNum }) });
/** The answers posted in one thread. */
const postedIn = (fake: FakeSlack, ts: string) => fake.postedTo('chat.postMessage').filter((c) => c.params.thread_ts === ts);

describe('Slack Web API faults', () => {
  it('waits out a 429 with Retry-After, then answers, and so does everyone queued behind it', async () => {
    const fake = await slackHttp();
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const a = mention('revenue 2023', { event_id: 'Ev429A' });
    const b = mention('eps 2023', { event_id: 'Ev429B', user: 'U0OTHER' });
    await deliver(a);
    await deliver(b);
    await fake.waitForCalls('chat.postMessage', 3, 5000);
    await vi.waitFor(() => expect(fake.postedTo('chat.postMessage')).toHaveLength(2));
    expect(postedIn(fake, a.event.ts)[0]!.params.text).toContain('6,687.86');
    expect(postedIn(fake, b.event.ts)[0]!.params.text).toContain('0.52');
    const rateLimited = fake.callsTo('chat.postMessage').find((c) => c.outcome === 'ratelimited')!;
    const retried = postedIn(fake, a.event.ts)[0]!;
    expect(retried.at - rateLimited.at).toBeGreaterThanOrEqual(950); // Retry-After: 1 was honoured
    expect(errors()).toEqual([]);
    expect(logs.filter((l) => l.msg === 'Slack Web API call failed; retrying')).toHaveLength(1);
  });

  it('retries a 500 and a dropped connection, answering once each', async () => {
    const fake = await slackHttp();
    fake.failNext('chat.postMessage', { status: 500 }, { drop: true });
    const a = mention('revenue 2023', { event_id: 'EvRETRY' });
    await deliver(a);
    await fake.waitForCalls('chat.postMessage', 3);
    expect(fake.callsTo('chat.postMessage').map((c) => c.outcome)).toEqual(['http', 'dropped', 'ok']);
    expect(postedIn(fake, a.event.ts)).toHaveLength(1);
    expect(errors()).toEqual([]);
  });

  it('gives up after the retry budget, logs the lost answer once with its event id, and keeps answering others', async () => {
    const fake = await slackHttp();
    fake.failNext('chat.postMessage', { status: 500 }, { status: 503 }, { drop: true });
    const lost = mention('revenue 2023', { event_id: 'EvLOST' });
    await deliver(lost);
    await fake.waitForCalls('chat.postMessage', 3);
    const next = mention('eps 2023', { event_id: 'EvNEXT', user: 'U0OTHER' });
    await deliver(next);
    await fake.waitForCalls('chat.postMessage', 4);
    expect(postedIn(fake, next.event.ts)[0]!.params.text).toContain('0.52');
    await vi.waitFor(() => expect(errors()).toHaveLength(1));
    expect(errors()[0]).toMatchObject({ msg: 'Slack Web API call failed', eventId: 'EvLOST', method: 'chat.postMessage', platform: 'slack' });
    expect(errors()[0]!.reqId).toEqual(expect.any(String));
    expect(fake.callsTo('chat.postMessage')).toHaveLength(4); // three tries, then the next question: no more
  });

  it('does not retry a call slower than its timeout (it may have been posted), logs it once, and serves others meanwhile', async () => {
    const fake = await slackHttp();
    fake.failNext('chat.postMessage', { delayMs: 1500 });
    const slow = mention('revenue 2023', { event_id: 'EvSLOW' });
    const started = Date.now();
    expect((await deliver(slow)).status).toBe(200); // acknowledged at once, whatever the Web API does
    expect(Date.now() - started).toBeLessThan(1000);
    await fake.waitForCalls('chat.postMessage', 1);
    const other = mention('eps 2023', { event_id: 'EvFAST', user: 'U0OTHER' });
    await deliver(other);
    await fake.waitForCalls('chat.postMessage', 2);
    expect(postedIn(fake, other.event.ts)).toHaveLength(1); // answered while the slow call still hangs
    await vi.waitFor(() => expect(errors()).toHaveLength(1));
    expect(errors()[0]).toMatchObject({ eventId: 'EvSLOW', method: 'chat.postMessage' });
    expect(String(errors()[0]!.error)).toMatch(/timeout/i);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(postedIn(fake, slow.event.ts)).toHaveLength(1); // posted once (late), never twice
  });

  it('answers a slow event once, however often Slack re-delivers it (x-slack-retry-num)', async () => {
    const fake = await slackHttp({ ...FAST, apiTimeoutMs: 5000 });
    fake.failNext('chat.postMessage', { delayMs: 800 });
    const slow = mention('net profit 2023', { event_id: 'EvREDELIVER' });
    await deliver(slow);
    await fake.waitForCalls('chat.postMessage', 1);
    // Slack saw no answer in time and delivers the same event again, twice, while the first answer is on its way.
    expect((await deliver(slow, 1)).status).toBe(200);
    expect((await deliver(slow, 2)).status).toBe(200);
    const later = mention('eps 2023', { event_id: 'EvAFTER' });
    await deliver(later, 1); // a re-delivery whose original never arrived is answered
    await vi.waitFor(() => expect(fake.postedTo('chat.postMessage')).toHaveLength(2), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(postedIn(fake, slow.event.ts)).toHaveLength(1);
    expect(postedIn(fake, later.event.ts)).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(logs.filter((l) => l.msg === 'duplicate Slack event ignored').map((l) => [l.eventId, l.retryNum])).toEqual([
      ['EvREDELIVER', 1],
      ['EvREDELIVER', 2],
    ]);
    expect(logs.find((l) => l.msg === 'answered' && l.eventId === 'EvAFTER')).toMatchObject({ retryNum: 1 });
    expect(errors()).toEqual([]);
  });

  it('logs every answer with a request id and the event id; the question itself only at debug', async () => {
    const fake = await slackHttp();
    await deliver(mention('what was revenue in 2023?', { event_id: 'EvLOGGED' }));
    await fake.waitForCalls('chat.postMessage', 1);
    await vi.waitFor(() => expect(logs.find((l) => l.msg === 'answered')).toBeDefined());
    const answered = logs.find((l) => l.msg === 'answered')!;
    expect(answered).toMatchObject({ level: 'info', eventId: 'EvLOGGED', status: 'answered', platform: 'slack' });
    const lines = logs.filter((l) => l.reqId === answered.reqId);
    expect(lines.map((l) => l.msg)).toEqual(['question', 'answered']);
    expect(lines[0]).toMatchObject({ level: 'debug', question: 'what was revenue in 2023?' });
    const withQuestion = logs.filter((l) => JSON.stringify(l).includes('revenue in 2023'));
    expect(withQuestion.every((l) => l.level === 'debug')).toBe(true);
  });
});

describe('Slack Socket Mode faults', () => {
  it('reconnects after the socket is cut without a word, and answers what comes next exactly once', async () => {
    slackFake = await startFakeSlack();
    const config: SlackConfig = { botToken: BOT_TOKEN, appToken: APP_TOKEN, mode: 'socket', port: 3000, apiUrl: slackFake.apiUrl, botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID };
    running = await startSlack(core, config, logger(), { ...FAST, socketPingTimeoutMs: 100 });
    await slackFake.waitForConnection(1);
    await slackFake.sendEnvelope('events_api', mention('revenue 2023'));
    slackFake.dropSocket();
    await slackFake.waitForConnection(2, { ms: 5000 });
    expect(slackFake.callsTo('apps.connections.open')).toHaveLength(2);
    const after = mention('eps 2023');
    await slackFake.sendEnvelope('events_api', after);
    await slackFake.waitForCalls('chat.postMessage', 2);
    expect(postedIn(slackFake, after.event.ts)).toHaveLength(1);
    expect(slackFake.postedTo('chat.postMessage')).toHaveLength(2);
  });
});

describe('fair use', () => {
  const LIMITS: RateLimits = { user: { burst: 3, perMinute: 6 }, channel: { burst: 8, perMinute: 60 } };

  it('Slack: a flooding user gets their burst and one polite notice; others in the channel are still answered', async () => {
    let now = 1_000_000;
    const fake = await slackHttp({ ...FAST, limits: LIMITS, now: () => now });
    const flood = Array.from({ length: 10 }, (_, i) => mention('revenue 2023', { user: 'U0FLOOD', event_id: `EvFLOOD${i}` }));
    for (const e of flood) await deliver(e);
    const others = ['U0ANN', 'U0BOB'].map((user) => mention('eps 2023', { user }));
    for (const e of others) await deliver(e);
    await fake.waitForCalls('chat.postMessage', 6);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const posts = fake.postedTo('chat.postMessage');
    const notices = posts.filter((c) => String(c.params.text).includes('ask again in'));
    expect(posts).toHaveLength(6); // 3 answers + 1 notice for the flood, 1 answer each for the others
    expect(notices).toHaveLength(1);
    expect(notices[0]!.params.thread_ts).toBe(flood[3]!.event.ts); // the first refused question gets the notice
    expect(String(notices[0]!.params.text)).toMatch(/You're asking faster than I can keep up with.*ask again in 10 seconds/);
    for (const e of others) expect(postedIn(fake, e.event.ts)[0]!.params.text).toContain('0.52');
    expect(logs.filter((l) => l.msg === 'rate limited')).toHaveLength(7);

    now += 10_000; // one token back: the flooder is answered again
    const later = mention('net profit 2023', { user: 'U0FLOOD' });
    await deliver(later);
    await fake.waitForCalls('chat.postMessage', 7);
    expect(postedIn(fake, later.event.ts)[0]!.params.text).toContain('563.69');
  });

  it('Slack: a busy channel is paused, with one notice, while other channels carry on', async () => {
    const fake = await slackHttp({ ...FAST, limits: { user: { burst: 10, perMinute: 60 }, channel: { burst: 4, perMinute: 6 } } });
    for (let i = 0; i < 8; i++) await deliver(mention('eps 2023', { user: `U0P${i}`, channel: 'C0BUSY' }));
    const elsewhere = mention('eps 2023', { channel: 'C0QUIET' });
    await deliver(elsewhere);
    await fake.waitForCalls('chat.postMessage', 6);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const busy = fake.postedTo('chat.postMessage').filter((c) => c.params.channel === 'C0BUSY');
    expect(busy).toHaveLength(5);
    expect(busy.filter((c) => String(c.params.text).includes('This conversation is asking more than I can answer fairly'))).toHaveLength(1);
    expect(postedIn(fake, elsewhere.event.ts)).toHaveLength(1);
  });

  it('Slack /results: a limited command gets a private notice once, then silence', async () => {
    const fake = await slackHttp({ ...FAST, limits: { user: { burst: 1, perMinute: 1 }, channel: { burst: 10, perMinute: 60 } } });
    for (const id of ['c1', 'c2', 'c3']) {
      const res = await deliverCommand(appUrl, commandFields('eps 2023', fake.responseUrl(id), { user: 'U0CMD' }), { secret: SECRET });
      expect(res.status).toBe(200); // always acknowledged
    }
    await fake.waitForResponded(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.responded.map((r) => [r.id, r.body.response_type])).toEqual([
      ['c1', 'ephemeral'],
      ['c2', 'ephemeral'],
    ]);
    expect(String(fake.responded[1]!.body.text)).toMatch(/ask again in 60 seconds/);
  });
});

// ---- Discord ----

async function discordBot(options: DiscordOptions = {}): Promise<FakeDiscord> {
  discordFake = await FakeDiscord.start();
  const config = readDiscordConfig({ DISCORD_TOKEN, DISCORD_API_URL: discordFake.apiUrl });
  running = await startDiscord(core, config, logger(), { rest: { timeoutMs: 300, retries: 2 }, ...options });
  return discordFake;
}

const posts = (fake: FakeDiscord) => fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
/** Messages Discord created in reply to `id` (a replayed nonce creates nothing). */
const createdFor = (fake: FakeDiscord, id: string) =>
  posts(fake).filter((r) => r.status === 200 && !r.replayed && r.body?.message_reference?.message_id === id);
const ask = (fake: FakeDiscord, content: string, o: { channelId?: string; author?: string } = {}) =>
  fake.sendMessage({ mention: true, content: `<@${IDS.bot}> ${content}`, channelId: o.channelId });

describe('Discord REST faults', () => {
  it('sends again after a dropped connection (a reply, an interaction callback) and answers once', async () => {
    const fake = await discordBot();
    fake.fail('POST', /^\/channels\/\d+\/messages$/, { drop: true });
    const id = ask(fake, 'revenue 2023');
    await vi.waitFor(() => expect(createdFor(fake, id)).toHaveLength(1));
    expect(posts(fake).map((r) => r.status)).toEqual([0, 200]);

    fake.fail('POST', /^\/interactions\//, { drop: true });
    const command = fake.sendCommand('eps 2023');
    const answered = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${command.id}/`) && r.status === 204);
    expect(JSON.stringify(answered.body.data)).toContain('0.52');
    expect(fake.requests.filter((r) => r.path.startsWith(`/interactions/${command.id}/`)).map((r) => r.status)).toEqual([0, 204]);
    expect(errors()).toEqual([]);
    expect(logs.filter((l) => l.msg === 'connection to Discord lost; sending again')).toHaveLength(2);
  });

  it('a reply slower than the timeout: retried with the same nonce, created once, logged once, others served meanwhile', async () => {
    const fake = await discordBot();
    fake.fail('POST', /^\/channels\/\d+\/messages$/, { delayMs: 1000, times: 3 });
    const slow = ask(fake, 'revenue 2023', { channelId: IDS.thread });
    await fake.waitForRequest((r) => r.body?.message_reference?.message_id === slow);
    const other = ask(fake, 'eps 2023', { channelId: IDS.channel }); // another channel: another rate-limit bucket
    await vi.waitFor(() => expect(createdFor(fake, other)).toHaveLength(1), { timeout: 3000 });
    await vi.waitFor(() => expect(logs.filter((l) => l.msg === 'could not answer a message')).toHaveLength(1), { timeout: 5000 });
    const failure = logs.find((l) => l.msg === 'could not answer a message')!;
    expect(failure).toMatchObject({ level: 'error', messageId: slow, via: 'mention', platform: 'discord' });
    const tries = posts(fake).filter((r) => r.body?.message_reference?.message_id === slow);
    expect(tries).toHaveLength(3); // the first try and two retries, all with the question's id as enforced nonce
    expect(new Set(tries.map((r) => r.body.nonce))).toEqual(new Set([slow]));
    expect(tries.every((r) => r.body.enforce_nonce === true)).toBe(true);
    expect(createdFor(fake, slow)).toHaveLength(1); // Discord created it once; the retries were replays
  });

  it('keeps answering through a gateway drop in the middle of a burst, each interaction once', async () => {
    const fake = await discordBot();
    const first = Array.from({ length: 20 }, () => fake.sendCommand('eps 2023'));
    fake.drop(4000);
    await fake.waitForFrame((f) => f.op === 6);
    const second = Array.from({ length: 20 }, () => fake.sendCommand('net profit 2023'));
    const callbacks = (id: string) => fake.requests.filter((r: RecordedRequest) => r.path.startsWith(`/interactions/${id}/`));
    await vi.waitFor(() => {
      for (const i of [...first, ...second]) expect(callbacks(i.id)).toHaveLength(1);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const i of [...first, ...second]) expect(callbacks(i.id)).toHaveLength(1);
  });
});

describe('Discord fair use', () => {
  const LIMITS: RateLimits = { user: { burst: 2, perMinute: 2 }, channel: { burst: 50, perMinute: 60 } };

  it('mentions: a flood gets its burst and one notice; /results always gets a private notice; others are answered', async () => {
    const fake = await discordBot({ limits: LIMITS });
    const flood = Array.from({ length: 6 }, () => ask(fake, 'revenue 2023'));
    await vi.waitFor(() => expect(posts(fake)).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(posts(fake)).toHaveLength(3);
    expect(createdFor(fake, flood[2]!)[0]!.body.content).toMatch(/faster than I can keep up.*ask again in 30 seconds/);

    const command = fake.sendCommand('eps 2023'); // the same user: still limited, but an interaction must be answered
    const callback = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${command.id}/`));
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } }); // ephemeral
    expect(callback.body.data.content).toMatch(/ask again in/);

    const other = fake.sendMessage({ mention: true, content: `<@${IDS.bot}> eps 2023`, author: { ...HUMAN_2 } });
    await vi.waitFor(() => expect(createdFor(fake, other)).toHaveLength(1));
    expect(JSON.stringify(createdFor(fake, other)[0]!.body)).toContain('0.52');
  });
});

describe('overload', () => {
  it('Slack HTTP: past MAX_IN_FLIGHT, new events get 503 (Slack delivers them again later); each is answered once', async () => {
    const fake = await slackHttp({ ...FAST, apiTimeoutMs: 5000, maxInFlight: 3 });
    fake.latencyMs = 600; // Slack takes its time to take the answers: they pile up
    const events = Array.from({ length: 6 }, (_, i) => mention('revenue 2023', { event_id: `EvBUSY${i}`, user: `U0BUSY${i}` }));
    const first = await Promise.all(events.slice(0, 3).map((e) => deliver(e)));
    const turned = await Promise.all(events.slice(3).map((e) => deliver(e)));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(turned.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(turned[0]!.headers.get('retry-after')).toBe('5');
    await vi.waitFor(() => expect(logs.filter((l) => l.msg === 'answered')).toHaveLength(3), { timeout: 5000 });
    fake.latencyMs = 0;
    // Slack's re-deliveries, once the answers have caught up, are taken and answered.
    expect((await Promise.all(events.slice(3).map((e) => deliver(e, 1)))).map((r) => r.status)).toEqual([200, 200, 200]);
    await vi.waitFor(() => expect(fake.postedTo('chat.postMessage')).toHaveLength(6));
    for (const e of events) expect(postedIn(fake, e.event.ts)).toHaveLength(1);
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'overloaded: turning new questions away until answers catch up',
      'overload over: taking questions again',
    ]);
    expect(logs.find((l) => l.msg === 'overload over: taking questions again')).toMatchObject({ turnedAway: 3 });
    expect(errors()).toEqual([]);
  });

  it('Discord: past MAX_IN_FLIGHT, a command gets a private "busy" reply at once instead of waiting its turn', async () => {
    const fake = await discordBot({ maxInFlight: 2, rest: { timeoutMs: 5000, retries: 2 } });
    fake.fail('POST', /^\/channels\/\d+\/messages$/, { delayMs: 800, times: 2 });
    const slow = [ask(fake, 'revenue 2023', { channelId: IDS.thread }), ask(fake, 'eps 2023', { channelId: IDS.channel })];
    await vi.waitFor(() => expect(posts(fake)).toHaveLength(2));
    const command = fake.sendCommand('net profit 2023');
    const callback = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${command.id}/`));
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/Too many questions at once/) } });
    await vi.waitFor(() => expect(logs.filter((l) => l.msg === 'answered')).toHaveLength(2), { timeout: 3000 });
    expect(slow.map((id) => createdFor(fake, id).length)).toEqual([1, 1]);
    const later = fake.sendCommand('net profit 2023');
    const answered = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${later.id}/`));
    expect(JSON.stringify(answered.body.data)).toContain('net profit');
    expect(errors()).toEqual([]);
  });
});

describe('Discord while stopping', () => {
  it('tells a question that arrives during shutdown to ask again, and still finishes the answers in flight', async () => {
    const fake = await discordBot({ shutdownGraceMs: 3000, rest: { timeoutMs: 5000, retries: 2 } });
    fake.fail('POST', /^\/channels\/\d+\/messages$/, { delayMs: 1500 });
    const inFlight = ask(fake, 'revenue 2023');
    await vi.waitFor(() => expect(logs.some((l) => l.msg === 'question')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 200)); // its reply is on its way (Discord takes 1.5 s)
    const stopped = running!.stop();
    const command = fake.sendCommand('eps 2023');
    const callback = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${command.id}/`));
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/restarting/) } });
    await stopped;
    expect(createdFor(fake, inFlight)).toHaveLength(1);
    running = undefined;
  });
});

const HUMAN_2 = { id: '733456789012345678', username: 'bob', discriminator: '0', global_name: null, avatar: null, bot: false, flags: 0 };
