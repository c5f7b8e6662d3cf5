/**
 * One core measurement, in a process of its own so that its start-up and peak RSS are its own:
 * load and index a knowledge folder, then time bot.ask over a question set with tinybench.
 *
 *   node --import tsx bench/core-worker.ts --kb <dir> --questions <file.json> [--time 3000] [--category-time 250]
 *     [--cache-dir <dir>] [--startup-only]
 *
 * With --cache-dir the knowledge is loaded as the bot loads it (knowledge-cache.ts): a first start in an empty cache
 * folder reads and checks every file, a later one only what changed. --startup-only stops after load and index.
 * Prints one JSON object (CoreResult, or StartupResult) on stdout.
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { createBot, emptyContext, loadKnowledge, type Context } from '../src/index.js';
import { isMain } from './lib.js';
import type { Category, Question } from './questions.js';

export interface LatencyStats {
  samples: number;
  qps: number; // questions a second, one after another on one thread: 1000 / mean
  mean: number; // ms
  p50: number;
  p99: number;
  max: number;
}

export interface StartupResult {
  loadMs: number; // loadKnowledge: read, validate, build fact look-ups
  indexMs: number; // createBot: the catalogue index (aliases, Fuse.js)
  startupMs: number; // both
  peakRssMB: number; // the process's maximum resident set size, from getrusage
}

export interface CoreResult extends StartupResult {
  kb: string;
  companies: number;
  facts: number;
  coldStartupMs?: number; // start-up with an empty cache folder: every file read and checked (filled in by run.ts)
  rssAfterLoadMB: number;
  heapAfterLoadMB: number;
  questions: number;
  statuses: Record<string, number>;
  firstPassMaxMs: number; // slowest question on first asking (cold code)
  mixed: LatencyStats;
  /** The same set timed by CPU time (process.cpuUsage) instead of the clock: what a question costs this process,
   * without the time it spends waiting for a core when other processes share the machine. */
  mixedCpu?: Omit<LatencyStats, 'qps'>;
  categories: Partial<Record<Category, LatencyStats>>;
  slowest: { text: string; category: Category; meanMs: number }[];
}

const args = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};

function stats(task: { result: unknown }): LatencyStats {
  const r = task.result as { latency?: { mean: number; p50: number; p99: number; max: number; samplesCount: number } };
  if (!r.latency) throw new Error(`task did not complete: ${JSON.stringify(task.result)}`);
  const l = r.latency;
  return { samples: l.samplesCount, qps: 1000 / l.mean, mean: l.mean, p50: l.p50, p99: l.p99, max: l.max };
}

async function main(): Promise<void> {
  const kb = opt('kb')!;
  const questions = JSON.parse(readFileSync(opt('questions')!, 'utf8')) as Question[];
  const time = Number(opt('time', '3000'));
  const categoryTime = Number(opt('category-time', '250'));
  const cpuTime = Number(opt('cpu-time', String(Math.min(2000, time))));

  const cacheDir = opt('cache-dir');
  const t0 = performance.now();
  const knowledge = loadKnowledge(kb, cacheDir ? { cacheDir } : {});
  const t1 = performance.now();
  const bot = createBot(knowledge);
  const t2 = performance.now();
  const mem = process.memoryUsage();
  const peakRssMB = () => process.resourceUsage().maxRSS / 1024;
  if (args.includes('--startup-only')) {
    const result: StartupResult = { loadMs: t1 - t0, indexMs: t2 - t1, startupMs: t2 - t0, peakRssMB: peakRssMB() };
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }

  // First pass, in order: each follow-up gets the context its thread built, as in a conversation.
  const threads = new Map<string, Context>();
  const items: { text: string; category: Category; context: Context }[] = [];
  const statuses: Record<string, number> = {};
  let firstPassMaxMs = 0;
  for (const q of questions) {
    const context = (q.thread && threads.get(q.thread)) || emptyContext();
    const s = performance.now();
    const answer = bot.ask(q.text, context);
    firstPassMaxMs = Math.max(firstPassMaxMs, performance.now() - s);
    if (q.thread) threads.set(q.thread, answer.context);
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    items.push({ text: q.text, category: q.category, context });
  }

  // The mixed set: each iteration is the next question of the set, so the distribution is the set's.
  // A second of warm-up before measuring: with less, V8 is still optimising the core while the samples are taken,
  // and a short (--quick) pass read a p99 of 1.5 ms after 250 ms of warm-up, 0.34 ms after 1,000.
  const bench = new Bench({ time, warmupTime: 1000, retainSamples: false, throws: true });
  let next = 0;
  bench.add('mixed', () => {
    const it = items[next++ % items.length]!;
    bot.ask(it.text, it.context);
  });
  await bench.run();
  const mixed = stats(bench.getTask('mixed')!);

  // The same set by CPU time. getrusage counts the whole process and folds in other threads' time (GC helpers) a
  // scheduler tick at a time, so a short pass is dominated by those steps: none in --quick.
  const cpu: number[] = [];
  const until = performance.now() + cpuTime;
  for (let i = 0; performance.now() < until; i++) {
    const it = items[i % items.length]!;
    const c = process.cpuUsage();
    bot.ask(it.text, it.context);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  const at = (p: number) => cpu[Math.min(cpu.length - 1, Math.ceil((p / 100) * cpu.length) - 1)]!;
  const mixedCpu = cpu.length ? { samples: cpu.length, mean: cpu.reduce((a, b) => a + b, 0) / cpu.length, p50: at(50), p99: at(99), max: cpu[cpu.length - 1]! } : undefined;

  // Per category, for the breakdown.
  const categories: Partial<Record<Category, LatencyStats>> = {};
  if (categoryTime > 0) {
    const byCategory = new Bench({ time: categoryTime, warmupTime: Math.min(100, categoryTime / 2), throws: true });
    for (const category of new Set(items.map((i) => i.category))) {
      const list = items.filter((i) => i.category === category);
      let k = 0;
      byCategory.add(category, () => {
        const it = list[k++ % list.length]!;
        bot.ask(it.text, it.context);
      });
    }
    await byCategory.run();
    for (const task of byCategory.tasks) categories[task.name as Category] = stats(task);
  }

  // The slowest questions, each asked a few times on its own.
  const per = items.map((it) => {
    const reps = 5;
    const s = performance.now();
    for (let i = 0; i < reps; i++) bot.ask(it.text, it.context);
    return { text: it.text, category: it.category, meanMs: (performance.now() - s) / reps };
  });
  const slowest = per.sort((a, b) => b.meanMs - a.meanMs).slice(0, 5);
  const peak = peakRssMB(); // before counting the figures, which reads every company's documents

  const result: CoreResult = {
    kb,
    companies: knowledge.companies.length,
    facts: knowledge.facts.size,
    loadMs: t1 - t0,
    indexMs: t2 - t1,
    startupMs: t2 - t0,
    rssAfterLoadMB: mem.rss / 2 ** 20,
    heapAfterLoadMB: mem.heapUsed / 2 ** 20,
    peakRssMB: peak,
    questions: items.length,
    statuses,
    firstPassMaxMs,
    mixed,
    ...(mixedCpu ? { mixedCpu } : {}),
    categories,
    slowest,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (isMain(import.meta.url)) main().catch((error) => {
  process.stderr.write(`core-worker: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
