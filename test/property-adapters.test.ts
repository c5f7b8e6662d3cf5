/**
 * Property tests over the adapters (fast-check): the terminal chat and `ask --jsonl`, Slack (Block Kit rendering, and
 * the real Bolt app over HTTP against the fake Slack) and Discord (embeds, and the real discord.js client against the
 * fake Discord). Whatever a person types, each gets exactly one reply, within the platform's limits, with no mention
 * and no stack trace in it.
 */
import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../adapters/discord/index.js';
import { stripMention } from '../adapters/discord/client.js';
import { readDiscordConfig } from '../adapters/discord/config.js';
import { embedLength, LIMITS as DISCORD, toDiscordReply, toPlainReply, type DiscordReply } from '../adapters/discord/embed.js';
import { createLogger } from '../adapters/log.js';
import type { Running } from '../adapters/platform.js';
import { startSlack } from '../adapters/slack/app.js';
import { LIMITS as SLACK, toSlackMessage, type SlackMessage } from '../adapters/slack/blocks.js';
import { cleanQuestion, parseCommand } from '../adapters/slack/text.js';
import { runTerminalChat } from '../adapters/terminal/chat.js';
import { createBot, emptyContext, loadKnowledge, renderText, type Bot } from '../src/index.js';
import { inThisThread } from '../adapters/answering.js';
import { FakeDiscord, IDS, TOKEN as DISCORD_TOKEN } from './fakes/discord.js';
import { commandFields, deliverCommand, deliverEvent, dmEvent, FAKE_BOT_ID, FAKE_BOT_USER_ID, mentionEvent, startFakeSlack, type FakeSlack } from './fakes/slack.js';
import { hostile, long, MENTION, STACK, STATUSES } from './support/hostile.js';
import { ROOT } from './support/reliability.js';

const SEED = Number(process.env.FC_SEED) || undefined;
const SECRET = 'property-signing-secret-81d2';

let bot: Bot;
beforeAll(() => {
  bot = createBot(loadKnowledge('knowledge'));
});

/** Hostile text, now and then a long one (Slack allows 40,000 characters). */
const message = fc.oneof({ weight: 9, arbitrary: hostile(14) }, { weight: 1, arbitrary: long(2_001, 40_000) });

// ---- Slack ----

/** Every text Slack would show from a message: block texts, fields, context elements, and the fallback. */
function slackTexts(m: { text?: unknown; blocks?: unknown }): string[] {
  const blocks = (m.blocks ?? []) as { text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
  return [String(m.text ?? ''), ...blocks.flatMap((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => e.text)])];
}

