import * as results from './results.js';

/** Every slash command: its definition (`data`, registered by register.ts) and its handlers, by name. */
export const commands = [results];
