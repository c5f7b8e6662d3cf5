/**
 * Interleaved rounds: the system under test and its baseline (bare Bolt, bare discord.js) are both kept running and
 * loaded in turns, A B B A A B ..., so that whatever else the machine is doing at the time weighs on both alike.
 * Throughput is the median of the rounds; latencies are pooled over them; the ratio is the median of the per-round
 * ratios (each round's pair ran back to back).
 */
import { percentile, round } from './lib.js';

export interface RoundStats {
  seconds: number;
  requests: number;
  answers: number; // answered within the round
  latencies: number[]; // ms, request to answer, for every answered request
  unanswered: number;
  errors: number;
  deferred?: number;
  serverCpuMs: number;
  driverCpuMs: number;
  loopMs?: number; // the server's main thread busy (its event loop's utilisation)
  coreMs?: number; // time the server spent working out answers (bot.ask, or the core thread busy)
  asks?: number;
  ackLatencies?: { p50: number; p99: number };
}

export interface PathSummary {
  rounds: number;
  secondsPerRound: number;
  answersPerSec: number; // median over the rounds
  answersPerSecRounds: number[];
  p50Ms: number; // over every answer of every round
  p99Ms: number;
  maxMs: number;
  answers: number;
  unanswered: number;
  errors: number;
  deferred?: number;
  serverCpuMsPerAnswer: number; // the server process's CPU time per answer: steadier than throughput on a busy machine
  loopMsPerAnswer?: number; // the main thread's busy time per answer: with the core on its own thread, what limits throughput
  coreMsPerAnswer?: number; // the core's (bot.ask, or its thread's busy time)
  serverCpuPct: number; // its CPU use while loaded (100 = one core)
  driverCpuPct: number; // the load generator and fake platform's
  ackP50Ms?: number;
  ackP99Ms?: number;
}

export const median = (xs: number[]) => percentile(xs, 50);

export function summarise(list: RoundStats[]): PathSummary {
  const rates = list.map((r) => r.answers / r.seconds);
  const latencies = list.flatMap((r) => r.latencies);
  const answers = list.reduce((a, r) => a + r.answers, 0);
  const seconds = list.reduce((a, r) => a + r.seconds, 0);
  const serverCpu = list.reduce((a, r) => a + r.serverCpuMs, 0);
  const driverCpu = list.reduce((a, r) => a + r.driverCpuMs, 0);
  const deferred = list.some((r) => r.deferred !== undefined) ? list.reduce((a, r) => a + (r.deferred ?? 0), 0) : undefined;
  const acks = list.map((r) => r.ackLatencies).filter((a): a is { p50: number; p99: number } => !!a);
  return {
    rounds: list.length,
    secondsPerRound: round(seconds / list.length),
    answersPerSec: round(median(rates), 0),
    answersPerSecRounds: rates.map((r) => round(r, 0)),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.reduce((a, b) => Math.max(a, b), 0)),
    answers,
    unanswered: list.reduce((a, r) => a + r.unanswered, 0),
    errors: list.reduce((a, r) => a + r.errors, 0),
    ...(deferred !== undefined ? { deferred } : {}),
    serverCpuMsPerAnswer: round(serverCpu / Math.max(1, answers), 3),
    ...(list.some((r) => r.loopMs) ? { loopMsPerAnswer: round(list.reduce((a, r) => a + (r.loopMs ?? 0), 0) / Math.max(1, answers), 3) } : {}),
    ...(list.some((r) => r.asks) ? { coreMsPerAnswer: round(list.reduce((a, r) => a + (r.coreMs ?? 0), 0) / Math.max(1, list.reduce((a, r) => a + (r.asks ?? 0), 0)), 3) } : {}),
    serverCpuPct: round((serverCpu / (seconds * 1000)) * 100, 0),
    driverCpuPct: round((driverCpu / (seconds * 1000)) * 100, 0),
    ...(acks.length ? { ackP50Ms: round(median(acks.map((a) => a.p50))), ackP99Ms: round(median(acks.map((a) => a.p99))) } : {}),
  };
}

/** Runs `rounds` rounds of each system, alternating which goes first, and returns each one's rounds in order. */
export async function interleave<K extends string>(systems: Record<K, (seconds: number) => Promise<RoundStats>>, rounds: number, seconds: number): Promise<Record<K, RoundStats[]>> {
  const names = Object.keys(systems) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as RoundStats[]])) as Record<K, RoundStats[]>;
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) out[name].push(await systems[name](seconds));
  }
  return out;
}

/** The median of the per-round ratios a/b. */
export function pairedRatio(a: RoundStats[], b: RoundStats[]): number {
  const ratios = a.map((x, i) => x.answers / x.seconds / (b[i]!.answers / b[i]!.seconds));
  return round(median(ratios), 2);
}
