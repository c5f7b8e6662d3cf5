// The small shared pieces behind reliability: token buckets, the pino logger and its redaction, in-flight counting,
// request ids and the safe ask.
import { describe, expect, it } from 'vitest';
import { APOLOGY, askSafely } from '../adapters/answering.js';
import { InFlight, newRequestId, readShutdownGrace } from '../adapters/lifecycle.js';
import { createLogger, readLevel, redact, REDACTED, secretsIn } from '../adapters/log.js';
import { ConfigError } from '../adapters/platform.js';
import { SeenSet } from '../adapters/slack/app.js';
import { DEFAULT_LIMITS, FairUse, limitNotice, readRateLimits, TokenBuckets } from '../adapters/rate-limit.js';
import { emptyContext, type Bot } from '../src/index.js';

const capture = (level: Parameters<typeof createLogger>[0] = 'debug', secrets: string[] = []) => {
  const lines: string[] = [];
  const log = createLogger(level, (line) => lines.push(line), {}, { secrets });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
};

describe('token buckets and fair use', () => {
  it('lets a burst through, then refills at the configured rate', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 3, perMinute: 6 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(buckets.has('u')).toBe(true);
      buckets.take('u');
    }
    expect(buckets.has('u')).toBe(false);
    expect(buckets.waitSeconds('u')).toBe(10); // 6 a minute: one every 10 s
    now += 9_999;
    expect(buckets.has('u')).toBe(false);
    now += 1;
    expect(buckets.has('u')).toBe(true);
    now += 10 * 60_000; // a long pause refills to the burst, not beyond
    for (let i = 0; i < 3; i++) buckets.take('u');
    expect(buckets.has('u')).toBe(false);
  });

  it('is off when the rate is 0', () => {
    const buckets = new TokenBuckets({ burst: 1, perMinute: 0 });
    for (let i = 0; i < 100; i++) buckets.take('u');
    expect(buckets.has('u')).toBe(true);
    expect(buckets.size).toBe(0);
  });

  it('tells a limited user once per bite, and again only after a question got through', () => {
    let now = 0;
    const fair = new FairUse({ user: { burst: 2, perMinute: 60 }, channel: { burst: 100, perMinute: 600 } }, () => now);
    expect(fair.check('u1', 'c').allowed).toBe(true);
    expect(fair.check('u1', 'c').allowed).toBe(true);
    expect(fair.check('u1', 'c')).toEqual({ allowed: false, scope: 'user', notify: true, retryInSeconds: 1 });
    expect(fair.check('u1', 'c')).toMatchObject({ allowed: false, notify: false });
    expect(fair.check('u2', 'c').allowed).toBe(true); // someone else is not affected
    now += 1000;
    expect(fair.check('u1', 'c').allowed).toBe(true);
    expect(fair.check('u1', 'c')).toMatchObject({ allowed: false, notify: true });
  });

  it('limits a channel across its users, without spending the users\' tokens on a refusal', () => {
    const fair = new FairUse({ user: { burst: 10, perMinute: 60 }, channel: { burst: 3, perMinute: 3 } }, () => 0);
    const verdicts = ['a', 'b', 'c', 'd', 'e'].map((u) => fair.check(u, 'busy'));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false, false]);
    expect(verdicts[3]).toMatchObject({ scope: 'channel', notify: true, retryInSeconds: 20 });
    expect(verdicts[4]).toMatchObject({ scope: 'channel', notify: false });
    expect(fair.check('d', 'quiet').allowed).toBe(true);
  });

  it('stays bounded in memory: idle buckets are forgotten first', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 2, perMinute: 60 }, () => now, 1000);
    for (let i = 0; i < 5000; i++) {
      buckets.take(`u${i}`);
      now += 10;
    }
    expect(buckets.size).toBeLessThanOrEqual(1000);
  });

  it('says politely what happened and when to ask again', () => {
    expect(limitNotice({ allowed: false, scope: 'user', notify: true, retryInSeconds: 12 })).toMatch(/faster than I can keep up.*ask again in 12 seconds/);
    expect(limitNotice({ allowed: false, scope: 'channel', notify: true, retryInSeconds: 1 })).toMatch(/ask again in a second/);
  });

  it('reads its limits from the environment, and says which variable is wrong', () => {
    expect(readRateLimits({})).toEqual(DEFAULT_LIMITS);
    expect(readRateLimits({ RATE_LIMIT_USER_BURST: '2', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_CHANNEL_PER_MINUTE: '30.5' })).toEqual({
      user: { burst: 2, perMinute: 0 },
      channel: { burst: DEFAULT_LIMITS.channel.burst, perMinute: 30.5 },
    });
    expect(() => readRateLimits({ RATE_LIMIT_USER_BURST: '0', RATE_LIMIT_CHANNEL_PER_MINUTE: 'lots' })).toThrow(ConfigError);
    expect(() => readRateLimits({ RATE_LIMIT_USER_BURST: '0' })).toThrow(/RATE_LIMIT_USER_BURST must be a number of at least 1, not "0"/);
  });
});

