/**
 * The Slack path: signed app_mention deliveries (autocannon, N connections) to the Slack adapter in HTTP mode, in
 * its own process, whose answers go to the local fake Slack (test/fakes/slack.ts) in this process. Measured: answers
 * a second (chat.postMessage calls recorded by the fake) and the time from sending a request to its recorded
 * chat.postMessage. The same load goes, in alternating rounds, to a bare Bolt app with the same options whose
 * handler only calls say('ok'), to one posting a ready-made answer's blocks, and to the adapter with a core that
 * returns one ready-made answer (what the adapter costs around the core).
 */
import autocannon from 'autocannon';
import { mentionEvent, sign, startFakeSlack, type ApiCall, type FakeSlack } from '../test/fakes/slack.js';
import { profileFlags, round, sleep, startChild, type Child } from './lib.js';
import { interleave, pairedRatio, summarise, type PathSummary, type RoundStats } from './rounds.js';
import { BOT_USER_ID } from './slack-server.js';

const SECRET = 'bench-signing-secret-0123456789';

export interface SlackResult {
  knowledge: string;
  connections: number;
  adapter: PathSummary;
  bare: PathSummary;
  // Only with SlackLoad.diagnostics:
  bareBlocks?: PathSummary; // bare Bolt posting a ready-made Block Kit answer in the thread
  adapterFixed?: PathSummary; // the adapter, its core replaced by one ready-made answer
  ratio: number; // adapter answers/s ÷ bare Bolt answers/s: the median of the rounds' ratios
  ratioToBlocks?: number; // adapter answers/s ÷ bare Bolt posting a real answer's blocks
  fixedRatio?: number; // the adapter with a ready-made answer ÷ bare Bolt say('ok'): the ratio without the core's work
  cpuRatio: number; // bare CPU per answer ÷ adapter CPU per answer
  serverPeakRssMB: Partial<Record<Mode, number>>;
  sampleAnswer: string; // one answer's text, to show the load got real answers
}

export interface SlackLoad {
  knowledge: string;
  questions: string[];
  connections: number;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  questionsFile: string; // the same questions as JSON, which the server asks its core warmAsks times before measuring
  warmAsks: number;
  /** Also load the two systems that tell where the adapter's cost lies (bare Bolt posting blocks, a fixed answer). */
  diagnostics: boolean;
}

interface Server {
  child: Child;
  fake: FakeSlack;
  url: string;
  posted: Map<string, number>; // channel -> when its chat.postMessage was recorded
}

/** Every chat.postMessage the fake records, with when. The fake keeps every call, so only the last few are kept. */
function recordPosts(fake: FakeSlack): Map<string, number> {
  const posted = new Map<string, number>();
  const calls = fake.calls;
  const push = calls.push.bind(calls);
  calls.push = (...items: ApiCall[]) => {
    const now = performance.now();
    for (const c of items) if (c.method === 'chat.postMessage') posted.set(String(c.params.channel), now);
    if (calls.length > 200) calls.splice(0, calls.length - 100); // the fake reads calls.at(-1) right after pushing
    return push(...items);
  };
  return posted;
}

type Mode = 'adapter' | 'bare' | 'bareBlocks' | 'adapterFixed';
const FLAGS: Record<Mode, string> = { adapter: 'adapter', bare: 'bare', bareBlocks: 'bare-blocks', adapterFixed: 'adapter-fixed' };

async function startServer(mode: Mode, load: SlackLoad): Promise<Server> {
  const fake = await startFakeSlack();
  const posted = recordPosts(fake);
  const flag = FLAGS[mode];
  const child = startChild('slack-server.ts', ['--mode', flag, '--api-url', fake.apiUrl, '--secret', SECRET, '--kb', load.knowledge, '--warm', load.questionsFile, '--warm-asks', String(load.warmAsks)], profileFlags(`slack-${flag}`));
  const { port } = await child.next<{ port: number }>(120_000);
  return { child, fake, posted, url: `http://127.0.0.1:${port}/slack/events` };
}

let seq = 0;

