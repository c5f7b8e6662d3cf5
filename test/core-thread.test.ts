// The core on a thread of its own (adapters/core-thread.ts), as `npm start` runs it for Slack and Discord: the same
// answers as in this thread, a clear error for broken knowledge, and a core that hangs or crashes is restarted while
// the questions caught in it fail (the adapters turn that into an apology) and the next ones are answered.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerSafely, APOLOGY } from '../adapters/answering.js';
import { startCoreThread, type CoreThread, type CoreThreadOptions } from '../adapters/core-thread.js';
import { createLogger } from '../adapters/log.js';
import { startSlack, type SlackRunning } from '../adapters/slack/app.js';
import { createBot, emptyContext, KnowledgeError, loadKnowledge } from '../src/index.js';
import { deliverEvent, FAKE_BOT_ID, FAKE_BOT_USER_ID, mentionEvent, nextTs, startFakeSlack } from './fakes/slack.js';

const FAULTY = new URL('./support/faulty-core.mjs', import.meta.url);

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  return { log: createLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)), lines };
};

let thread: CoreThread | undefined;
afterEach(async () => {
  await thread?.close();
  thread = undefined;
});

const start = async (options: Partial<CoreThreadOptions> = {}) =>
  (thread = await startCoreThread({ knowledgeDir: 'knowledge', log: capture().log, ...options }));

describe('the core thread', () => {
  it('answers and suggests as the core does in this thread, without the Decimal figures', async () => {
    const core = await start();
    const bot = createBot(loadKnowledge('knowledge'));
    const first = await core.ask('What was revenue in 2023?', emptyContext());
    const { figures, ...expected } = bot.ask('What was revenue in 2023?');
    expect(figures.length).toBeGreaterThan(0);
    expect(first).toEqual(expected);
    // Follow-ups work with the context it hands back.
    expect((await core.ask('and net profit?', first.context)).headline).toBe(bot.ask('and net profit?', expected.context).headline);
    expect(await core.suggest('net pro', 5)).toEqual(bot.suggest('net pro', 5));
  });

  it('answers many questions at once, each with its own answer', async () => {
    const core = await start();
    const questions = ['revenue 2023', 'net margin', '营业收入是多少', 'eps', 'asdfgh'];
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => core.ask(questions[i % 5]!, emptyContext())));
    const bot = createBot(loadKnowledge('knowledge'));
    answers.forEach((a, i) => expect(a.headline).toBe(bot.ask(questions[i % 5]!).headline));
    expect(core.pending).toBe(0);
  });

  it('refuses broken knowledge with the loader\'s message, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'results-bot-core-thread-'));
    try {
      cpSync('knowledge', dir, { recursive: true });
      writeFileSync(join(dir, 'catalogue', 'metrics.json'), '{ "metrics": [ { "id": ');
      const failed = start({ knowledgeDir: dir });
      await expect(failed).rejects.toBeInstanceOf(KnowledgeError);
      await expect(failed).rejects.toThrow(/catalogue\/metrics\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(start({ knowledgeDir: '/no/such/folder' })).rejects.toThrow(/knowledge folder not found: \/no\/such\/folder/);
  });

  it('turns a failing core into an apology and keeps answering', async () => {
    const { log, lines } = capture();
    const core = await start({ entry: FAULTY, log });
    const context = { metrics: ['eps'] };
    const answer = await answerSafely(core, 'throw', context, log);
    expect(answer).toMatchObject({ headline: APOLOGY, context });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'the bot failed to answer', name: 'TypeError' }));
    expect((await core.ask('revenue', emptyContext())).headline).toBe('you asked: revenue');
  });

  it('restarts a core stuck on a question: it and the questions behind it fail, later ones are answered', async () => {
    const { log, lines } = capture();
    const core = await start({ entry: FAULTY, log, askTimeoutMs: 300, restartDelayMs: 0 });
    const stuck = core.ask('hang', emptyContext());
    const behind = core.ask('revenue', emptyContext());
    await expect(stuck).rejects.toThrow('the core did not answer within 300 ms');
    await expect(behind).rejects.toThrow('the core did not answer within 300 ms');
    expect((await core.ask('net profit', emptyContext())).headline).toBe('you asked: net profit');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'the core did not answer in time: restarting its thread', waiting: 2 }));
  });

  it('starts a new thread when the core thread stops, no sooner than the restart delay', async () => {
    const { log, lines } = capture();
    const core = await start({ entry: FAULTY, log, restartDelayMs: 200 });
    const started = Date.now();
    await expect(core.ask('crash', emptyContext())).rejects.toThrow('the core thread stopped (exit code 3)');
    expect((await core.ask('eps', emptyContext())).headline).toBe('you asked: eps');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'the core thread stopped: starting another', exitCode: 3 }));
  });

  it('keeps trying to start a thread that cannot load the knowledge, until it can', async () => {
    const { log, lines } = capture();
    const dir = mkdtempSync(join(tmpdir(), 'results-bot-core-thread-'));
    try {
      const core = await start({ entry: FAULTY, knowledgeDir: dir, log, restartDelayMs: 50 });
      writeFileSync(join(dir, 'broken'), '');
      await expect(core.ask('crash', emptyContext())).rejects.toThrow(/exit code 3/);
      await expect.poll(() => lines.filter((l) => l.msg === 'the core thread could not start again').length).toBeGreaterThanOrEqual(2);
      // Questions meanwhile fail at once (the adapters apologise) rather than wait for a thread that never loads.
      await expect(core.ask('eps', emptyContext())).rejects.toThrow(/the core thread stopped/);
      rmSync(join(dir, 'broken'));
      await expect.poll(() => lines.some((l) => l.msg === 'the core thread is back')).toBe(true);
      expect((await core.ask('eps', emptyContext())).headline).toBe('you asked: eps');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects questions once closed', async () => {
    const core = await start({ entry: FAULTY });
    const waiting = core.ask('hang', emptyContext());
    await core.close();
    await expect(waiting).rejects.toThrow('the core thread was stopped');
    await expect(core.ask('eps', emptyContext())).rejects.toThrow('the core thread was stopped');
  });
});

describe('the Slack adapter over the core thread', () => {
  it('answers a question that hangs the core with an apology in time, and the next one in the thread as usual', async () => {
    const { log, lines } = capture();
    const core = await start({ entry: FAULTY, log, askTimeoutMs: 300, restartDelayMs: 0 });
    const fake = await startFakeSlack();
    const secret = 'test-signing-secret-0123456789';
    let running: SlackRunning | undefined;
    try {
      running = await startSlack(
        core,
        { botToken: 'xoxb-test', mode: 'http', signingSecret: secret, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
        log,
        { retryConfig: { retries: 0 } },
      );
      const url = `http://127.0.0.1:${running.port}/slack/events`;
      const ts = nextTs();
      await deliverEvent(url, mentionEvent({ text: `<@${FAKE_BOT_USER_ID}> hang`, ts }), { secret });
      const [apology] = await fake.waitForCalls('chat.postMessage', 1);
      expect(apology!.params).toMatchObject({ thread_ts: ts, text: expect.stringContaining(APOLOGY) });
      await deliverEvent(url, mentionEvent({ text: `<@${FAKE_BOT_USER_ID}> revenue 2023`, thread_ts: ts }), { secret });
      const answered = (await fake.waitForCalls('chat.postMessage', 2))[1]!;
      expect(answered.params).toMatchObject({ thread_ts: ts, text: 'you asked: revenue 2023' });
      expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'the core did not answer in time: restarting its thread' }));
    } finally {
      await running?.stop();
      await fake.close();
    }
  });
});
