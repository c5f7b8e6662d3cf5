/**
 * `npm run bench`: how fast the answer appears, and how many workspaces one process serves.
 *
 *   tsx bench/run.ts [--quick] [--only core,scale,check,slack,discord] [--connections 16] [--http-kb 2000]
 *                    [--profile] [--out bench/results.json]
 *
 *  1. Core: questions a second and p50 / p99 / max per question over a mixed set, on the shipped knowledge and on
 *     a generated base of 2,000 companies x 10 fiscal years x the full catalogue; start-up (load and index) and
 *     peak RSS of each, every measurement in a process of its own.
 *  2. Slack: signed app_mention requests (autocannon) to the Slack adapter in HTTP mode answering to the fake Slack,
 *     against a bare Bolt app that only calls say('ok') (the target's baseline) and one that posts a ready-made Block
 *     Kit answer (what posting a real answer costs without working it out), in alternating rounds.
 *  3. Discord: /results interactions through the fake gateway, against a bare discord.js client, likewise.
 *  4. Scale: core p99 and start-up at 1, 10, 100, 1,000 and 2,000 companies (--quick: 1, 100 and 2,000).
 *  Also a correctness check of the generated base (bench/check.ts), not timed (full runs only).
 *
 * Prints the figures and the targets, and writes them all to bench/results.json. --profile runs every child under
 * --cpu-prof (bench/profiles/) and prints where the core's time went. Nothing here is part of `npm test`.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from './check.js';
import type { CoreResult, StartupResult } from './core-worker.js';
import { benchDiscord, type DiscordResult } from './discord.js';
import { generate, REPO, SHIPPED } from './generate.js';
import { machine, profileFlags, round, runChild } from './lib.js';
import { summarise as summariseProfile } from './profile-summary.js';
import { checkedQuestions, generatedQuestions, shippedQuestions, type Question } from './questions.js';
import { benchSlack, type SlackResult } from './slack.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};

const quick = flag('quick');
const parts = new Set(opt('only', 'core,scale,check,slack,discord').split(','));
const connections = Number(opt('connections', '16'));
const httpKb = opt('http-kb', 'shipped');
const out = opt('out', join(REPO, 'bench', 'results.json'));
const SIZES = [1, 10, 100, 1000, 2000];
const QUICK_SIZES = [1, 100, 2000];
const LARGE = 2000;

// How long each part runs. The full run stays under 3 minutes, --quick under 30 s (once the bases are generated).
const T = quick
  ? { mixed: 300, category: 0, largeMixed: 500, largeCategory: 0, cpu: 0, rounds: 1, seconds: 1.2, warmup: 0.3, warmAsks: 5000, check: false }
  : { mixed: 2000, category: 200, largeMixed: 3000, largeCategory: 250, cpu: 2000, rounds: 3, seconds: 3, warmup: 1.5, warmAsks: 20_000, check: true };

interface Target {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

interface Results {
  date: string;
  quick: boolean;
  machine: ReturnType<typeof machine> & { loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  seconds?: number;
  generation?: { dir: string; seconds: number };
  core?: { shipped: CoreResult; generated?: CoreResult };
  scale?: CoreResult[];
  check?: CheckResult;
  slack?: SlackResult;
  discord?: DiscordResult;
  targets: Target[];
  profiles?: Record<string, { file: string; top: { name: string; where: string; selfMs: number; totalMs: number }[] }>;
}

const started = performance.now();
const log = (line = '') => process.stdout.write(line + '\n');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const pad = (s: string | number, n: number) => String(s).padStart(n);

const written: string[] = [];
function qfile(name: string, questions: unknown): string {
  const dir = join(tmpdir(), 'results-bot-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(questions));
  written.push(file);
  return file;
}
process.on('exit', () => written.forEach((f) => rmSync(f, { force: true })));

/**
 * Two starts, as the bot starts: the first in an empty cache folder (every file read and checked), then the measured
 * one. --quick keeps its cache folder from one run to the next and makes the first start only when it has none.
 */
async function core(kb: string, questions: Question[], name: string, time: number, categoryTime: number): Promise<CoreResult> {
  const cacheDir = quick ? join(tmpdir(), 'results-bot-bench', `cache-${name}`) : mkdtempSync(join(tmpdir(), 'results-bot-bench-cache-'));
  try {
    const base = ['--kb', kb, '--questions', qfile(name, questions), '--cache-dir', cacheDir];
    const cold = quick && existsSync(cacheDir) ? undefined : await runChild<StartupResult>('core-worker.ts', [...base, '--startup-only'], profileFlags(`cold-${name}`));
    const args = [...base, '--time', String(time), '--category-time', String(categoryTime), '--cpu-time', String(T.cpu)];
    const result = await runChild<CoreResult>('core-worker.ts', args, profileFlags(`core-${name}`));
    return { ...result, coldStartupMs: cold?.startupMs, peakRssMB: Math.max(result.peakRssMB, cold?.peakRssMB ?? 0) };
  } finally {
    if (!quick) rmSync(cacheDir, { recursive: true, force: true });
  }
}