/** One round: autocannon for `seconds`, then up to 5 s for the answers still in flight. */
async function drive(server: Server, load: SlackLoad, seconds: number): Promise<RoundStats> {
  const sent = new Map<string, number>();
  let q = 0;
  server.child.send('mark');
  await server.child.next(5000);
  const cpuAt = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: server.url,
    connections: load.connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          // One channel per request, so every answer can be matched to its request (say('ok') names only the channel).
          const channel = `C${(seq++).toString(36).toUpperCase()}`;
          const body = JSON.stringify(mentionEvent({ text: `<@${BOT_USER_ID}> ${load.questions[q++ % load.questions.length]}`, channel }));
          const ts = Math.floor(Date.now() / 1000);
          sent.set(channel, performance.now());
          return {
            ...req,
            body,
            headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SECRET, ts, body) },
          };
        },
      },
    ],
  });
  const ended = performance.now();
  for (let waited = 0; waited < 5000 && [...sent.keys()].some((k) => !server.posted.has(k)); waited += 50) await sleep(50);
  const driverCpu = process.cpuUsage(cpuAt);
  server.child.send('cpu');
  const { cpuMs, loopMs, coreMs, asks } = await server.child.next<{ cpuMs: number; loopMs: number; coreMs: number; asks: number }>(5000);
  const latencies: number[] = [];
  let answers = 0;
  let unanswered = 0;
  for (const [channel, at] of sent) {
    const done = server.posted.get(channel);
    server.posted.delete(channel);
    if (done === undefined) {
      unanswered++;
      continue;
    }
    latencies.push(done - at);
    if (done <= ended) answers++;
  }
  return {
    seconds: (ended - started) / 1000,
    requests: sent.size,
    answers,
    latencies,
    unanswered,
    errors: result.errors + result.timeouts + result.non2xx,
    serverCpuMs: cpuMs,
    loopMs,
    coreMs,
    asks,
    driverCpuMs: (driverCpu.user + driverCpu.system) / 1000,
    ackLatencies: { p50: result.latency.p50, p99: result.latency.p99 },
  };
}

async function stopServer(server: Server): Promise<number> {
  try {
    server.child.send('stop');
    const { peakRssMB } = await server.child.next<{ peakRssMB: number }>(20_000);
    await server.child.exited();
    return round(peakRssMB, 0);
  } finally {
    server.child.kill();
    await server.fake.close();
  }
}

export async function benchSlack(load: SlackLoad): Promise<SlackResult> {
  const servers: Partial<Record<Mode, Server>> = {};
  const modes: Mode[] = load.diagnostics ? ['adapter', 'bare', 'bareBlocks', 'adapterFixed'] : ['adapter', 'bare'];
  try {
    // Started together (each is a Node process booting tsx), loaded one at a time.
    await Promise.all(modes.map(async (mode) => (servers[mode] = await startServer(mode, load))));
    const started = servers as Record<Mode, Server>;
    if (load.warmupSeconds > 0) for (const mode of modes) await drive(started[mode], load, load.warmupSeconds);
    const rounds = await interleave(
      Object.fromEntries(modes.map((mode) => [mode, (s: number) => drive(started[mode], load, s)])) as Record<Mode, (s: number) => Promise<RoundStats>>,
      load.rounds,
      load.seconds,
    );
    const sample = String(started.adapter.fake.calls.filter((c) => c.method === 'chat.postMessage').at(-1)?.params.text ?? '');
    const a = summarise(rounds.adapter);
    const b = summarise(rounds.bare);
    const rss: Partial<Record<Mode, number>> = {};
    for (const mode of modes) rss[mode] = await stopServer(started[mode]);
    for (const mode of modes) delete servers[mode];
    return {
      knowledge: load.knowledge,
      connections: load.connections,
      adapter: a,
      bare: b,
      ...(load.diagnostics && {
        bareBlocks: summarise(rounds.bareBlocks),
        adapterFixed: summarise(rounds.adapterFixed),
        ratioToBlocks: pairedRatio(rounds.adapter, rounds.bareBlocks),
        fixedRatio: pairedRatio(rounds.adapterFixed, rounds.bare),
      }),
      ratio: pairedRatio(rounds.adapter, rounds.bare),
      cpuRatio: round(b.serverCpuMsPerAnswer / a.serverCpuMsPerAnswer, 2),
      serverPeakRssMB: rss,
      sampleAnswer: sample.slice(0, 200),
    };
  } finally {
    for (const s of Object.values(servers)) {
      s.child.kill();
      await s.fake.close();
    }
  }
}
