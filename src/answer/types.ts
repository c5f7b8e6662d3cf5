import type { Decimal } from 'decimal.js';
import type { Context } from '../conversation/context.js';

/** How a question ended: a figure or text was found, more is needed, nothing matched, or the source is silent. */
export type Status = 'answered' | 'clarify' | 'not_found' | 'not_disclosed';

/** Units of stored and computed values. Money is always in yuan (base units), never thousands or millions. */
export type Unit = 'RMB' | 'RMB/share' | 'RMB/tonne' | '%' | 'pp' | 'shares' | 'tonnes' | 'x';

/** Where a figure or statement came from. */
export interface SourceRef {
  company: string; // stock code
  document: string; // document id
  title: string; // "Preliminary annual results 2023"
  date: string; // ISO date of the announcement
  audited: boolean;
  file: string; // source file name
  location?: string; // "Table I, row 'Total revenue', column 'During the Reporting Period'"
}

/** One number in an answer, reported or computed. Values stay Decimal until rendering. */
export interface Figure {
  company: string; // stock code, e.g. "06680"
  companyName: string; // short display name, e.g. "JL MAG"
  metric: string; // "total_revenue", or a change: "total_revenue.change_pct" / ".change_abs" / ".change_pp"
  label: string; // "total revenue", "change in total revenue"
  period: string; // "FY2023", "H1-2023", "Q1-2023", or a balance date "2023-12-31"
  periodLabel: string; // "FY2023", "31 Dec 2023"
  value: Decimal;
  unit: Unit;
  derived: boolean; // computed by the bot rather than read from the document
  approximate?: boolean; // the document itself says "approximately"
  working?: string; // how a derived figure was computed, in words and numbers
  source?: SourceRef;
}

/** A labelled value for chat cards (Slack fields, Discord embed fields). */
export interface CardField {
  name: string; // "FY2023", "FY2022", "Change"
  value: string; // already formatted: "RMB 6,687.86 million"
}

/** One metric's answer laid out for cards: a title and its fields (current value, prior value, change). */
export interface Card {
  title: string; // "JL MAG (06680) · total revenue"
  fields: CardField[];
}

/** The platform-neutral answer every adapter renders. */
export interface Answer {
  status: Status;
  headline: string; // one sentence, plain text, never containing a mention
  figures: Figure[]; // every number answered; empty unless status is 'answered'
  cards: Card[]; // the same figures grouped per metric for rich rendering
  details: string[]; // further lines: how it was computed, reasons, lists
  sources: SourceRef[]; // documents the answer relied on
  suggestions: string[]; // what to ask instead or next
  context: Context; // the conversation state after this question (store it for follow-ups)
}

/**
 * An answer as chat adapters render it: everything but the figures, whose Decimal values stay with the core (chat
 * renderings show the cards, already formatted). Plain data, so it can cross from a worker thread.
 */
export type ChatAnswer = Omit<Answer, 'figures'>;
