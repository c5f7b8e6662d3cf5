// `npm start`: serves Slack and/or Discord when their tokens are set, else opens the terminal chat.
import { existsSync } from 'node:fs';
import { KnowledgeError } from '../src/index.js';
import { startCoreThread, type CoreThread } from './core-thread.js';
import { createLogger, readLevel, secretsIn, type Logger } from './log.js';
import { knowledgeCacheDir, knowledgeDir, loadBotOrExit } from './knowledge-dir.js';
import { readMaxInFlight, readShutdownGrace } from './lifecycle.js';
import { ConfigError, type Running } from './platform.js';
import { platforms } from './platforms.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const env = process.env;

function fail(message: string): never {
  process.stderr.write(`results-bot: configuration error: ${message}\n`);
  process.exit(2);
}

let log: Logger;
let graceMs: number;
try {
  // Whatever the environment holds as a token or secret is blanked from every log line.
  log = createLogger(readLevel(env.LOG_LEVEL), undefined, {}, { secrets: secretsIn(env) });
  graceMs = readShutdownGrace(env);
  readMaxInFlight(env);
} catch (e) {
  fail((e as Error).message);
}
const chosen = platforms.filter((p) => p.configured(env));

if (!chosen.length) {
  const bot = loadBotOrExit(env); // everything or nothing: a broken knowledge file stops here, naming file and field
  const { runTerminalChat } = await import('./terminal/chat.js');
  await runTerminalChat(bot);
} else {
  // The chat platforms ask the core on a thread of its own, which loads the knowledge: everything or nothing, as above.
  let core: CoreThread;
  try {
    core = await startCoreThread({ knowledgeDir: knowledgeDir(env), cacheDir: knowledgeCacheDir(env), log: log.child({ source: 'core' }) });
  } catch (e) {
    process.stderr.write(`results-bot: cannot load knowledge: ${(e as Error).message}\n`);
    process.exit(e instanceof KnowledgeError ? 2 : 1);
  }

  // A stray rejection must not take every conversation down with it: log it (message only) and keep serving.
  process.on('unhandledRejection', (reason) =>
    log.error({ error: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection'),
  );
  process.on('uncaughtException', (error) => {
    log.error({ error: error.message, name: error.name }, 'uncaught exception: exiting');
    process.exit(1);
  });

  const running: Running[] = [];
  try {
    for (const platform of chosen) {
      running.push(await platform.start(core, env, log)); // each adapter tags its lines with its platform
      log.info({ platform: platform.name }, 'connected');
    }
  } catch (e) {
    await Promise.allSettled(running.map((r) => r.stop()));
    await core.close();
    if (!(e instanceof ConfigError)) {
      log.error({ error: (e as Error).message }, 'could not start');
      process.exit(1);
    }
    fail(e.message);
  }

  // SIGTERM or SIGINT: stop taking new questions, finish those in flight (each platform waits up to
  // SHUTDOWN_GRACE_MS), close the connections, exit 0. A second signal exits at once.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, graceMs }, 'shutting down');
    // If closing itself hangs, do not hang with it.
    setTimeout(() => {
      log.error({ graceMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, graceMs + 5_000).unref();
    await Promise.allSettled(running.map((r) => r.stop()));
    await core.close();
    log.info({}, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
