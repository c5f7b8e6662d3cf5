import type { Platform } from '../platform.js';
import { startSlack } from './app.js';
import { loadSlackConfig, slackConfigured } from './config.js';

/** Slack: Socket Mode when SLACK_APP_TOKEN is set, HTTP on PORT otherwise. See SETUP.md. */
export const slack: Platform = {
  name: 'slack',
  configured: slackConfigured,
  start: async (bot, env, log) => startSlack(bot, loadSlackConfig(env), log), // async: a config error rejects, never throws
};
