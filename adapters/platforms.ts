import type { Platform } from './platform.js';
import { discord } from './discord/index.js';
import { slack } from './slack/index.js';

/** Every chat platform `npm start` knows; each starts when its environment variables are set. */
export const platforms: Platform[] = [discord, slack];
