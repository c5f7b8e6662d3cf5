// The Slack adapter end to end: the real Bolt app and the real core, against a fake Slack on 127.0.0.1.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../adapters/log.js';
import { ConfigError } from '../adapters/platform.js';
import { startSlack, type SlackAppOptions, type SlackRunning } from '../adapters/slack/app.js';
import type { SlackConfig } from '../adapters/slack/config.js';
import { slack } from '../adapters/slack/index.js';
import { ContextStore, createBot, loadKnowledge } from '../src/index.js';
import { inThisThread, type Answerer } from '../adapters/answering.js';
import {
  commandFields,
  deliverCommand,
  deliverEvent,
  dmEvent,
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  mentionEvent,
  nextTs,
  startFakeSlack,
  type ApiCall,
  type FakeSlack,
} from './fakes/slack.js';

const SECRET = 'test-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-test-bot-token';
const APP_TOKEN = 'xapp-test-app-token';
const MENTION = `<@${FAKE_BOT_USER_ID}>`;
const NO_RETRIES: SlackAppOptions = { retryConfig: { retries: 0 } };

let core: Answerer;
let fake: FakeSlack | undefined;
let running: SlackRunning | undefined;
let logs: Record<string, unknown>[] = [];
let appUrl = '';

beforeAll(() => {
  core = inThisThread(createBot(loadKnowledge('knowledge')));
});

afterEach(async () => {
  await running?.stop();
  await fake?.close();
  running = undefined;
  fake = undefined;
});

const logger = () => createLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));

async function startHttp(options: SlackAppOptions = NO_RETRIES): Promise<FakeSlack> {
  fake = await startFakeSlack();
  logs = [];
  const config: SlackConfig = {
    botToken: BOT_TOKEN,
    mode: 'http',
    signingSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    apiUrl: fake.apiUrl,
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  };
  running = await startSlack(core, config, logger(), options);
  appUrl = `http://127.0.0.1:${running.port}/slack/events`;
  return fake;
}

const event = (body: object, retryNum?: number) => deliverEvent(appUrl, body, { secret: SECRET, ...(retryNum !== undefined && { retryNum }) });
const command = (text: string, id = 'r1') => deliverCommand(appUrl, commandFields(text, fake!.responseUrl(id)), { secret: SECRET });
const posted = async (n = 1): Promise<ApiCall> => (await fake!.waitForCalls('chat.postMessage', n))[n - 1]!;
const json = (value: unknown) => JSON.stringify(value);

