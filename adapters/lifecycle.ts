/**
 * What both chat adapters need to stop cleanly, to stay within bounds under overload and to trace a question: a count
 * of the work in flight that shutdown can wait for (bounded), its cap, the grace period from the environment, and a
 * request id per question.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from './log.js';
import { ConfigError } from './platform.js';

/** Work accepted and not finished yet. `idle()` resolves when there is none, or when the wait runs out. */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  get size(): number {
    return this.count;
  }

  /** Counts one piece of work; call the returned function (once) when it is done. */
  begin(): () => void {
    this.count += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  /** Runs `work`, counted until it settles. */
  async run<T>(work: () => Promise<T> | T): Promise<T> {
    const end = this.begin();
    try {
      return await work();
    } finally {
      end();
    }
  }

  /** True when everything finished within `ms`; false when the wait ran out first (`size` says how much is left). */
  idle(ms: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, ms);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(wake);
    });
  }
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** SHUTDOWN_GRACE_MS: how long a stop waits for answers in flight (default 10 s). */
export function readShutdownGrace(env: NodeJS.ProcessEnv): number {
  const raw = env.SHUTDOWN_GRACE_MS?.trim();
  if (!raw) return DEFAULT_SHUTDOWN_GRACE_MS;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`SHUTDOWN_GRACE_MS must be a whole number of milliseconds, not "${raw}".`);
  return Number(raw);
}

export const DEFAULT_MAX_IN_FLIGHT = 1000;

/**
 * MAX_IN_FLIGHT: how many questions a platform may have accepted and not yet answered (default 1,000). Past it, new
 * ones are turned away at once (Slack HTTP: 503, which Slack delivers again later; Discord: a short "busy" reply)
 * rather than queued without bound while Slack or Discord is slow to take the answers.
 */
export function readMaxInFlight(env: NodeJS.ProcessEnv): number {
  const raw = env.MAX_IN_FLIGHT?.trim();
  if (!raw) return DEFAULT_MAX_IN_FLIGHT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new ConfigError(`MAX_IN_FLIGHT must be a whole number of at least 1, not "${raw}".`);
  return Number(raw);
}

/** Logs an overload once when it starts, and once when it ends with how much was turned away. */
export class OverloadLog {
  private turnedAway = 0;
  constructor(private readonly log: Logger, private readonly limit: number) {}
  refused(inFlight: number): void {
    if (this.turnedAway++ === 0) this.log.warn({ inFlight, maxInFlight: this.limit }, 'overloaded: turning new questions away until answers catch up');
  }
  accepted(): void {
    if (this.turnedAway === 0) return;
    this.log.warn({ turnedAway: this.turnedAway }, 'overload over: taking questions again');
    this.turnedAway = 0;
  }
}

// A random prefix per process and a counter: unique across restarts and instances, and cheap under load.
const PREFIX = randomBytes(4).toString('hex');
let sequence = 0;

/** An id for one question, on every log line about it: "<8 hex of this process>-<counter in base 36>". */
export const newRequestId = (): string => `${PREFIX}-${(++sequence).toString(36)}`;
