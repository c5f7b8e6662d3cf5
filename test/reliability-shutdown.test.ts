/**
 * Shutdown and logs of a full run: `npm start` serving Slack (HTTP) and Discord against the local fakes, at
 * LOG_LEVEL=debug, with a slow Slack so that answers are in flight. SIGTERM arrives in the middle of a burst:
 * everything accepted before it (a Slack event acknowledged with 200, a Discord interaction the bot picked up) is
 * answered exactly once, new work is refused, and the process exits 0. Then the whole log is searched for secrets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord, TOKEN as DISCORD_TOKEN } from './fakes/discord.js';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, mentionEvent, sign, startFakeSlack, type FakeSlack } from './fakes/slack.js';
import { freePort, QUESTIONS, startBot, type BotProcess, type LogLine } from './support/reliability.js';

const SECRET = 'shutdown-signing-secret-3a9b17c2';
const BOT_TOKEN = 'xoxb-shutdown-bot-token-5521';
const APP_TOKEN = 'xapp-1-A0SHUT-123-shutdown-app-token';

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

async function post(url: string, body: object): Promise<number | 'failed'> {
  const raw = JSON.stringify(body);
  const now = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign(SECRET, now, raw) },
      body: raw,
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'failed'; // connection refused or closed: not accepted, Slack would deliver it again
  }
}

describe('shutdown', () => {
  it('on SIGTERM during a burst: answers everything accepted exactly once, refuses the rest, exits 0, logs no secret', async () => {
    slackFake = await startFakeSlack();
    slackFake.latencyMs = 250; // a slow Slack: answers are in flight when the signal comes
    discordFake = await FakeDiscord.start({ heartbeatIntervalMs: 5000 });
    const port = await freePort();
    bot = startBot({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slackFake.apiUrl,
      SLACK_BOT_ID: FAKE_BOT_ID,
      SLACK_BOT_USER_ID: FAKE_BOT_USER_ID,
      PORT: String(port),
      HOST: '127.0.0.1',
      DISCORD_TOKEN,
      DISCORD_API_URL: discordFake.apiUrl,
      LOG_LEVEL: 'debug',
      SHUTDOWN_GRACE_MS: '8000',
      RATE_LIMIT_USER_PER_MINUTE: '0',
      RATE_LIMIT_CHANNEL_PER_MINUTE: '0',
    });
    const child = bot;
    await child.waitForLog((l) => l.msg === 'connected' && l.platform === 'slack');
    await child.waitForLog((l) => l.msg === 'connected' && l.platform === 'discord');
    const url = `http://127.0.0.1:${port}/slack/events`;
    const slack = slackFake;
    const discord = discordFake;

    // The burst: 16 Slack senders and a stream of Discord commands, until well after the signal.
    const outcomes = new Map<string, number | 'failed'>(); // thread ts -> HTTP status
    const interactions: string[] = [];
    let signalled = false;
    let n = 0;
    const sender = async () => {
      for (let i = n++; i < 400; i = n++) {
        const ts = `${1_720_000_000 + i}.000300`;
        const status = await post(url, mentionEvent({ text: `<@${FAKE_BOT_USER_ID}> ${QUESTIONS[i % QUESTIONS.length]}`, ts, user: `U0S${i % 40}`, channel: `C0S${i % 8}` }));
        outcomes.set(ts, status);
        if (!signalled && [...outcomes.values()].filter((s) => s === 200).length >= 120) {
          signalled = true;
          child.proc.kill('SIGTERM');
        }
      }
    };
    const commands = (async () => {
      for (let i = 0; i < 400 && child.proc.exitCode === null; i++) {
        try {
          interactions.push(discord.sendCommand(QUESTIONS[i % QUESTIONS.length]!).id);
        } catch {
          break; // the gateway is closed: the bot has gone
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await Promise.all([...Array.from({ length: 16 }, sender), commands]);

    const code = await child.exited;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(signalled).toBe(true);
    expect(code).toBe(0);

    // Slack: everything acknowledged was answered, once; nothing refused was answered.
    const accepted = [...outcomes].filter(([, s]) => s === 200).map(([ts]) => ts);
    const refused = [...outcomes].filter(([, s]) => s !== 200);
    const posted = new Map<string, number>();
    for (const c of slack.postedTo('chat.postMessage')) posted.set(String(c.params.thread_ts), (posted.get(String(c.params.thread_ts)) ?? 0) + 1);
    const lost = accepted.filter((ts) => !posted.has(ts));
    const duplicated = [...posted.values()].filter((count) => count > 1).length;
    expect(refused.length).toBeGreaterThan(0); // the signal did come in the middle of the burst
    expect(refused.every(([, s]) => s === 503 || s === 'failed')).toBe(true);
    expect(lost).toEqual([]);
    expect(duplicated).toBe(0);
    expect(refused.filter(([ts]) => posted.has(ts))).toEqual([]);

    // Discord: every interaction the bot picked up (it logged the question) got exactly one answer; those that came
    // once it was stopping, exactly one private "restarting" reply.
    const turned = new Set(child.logs.filter((l) => l.msg === 'turned away' && l.interactionId).map((l) => String(l.interactionId)));
    const picked = new Set(child.logs.filter((l) => l.platform === 'discord' && l.interactionId && !turned.has(String(l.interactionId))).map((l) => String(l.interactionId)));
    const callbacks = new Map<string, number>();
    const restarting = new Set<string>();
    for (const r of discord.requests) {
      const m = r.method === 'POST' && r.status === 204 && r.path.match(/^\/interactions\/(\d+)\//);
      if (!m) continue;
      callbacks.set(m[1]!, (callbacks.get(m[1]!) ?? 0) + 1);
      if (/restarting/.test(String(r.body?.data?.content))) restarting.add(m[1]!);
    }
    expect(picked.size).toBeGreaterThan(0);
    expect([...picked, ...turned].filter((id) => callbacks.get(id) !== 1)).toEqual([]);
    expect([...callbacks.keys()].filter((id) => !picked.has(id) && !turned.has(id))).toEqual([]);
    expect(restarting).toEqual(turned);

    const inFlight = child.logs.find((l) => l.msg === 'finishing answers in flight' && l.platform === 'slack');
    const shutdown = {
      slackSent: outcomes.size,
      slackAccepted: accepted.length,
      slackRefused: refused.length,
      slackInFlightAtSignal: inFlight?.inFlight,
      slackLost: lost.length,
      slackDuplicated: duplicated,
      discordSent: interactions.length,
      discordAccepted: picked.size,
      discordToldRestarting: turned.size,
      discordCallbacks: callbacks.size,
    };
    console.log('Shutdown under load:', JSON.stringify(shutdown));
    expect(child.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    expect(child.logs.find((l) => l.msg === 'shutting down')).toMatchObject({ level: 'info', signal: 'SIGTERM' });

    // The log of the whole run: structured, leak-free, questions only at debug.
    checkLog(child, [BOT_TOKEN, SECRET, DISCORD_TOKEN, 'interaction-token-']);
  }, 60_000);

  it('on SIGINT in Socket Mode: closes the socket and exits 0', async () => {
    slackFake = await startFakeSlack();
    bot = startBot({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slackFake.apiUrl,
      SLACK_BOT_ID: FAKE_BOT_ID,
      SLACK_BOT_USER_ID: FAKE_BOT_USER_ID,
      LOG_LEVEL: 'debug',
    });
    await bot.waitForLog((l) => l.msg === 'connected' && l.platform === 'slack');
    await slackFake.waitForConnection(1);
    slackFake.latencyMs = 300;
    const event = mentionEvent({ text: `<@${FAKE_BOT_USER_ID}> revenue 2023` });
    await slackFake.sendEnvelope('events_api', event); // acknowledged: its answer is now in flight
    await slackFake.waitForCalls('chat.postMessage', 1);
    bot.proc.kill('SIGINT');
    expect(await bot.exited).toBe(0);
    await slackFake.waitForClosed(1);
    expect(slackFake.postedTo('chat.postMessage').filter((c) => c.params.thread_ts === event.event.ts)).toHaveLength(1);
    expect(bot.logs.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGINT' });
    checkLog(bot, [BOT_TOKEN, APP_TOKEN]);
  }, 30_000);
});

/** Every stderr line is a JSON log line; no secret appears anywhere; a question's text only at debug level. */
function checkLog(child: BotProcess, secrets: string[]): void {
  const stderr = child.stderr();
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThan(10);
  for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
  for (const secret of secrets) expect(stderr).not.toContain(secret);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
  const questions = child.logs.filter((l: LogLine) => l.msg === 'question');
  expect(questions.length).toBeGreaterThan(0);
  expect(questions.every((l) => l.level === 'debug' && typeof l.reqId === 'string')).toBe(true);
  const askedTexts = new Set(QUESTIONS.filter((q) => q.length > 8));
  const mentioning = child.logs.filter((l) => [...askedTexts].some((q) => JSON.stringify(l).includes(JSON.stringify(q).slice(1, -1))));
  expect(mentioning.filter((l) => l.level !== 'debug')).toEqual([]);
}