describe('Slack over HTTP (Events API and slash commands)', () => {
  it('answers a mention in the thread of the message, with Block Kit and a plain-text fallback', async () => {
    await startHttp();
    const ts = nextTs();
    const res = await event(mentionEvent({ text: `${MENTION} what was revenue in 2023?`, ts }));
    expect(res.status).toBe(200);

    const call = await posted();
    expect(call.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(call.params).toMatchObject({ channel: 'C0CHANNEL', thread_ts: ts });
    expect(call.params.text).toContain('6,687.86');
    const blocks = call.params.blocks as { type: string; fields?: { text: string }[]; elements?: { text: string }[] }[];
    expect(blocks[0]).toMatchObject({ type: 'section' });
    expect(json(blocks[0])).toContain('6,687.86');
    const fields = blocks.flatMap((b) => b.fields ?? []).map((f) => f.text);
    expect(fields).toEqual(expect.arrayContaining([expect.stringContaining('FY2023'), expect.stringContaining('FY2022'), expect.stringContaining('Change')]));
    expect(blocks.at(-1)).toMatchObject({ type: 'context' });
    expect(blocks.at(-1)!.elements![0]!.text).toContain('unaudited');
  });

  it('continues the conversation when mentioned again in the same thread, and only there', async () => {
    await startHttp();
    const root = nextTs();
    await event(mentionEvent({ text: `${MENTION} what was revenue in 2023?`, ts: root }));
    await posted(1);

    await event(mentionEvent({ text: `${MENTION} and in 2022?`, thread_ts: root }));
    const followUp = await posted(2);
    expect(followUp.params.thread_ts).toBe(root);
    expect(followUp.params.text).toContain('7,165.19');

    const elsewhere = nextTs();
    await event(mentionEvent({ text: `${MENTION} and in 2022?`, ts: elsewhere }));
    const fresh = await posted(3);
    expect(fresh.params.thread_ts).toBe(elsewhere);
    expect(fresh.params.text).not.toContain('7,165.19');
  });

  it('forgets a conversation once it has been idle too long', async () => {
    let now = 0;
    await startHttp({ ...NO_RETRIES, contexts: new ContextStore({ ttlMs: 60_000, now: () => now }) });
    await event(dmEvent({ text: 'what was revenue in 2023?' }));
    await posted(1);
    now += 61_000;
    await event(dmEvent({ text: 'and in 2022?' }));
    expect((await posted(2)).params.text).not.toContain('7,165.19');
  });

  it('answers a direct message in the conversation, and its follow-up', async () => {
    await startHttp();
    await event(dmEvent({ text: 'what was revenue in 2023?' }));
    const first = await posted(1);
    expect(first.params.channel).toBe('D0DIRECT');
    expect(first.params.thread_ts).toBeUndefined();
    expect(first.params.text).toContain('6,687.86');

    await event(dmEvent({ text: 'and in 2022?' }));
    expect((await posted(2)).params.text).toContain('7,165.19');
  });

  it('acknowledges a slash command before its answer is delivered, then answers privately via response_url', async () => {
    await startHttp();
    const release = fake!.holdResponses(); // the answer's delivery hangs: the ack must not wait for it
    const res = await command('eps 2023');
    expect(res.status).toBe(200);
    const [reply] = await fake!.waitForResponded(1);
    release();
    expect(reply!.id).toBe('r1');
    expect(reply!.body.response_type).toBe('ephemeral');
    expect(reply!.body.text).toContain('0.52');
    expect(json(reply!.body.blocks)).toContain('--public');
    expect(fake!.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('posts a slash command answer in the channel with "public" first or "--public" last', async () => {
    await startHttp();
    await command('public eps 2023', 'a');
    await command('eps 2023 --public', 'b');
    const replies = await fake!.waitForResponded(2);
    for (const reply of replies) {
      expect(reply.body.response_type).toBe('in_channel');
      expect(reply.body.text).toContain('0.52');
      expect(json(reply.body.blocks)).not.toContain('Only you can see this');
    }
  });

  it('answers /results help with what to ask and how to ask it in Slack', async () => {
    await startHttp();
    await command('help');
    const [reply] = await fake!.waitForResponded(1);
    expect(reply!.body.response_type).toBe('ephemeral');
    const blocks = json(reply!.body.blocks);
    expect(blocks).toContain('results announcement'); // the core's help
    expect(blocks).toContain('How to ask me in Slack');
    expect(blocks).toContain('--public');
  });

  it('rejects a request with a bad or stale signature and posts nothing', async () => {
    await startHttp();
    const body = mentionEvent({ text: `${MENTION} revenue 2023` });
    expect((await deliverEvent(appUrl, body, { secret: 'not-the-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    expect((await deliverEvent(appUrl, body, { secret: SECRET, timestamp: stale })).status).toBe(401);
    const raw = JSON.stringify(body);
    const unsigned = await fetch(appUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(unsigned.status).toBe(401);
    expect(fake!.calls).toHaveLength(0);
  });

  it('answers an event Slack re-delivers (x-slack-retry-num) only once', async () => {
    await startHttp();
    const original = mentionEvent({ text: `${MENTION} revenue 2023` });
    expect((await event(original)).status).toBe(200);
    expect((await event(original, 1)).status).toBe(200);
    expect((await event(original, 2)).status).toBe(200);
    await event(mentionEvent({ text: `${MENTION} eps 2023` })); // a later event, to know the retries were processed
    const calls = await fake!.waitForCalls('chat.postMessage', 2);
    expect(calls.map((c) => c.params.text)).toEqual([expect.stringContaining('6,687.86'), expect.stringContaining('0.52')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake!.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('answers a retry whose first delivery never arrived', async () => {
    await startHttp();
    await event(mentionEvent({ text: `${MENTION} revenue 2023` }), 1);
    expect((await posted()).params.text).toContain('6,687.86');
  });

  it('never echoes broadcasts or mentions from the question', async () => {
    await startHttp();
    await event(mentionEvent({ text: `${MENTION} <!channel> net profit <@U999> <!here>` }));
    await event(mentionEvent({ text: `${MENTION} what is <!everyone> the <@U999|bob> <!subteam^S1|@analysts> flux capacitor?` }));
    await command('<!channel> eps 2023 <@U999>');
    const calls = await fake!.waitForCalls('chat.postMessage', 2);
    const [reply] = await fake!.waitForResponded(1);
    expect(calls[0]!.params.text).toContain('563.69');
    const sent = json([calls.map((c) => c.params), reply!.body]);
    for (const bad of ['<!channel>', '<!here>', '<!everyone>', '<@U999', '<!subteam', '<@']) expect(sent).not.toContain(bad);
  });

  it('ignores bot messages, its own messages, edits and deletions, but not a person\'s thread broadcast', async () => {
    await startHttp();
    await event(mentionEvent({ text: `${MENTION} revenue 2023`, bot_id: 'B0OTHER' }));
    await event(dmEvent({ text: 'revenue 2023', bot_id: FAKE_BOT_ID, user: FAKE_BOT_USER_ID }));
    await event(dmEvent({ text: 'revenue 2023', subtype: 'bot_message' }));
    await event(dmEvent({ text: 'revenue 2023', subtype: 'message_changed' }));
    await event(dmEvent({ text: '', subtype: 'message_deleted' }));
    await event(dmEvent({ text: 'eps 2023' })); // a person: answered
    await event(mentionEvent({ text: `${MENTION} net profit 2023`, subtype: 'thread_broadcast', thread_ts: nextTs() })); // a person too
    await posted(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake!.callsTo('chat.postMessage').map((c) => c.params.text)).toEqual([expect.stringContaining('0.52'), expect.stringContaining('563.69')]);
  });

  it('logs Web API failures (ok:false, HTTP 500, 429 with Retry-After) with the event id, and keeps answering', async () => {
    const slackFake = await startHttp();
    slackFake.failNext('chat.postMessage', { error: 'channel_not_found' }, { status: 500 }, { status: 429, retryAfter: 0 });
    const ids = ['EvFAIL1', 'EvFAIL2', 'EvFAIL3'];
    for (const id of ids) await event(mentionEvent({ text: `${MENTION} revenue 2023`, event_id: id }));
    await event(mentionEvent({ text: `${MENTION} eps 2023`, event_id: 'EvOK' }));
    const calls = await slackFake.waitForCalls('chat.postMessage', 4);
    expect(calls[3]!.params.text).toContain('0.52');

    const failures = logs.filter((l) => l.msg === 'Slack Web API call failed');
    expect(failures.map((l) => [l.level, l.eventId, l.method])).toEqual(ids.map((id) => ['error', id, 'chat.postMessage']));
    expect(failures[0]).toMatchObject({ error: 'channel_not_found', platform: 'slack' });
    expect(failures[1]).toMatchObject({ status: 500 });
    expect(String(failures[2]!.error)).toContain('rate limit');
    const everything = json(logs);
    expect(everything).not.toContain(BOT_TOKEN);
    expect(everything).not.toContain(SECRET);
  });

  it('waits out a 429 Retry-After and then delivers the answer', async () => {
    const slackFake = await startHttp({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    slackFake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await event(mentionEvent({ text: `${MENTION} revenue 2023` }));
    const calls = await slackFake.waitForCalls('chat.postMessage', 2);
    expect(calls[1]!.params.text).toContain('6,687.86');
    expect(logs.filter((l) => l.msg === 'Slack Web API call failed')).toHaveLength(0);
  });

  it('logs a failed response_url and keeps answering commands', async () => {
    const slackFake = await startHttp();
    await deliverCommand(appUrl, commandFields('eps 2023', slackFake.apiUrl.replace('/api/', '/nowhere')), { secret: SECRET });
    await command('eps 2023');
    await slackFake.waitForResponded(1);
    expect(logs.find((l) => l.msg === 'Slack response_url call failed')).toMatchObject({ level: 'error', command: '/results' });
  });

  it("answers Slack's URL verification challenge", async () => {
    await startHttp();
    const res = await deliverEvent(appUrl, { type: 'url_verification', token: 't', challenge: 'c-123' }, { secret: SECRET });
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });
});

describe('Slack in Socket Mode', () => {
  it('starts from the environment, asks Slack who it is, and answers a mention through the socket', async () => {
    fake = await startFakeSlack();
    logs = [];
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl };
    expect(slack.configured(env)).toBe(true);
    running = await slack.start(core, env, logger());
    await fake.waitForConnection(1);
    expect(fake.callsTo('auth.test')[0]!.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(fake.callsTo('apps.connections.open')[0]!.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);

    const body = mentionEvent({ text: `${MENTION} what was revenue in 2023?` });
    const ack = await fake.sendEnvelope('events_api', body);
    expect(ack.envelope_id).toBe('env-1');
    const call = await posted();
    expect(call.params).toMatchObject({ channel: 'C0CHANNEL', thread_ts: body.event.ts });
    expect(call.params.text).toContain('6,687.86');

    await fake.sendEnvelope('events_api', body, { retry_attempt: 1, retry_reason: 'timeout' }); // re-delivered: acked, not answered
    await fake.sendEnvelope('events_api', mentionEvent({ text: `${MENTION} eps 2023` }));
    await posted(2);
    expect(fake.callsTo('chat.postMessage').map((c) => c.params.text)).toEqual([expect.stringContaining('6,687.86'), expect.stringContaining('0.52')]);
    expect(json(logs)).not.toContain(APP_TOKEN);
  });

  it('reconnects when Slack asks it to, and keeps answering slash commands', async () => {
    fake = await startFakeSlack();
    logs = [];
    const config: SlackConfig = { botToken: BOT_TOKEN, appToken: APP_TOKEN, mode: 'socket', port: 3000, apiUrl: fake.apiUrl, botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID };
    running = await startSlack(core, config, logger(), { ...NO_RETRIES, socketPingTimeoutMs: 50 });
    await fake.waitForConnection(1);
    fake.requestReconnect();
    await fake.waitForConnection(2);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    expect(fake.callsTo('auth.test')).toHaveLength(0); // SLACK_BOT_ID and SLACK_BOT_USER_ID given

    const ack = await fake.sendEnvelope('slash_commands', commandFields('eps 2023 --public', fake.responseUrl('s1')));
    expect(ack.envelope_id).toBeDefined();
    const [reply] = await fake.waitForResponded(1);
    expect(reply!.body).toMatchObject({ response_type: 'in_channel' });
    expect(reply!.body.text).toContain('0.52');
  });
});

describe('Slack Socket Mode failures', () => {
  const socketConfig = (): SlackConfig => ({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    mode: 'socket',
    port: 3000,
    apiUrl: fake!.apiUrl,
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  });

  it('keeps trying when a reconnection fails for good, and answers once connected again', async () => {
    fake = await startFakeSlack();
    logs = [];
    running = await startSlack(core, socketConfig(), logger(), { ...NO_RETRIES, socketPingTimeoutMs: 50, reconnectRetryMs: 50 });
    await fake.waitForConnection(1);
    fake.failNext('apps.connections.open', { error: 'invalid_auth' });
    fake.requestReconnect();
    await fake.waitForConnection(2);
    expect(logs.find((l) => l.msg === 'Slack Socket Mode reconnection failed')).toMatchObject({ level: 'error', error: 'invalid_auth' });
    await fake.sendEnvelope('events_api', mentionEvent({ text: `${MENTION} eps 2023` }));
    expect((await posted()).params.text).toContain('0.52');
  });

  it('stops cleanly in the middle of a reconnection', async () => {
    fake = await startFakeSlack();
    running = await startSlack(core, socketConfig(), logger(), { ...NO_RETRIES, socketPingTimeoutMs: 50 });
    await fake.waitForConnection(1);
    fake.helloOnConnect = false; // the new connection opens but is never greeted: the reconnection is still under way
    fake.requestReconnect();
    await fake.waitForConnection(2, { hello: false });
    await running.stop(); // an unhandled rejection here would fail the run
    running = undefined;
    await fake.waitForClosed(2);
    expect(fake.connections).toBe(2);
  });
});

describe('Slack start-up errors', () => {
  it('says when PORT is already in use', async () => {
    await startHttp();
    const busy: SlackConfig = { botToken: BOT_TOKEN, mode: 'http', signingSecret: SECRET, port: running!.port!, host: '127.0.0.1', botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID };
    await expect(startSlack(core, busy, logger())).rejects.toThrow(`Cannot listen on PORT ${running!.port}: it is already in use`);
  });

  it('refuses to start with a clear message when the configuration is incomplete', async () => {
    await expect(slack.start(core, { SLACK_BOT_TOKEN: BOT_TOKEN }, logger())).rejects.toThrow(ConfigError);
    await expect(slack.start(core, { SLACK_BOT_TOKEN: 'xoxp-1', SLACK_APP_TOKEN: 'x' }, logger())).rejects.toThrow(/xoxb-[\s\S]*xapp-/);
  });

  it('says the bot token was refused when auth.test fails', async () => {
    fake = await startFakeSlack();
    fake.failNext('auth.test', { error: 'invalid_auth' });
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl };
    const started = slack.start(core, env, logger());
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow('Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth)');
    expect(fake.callsTo('apps.connections.open')).toHaveLength(0);
  });

  it('says Slack could not be reached when auth.test fails over HTTP', async () => {
    fake = await startFakeSlack();
    fake.failNext('auth.test', { status: 500 });
    const config: SlackConfig = { botToken: BOT_TOKEN, appToken: APP_TOKEN, mode: 'socket', port: 3000, apiUrl: fake.apiUrl };
    const started = startSlack(core, config, logger(), NO_RETRIES);
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(/Could not check SLACK_BOT_TOKEN with Slack \(auth.test at http:\/\/127\.0\.0\.1:\d+\/api\/\): .*statusCode = 500/);
  });

  it('says the app token was refused when Socket Mode cannot connect', async () => {
    fake = await startFakeSlack();
    fake.failNext('apps.connections.open', { error: 'invalid_auth' });
    const config: SlackConfig = { botToken: BOT_TOKEN, appToken: APP_TOKEN, mode: 'socket', port: 3000, apiUrl: fake.apiUrl, botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID };
    await expect(startSlack(core, config, logger(), NO_RETRIES)).rejects.toThrow(/Could not open a Socket Mode connection \(apps.connections.open: invalid_auth\)/);
  });
});
