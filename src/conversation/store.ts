import { emptyContext, type Context } from './context.js';

export interface ContextStoreOptions {
  maxEntries?: number; // conversations kept at most; the least recently used goes first
  ttlMs?: number; // a conversation idle for longer starts afresh
  now?: () => number; // clock, for tests
}

/**
 * Conversation contexts by key (a Slack thread, a Discord channel, a DM), bounded in size and expiring when idle.
 * A Map keeps insertion order, so re-inserting on every access makes the first key the least recently used.
 */
export class ContextStore {
  private readonly entries = new Map<string, { context: Context; touched: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ContextStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  get(key: string): Context {
    const entry = this.entries.get(key);
    if (!entry) return emptyContext();
    if (this.now() - entry.touched > this.ttlMs) {
      this.entries.delete(key);
      return emptyContext();
    }
    return entry.context;
  }

  set(key: string, context: Context): void {
    this.entries.delete(key);
    this.entries.set(key, { context, touched: this.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
