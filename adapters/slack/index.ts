import { readMaxInFlight, readShutdownGrace } from '../lifecycle.js';
import type { Platform } from '../platform.js';
import { readRateLimits } from '../rate-limit.js';
import { startSlack } from './app.js';
import { loadSlackConfig, slackConfigured } from './config.js';

/** Slack: Socket Mode when SLACK_APP_TOKEN is set, HTTP on PORT otherwise. See SETUP.md. */
export const slack: Platform = {
  name: 'slack',
  configured: slackConfigured,
  // async: a config error rejects, never throws
  start: async (core, env, log) =>
    startSlack(core, loadSlackConfig(env), log, { limits: readRateLimits(env), shutdownGraceMs: readShutdownGrace(env), maxInFlight: readMaxInFlight(env) }),
};