function coreLine(label: string, r: CoreResult): string {
  const m = r.mixed;
  return `${label.padEnd(16)}${pad(r.companies, 6)}${pad(r.facts.toLocaleString('en'), 10)}${pad(ms(r.startupMs), 9)}${pad(r.coldStartupMs !== undefined ? ms(r.coldStartupMs) : '-', 9)}${pad(ms(r.loadMs), 9)}${pad(ms(r.indexMs), 8)}${pad(r.peakRssMB.toFixed(0), 7)}${pad(Math.round(m.qps).toLocaleString('en'), 9)}${pad(ms(m.p50), 8)}${pad(ms(m.p99), 8)}${pad(ms(m.max), 8)}${pad(r.mixedCpu ? ms(r.mixedCpu.p50) : '-', 9)}${pad(r.mixedCpu ? ms(r.mixedCpu.p99) : '-', 8)}`;
}
const CORE_HEADER = `${'knowledge'.padEnd(16)}${pad('cos', 6)}${pad('facts', 10)}${pad('start', 9)}${pad('cold', 9)}${pad('load', 9)}${pad('index', 8)}${pad('RSS', 7)}${pad('q/s', 9)}${pad('p50', 8)}${pad('p99', 8)}${pad('max', 8)}${pad('cpu p50', 9)}${pad('p99', 8)}   (ms, MB)`;

type Summary = import('./rounds.js').PathSummary;
const pathRow = (label: string, s: Summary) =>
  `  ${label.padEnd(24)}${pad(s.answersPerSec, 6)}/s  p50 ${pad(ms(s.p50Ms), 6)}  p99 ${pad(ms(s.p99Ms), 6)}  max ${pad(ms(s.maxMs), 6)} ms  rounds ${s.answersPerSecRounds.join(', ')}/s  CPU ${s.serverCpuMsPerAnswer} ms/answer${s.loopMsPerAnswer !== undefined ? ` (main thread ${s.loopMsPerAnswer}` : ' ('}${s.coreMsPerAnswer !== undefined ? `, core ${s.coreMsPerAnswer})` : ')'} at ${s.serverCpuPct}%${s.unanswered ? `  unanswered ${s.unanswered}` : ''}${s.errors ? `  errors ${s.errors}` : ''}${s.deferred ? `  deferred ${s.deferred}` : ''}`;

