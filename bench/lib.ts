// Small helpers shared by the benchmark parts: child processes, percentiles, the machine.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { Answerer } from '../adapters/answering.js';
import { startCoreThread } from '../adapters/core-thread.js';
import { createLogger } from '../adapters/log.js';
import { emptyContext, type Bot } from '../src/index.js';
import { REPO } from './generate.js';

/** Node flags for a child running a TypeScript file of the repository (tsx as an import hook). */
export const TSX = ['--import', 'tsx'];

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  /** The next JSON line the child prints on stdout. */
  next<T>(ms?: number): Promise<T>;
  stderr(): string;
  /** Writes a line to the child's stdin. */
  send(line: string): void;
  /** Resolves when the child has exited (or after ms), so that it can write its CPU profile first. */
  exited(ms?: number): Promise<void>;
  kill(): void;
}

export function startChild(file: string, args: string[], nodeFlags: string[] = []): Child {
  const proc = spawn(process.execPath, [...nodeFlags, ...TSX, join(REPO, 'bench', file), ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let exited: string | undefined;
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  proc.on('exit', (code, signal) => {
    exited = `${file} exited (${code ?? signal}): ${err.trim().split('\n').slice(-8).join('\n')}`;
    for (const w of waiting.splice(0)) w(`\u0000${exited}`);
  });
  return {
    proc,
    next<T>(ms = 120_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const take = (line: string) => {
          clearTimeout(timer);
          if (line.startsWith('\u0000')) return reject(new Error(line.slice(1)));
          try {
            resolve(JSON.parse(line) as T);
          } catch {
            reject(new Error(`${file}: not JSON: ${line.slice(0, 200)}`));
          }
        };
        const timer = setTimeout(() => {
          const i = waiting.indexOf(take);
          if (i >= 0) waiting.splice(i, 1);
          reject(new Error(`${file}: no answer within ${ms} ms. ${err.slice(-2000)}`));
        }, ms);
        const line = lines.shift();
        if (line !== undefined) take(line);
        else if (exited) take(`\u0000${exited}`);
        else waiting.push(take);
      });
    },
    stderr: () => err,
    send: (line) => proc.stdin.write(line + '\n'),
    exited: (ms = 10_000) =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const timer = setTimeout(resolve, ms);
        proc.once('exit', () => (clearTimeout(timer), resolve()));
      }),
    kill: () => {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}

/** Runs a child to completion and returns the JSON it prints. */
export async function runChild<T>(file: string, args: string[], nodeFlags: string[] = [], ms = 170_000): Promise<T> {
  const child = startChild(file, args, nodeFlags);
  try {
    return await child.next<T>(ms);
  } finally {
    child.kill();
  }
}

/** The p-th percentile (0..100) of unsorted numbers, by the nearest-rank method. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Machine {
  cpuModel: string;
  cores: number; // nproc: the cores this process may use
  memoryGB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux
  }
  const cores = availableParallelism(); // what nproc prints: the CPUs this process may run on
  return { cpuModel: model, cores, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` };
}

export const round = (n: number, places = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** places) / 10 ** places : n);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True in the file node was asked to run (not when it is imported). */
export const isMain = (metaUrl: string): boolean => !!process.argv[1] && resolve(process.argv[1]) === fileURLToPath(metaUrl);

