/**
 * Load: the bot as `npm start` runs it, in a process of its own, against the local fakes.
 * - Slack: 10,000 signed app_mention events POSTed to /slack/events over 50 concurrent connections (autocannon).
 *   Every event must be acknowledged, and answered by exactly one recorded chat.postMessage in its thread.
 * - Discord: 2,000 /results interactions over the gateway, 50 in flight at a time. Every interaction must get
 *   exactly one callback, with an answer.
 * Both within Slack's and Discord's 3-second window at the 99th percentile. The figures go to the console.
 * LOAD_SLACK_EVENTS and LOAD_DISCORD_INTERACTIONS change the counts (defaults: the 10,000 and 2,000).
 */
import autocannon from 'autocannon';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord, TOKEN as DISCORD_TOKEN } from './fakes/discord.js';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, mentionEvent, sign, startFakeSlack, type FakeSlack } from './fakes/slack.js';
import { freePort, percentile, QUESTIONS, startBot, until, type BotProcess } from './support/reliability.js';

const SECRET = 'load-test-signing-secret-5f2e9a';
const BOT_TOKEN = 'xoxb-load-test-bot-token';
const WINDOW_MS = 3000; // Slack's (and Discord's) time to acknowledge

let bot: BotProcess | undefined;
let slackFake: FakeSlack | undefined;
let discordFake: FakeDiscord | undefined;

afterEach(async () => {
  bot?.kill();
  await bot?.exited;
  await slackFake?.close();
  await discordFake?.close();
  bot = slackFake = discordFake = undefined;
});

const count = (raw: string | undefined, fallback: number) => (raw && /^\d+$/.test(raw) ? Number(raw) : fallback);
const SLACK_EVENTS = count(process.env.LOAD_SLACK_EVENTS, 10_000);
const DISCORD_INTERACTIONS = count(process.env.LOAD_DISCORD_INTERACTIONS, 2_000);

const NO_LIMITS = { RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_CHANNEL_PER_MINUTE: '0' };

