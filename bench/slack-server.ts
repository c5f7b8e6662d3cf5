/**
 * The system under test for the Slack path, in a process of its own: the real Slack adapter (Bolt, HTTP mode) over the
 * real core ("adapter"); a bare Bolt app with the same options whose app_mention handler only calls say('ok')
 * ("bare"); or the same bare app posting, in the thread, one ready-made Block Kit answer of the adapter's
 * ("bare-blocks": what posting a real answer costs, without working it out); or the adapter whose core returns that
 * one ready-made answer to every question ("adapter-fixed": what the adapter costs around the core).
 *
 *   node --import tsx bench/slack-server.ts --mode adapter|adapter-fixed|bare|bare-blocks --api-url <fake Slack>/api/ --secret <s> [--kb dir]
 *                    [--warm questions.json --warm-asks N]
 *
 * Prints {"port": n} once listening, then follows commands on stdin (mark, cpu, stop: see below).
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { createLogger } from '../adapters/log.js';
import { startSlack } from '../adapters/slack/app.js';
import { coreThread, followCommands, isMain, option, timeCore, type CoreUsage } from './lib.js';
import { toSlackMessage, type SlackMessage } from '../adapters/slack/blocks.js';
import { createBot, loadKnowledge, renderText } from '../src/index.js';
import { inThisThread, type Answerer } from '../adapters/answering.js';

export const BOT_TOKEN = 'xoxb-bench-bot-token';
export const BOT_ID = 'B0FAKEBOT';
export const BOT_USER_ID = 'U0FAKEBOT';

const opt = option;

const quiet: BoltLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (...msg) => process.stderr.write(`bolt: ${msg.map(String).join(' ')}\n`),
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

async function main(): Promise<void> {
  let usage: CoreUsage | undefined; // time in the core, in the adapter modes
  const mode = opt('mode', 'adapter');
  const apiUrl = opt('api-url')!;
  const secret = opt('secret')!;
  let port: number;
  let stop: () => Promise<void>;
  if (mode === 'bare' || mode === 'bare-blocks') {
    let reply: { text: string; blocks?: SlackMessage['blocks'] } = { text: 'ok' };
    if (mode === 'bare-blocks') {
      const answer = createBot(loadKnowledge(opt('kb', 'knowledge')!)).ask('What was revenue in 2023?');
      reply = toSlackMessage(answer, renderText(answer));
    }
    // The same App options as the adapter's HTTP mode (adapters/slack/app.ts), and nothing else.
    const app = new App({
      token: BOT_TOKEN,
      botId: BOT_ID,
      botUserId: BOT_USER_ID,
      signingSecret: secret,
      processBeforeResponse: false,
      convoStore: false,
      tokenVerificationEnabled: false,
      logger: quiet,
      clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, timeout: 10_000, logger: quiet },
    });
    app.event('app_mention', async ({ event, say }) => {
      if (mode === 'bare') await say('ok');
      else await say({ ...reply, thread_ts: event.ts, unfurl_links: false, unfurl_media: false });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    port = (server.address() as AddressInfo).port;
    stop = () => app.stop() as Promise<void>;
  } else if (mode === 'adapter-fixed') {
    // The adapter around a core that returns one ready-made answer, in this thread: what the adapter itself costs.
    const answer = createBot(loadKnowledge(opt('kb', 'knowledge')!)).ask('What was revenue in 2023?');
    const timed = timeCore({ ask: () => answer, suggest: () => [] });
    usage = timed.usage;
    ({ port, stop } = await startAdapter(inThisThread(timed.bot), apiUrl, secret));
  } else {
    // As `npm start` runs it: the core on its own thread.
    const thread = await coreThread(opt('kb', 'knowledge')!);
    usage = thread.usage;
    const adapter = await startAdapter(thread.core, apiUrl, secret);
    port = adapter.port;
    stop = async () => {
      await adapter.stop();
      await thread.close();
    };
  }
  process.stdout.write(JSON.stringify({ port }) + '\n');
  await followCommands(stop, usage);
}

async function startAdapter(core: Answerer, apiUrl: string, secret: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const running = await startSlack(
    core,
    { botToken: BOT_TOKEN, mode: 'http', signingSecret: secret, port: 0, host: '127.0.0.1', apiUrl, botId: BOT_ID, botUserId: BOT_USER_ID },
    createLogger('error'),
    { retryConfig: { retries: 0 } },
  );
  return { port: running.port!, stop: running.stop };
}

if (isMain(import.meta.url)) main().catch((error) => {
  process.stderr.write(`slack-server: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
