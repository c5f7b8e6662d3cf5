/**
 * The Discord adapter end to end: the real discord.js Client and the real core with the shipped knowledge,
 * against the fake Discord in test/fakes/discord.ts on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBot, loadKnowledge } from '../src/index.js';
import { inThisThread, type Answerer } from '../adapters/answering.js';
import { discord, startDiscord, type DiscordOptions } from '../adapters/discord/index.js';
import { readDiscordConfig } from '../adapters/discord/config.js';
import { registerCommands } from '../adapters/discord/register.js';
import { createLogger, type Logger } from '../adapters/log.js';
import { ConfigError, type Running } from '../adapters/platform.js';
import { BOT_USER, FakeDiscord, IDS, OTHER_BOT, TOKEN, type FakeDiscordOptions, type RecordedRequest } from './fakes/discord.js';

let core: Answerer;
beforeAll(() => {
  core = inThisThread(createBot(loadKnowledge('knowledge')));
});

let fake: FakeDiscord | undefined;
let running: Running | undefined;
let lines: string[] = [];
const logger = (): Logger => createLogger('debug', (line) => lines.push(line));

afterEach(async () => {
  await running?.stop();
  await fake?.close();
  // Every message the bot sent, in every test, was sent with allowed_mentions {parse: []}.
  for (const body of sentMessages(fake?.requests ?? [])) expect(body.allowed_mentions).toEqual({ parse: [] });
  running = fake = undefined;
  // Whatever a test did, neither the bot token nor an interaction token may reach the log.
  for (const line of lines) {
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain('interaction-token-');
  }
  lines = [];
});

/** The message bodies among the recorded requests: posts, replies to interactions, and edits of deferred replies. */
function sentMessages(requests: RecordedRequest[]): any[] {
  return requests.flatMap((r) => {
    if (r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)) return [r.body];
    if (r.method === 'PATCH' && r.path.startsWith('/webhooks/')) return [r.body];
    if (r.method === 'POST' && r.path.endsWith('/callback') && r.body.type === 4) return [r.body.data];
    return [];
  });
}

async function serve(options: DiscordOptions = {}, fakeOptions: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  fake = await FakeDiscord.start(fakeOptions);
  const config = readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl });
  running = await startDiscord(core, config, logger(), options);
  return fake;
}