/** With BENCH_PROFILE_DIR set (run.ts --profile), children run under --cpu-prof and write their profile there. */
export function profileFlags(name: string): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  // One folder per child: each thread (the main one, and tsx's loader) writes its own profile.
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, `${name}-${Date.now()}`)}`] : [];
}

/** A command-line option of a benchmark child process: `--name value`. */
export function option(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

/**
 * Steady state before measuring: with `--warm FILE` (a JSON array of questions), asks the core `--warm-asks` of them
 * in turn before the server takes requests. A bot that has run for a while answers with V8's optimised code; the
 * rounds are seconds long, and without this most of the adapter's answers were worked out by the core's
 * not-yet-optimised code (0.45 against 0.30 ms an answer in the same run), which no long-running bot pays.
 */
export async function warmCore(core: Answerer): Promise<void> {
  const file = option('warm');
  if (!file) return;
  const questions = JSON.parse(readFileSync(file, 'utf8')) as string[];
  const asks = Number(option('warm-asks', '20000'));
  for (let i = 0; i < asks; i += 100) {
    const batch = Array.from({ length: Math.min(100, asks - i) }, (_, j) => questions[(i + j) % questions.length]!);
    await Promise.all(batch.map((q) => core.ask(q, emptyContext())));
  }
}

/** The time spent working out answers so far, and how many: what `followCommands` reports the core's share from. */
export type CoreUsage = () => { ms: number; asks: number };

/**
 * The core on its own thread, as `npm start` runs it (adapters/core-thread.ts), counting the questions sent to it; its
 * share of the work is the thread's busy time (its event loop's utilisation).
 */
export async function coreThread(knowledgeDir: string): Promise<{ core: Answerer; usage: CoreUsage; close: () => Promise<void> }> {
  const thread = await startCoreThread({ knowledgeDir, log: createLogger('error') });
  await warmCore(thread);
  let asks = 0;
  const core: Answerer = {
    ask: (text, context) => (asks++, thread.ask(text, context)),
    suggest: (partial, limit) => thread.suggest(partial, limit),
  };
  return { core, usage: () => ({ ms: thread.utilization().active, asks }), close: () => thread.close() };
}

/**
 * Wraps a bot so the time spent in the core (bot.ask) is counted, to tell its share of an adapter's work. The core is
 * synchronous, so its wall time is its CPU time; performance.now() costs nanoseconds, where process.cpuUsage() (a
 * getrusage call) cost the adapter ~0.1 ms an answer that the bare apps it is compared with did not pay.
 */
export function timeCore(bot: Bot): { bot: Bot; usage: CoreUsage } {
  const usage = { ms: 0, asks: 0 };
  return {
    usage: () => usage,
    bot: {
      ask: (text, context) => {
        const started = performance.now();
        try {
          return bot.ask(text, context);
        } finally {
          usage.ms += performance.now() - started;
          usage.asks++;
        }
      },
      suggest: (partial, limit) => bot.suggest(partial, limit),
    },
  };
}

/**
 * The commands a benchmark server process follows on stdin, answering each with one JSON line: "mark" starts a
 * measured span, "cpu" reports the CPU used since, the main thread's busy time (its event loop's utilisation: where
 * requests are received and answers sent) and the core's share; "stop" calls `stop`, reports the peak RSS and ends
 * the process.
 */
export async function followCommands(stop: () => Promise<void>, core: CoreUsage = () => ({ ms: 0, asks: 0 })): Promise<void> {
  let cpuAt = process.cpuUsage();
  let wallAt = performance.now();
  let loopAt = performance.eventLoopUtilization();
  let coreAt = core();
  const profile = steadyProfile();
  for await (const line of createInterface({ input: process.stdin })) {
    const command = line.trim();
    if (command === 'mark') {
      profile?.start();
      cpuAt = process.cpuUsage();
      wallAt = performance.now();
      loopAt = performance.eventLoopUtilization();
      coreAt = core();
      process.stdout.write('{}\n');
    } else if (command === 'cpu') {
      const cpu = process.cpuUsage(cpuAt);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const loopMs = performance.eventLoopUtilization(loopAt).active;
      const now = core();
      process.stdout.write(JSON.stringify({ cpuMs, cpuPct: (cpuMs / (performance.now() - wallAt)) * 100, loopMs, coreMs: now.ms - coreAt.ms, asks: now.asks - coreAt.asks }) + '\n');
    } else if (command === 'stop') {
      await profile?.save();
      await stop().catch(() => {});
      process.stdout.write(JSON.stringify({ peakRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
      process.exit(0);
    }
  }
}

/**
 * Under --profile (the child runs with --cpu-prof-dir), a profile of the main thread from the first measured round to
 * the end, without start-up and warm-up: `steady.cpuprofile` in the same folder.
 */
function steadyProfile(): { start(): void; save(): Promise<void> } | undefined {
  const dir = process.execArgv.find((a) => a.startsWith('--cpu-prof-dir='))?.slice('--cpu-prof-dir='.length);
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  let started: Promise<unknown> | undefined;
  return {
    start: () => void (started ??= post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 1000 })).then(() => post('Profiler.start'))),
    save: async () => {
      if (!started) return;
      await started;
      const { profile } = await post('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'steady.cpuprofile'), JSON.stringify(profile));
    },
  };
}
