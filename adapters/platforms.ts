import type { Answerer } from './answering.js';
import { discordConfigured } from './discord/config.js';
import type { Logger } from './log.js';
import type { Platform } from './platform.js';
import { slackConfigured } from './slack/config.js';

// Each platform's library (Bolt, discord.js) loads only when it starts: deciding what to start, and reporting a
// configuration or knowledge mistake, does not wait for them.
const lazy = (name: string, configured: Platform['configured'], load: () => Promise<Platform>): Platform => ({
  name,
  configured,
  start: async (core: Answerer, env: NodeJS.ProcessEnv, log: Logger) => (await load()).start(core, env, log),
});

/** Every chat platform `npm start` knows; each starts when its environment variables are set. */
export const platforms: Platform[] = [
  lazy('discord', discordConfigured, async () => (await import('./discord/index.js')).discord),
  lazy('slack', slackConfigured, async () => (await import('./slack/index.js')).slack),
];