function checkSlackMessage(m: SlackMessage | Record<string, unknown>, question: string): void {
  const blocks = (m.blocks ?? []) as { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
  const where = `for ${JSON.stringify(question.slice(0, 200))}`;
  expect(blocks.length, where).toBeGreaterThan(0);
  expect(blocks.length, where).toBeLessThanOrEqual(SLACK.blocks);
  expect(String(m.text).length, where).toBeLessThanOrEqual(SLACK.fallback);
  expect(String(m.text).trim(), where).not.toBe('');
  for (const b of blocks) {
    expect(['section', 'context'], where).toContain(b.type);
    if (b.text) expect(b.text.text.length, where).toBeLessThanOrEqual(SLACK.text);
    expect((b.fields ?? []).length, where).toBeLessThanOrEqual(SLACK.fields);
    for (const f of b.fields ?? []) expect(f.text.length, where).toBeLessThanOrEqual(SLACK.field);
  }
  // Every < is escaped, so nothing we send can be a mention, a broadcast or a link.
  for (const text of slackTexts(m)) {
    expect(text.includes('<'), `${where}: ${text.slice(0, 200)}`).toBe(false);
    expect(STACK.test(text), where).toBe(false);
  }
}

describe('Slack', () => {
  it('renders any answer within Block Kit limits, with nothing unescaped', () => {
    fc.assert(
      fc.property(message, (text) => {
        const question = cleanQuestion(text);
        const answer = bot.ask(question, emptyContext());
        checkSlackMessage(toSlackMessage(answer, renderText(answer)), text);
        const { question: asked, visibility } = parseCommand(text);
        expect(typeof asked).toBe('string');
        expect(['ephemeral', 'in_channel']).toContain(visibility);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  describe('end to end over HTTP', () => {
    let fake: FakeSlack;
    let running: Running;
    let url = '';
    const logs: Record<string, unknown>[] = [];

    beforeAll(async () => {
      fake = await startFakeSlack();
      const started = await startSlack(
        inThisThread(bot),
        { botToken: 'xoxb-property-token', mode: 'http', signingSecret: SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
        createLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
        { retryConfig: { retries: 0 } },
      );
      running = started;
      url = `http://127.0.0.1:${started.port}/slack/events`;
    });
    afterAll(async () => {
      await running.stop();
      await fake.close();
    });

    it('answers any mention, DM and /results exactly once, within limits, pinging no one', async () => {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(message, async (text) => {
          runs++;
          const posts = fake.callsTo('chat.postMessage').length;
          const responded = fake.responded.length;
          const mention = mentionEvent({ text: `<@${FAKE_BOT_USER_ID}> ${text}` });
          const dm = dmEvent({ text });
          expect((await deliverEvent(url, mention, { secret: SECRET })).status).toBe(200);
          expect((await deliverEvent(url, dm, { secret: SECRET })).status).toBe(200);
          expect((await deliverCommand(url, commandFields(text, fake.responseUrl(`p${runs}`)), { secret: SECRET })).status).toBe(200);
          const calls = (await fake.waitForCalls('chat.postMessage', posts + 2, 5000)).slice(posts);
          const [reply] = (await fake.waitForResponded(responded + 1, 5000)).slice(responded);
          expect(calls.map((c) => c.params.thread_ts ?? c.params.channel).sort()).toEqual([mention.event.ts, 'D0DIRECT'].sort());
          for (const call of calls) checkSlackMessage(call.params, text);
          checkSlackMessage(reply!.body, text);
        }),
        { numRuns: 40, seed: SEED },
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fake.callsTo('chat.postMessage')).toHaveLength(2 * runs); // nothing twice, nothing late
      expect(logs.filter((l) => l.level === 'error')).toEqual([]);
    }, 60_000);
  });
});

// ---- Discord ----

function checkDiscordReply(reply: Pick<DiscordReply, 'content' | 'embeds'>, question: string): void {
  const where = `for ${JSON.stringify(question.slice(0, 200))}`;
  expect(reply.content.length, where).toBeGreaterThan(0);
  expect(reply.content.length, where).toBeLessThanOrEqual(DISCORD.content);
  expect(reply.embeds.length, where).toBeLessThanOrEqual(DISCORD.embeds);
  expect(reply.embeds.reduce((sum, e) => sum + embedLength(e), 0), where).toBeLessThanOrEqual(DISCORD.total);
  for (const e of reply.embeds) {
    expect((e.title ?? '').length, where).toBeLessThanOrEqual(DISCORD.title);
    expect((e.description ?? '').length, where).toBeLessThanOrEqual(DISCORD.description);
    expect((e.footer?.text ?? '').length, where).toBeLessThanOrEqual(DISCORD.footer);
    expect((e.fields ?? []).length, where).toBeLessThanOrEqual(DISCORD.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length > 0 && f.name.length <= DISCORD.fieldName, where).toBe(true);
      expect(f.value.length > 0 && f.value.length <= DISCORD.fieldValue, where).toBe(true);
    }
  }
  const shown = JSON.stringify([reply.content, reply.embeds]);
  expect(MENTION.test(shown), `${where}: ${shown.slice(0, 300)}`).toBe(false);
  expect(STACK.test(shown), where).toBe(false);
}

describe('Discord', () => {
  it('renders any answer within embed limits, or as plain text, with no mention', () => {
    fc.assert(
      fc.property(message, (text) => {
        const answer = bot.ask(stripMention(text, IDS.bot, IDS.botRole), emptyContext());
        checkDiscordReply(toDiscordReply(answer), text);
        checkDiscordReply(toPlainReply(renderText(answer)), text);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  describe('end to end over the gateway', () => {
    let fake: FakeDiscord;
    let running: Running;
    const logs: Record<string, unknown>[] = [];

    beforeAll(async () => {
      fake = await FakeDiscord.start();
      running = await startDiscord(inThisThread(bot), readDiscordConfig({ DISCORD_TOKEN, DISCORD_API_URL: fake.apiUrl }), createLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)));
    });
    afterAll(async () => {
      await running.stop();
      await fake.close();
    });

    it('replies to any mention and /results exactly once, within limits, pinging no one', async () => {
      await fc.assert(
        fc.asyncProperty(message, async (text) => {
          const id = fake.sendMessage({ mention: true, content: `<@${IDS.bot}> ${text}` });
          const command = fake.sendCommand(text.slice(0, 500)); // the option's max_length
          const reply = await fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === id);
          const callback = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${command.id}/`));
          for (const body of [reply.body, callback.body.data]) {
            expect(body.allowed_mentions).toEqual({ parse: [] });
            checkDiscordReply({ content: body.content, embeds: body.embeds ?? [] }, text);
          }
        }),
        { numRuns: 40, seed: SEED },
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sent = fake.requests.filter((r) => r.method === 'POST' && (r.path.startsWith('/interactions/') || r.path.startsWith('/channels/')));
      expect(sent).toHaveLength(80);
      expect(logs.filter((l) => l.level === 'error')).toEqual([]);
    }, 60_000);
  });
});

// ---- Terminal ----

describe('terminal', () => {
  async function chat(input: string, withBot: Bot = bot): Promise<string> {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const done = runTerminalChat(withBot, stdin, stdout);
    stdin.end(input);
    await done;
    return out;
  }

  it('answers any lines typed into the chat, never showing a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile(8), { maxLength: 5 }), async (lines) => {
        const out = await chat(lines.join('\n') + '\n');
        expect(out).toMatch(/^results-bot terminal chat/);
        expect(STACK.test(out)).toBe(false);
      }),
      { numRuns: 80, seed: SEED },
    );
  });

  it('apologises and carries on when the core fails', async () => {
    let calls = 0;
    const flaky: Bot = {
      ask: (text, context) => {
        if (++calls === 1) throw new RangeError('Invalid array length');
        return bot.ask(text, context);
      },
      suggest: () => [],
    };
    const out = await chat('revenue 2023\neps 2023\n', flaky);
    expect(out).toContain('Sorry, something went wrong');
    expect(out).toContain('0.52');
    expect(STACK.test(out)).toBe(false);
  });

  it('ask --jsonl: one JSON line with a known status for every hostile line, in order', async () => {
    const lines = fc.sample(message, { numRuns: 150, seed: SEED ?? 8 });
    const input = lines.map((text, i) => (i % 3 === 0 ? JSON.stringify({ text, thread: `t${i % 7}` }) : text.replace(/[\r\n]+/g, ' ')));
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', 'adapters/terminal/ask.ts', '--jsonl'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', KNOWLEDGE_DIR: '' } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
      child.stdin!.end(input.join('\n') + '\n');
    });
    expect(code).toBe(0);
    expect(STACK.test(stderr)).toBe(false);
    const replies = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status: string });
    expect(replies).toHaveLength(lines.length);
    for (const reply of replies) expect(STATUSES).toContain(reply.status);
  }, 30_000);
});
