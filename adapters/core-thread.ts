/**
 * The core on a worker thread of its own. The chat adapters' event loop then only receives questions and sends
 * answers: working one out (0.1-0.3 ms, more for a company read from disk on first use) runs alongside on the other
 * core instead of in between, so acknowledgements stay prompt under load and a core stuck on one question is
 * restarted instead of freezing every conversation. The knowledge is loaded in that thread only.
 *
 * Questions go over in order and come back in order; each must be answered within `askTimeoutMs` (checked every
 * second or so), or the thread is taken to be stuck: it is stopped (the questions waiting on it get apologies) and
 * started again. A thread that stops on its own is started again too, at most once every `restartDelayMs`.
 */
import { Worker } from 'node:worker_threads';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { KnowledgeError, type ChatAnswer, type Context, type Suggestion } from '../src/index.js';
import type { Answerer } from './answering.js';
import type { Logger } from './log.js';

export interface CoreThreadOptions {
  knowledgeDir: string;
  cacheDir?: string;
  log: Logger;
  /** A question unanswered for this long means the core is stuck. Default 10 s. */
  askTimeoutMs?: number;
  /** After the thread stopped on its own, wait at least this long since its last start before starting another. Default 5 s. */
  restartDelayMs?: number;
  /** The worker's entry file: another one only in tests that need a core which hangs or crashes. */
  entry?: URL;
}

/** What the worker is started with. */
export interface CoreThreadData {
  knowledgeDir: string;
  cacheDir?: string;
}

/** A question for the worker. They go over in batches: an array is one message. */
export type ToCore = { id: number; ask: string; context: Context } | { id: number; suggest: string; limit?: number };

/** What the worker answers to a question; a batch of them is one message. */
export type Reply =
  | { id: number; answer: ChatAnswer }
  | { id: number; suggestions: Suggestion[] }
  | { id: number; error: { name: string; message: string; stack?: string } };

/** Messages from the worker: a batch of replies, or whether the knowledge loaded. */
export type FromCore = Reply[] | { ready: { companies: number } } | { failed: { message: string; knowledge: boolean } };

interface Waiting {
  resolve(value: never): void;
  reject(error: Error): void;
  askedAt: number;
}

// Plain JavaScript: worker threads do not inherit tsx's module hooks on Node 20, so this entry registers them first.
const ENTRY = new URL('./core-thread-entry.mjs', import.meta.url);

/** The core thread, loaded: see startCoreThread. */
export class CoreThread implements Answerer {
  private worker!: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private startedAt = 0;
  private closing = false;
  private down = false; // the thread stopped and the next has not been started: questions wait in `held`
  private held: ToCore[] = [];
  // Questions asked in this turn of the event loop, sent together once it ends: one message, and one wake-up of the
  // worker, for all of them. Each message across threads cost the event loop ~0.1 ms under load.
  private outbox: ToCore[] = [];
  private readonly flush = () => {
    this.flushing = undefined;
    const batch = this.outbox;
    this.outbox = [];
    if (this.down) this.held.push(...batch);
    else this.worker.postMessage(batch);
  };
  private flushing: NodeJS.Immediate | undefined;
  // One timer for every question: the oldest waiting (the first in `waiting`) is checked now and then.
  private watchdog: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly askTimeoutMs: number;
  private readonly restartDelayMs: number;

  /** Use startCoreThread, which resolves once the knowledge is loaded. */
  constructor(private readonly options: CoreThreadOptions) {
    this.askTimeoutMs = options.askTimeoutMs ?? 10_000;
    this.restartDelayMs = options.restartDelayMs ?? 5_000;
  }

  /** Starts a worker; resolves with the number of companies once its knowledge is loaded, or rejects with why not. */
  spawn(): Promise<number> {
    const data: CoreThreadData = { knowledgeDir: this.options.knowledgeDir, cacheDir: this.options.cacheDir };
    const worker = new Worker(this.options.entry ?? ENTRY, { workerData: data, stdout: false, stderr: false });
    this.worker = worker;
    this.startedAt = Date.now();
    this.down = false;
    // Node keeps what is posted until the worker listens, after loading the knowledge.
    if (this.held.length) worker.postMessage(this.held.splice(0));
    return new Promise((resolve, reject) => {
      let loaded = false;
      worker.on('message', (m: FromCore) => {
        if (Array.isArray(m)) return m.forEach((reply) => this.settle(reply));
        if ('ready' in m) {
          loaded = true;
          resolve(m.ready.companies);
        } else {
          reject(m.failed.knowledge ? new KnowledgeError(m.failed.message) : new Error(m.failed.message));
        }
      });
      // An uncaught exception in the worker: its message is logged; 'exit' follows.
      worker.on('error', (error) => this.options.log.error({ error: error.message, name: error.name }, 'the core thread failed'));
      worker.on('exit', (code) => {
        if (!loaded) reject(new Error(`the core thread stopped while loading the knowledge (exit code ${code})`));
        this.exited(worker, code);
      });
    });
  }

