/**
 * The Discord path: /results slash-command interactions sent through the local fake Discord's gateway
 * (test/fakes/discord.ts, in this process) to the Discord adapter (discord.js, in its own process), N at a time:
 * each simulated user sends the next command as soon as the previous one is answered. Measured: answers a second
 * and the time from dispatching the interaction to its callback (POST /interactions/:id/:token/callback), or, when
 * the adapter deferred, to the edit that carries the answer. A bare discord.js client replying "ok", loaded in
 * alternating rounds, gives the platform's own cost.
 */
import { FakeDiscord, IDS, type RecordedRequest } from '../test/fakes/discord.js';
import { profileFlags, round, startChild, type Child } from './lib.js';
import { interleave, pairedRatio, summarise, type PathSummary, type RoundStats } from './rounds.js';

export interface DiscordResult {
  knowledge: string;
  concurrency: number;
  adapter: PathSummary;
  bare: PathSummary;
  ratio: number; // adapter answers/s ÷ bare discord.js answers/s
  serverPeakRssMB: { adapter: number; bare: number };
  sampleAnswer: string;
}

export interface DiscordLoad {
  knowledge: string;
  questions: string[];
  concurrency: number;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  questionsFile: string; // the same questions as JSON, which the adapter asks its core warmAsks times before measuring
  warmAsks: number;
}

interface Server {
  child: Child;
  fake: FakeDiscord;
  sample: string;
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);

async function startServer(mode: 'adapter' | 'bare', load: DiscordLoad): Promise<Server> {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 5000 });
  const child = startChild('discord-server.ts', ['--mode', mode, '--api-url', fake.apiUrl, '--kb', load.knowledge, '--warm', load.questionsFile, '--warm-asks', String(load.warmAsks)], profileFlags(`discord-${mode}`));
  await child.next(120_000);
  return { child, fake, sample: '' };
}

let q = 0;

async function drive(server: Server, load: DiscordLoad, seconds: number): Promise<RoundStats> {
  const { fake } = server;
  const latencies: number[] = [];
  let deferred = 0;
  let failed = 0;
  let requests = 0;
  server.child.send('mark');
  await server.child.next(5000);
  const cpuAt = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  const user = async () => {
    while (performance.now() < until) {
      const question = load.questions[q++ % load.questions.length]!;
      const t0 = performance.now();
      requests++;
      const interaction = fake.sendCommand(question);
      const route = `/interactions/${interaction.id}/${interaction.token}/callback`;
      const callback = await withTimeout(fake.nextRequest((r) => r.method === 'POST' && r.path === route), 10_000);
      let answer: RecordedRequest | undefined = callback;
      if (callback?.body?.type === 5) {
        deferred++;
        const edit = `/webhooks/${IDS.application}/${interaction.token}/messages/@original`;
        answer = await withTimeout(fake.waitForRequest((r) => r.method === 'PATCH' && r.path === edit), 10_000);
      }
      if (!answer) {
        failed++;
        continue;
      }
      latencies.push(performance.now() - t0);
      server.sample = String(answer.body?.data?.content ?? answer.body?.content ?? '');
      // The fake keeps every request: forget old ones so memory stays flat over the run.
      if (fake.requests.length > 2000) fake.requests.splice(0, 1000);
    }
  };
  await Promise.all(Array.from({ length: load.concurrency }, user));
  const ended = performance.now();
  const driverCpu = process.cpuUsage(cpuAt);
  server.child.send('cpu');
  const { cpuMs, loopMs, coreMs, asks } = await server.child.next<{ cpuMs: number; loopMs: number; coreMs: number; asks: number }>(5000);
  return {
    seconds: (ended - started) / 1000,
    requests,
    answers: latencies.length,
    latencies,
    unanswered: failed,
    errors: 0,
    deferred,
    serverCpuMs: cpuMs,
    loopMs,
    coreMs,
    asks,
    driverCpuMs: (driverCpu.user + driverCpu.system) / 1000,
  };
}

async function stopServer(server: Server): Promise<number> {
  try {
    server.child.send('stop');
    const { peakRssMB } = await server.child.next<{ peakRssMB: number }>(30_000);
    await server.child.exited();
    return round(peakRssMB, 0);
  } finally {
    server.child.kill();
    await server.fake.close();
  }
}

export async function benchDiscord(load: DiscordLoad): Promise<DiscordResult> {
  const servers: Partial<Record<'adapter' | 'bare', Server>> = {};
  try {
    await Promise.all((['adapter', 'bare'] as const).map(async (mode) => (servers[mode] = await startServer(mode, load))));
    const { adapter, bare } = servers as Record<'adapter' | 'bare', Server>;
    if (load.warmupSeconds > 0) {
      await drive(adapter, load, load.warmupSeconds);
      await drive(bare, load, load.warmupSeconds);
    }
    const rounds = await interleave({ adapter: (s) => drive(adapter, load, s), bare: (s) => drive(bare, load, s) }, load.rounds, load.seconds);
    const rss = { adapter: await stopServer(adapter), bare: await stopServer(bare) };
    delete servers.adapter;
    delete servers.bare;
    return {
      knowledge: load.knowledge,
      concurrency: load.concurrency,
      adapter: summarise(rounds.adapter),
      bare: summarise(rounds.bare),
      ratio: pairedRatio(rounds.adapter, rounds.bare),
      serverPeakRssMB: rss,
      sampleAnswer: adapter.sample.slice(0, 200),
    };
  } finally {
    for (const s of Object.values(servers)) {
      s.child.kill();
      await s.fake.close();
    }
  }
}
