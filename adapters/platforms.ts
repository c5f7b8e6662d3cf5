import type { Platform } from './platform.js';

/** Every chat platform `npm start` knows; each starts when its environment variables are set. */
export const platforms: Platform[] = [];
