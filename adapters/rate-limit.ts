/**
 * Fair use: a token bucket per user and per channel, shared by the chat adapters. A question takes one token from
 * the asker's bucket and one from the channel's; buckets refill steadily up to their burst size. When a bucket is
 * empty the question is not answered, and the asker is told so once ("notify"), not every time: the next refusals
 * are silent until a token is back. So one person, or one busy channel, cannot starve the rest of a workspace.
 */
import { ConfigError } from './platform.js';

export interface BucketLimit {
  burst: number; // questions that may come at once
  perMinute: number; // refill rate; 0 turns this limit off
}

export interface RateLimits {
  user: BucketLimit;
  channel: BucketLimit;
}

/** Defaults: a person may ask 5 at once and 20 a minute; a channel (or DM) 20 at once and 60 a minute. */
export const DEFAULT_LIMITS: RateLimits = {
  user: { burst: 5, perMinute: 20 },
  channel: { burst: 20, perMinute: 60 },
};

export const NO_LIMITS: RateLimits = { user: { burst: 1, perMinute: 0 }, channel: { burst: 1, perMinute: 0 } };

const VARIABLES = {
  user: { burst: 'RATE_LIMIT_USER_BURST', perMinute: 'RATE_LIMIT_USER_PER_MINUTE' },
  channel: { burst: 'RATE_LIMIT_CHANNEL_BURST', perMinute: 'RATE_LIMIT_CHANNEL_PER_MINUTE' },
} as const;

/** Reads RATE_LIMIT_{USER,CHANNEL}_{BURST,PER_MINUTE}; a PER_MINUTE of 0 turns that limit off. */
export function readRateLimits(env: NodeJS.ProcessEnv): RateLimits {
  const problems: string[] = [];
  const read = (name: string, fallback: number, min: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) < min) {
      problems.push(`${name} must be a number of at least ${min}, not "${raw}".`);
      return fallback;
    }
    return Number(raw);
  };
  const limits: RateLimits = {
    user: {
      burst: read(VARIABLES.user.burst, DEFAULT_LIMITS.user.burst, 1),
      perMinute: read(VARIABLES.user.perMinute, DEFAULT_LIMITS.user.perMinute, 0),
    },
    channel: {
      burst: read(VARIABLES.channel.burst, DEFAULT_LIMITS.channel.burst, 1),
      perMinute: read(VARIABLES.channel.perMinute, DEFAULT_LIMITS.channel.perMinute, 0),
    },
  };
  if (problems.length > 0) throw new ConfigError(`Rate limits are not configured correctly:\n- ${problems.join('\n- ')}`);
  return limits;
}

interface Bucket {
  tokens: number;
  at: number; // when tokens was last brought up to date
  told: boolean; // the asker was told about this bite already
}

/** Token buckets keyed by name, bounded in number: full (idle) buckets are forgotten first, then the oldest. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: BucketLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  get enabled(): boolean {
    return this.limit.perMinute > 0;
  }

  /** Seconds until `key` has a token again (0 if it has one now). */
  waitSeconds(key: string): number {
    const bucket = this.refresh(key);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil(((1 - bucket.tokens) * 60) / this.limit.perMinute);
  }

  /** Whether `key` has a token, without taking it. */
  has(key: string): boolean {
    const bucket = this.refresh(key);
    return !bucket || bucket.tokens >= 1;
  }

  /** Takes a token. Call only after has(key). */
  take(key: string): void {
    if (!this.enabled) return;
    const bucket = this.refresh(key) ?? this.create(key);
    bucket.tokens -= 1;
    bucket.told = false;
  }

  /** True the first time it is called for the current bite of `key`: tell the asker once. */
  firstRefusal(key: string): boolean {
    const bucket = this.refresh(key) ?? this.create(key);
    if (bucket.told) return false;
    bucket.told = true;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refresh(key: string): Bucket | undefined {
    if (!this.enabled) return undefined;
    const bucket = this.buckets.get(key);
    if (!bucket) return undefined;
    const t = this.now();
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((t - bucket.at) / 60_000) * this.limit.perMinute);
    bucket.at = t;
    // Most recently used last, so the oldest are forgotten first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    return bucket;
  }

  private create(key: string): Bucket {
    if (this.buckets.size >= this.maxKeys) this.prune();
    const bucket = { tokens: this.limit.burst, at: this.now(), told: false };
    this.buckets.set(key, bucket);
    return bucket;
  }

  private prune(): void {
    const t = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 60_000) * this.limit.perMinute >= this.limit.burst) this.buckets.delete(key);
    }
    // Still full: forget the least recently used tenth (a forgotten bucket starts full again: generous, never stuck).
    let extra = this.buckets.size - Math.floor(this.maxKeys * 0.9);
    for (const key of this.buckets.keys()) {
      if (extra-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

export type Verdict =
  | { allowed: true }
  | { allowed: false; scope: 'user' | 'channel'; notify: boolean; retryInSeconds: number };

/** The per-user and per-channel limits together. Keys are the platform's ids, prefixed by the caller. */
export class FairUse {
  private readonly users: TokenBuckets;
  private readonly channels: TokenBuckets;

  constructor(limits: RateLimits = DEFAULT_LIMITS, now: () => number = Date.now) {
    this.users = new TokenBuckets(limits.user, now);
    this.channels = new TokenBuckets(limits.channel, now);
  }

  /** Takes a token from both buckets if both have one; otherwise says which bit, and whether to say so. */
  check(user: string, channel: string): Verdict {
    const which: ['user' | 'channel', TokenBuckets, string] | undefined = !this.users.has(user)
      ? ['user', this.users, user]
      : !this.channels.has(channel)
        ? ['channel', this.channels, channel]
        : undefined;
    if (!which) {
      this.users.take(user);
      this.channels.take(channel);
      return { allowed: true };
    }
    const [scope, buckets, key] = which;
    return { allowed: false, scope, notify: buckets.firstRefusal(key), retryInSeconds: Math.max(1, buckets.waitSeconds(key)) };
  }
}

/** What the bot says, once, when a limit bites. */
export function limitNotice(verdict: Extract<Verdict, { allowed: false }>): string {
  const wait = verdict.retryInSeconds === 1 ? 'a second' : `${verdict.retryInSeconds} seconds`;
  return verdict.scope === 'user'
    ? `You're asking faster than I can keep up with, so I'm pausing your questions: ask again in ${wait}. (I won't repeat this notice.)`
    : `This conversation is asking more than I can answer fairly for everyone, so I'm pausing here: ask again in ${wait}. (I won't repeat this notice.)`;
}
