import type { Answerer } from './answering.js';
import type { Logger } from './log.js';

/** A running chat connection that can be stopped cleanly. */
export interface Running {
  /** Stops taking new questions, finishes those in flight (for up to SHUTDOWN_GRACE_MS), then disconnects. */
  stop(): Promise<void>;
}

/**
 * A chat platform the bot can serve. `configured` says whether the environment asks for it; `start` validates the
 * configuration (throwing ConfigError with a clear message) and connects.
 */
export interface Platform {
  name: string;
  configured(env: NodeJS.ProcessEnv): boolean;
  start(core: Answerer, env: NodeJS.ProcessEnv, log: Logger): Promise<Running>;
}

/** A configuration mistake the user can fix; its message is shown as is, without a stack trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