  ask(text: string, context: Context): Promise<ChatAnswer> {
    return this.send((id) => ({ id, ask: text, context }));
  }

  suggest(partial: string, limit?: number): Promise<Suggestion[]> {
    return this.send((id) => ({ id, suggest: partial, limit }));
  }

  /** Questions sent and not yet answered. */
  get pending(): number {
    return this.waiting.size;
  }

  /** How busy the thread has been (its event loop's utilisation): for benchmarks and monitoring. */
  utilization(): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization();
  }

  /** Stops the thread; questions still waiting are rejected. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    clearImmediate(this.flushing);
    clearInterval(this.watchdog);
    await this.worker.terminate();
    this.held = [];
    this.outbox = [];
    this.fail(new Error('the core thread was stopped'));
  }

  private send<T>(message: (id: number) => ToCore): Promise<T> {
    if (this.closing) return Promise.reject(new Error('the core thread was stopped'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: never) => void, reject, askedAt: Date.now() });
      this.outbox.push(message(id));
      this.flushing ??= setImmediate(this.flush);
      this.watchdog ??= setInterval(() => this.check(), Math.min(1000, this.askTimeoutMs / 2)).unref();
    });
  }

  private settle(m: Reply): void {
    const w = this.waiting.get(m.id);
    if (!w) return; // already given up on
    this.waiting.delete(m.id);
    if ('error' in m) w.reject(Object.assign(new Error(m.error.message), { name: m.error.name, stack: m.error.stack }));
    else w.resolve(('answer' in m ? m.answer : m.suggestions) as never);
  }

  /** The watchdog: a question waiting longer than askTimeoutMs means the thread is stuck. */
  private check(): void {
    const overdue: number[] = [];
    const since = Date.now() - this.askTimeoutMs;
    for (const [id, w] of this.waiting) {
      if (w.askedAt > since) break; // in the order asked
      overdue.push(id);
    }
    if (this.waiting.size === 0) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
    if (!overdue.length) return;
    const error = new Error(`the core did not answer within ${this.askTimeoutMs} ms`);
    if (this.down) {
      // Held while no thread runs, and none came back in time: only those give up.
      const late = new Set(overdue);
      this.held = this.held.filter((m) => !late.has(m.id));
      return this.fail(error, (id) => late.has(id));
    }
    this.options.log.error({ timeoutMs: this.askTimeoutMs, waiting: this.waiting.size }, 'the core did not answer in time: restarting its thread');
    this.fail(error);
    this.down = true; // from now on questions wait for the next thread
    void this.worker.terminate(); // its 'exit' starts the next
  }

  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker || this.closing) return;
    this.down = true;
    this.fail(new Error(`the core thread stopped (exit code ${code})`));
    const wait = Math.max(0, this.startedAt + this.restartDelayMs - Date.now());
    this.options.log.warn({ exitCode: code, restartInMs: wait }, 'the core thread stopped: starting another');
    this.restartTimer = setTimeout(() => {
      this.spawn().then(
        (companies) => this.options.log.info({ companies }, 'the core thread is back'),
        (error: Error) => this.options.log.error({ error: error.message }, 'the core thread could not start again'),
      );
    }, wait);
  }

  /** Rejects the questions sent to the thread (those not sent yet stay, for the next one), or those `which` picks. */
  private fail(error: Error, which?: (id: number) => boolean): void {
    const held = new Set([...this.held, ...this.outbox].map((m) => m.id));
    for (const [id, w] of this.waiting) {
      if (which ? !which(id) : held.has(id)) continue;
      this.waiting.delete(id);
      w.reject(error);
    }
  }
}

/**
 * Starts the core thread and loads the knowledge in it. Rejects with a KnowledgeError (naming file and field) when the
 * knowledge cannot be loaded, as loadKnowledge does, and stops the thread.
 */
export async function startCoreThread(options: CoreThreadOptions): Promise<CoreThread> {
  const thread = new CoreThread(options);
  try {
    await thread.spawn();
  } catch (error) {
    await thread.close();
    throw error;
  }
  return thread;
}