describe('load', () => {
  it(`answers ${SLACK_EVENTS.toLocaleString('en')} Slack events from 50 connections exactly once each, p99 within 3 s`, async () => {
    const EVENTS = SLACK_EVENTS;
    slackFake = await startFakeSlack();
    const port = await freePort();
    bot = startBot({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slackFake.apiUrl,
      SLACK_BOT_ID: FAKE_BOT_ID,
      SLACK_BOT_USER_ID: FAKE_BOT_USER_ID,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...NO_LIMITS, // fair use is tested on its own; here every question must be answered
    });
    await bot.waitForLog((l) => l.msg === 'Slack listening (HTTP mode)');

    const sentAt = new Map<string, number>(); // thread ts -> when the event was sent
    let n = 0;
    const started = Date.now();
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 50,
      amount: EVENTS,
      timeout: 10,
      requests: [
        {
          setupRequest: (req) => {
            const i = n++;
            const ts = `${1_710_000_000 + i}.${String(i).padStart(6, '0')}`;
            const body = JSON.stringify(
              mentionEvent({
                text: `<@${FAKE_BOT_USER_ID}> ${QUESTIONS[i % QUESTIONS.length]}`,
                ts,
                channel: `C0LOAD${i % 100}`,
                user: `U0LOAD${i % 500}`,
                event_id: `EvLOAD${i}`,
              }),
            );
            const now = Math.floor(Date.now() / 1000);
            sentAt.set(ts, Date.now());
            return {
              ...req,
              method: 'POST',
              path: '/slack/events',
              headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign(SECRET, now, body) },
              body,
            };
          },
        },
      ],
    });
    const fake = slackFake;
    await until(() => fake.calls.length >= EVENTS, 30_000, `${EVENTS} chat.postMessage calls (have ${fake.calls.length})`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would come now
    const elapsed = (Date.now() - started) / 1000;

    const posts = fake.postedTo('chat.postMessage');
    const threads = new Set(posts.map((c) => String(c.params.thread_ts)));
    const lost = [...sentAt.keys()].filter((ts) => !threads.has(ts)).length;
    const endToEnd = posts.map((c) => c.at - sentAt.get(String(c.params.thread_ts))!);
    const figures = {
      events: EVENTS,
      acknowledged: result['2xx'],
      answered: threads.size,
      posts: posts.length,
      duplicated: posts.length - threads.size,
      lost,
      errors: result.errors + result.timeouts + result.non2xx,
      ackP50Ms: result.latency.p50,
      ackP99Ms: result.latency.p99,
      ackMaxMs: result.latency.max,
      answerP50Ms: percentile(endToEnd, 50),
      answerP99Ms: percentile(endToEnd, 99),
      answerMaxMs: Math.max(...endToEnd),
      seconds: elapsed,
      perSecond: Math.round(EVENTS / elapsed),
    };
    console.log('Slack load:', JSON.stringify(figures));

    expect(figures.errors).toBe(0);
    expect(figures.acknowledged).toBe(EVENTS);
    expect(posts).toHaveLength(EVENTS);
    expect(figures.duplicated).toBe(0);
    expect(lost).toBe(0);
    expect(figures.ackP99Ms).toBeLessThan(WINDOW_MS);
    expect(figures.answerP99Ms).toBeLessThan(WINDOW_MS);
    expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);
  }, 90_000);

  it(`answers ${DISCORD_INTERACTIONS.toLocaleString('en')} Discord /results interactions exactly once each, p99 within 3 s`, async () => {
    const INTERACTIONS = DISCORD_INTERACTIONS;
    const CONCURRENT = 50;
    discordFake = await FakeDiscord.start({ heartbeatIntervalMs: 5000 });
    bot = startBot({ DISCORD_TOKEN, DISCORD_API_URL: discordFake.apiUrl, LOG_LEVEL: 'info', ...NO_LIMITS });
    await bot.waitForLog((l) => l.msg === 'connected' && l.platform === 'discord');
    const fake = discordFake;

    const sentAt = new Map<string, number>(); // interaction id -> when it was dispatched
    const answeredAt = new Map<string, number>();
    const callbacks = new Map<string, number>(); // interaction id -> callbacks received
    let next = 0;
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${answeredAt.size} of ${INTERACTIONS} interactions answered`)), 60_000);
      const send = () => {
        if (next >= INTERACTIONS) return;
        const i = next++;
        const { id } = fake.sendCommand(QUESTIONS[i % QUESTIONS.length]!, { channelId: String(400000000000000000n + BigInt(i % 100)) });
        sentAt.set(id, Date.now());
        void fake
          .nextRequest((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`))
          .then(() => {
            answeredAt.set(id, Date.now());
            if (answeredAt.size === INTERACTIONS) {
              clearTimeout(timer);
              resolve();
            } else send();
          });
      };
      for (let k = 0; k < CONCURRENT; k++) send();
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would come now
    const elapsed = (Date.now() - started) / 1000;

    for (const r of fake.requests) {
      const m = r.method === 'POST' && r.path.match(/^\/interactions\/(\d+)\//);
      if (m) callbacks.set(m[1]!, (callbacks.get(m[1]!) ?? 0) + 1);
    }
    const latencies = [...answeredAt].map(([id, at]) => at - sentAt.get(id)!);
    const replies = fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/interactions/'));
    const figures = {
      interactions: INTERACTIONS,
      answered: callbacks.size,
      duplicated: [...callbacks.values()].filter((c) => c > 1).length,
      lost: [...sentAt.keys()].filter((id) => !callbacks.has(id)).length,
      withAnswer: replies.filter((r) => r.status === 204 && r.body?.type === 4 && (r.body.data?.content || r.body.data?.embeds?.length)).length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      seconds: elapsed,
      perSecond: Math.round(INTERACTIONS / elapsed),
    };
    console.log('Discord load:', JSON.stringify(figures));

    expect(figures.answered).toBe(INTERACTIONS);
    expect(figures.duplicated).toBe(0);
    expect(figures.lost).toBe(0);
    expect(figures.withAnswer).toBe(INTERACTIONS);
    expect(figures.p99Ms).toBeLessThan(WINDOW_MS);
    expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);
  }, 90_000);
});
