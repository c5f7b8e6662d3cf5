import type { Answer } from './answer/types.js';
import type { Context } from './conversation/context.js';

/** One autocomplete suggestion: what to show, and the question text it stands for. */
export interface Suggestion {
  name: string; // "Total revenue · JL MAG (06680) · FY2023"
  value: string; // "JL MAG total revenue FY2023"
}

/** The one entry point adapters use. Pure and synchronous: question in, answer out. */
export interface Bot {
  /** Answer a question, given what the conversation established so far (store `answer.context` for the next turn). */
  ask(text: string, context?: Context): Answer;
  /** Autocomplete for a partially typed question (metric names with company and period hints). */
  suggest(partial: string, limit?: number): Suggestion[];
}
