// `npm start`: serves Slack and/or Discord when their tokens are set, else opens the terminal chat.
import { existsSync } from 'node:fs';
import { createLogger, type Level } from './log.js';
import { loadBotOrExit } from './knowledge-dir.js';
import { ConfigError, type Running } from './platform.js';
import { platforms } from './platforms.js';
import { runTerminalChat } from './terminal/chat.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const env = process.env;
const log = createLogger((env.LOG_LEVEL as Level) || 'info');
const bot = loadBotOrExit(env);
const chosen = platforms.filter((p) => p.configured(env));

if (!chosen.length) {
  await runTerminalChat(bot);
} else {
  const running: Running[] = [];
  try {
    for (const platform of chosen) {
      running.push(await platform.start(bot, env, log.child({ platform: platform.name })));
      log.info({ platform: platform.name }, 'connected');
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`results-bot: configuration error: ${e.message}\n`);
    await Promise.allSettled(running.map((r) => r.stop()));
    process.exit(2);
  }
  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await Promise.allSettled(running.map((r) => r.stop()));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