const callback = (fake: FakeDiscord, i: { id: string; token: string }) =>
  fake.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback`);
const replyTo = (fake: FakeDiscord, messageId: string) =>
  fake.waitForRequest(
    (r) => r.method === 'POST' && r.status === 200 && r.body?.message_reference?.message_id === messageId,
  );
/** Everything a message body shows a person: content, embed titles, descriptions, fields and footers. */
const shown = (body: any): string => JSON.stringify([body.content, body.embeds]);
const logged = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).map((line) => JSON.parse(line));

describe('Discord /results', () => {
  it('answers /results with an embed straight away, pinging no one', async () => {
    const fake = await serve();
    const request = await callback(fake, fake.sendCommand('what was revenue in 2023?'));
    expect(request.status).toBe(204);
    expect(request.body.type).toBe(4); // CHANNEL_MESSAGE_WITH_SOURCE: no defer needed
    const { data } = request.body;
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(data.embeds[0].title).toBe('JL MAG (06680) · total revenue');
    expect(data.embeds[0].fields).toContainEqual({ name: 'FY2023', value: 'RMB 6,687.86 million', inline: true });
    expect(data.embeds[0].footer.text).toMatch(/unaudited/);
    expect(data.content).toContain('6,687.86');
  });

  it('defers a slow /results, then edits the deferred reply with the answer', async () => {
    const fake = await serve({ deferAfterMs: 0 }); // every interaction counts as late
    const interaction = fake.sendCommand('what was revenue in 2023?');
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${IDS.application}/${interaction.token}/messages/@original`,
    );
    const deferral = await callback(fake, interaction);
    expect(deferral.body.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    expect(fake.requests.indexOf(deferral)).toBeLessThan(fake.requests.indexOf(edit));
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(shown(edit.body)).toContain('RMB 6,687.86 million');
  });

  it('suggests net profit metrics from the catalogue while "net pro" is typed', async () => {
    const fake = await serve();
    const request = await callback(fake, fake.sendAutocomplete('net pro'));
    expect(request.body.type).toBe(8); // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    const { choices } = request.body.data as { choices: { name: string; value: string }[] };
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]!.name).toMatch(/^Net profit/);
    expect(choices[0]!.value).toMatch(/net profit/i);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('answers /results in a DM', async () => {
    const fake = await serve();
    const request = await callback(fake, fake.sendCommand('net profit 2023', { dm: true }));
    expect(shown(request.body.data)).toContain('RMB 563.69 million');
    expect(request.body.data.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('Discord mentions and DMs', () => {
  it('replies to a mention in a thread and continues the conversation on the next mention', async () => {
    const fake = await serve();
    const first = fake.sendMessage({ channelId: IDS.thread, mention: true, content: `<@${IDS.bot}> what was revenue in 2023?` });
    const reply = await replyTo(fake, first);
    expect(reply.path).toBe(`/channels/${IDS.thread}/messages`);
    expect(reply.body.allowed_mentions).toEqual({ parse: [] });
    expect(shown(reply.body)).toContain('6,687.86');

    const second = fake.sendMessage({ channelId: IDS.thread, mention: true, content: `<@${IDS.bot}> and in 2022?` });
    const followUp = await replyTo(fake, second);
    expect(followUp.body.embeds[0].fields).toContainEqual({ name: 'FY2022', value: 'RMB 7,165.19 million', inline: true });
  });

  it('keeps each channel its own conversation', async () => {
    const fake = await serve();
    await replyTo(fake, fake.sendMessage({ channelId: IDS.thread, mention: true, content: `<@${IDS.bot}> revenue 2023` }));
    const elsewhere = await replyTo(
      fake,
      fake.sendMessage({ channelId: IDS.channel, mention: true, content: `<@${IDS.bot}> and in 2022?` }),
    );
    expect(shown(elsewhere.body)).not.toContain('7,165.19');
  });

  it('counts a mention of its managed role as a mention', async () => {
    const fake = await serve();
    const id = fake.sendMessage({ mentionRoles: [IDS.botRole], content: `<@&${IDS.botRole}> net profit 2023` });
    expect(shown((await replyTo(fake, id)).body)).toContain('563.69');
  });

  it('answers a DM without needing a mention', async () => {
    const fake = await serve();
    const id = fake.sendMessage({ dm: true, content: 'what was revenue in 2023?' });
    const reply = await replyTo(fake, id);
    expect(reply.path).toBe(`/channels/${IDS.dmChannel}/messages`);
    expect(shown(reply.body)).toContain('6,687.86');
    expect(reply.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('ignores other bots, its own messages, and server messages that do not mention it', async () => {
    const fake = await serve();
    fake.sendMessage({ author: OTHER_BOT, mention: true, content: `<@${IDS.bot}> revenue 2023` });
    fake.sendMessage({ author: BOT_USER, mention: true, content: `<@${IDS.bot}> revenue 2023` });
    fake.sendMessage({ content: 'revenue 2023' });
    const answered = fake.sendMessage({ mention: true, content: `<@${IDS.bot}> revenue 2023` });
    await replyTo(fake, answered);
    // Events are handled in order, so any reply to the earlier messages would have been sent before this one.
    const sent = fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'));
    expect(sent.map((r) => r.body.message_reference.message_id)).toEqual([answered]);
  });

  it('sends plain text where it may not embed links', async () => {
    const fake = await serve();
    const id = fake.sendMessage({ channelId: IDS.plainChannel, mention: true, content: `<@${IDS.bot}> revenue 2023` });
    const reply = await replyTo(fake, id);
    expect(reply.body.embeds ?? []).toEqual([]);
    expect(reply.body.content).toMatch(/RMB 6,687.86 million[\s\S]*unaudited/);
    expect(reply.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('pings no one even when the question names @everyone, a role or a user', async () => {
    const fake = await serve();
    const id = fake.sendMessage({
      mention: true,
      content: `<@${IDS.bot}> @everyone <@&${IDS.guild}> <@${IDS.user}> revenue 2023`,
    });
    const reply = await replyTo(fake, id);
    expect(reply.body.allowed_mentions).toEqual({ parse: [] });
    expect(reply.body.content).not.toMatch(/@everyone|<@/);
  });
});

describe('Discord failures', () => {
  it('logs a 500 from Discord, then answers the next question', async () => {
    const fake = await serve();
    fake.fail('POST', /^\/channels\/\d+\/messages$/, { status: 500, times: 10 }); // outlasts the library's retries
    const lost = fake.sendMessage({ mention: true, content: `<@${IDS.bot}> revenue 2023` });
    await vi.waitFor(() => expect(logged(/could not answer a message/)).toHaveLength(1));
    expect(logged(/could not answer a message/)[0]).toMatchObject({ level: 'error', status: 500, method: 'POST' });

    const failures = fake.requests.filter((r) => r.status === 500).length;
    fake.recover();
    const answered = fake.sendMessage({ mention: true, content: `<@${IDS.bot}> net profit 2023` });
    expect(shown((await replyTo(fake, answered)).body)).toContain('563.69');
    expect(failures).toBeGreaterThan(1); // the library retried before giving up
    expect(fake.requests.some((r) => r.body?.message_reference?.message_id === lost && r.status === 200)).toBe(false);
  });

  it('waits out a 429 with retry-after, then delivers the reply', async () => {
    const fake = await serve();
    fake.fail('POST', /^\/channels\/\d+\/messages$/, {
      status: 429,
      headers: { 'retry-after': '0.05', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
    });
    const id = fake.sendMessage({ mention: true, content: `<@${IDS.bot}> revenue 2023` });
    const reply = await replyTo(fake, id);
    expect(shown(reply.body)).toContain('6,687.86');
    expect(fake.requests.filter((r) => r.body?.message_reference?.message_id === id).map((r) => r.status)).toEqual([429, 200]);
    expect(logged(/rate limited by Discord/)[0]).toMatchObject({
      level: 'warn',
      route: '/channels/:id/messages',
      method: 'POST',
    });
  });

  it('logs a /results reply Discord keeps failing, then answers the next command', async () => {
    const fake = await serve();
    fake.fail('POST', /^\/interactions\//, { status: 500, times: 10 }); // outlasts the library's retries
    fake.sendCommand('revenue 2023');
    await vi.waitFor(() => expect(logged(/could not answer \/results/)).toHaveLength(1));
    expect(logged(/could not answer \/results/)[0]).toMatchObject({ level: 'error', status: 500 });
    expect(logged(/Discord server error/)[0]).toMatchObject({ route: '/interactions/:id/:token/callback', status: 500 });
    fake.recover();
    const next = await callback(fake, fake.sendCommand('net profit 2023'));
    expect(shown(next.body.data)).toContain('563.69');
  });

  it('resumes the session after the gateway drops, and keeps answering', async () => {
    const fake = await serve();
    fake.drop(4000);
    const resume = await fake.waitForFrame((f) => f.op === 6);
    expect(resume.d).toMatchObject({ token: TOKEN, session_id: 'fake-session' });
    const id = fake.sendMessage({ mention: true, content: `<@${IDS.bot}> revenue 2023` });
    expect(shown((await replyTo(fake, id)).body)).toContain('6,687.86');
    expect(fake.received.filter((f) => f.op === 2)).toHaveLength(1); // resumed, not identified again
    await vi.waitFor(() => expect(logged(/gateway session resumed/)).toHaveLength(1));
  });

  it('reconnects and resumes when heartbeats go unacknowledged', async () => {
    const fake = await serve({}, { heartbeatIntervalMs: 50 });
    fake.ackHeartbeats = false;
    await fake.waitForFrame((f) => f.op === 6);
    fake.ackHeartbeats = true;
    const id = fake.sendMessage({ mention: true, content: `<@${IDS.bot}> revenue 2023` });
    expect(shown((await replyTo(fake, id)).body)).toContain('6,687.86');
  });
});

describe('Discord start-up', () => {
  it('starts from the environment through the Platform object when DISCORD_TOKEN is set', async () => {
    fake = await FakeDiscord.start();
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl };
    expect(discord.name).toBe('discord');
    expect(discord.configured(env)).toBe(true);
    expect(discord.configured({})).toBe(false);
    running = await discord.start(core, env, logger());
    expect(fake.received.find((f) => f.op === 2)?.d.intents).toBe(1 | 512 | 4096 | 32768);
    // Nothing is registered on this fake yet: the log says what to run.
    await vi.waitFor(() => expect(logged(/not registered: run npm run discord:register/)).toHaveLength(1));
  });

  it('leaves out the Message Content intent when DISCORD_MESSAGE_CONTENT=false', async () => {
    fake = await FakeDiscord.start();
    running = await discord.start(core, { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_MESSAGE_CONTENT: 'false' }, logger());
    expect(fake.received.find((f) => f.op === 2)?.d.intents).toBe(1 | 512 | 4096);
  });

  it('rejects a malformed configuration before connecting', async () => {
    await expect(discord.start(core, { DISCORD_TOKEN: 'not-a-token' }, logger())).rejects.toThrow(ConfigError);
    await expect(discord.start(core, { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'localhost:3000' }, logger())).rejects.toThrow(
      /DISCORD_API_URL must be an http\(s\) URL/,
    );
  });

  it('explains a token Discord rejects', async () => {
    fake = await FakeDiscord.start();
    const wrong = TOKEN.replace('GfAkE1', 'GfAkE2');
    const start = discord.start(core, { DISCORD_TOKEN: wrong, DISCORD_API_URL: fake.apiUrl }, logger());
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/DISCORD_TOKEN was rejected by Discord/);
  });

  it('explains an unreachable Discord', async () => {
    const gone = await FakeDiscord.start();
    const apiUrl = gone.apiUrl;
    await gone.close(); // nothing listens on that port now
    await expect(discord.start(core, { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: apiUrl }, logger())).rejects.toThrow(
      /Could not reach Discord at http:\/\/127\.0\.0\.1:\d+\/api .*ECONNREFUSED/,
    );
  });

  it('explains a refused Message Content intent', async () => {
    fake = await FakeDiscord.start({ rejectIdentify: 4014 });
    const start = discord.start(core, { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl }, logger());
    await expect(start).rejects.toThrow(/Message Content Intent.*DISCORD_MESSAGE_CONTENT=false/);
  });
});

describe('Discord command registration', () => {
  const put = (r: RecordedRequest) => r.method === 'PUT';

  it('registers /results globally with one bulk overwrite, and running it again changes nothing', async () => {
    fake = await FakeDiscord.start();
    const config = readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl });
    const first = await registerCommands(config, logger());
    const ids = fake.commands.global.map((c) => c.id);
    const second = await registerCommands(config, logger());
    expect(first).toEqual({ scope: 'global', applicationId: IDS.application, names: ['results'] });
    expect(second).toEqual(first);
    expect(fake.commands.global.map((c) => c.id)).toEqual(ids);

    const puts = fake.requests.filter(put);
    expect(puts.map((r) => r.path)).toEqual([`/applications/${IDS.application}/commands`, `/applications/${IDS.application}/commands`]);
    expect(puts[1]!.body).toEqual(puts[0]!.body);
    expect(puts[0]!.body).toEqual([
      expect.objectContaining({
        name: 'results',
        options: [expect.objectContaining({ name: 'question', type: 3, required: true, autocomplete: true })],
      }),
    ]);
    // No DISCORD_APPLICATION_ID: the application was looked up from the token.
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/applications/@me')).toBe(true);
  });

  it('registers to one guild with DISCORD_GUILD_ID and a given DISCORD_APPLICATION_ID', async () => {
    fake = await FakeDiscord.start();
    const config = readDiscordConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: IDS.guild,
      DISCORD_APPLICATION_ID: IDS.application,
    });
    expect(await registerCommands(config, logger())).toMatchObject({ scope: 'guild', names: ['results'] });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${IDS.application}/guilds/${IDS.guild}/commands`,
    ]);
    expect(fake.commands.global).toEqual([]);
  });

  it('explains a rejected token or a wrong application id', async () => {
    fake = await FakeDiscord.start();
    const wrongToken = readDiscordConfig({ DISCORD_TOKEN: TOKEN.replace('GfAkE1', 'GfAkE2'), DISCORD_API_URL: fake.apiUrl });
    await expect(registerCommands(wrongToken, logger())).rejects.toThrow(/DISCORD_TOKEN was rejected by Discord/);
    const wrongApp = readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: '999999999999999999' });
    await expect(registerCommands(wrongApp, logger())).rejects.toThrow(/DISCORD_APPLICATION_ID .* is not the application of DISCORD_TOKEN/);
  });

  it('runs as a command line that reports what it registered, or what is wrong', async () => {
    fake = await FakeDiscord.start();
    const run = (env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          ['--import', 'tsx', 'adapters/discord/register.ts'],
          // Every variable is set, even if empty, so that a developer's .env (which never overrides) cannot interfere.
          {
            env: {
              PATH: process.env.PATH,
              LOG_LEVEL: 'silent',
              DISCORD_TOKEN: '',
              DISCORD_APPLICATION_ID: '',
              DISCORD_GUILD_ID: '',
              DISCORD_API_URL: '',
              ...env,
            },
          },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
        child.stdin?.end();
      });
    const [ok, missing] = await Promise.all([
      run({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: IDS.guild }),
      run({}),
    ]);
    expect(ok).toMatchObject({ code: 0, stdout: 'Registered /results (guild).\n' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^DISCORD_TOKEN is not set/);
  }, 20_000);
});