async function main(): Promise<void> {
  const m = machine();
  const results: Results = { date: new Date().toISOString(), quick, machine: { ...m, loadAverageAtStart: loadavg().map((x) => round(x, 2)) }, targets: [] };
  if (flag('profile')) {
    const dir = join(REPO, 'bench', 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(dir, { recursive: true });
    process.env.BENCH_PROFILE_DIR = dir;
  }
  log(`results-bot bench${quick ? ' (quick)' : ''}: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}; load average ${results.machine.loadAverageAtStart.join(' ')}`);
  if (results.machine.loadAverageAtStart[0]! > m.cores) log(`  note: the machine is busy (load average above ${m.cores}): figures will be lower and noisier than on an idle machine`);

  const needGenerated = parts.has('core') || parts.has('scale') || parts.has('check') || httpKb !== 'shipped';
  const sizes = parts.has('scale') ? SIZES : [LARGE];
  const bases = needGenerated ? generate(sizes) : new Map();
  const large = bases.get(LARGE);
  if (large) {
    results.generation = { dir: large.dir.replace(/\/n\d+$/, ''), seconds: round(large.seconds) };
    log(`generated knowledge: ${results.generation.dir} (${large.seconds ? `written in ${large.seconds.toFixed(1)} s` : 'reused'})`);
  }

  // 1. Core, shipped and at 2,000 companies; 4. the same at every size.
  if (parts.has('core') || parts.has('scale')) {
    log('\n1. Core: bot.ask over the mixed question set, one process per knowledge base');
    log(CORE_HEADER);
    const shipped = parts.has('core') ? await core(SHIPPED, shippedQuestions(), 'shipped', T.mixed, T.category) : undefined;
    if (shipped) log(coreLine('shipped', shipped));
    const scale: CoreResult[] = [];
    for (const n of parts.has('scale') ? (quick ? QUICK_SIZES : SIZES) : [LARGE]) {
      const g = bases.get(n)!;
      const isLarge = n === LARGE;
      const r = await core(g.dir, generatedQuestions(g.companies), `n${n}`, isLarge ? T.largeMixed : T.mixed, isLarge ? T.largeCategory : 0);
      scale.push(r);
      log(coreLine(`generated ${n}`, r));
    }
    const generated = scale.find((r) => r.companies === LARGE);
    if (shipped) results.core = { shipped, ...(generated ? { generated } : {}) };
    if (parts.has('scale')) results.scale = scale;
    for (const [label, r] of [['shipped', shipped], [`${LARGE} companies`, generated]] as const) {
      if (!r || !Object.keys(r.categories).length) continue;
      log(`  by category, ${label} (p50 / p99 ms): ${Object.entries(r.categories).map(([c, s]) => `${c} ${ms(s.p50)}/${ms(s.p99)}`).join(', ')}`);
      log(`  slowest, ${label}: ${r.slowest.slice(0, 3).map((s) => `"${s.text}" ${ms(s.meanMs)} ms`).join(', ')}`);
    }
    if (parts.has('scale') && scale.length > 1) {
      const first = scale[0]!;
      log('\n4. How cost grows (relative to 1 company)');
      log(`${'companies'.padEnd(12)}${pad('p99 ms', 9)}${pad('x', 7)}${pad('cpu p99', 9)}${pad('x', 7)}${pad('start ms', 10)}${pad('cold ms', 9)}${pad('RSS MB', 8)}`);
      for (const r of scale) {
        const cpu = r.mixedCpu && first.mixedCpu ? [ms(r.mixedCpu.p99), (r.mixedCpu.p99 / first.mixedCpu.p99).toFixed(2)] : ['-', '-'];
        log(`${String(r.companies).padEnd(12)}${pad(ms(r.mixed.p99), 9)}${pad((r.mixed.p99 / first.mixed.p99).toFixed(2), 7)}${pad(cpu[0]!, 9)}${pad(cpu[1]!, 7)}${pad(ms(r.startupMs), 10)}${pad(r.coldStartupMs !== undefined ? ms(r.coldStartupMs) : '-', 9)}${pad(r.peakRssMB.toFixed(0), 8)}`);
      }
    }
  }

  if (parts.has('check') && T.check && large) {
    const checks = checkedQuestions(large.companies);
    results.check = await runChild<CheckResult>('check.ts', ['--kb', large.dir, '--checks', qfile('checks', checks)]);
    const c = results.check;
    log(`\ncorrectness of the generated base (${c.companies} companies): ${c.passed}/${c.total} questions answered with the named company's exact figure`);
    for (const f of c.failures.slice(0, 5)) log(`  FAILED "${f.text}": expected ${f.expected}, got ${f.got}`);
  }

  const httpKnowledge = httpKb === 'shipped' ? SHIPPED : bases.get(Number(httpKb))?.dir ?? generate([Number(httpKb)]).get(Number(httpKb))!.dir;
  const httpQuestions = (httpKb === 'shipped' ? shippedQuestions() : generatedQuestions(generate([Number(httpKb)]).get(Number(httpKb))!.companies))
    .filter((q) => !q.thread) // each request starts its own thread: follow-ups would have nothing to follow
    .map((q) => q.text);
  // Servers answer in steady state: their core first works through the load's questions (bench/lib.ts warmCore).
  const httpWarm = { questionsFile: qfile('http', httpQuestions), warmAsks: T.warmAsks };

  if (parts.has('slack')) {
    log(`\n2. Slack path: signed app_mention over HTTP, ${connections} connections, ${T.rounds} round(s) of ${T.seconds} s each, alternating; request sent -> chat.postMessage recorded`);
    // --quick loads only the adapter and its baseline; the full run also the two that tell where the cost lies.
    results.slack = await benchSlack({ knowledge: httpKnowledge, questions: httpQuestions, connections, rounds: T.rounds, seconds: T.seconds, warmupSeconds: T.warmup, diagnostics: !quick, ...httpWarm });
    const sl = results.slack;
    log(pathRow('Slack adapter + core', sl.adapter));
    log(pathRow('bare Bolt, say("ok")', sl.bare));
    if (sl.bareBlocks) log(pathRow('bare Bolt, posts blocks', sl.bareBlocks));
    if (sl.adapterFixed) log(pathRow('adapter, fixed answer', sl.adapterFixed));
    const diagnostics = sl.bareBlocks ? `; ${sl.ratioToBlocks} against a bare Bolt posting a ready-made Block Kit answer; ${sl.fixedRatio} for the adapter with a fixed answer (no core)` : '';
    log(`  ratio ${sl.ratio} (adapter ÷ bare Bolt say("ok"), median of the rounds)${diagnostics}`);
    log(`  CPU per answer: bare ÷ adapter = ${sl.cpuRatio}; peak RSS adapter ${sl.serverPeakRssMB.adapter} MB, bare ${sl.serverPeakRssMB.bare} MB`);
  }

  if (parts.has('discord')) {
    log(`\n3. Discord path: /results interactions through the fake gateway, ${connections} at a time, ${T.rounds} round(s) of ${T.seconds} s; dispatch -> interaction callback`);
    results.discord = await benchDiscord({ knowledge: httpKnowledge, questions: httpQuestions, concurrency: connections, rounds: T.rounds, seconds: T.seconds, warmupSeconds: T.warmup, ...httpWarm });
    log(pathRow('Discord adapter + core', results.discord.adapter));
    log(pathRow('bare discord.js, "ok"', results.discord.bare));
    log(`  ratio ${results.discord.ratio} (adapter ÷ bare discord.js, median of the rounds)`);
  }

  // Targets (issue 7).
  const show = (value: number, unit: string) => `${unit === 'x' ? value.toFixed(2) : ms(value)}${unit === 'x' ? 'x' : ' ' + unit}`;
  const t = (name: string, target: string, value: number | undefined, unit: string, met: (v: number) => boolean, cpu?: number) => {
    if (value === undefined || Number.isNaN(value)) return;
    results.targets.push({ name, target, value: show(value, unit) + (cpu !== undefined ? ` (by CPU time: ${show(cpu, unit)})` : ''), met: met(value) });
  };
  const shipped = results.core?.shipped;
  const at = (n: number) => results.scale?.find((r) => r.companies === n) ?? (n === LARGE ? results.core?.generated : undefined);
  t('core p99, shipped knowledge', '< 1 ms', shipped?.mixed.p99, 'ms', (v) => v < 1, shipped?.mixedCpu?.p99);
  t(`core p99, ${LARGE} companies`, '< 3 ms', at(LARGE)?.mixed.p99, 'ms', (v) => v < 3, at(LARGE)?.mixedCpu?.p99);
  const one = at(1);
  const big = at(LARGE);
  if (one && big) {
    const cpu = big.mixedCpu && one.mixedCpu ? big.mixedCpu.p99 / one.mixedCpu.p99 : undefined;
    t(`core p99, ${LARGE} companies ÷ 1 company`, '<= 3x', big.mixed.p99 / one.mixed.p99, 'x', (v) => v <= 3, cpu);
  }
  t(`start-up (load + index), ${LARGE} companies`, '< 2,000 ms', at(LARGE)?.startupMs, 'ms', (v) => v < 2000);
  t(`peak RSS, ${LARGE} companies`, '< 400 MB', at(LARGE)?.peakRssMB, 'MB', (v) => v < 400);
  t('Slack adapter ÷ bare Bolt, answers/s', '>= 0.8x', results.slack?.ratio, 'x', (v) => v >= 0.8);
  results.seconds = round((performance.now() - started) / 1000, 1);
  results.machine.loadAverageAtEnd = loadavg().map((x) => round(x, 2));

  if (process.env.BENCH_PROFILE_DIR) {
    // Each child wrote one profile per thread; the largest is its main thread. Servers also wrote one of their main
    // thread in the measured rounds only (steady.cpuprofile): that one is summarised.
    results.profiles = {};
    for (const d of readdirSync(process.env.BENCH_PROFILE_DIR)) {
      const dir = join(process.env.BENCH_PROFILE_DIR, d);
      const files = readdirSync(dir).map((f) => join(dir, f));
      const main = files.find((f) => f.endsWith('steady.cpuprofile')) ?? files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
      if (!main) continue;
      const top = summariseProfile(main).rows.sort((a, b) => b.selfMs - a.selfMs).slice(0, 12).map((r) => ({ ...r, selfMs: round(r.selfMs, 1), totalMs: round(r.totalMs, 1) }));
      results.profiles[d.replace(/-\d+$/, '')] = { file: main, top };
    }
    log(`\nprofiles (self time, main thread, measured rounds only for servers; read one with: tsx bench/profile-summary.ts <file>): ${process.env.BENCH_PROFILE_DIR}`);
    for (const [name, p] of Object.entries(results.profiles)) log(`  ${name}: ${p.top.slice(0, 4).map((r) => `${r.name} (${r.where}) ${r.selfMs} ms`).join('; ')}`);
  }

  // A quick pass is too short to judge a p99 or a ratio by; it shows the targets as a smoke test.
  log(quick ? '\ntargets (a quick pass: judge them on a full run)' : '\ntargets');
  for (const target of results.targets) log(`  ${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.value} (target ${target.target})`);
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  log(`\n${results.seconds} s; figures written to ${out.startsWith(REPO) ? out.slice(REPO.length + 1) : out}`);
  if (!existsSync(out)) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
