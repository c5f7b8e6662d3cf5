// Helpers for the reliability tests: the bot as a child process (`npm start`), free ports, percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Every variable `npm start` reads, empty: a developer's .env (which never overrides) cannot change a test. */
export const BLANK_ENV: NodeJS.ProcessEnv = {
  KNOWLEDGE_DIR: '',
  KNOWLEDGE_CACHE_DIR: '',
  LOG_LEVEL: '',
  SLACK_BOT_TOKEN: '',
  SLACK_APP_TOKEN: '',
  SLACK_SIGNING_SECRET: '',
  PORT: '',
  HOST: '',
  SLACK_API_URL: '',
  SLACK_BOT_ID: '',
  SLACK_BOT_USER_ID: '',
  DISCORD_TOKEN: '',
  DISCORD_APPLICATION_ID: '',
  DISCORD_GUILD_ID: '',
  DISCORD_API_URL: '',
  DISCORD_MESSAGE_CONTENT: '',
  RATE_LIMIT_USER_BURST: '',
  RATE_LIMIT_USER_PER_MINUTE: '',
  RATE_LIMIT_CHANNEL_BURST: '',
  RATE_LIMIT_CHANNEL_PER_MINUTE: '',
  SHUTDOWN_GRACE_MS: '',
};

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type LogLine = Record<string, unknown> & { level?: string; msg?: string };

export interface BotProcess {
  proc: ChildProcess;
  /** Everything written to stderr, as it came. */
  stderr(): string;
  stdout(): string;
  /** stderr lines that are JSON log lines, parsed. */
  logs: LogLine[];
  /** Resolves with the first log line (already seen or to come) that matches. */
  waitForLog(match: (l: LogLine) => boolean, ms?: number): Promise<LogLine>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  kill(): void;
}

/** Runs `tsx adapters/main.ts` (what `npm start` runs) with the given environment on top of BLANK_ENV. */
export function startBot(env: NodeJS.ProcessEnv, args: string[] = ['adapters/main.ts']): BotProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...BLANK_ENV, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (chunk: string) => (err += chunk));
  createInterface({ input: proc.stderr! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      return;
    }
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    proc,
    logs,
    stderr: () => err,
    stdout: () => out,
    exited,
    kill: () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
    waitForLog(match, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`bot process: no matching log line within ${ms} ms. stderr so far:\n${err.slice(-3000)}`));
        }, ms);
        waiters.add(check);
        void exited.then(() => {
          if (!waiters.has(check)) return;
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`bot process exited before the log line came. stderr:\n${err.slice(-3000)}`));
        });
        check();
      });
    },
  };
}

/** The p-th percentile (0-100) of the values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Resolves once `done()` is true, checking every `every` ms; rejects after `ms`. */
export async function until(done: () => boolean, ms: number, what: string, every = 20): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** Questions people ask, to spread the load over the core's paths. */
export const QUESTIONS = [
  'what was revenue in 2023?',
  'net margin',
  'how much did net profit fall?',
  'eps 2023',
  'operating profit 2022',
  'total assets 2023 vs 2022',
  'why did profit fall?',
  'who signed the announcement?',
  'is it audited?',
  'gross margin',
  '营业收入是多少',
  '净利润同比下降多少',
  'revenue per tonne',
  'sales volume 2022',
  'What was Microsoft\'s net income?',
  'revnue 2023',
  'change in ROE',
  'dividend',
  'help',
  'equity ratio at the beginning of 2023',
];