describe('logging', () => {
  it('writes one JSON object a line with the level name, an ISO time, bound fields and the message', () => {
    const { log, parsed } = capture('info');
    log.child({ platform: 'slack' }).child({ reqId: 'r1' }).info({ status: 'answered' }, 'answered');
    const [line] = parsed();
    expect(line).toMatchObject({ level: 'info', platform: 'slack', reqId: 'r1', status: 'answered', msg: 'answered' });
    expect(new Date(String(line!.time)).toISOString()).toBe(line!.time);
    expect(line).not.toHaveProperty('pid');
  });

  it('filters by LOG_LEVEL, and rejects a level it does not know', () => {
    for (const [level, shown] of [['debug', 4], ['info', 3], ['warn', 2], ['error', 1], ['silent', 0]] as const) {
      const { log, lines } = capture(level);
      log.debug({}, 'd');
      log.info({}, 'i');
      log.warn({}, 'w');
      log.error({}, 'e');
      expect(lines, level).toHaveLength(shown);
    }
    expect(readLevel(undefined)).toBe('info');
    expect(readLevel(' DEBUG ')).toBe('debug');
    expect(() => readLevel('verbose')).toThrow(/LOG_LEVEL must be one of debug, info, warn, error, silent, not "verbose"/);
  });

  it('never writes a secret it was given, nor anything shaped like a token', () => {
    const signing = '8f14e45fceea167a5a36dedd4bea2543';
    const { log, lines } = capture('debug', [signing, 'xoxb-given-token']);
    log.error({ error: `bad signature with ${signing}`, nested: { secret: signing } }, `cannot verify ${signing}`);
    log.info({ url: 'https://discord.com/api/v10/interactions/123456789012345678/aW50ZXJhY3Rpb246MTIz/callback' }, 'route');
    log.info({ url: 'https://hooks.slack.com/commands/T0/123/abcDEF' }, 'respond');
    log.warn({ header: 'Bearer xoxb-1234-5678-abcdefgh', app: 'xapp-1-A0-123-abc' }, 'token MTIzNDU2Nzg5MDEyMzQ1Njc4.GfAkE1.fake-token-signature-0123456789abcdef');
    const all = lines.join('');
    for (const secret of [signing, 'xoxb-', 'xapp-', 'aW50ZXJhY3Rpb246MTIz', 'abcDEF', 'GfAkE1']) expect(all).not.toContain(secret);
    expect(all).toContain(REDACTED);
    expect(lines.every((l) => JSON.parse(l))).toBe(true); // still valid JSON
    expect(redact('POST /interactions/1/tok/callback and nothing else')).toBe(`POST /interactions/1/${REDACTED}/callback and nothing else`);
  });

  it('finds the secrets in an environment by their names', () => {
    expect(secretsIn({ SLACK_BOT_TOKEN: 'xoxb-123456', SLACK_SIGNING_SECRET: 'abcdef123', DISCORD_TOKEN: ' t.o.k.e.n.s ', PORT: '3000', LOG_LEVEL: 'debug', SHORT_TOKEN: 'abc' }).sort()).toEqual(
      ['abcdef123', 't.o.k.e.n.s', 'xoxb-123456'].sort(),
    );
  });
});

describe('in flight', () => {
  it('counts work until it settles, and waits for it within a bound', async () => {
    const inflight = new InFlight();
    expect(await inflight.idle(10)).toBe(true);
    let finish!: () => void;
    const work = inflight.run(() => new Promise<void>((resolve) => (finish = resolve)));
    const failing = inflight.run(async () => {
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(inflight.size).toBe(1);
    expect(await inflight.idle(20)).toBe(false);
    const waiting = inflight.idle(5000);
    finish();
    await work;
    expect(await waiting).toBe(true);
    const end = inflight.begin();
    end();
    end(); // twice is once
    expect(inflight.size).toBe(0);
  });

  it('reads SHUTDOWN_GRACE_MS', () => {
    expect(readShutdownGrace({})).toBe(10_000);
    expect(readShutdownGrace({ SHUTDOWN_GRACE_MS: '2500' })).toBe(2500);
    expect(() => readShutdownGrace({ SHUTDOWN_GRACE_MS: '2s' })).toThrow(/SHUTDOWN_GRACE_MS must be a whole number/);
  });

  it('gives every question its own request id', () => {
    const ids = new Set(Array.from({ length: 10_000 }, newRequestId));
    expect(ids.size).toBe(10_000);
    expect([...ids][0]).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
  });
});

describe('Slack re-delivery memory', () => {
  it('remembers an event for ten minutes, bounded in number, forgetting the oldest first', () => {
    let now = 0;
    const seen = new SeenSet(1000, 10 * 60_000, () => now);
    expect(seen.add('Ev1')).toBe(true);
    now += 5 * 60_000; // Slack's last retry comes about five minutes later
    expect(seen.add('Ev1')).toBe(false);
    for (let i = 0; i < 2000; i++) seen.add(`burst${i}`);
    expect(seen.size).toBe(1000);
    expect(seen.add('burst1999')).toBe(false);
    expect(seen.add('Ev1')).toBe(true); // pushed out by the burst
    now += 11 * 60_000;
    expect(seen.add('burst1999')).toBe(true);
    expect(seen.size).toBe(1);
  });
});

describe('asking safely', () => {
  const broken: Bot = {
    ask: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    },
    suggest: () => [],
  };

  it('turns a failing core into an apology, logging the error without its stack except at debug', () => {
    const { log, parsed } = capture('info');
    const context = emptyContext();
    const answer = askSafely(broken, 'revenue', context, log);
    expect(answer).toMatchObject({ status: 'not_found', headline: APOLOGY, figures: [], cards: [] });
    expect(answer.context).toBe(context);
    expect(JSON.stringify(answer)).not.toMatch(/\bat \S+ \(|TypeError/);
    const lines = parsed();
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'the bot failed to answer', name: 'TypeError' })]);
    expect(JSON.stringify(lines)).not.toContain('revenue'); // the question is not logged at info
  });

  it('logs the question only at debug', () => {
    const { log, parsed } = capture('debug');
    askSafely(broken, 'confidential question', emptyContext(), log);
    expect(parsed().find((l) => l.msg === 'question')).toMatchObject({ level: 'debug', question: 'confidential question' });
    expect(parsed().find((l) => l.stack)).toMatchObject({ level: 'debug' });
  });
});
