import type { Decimal } from 'decimal.js';
import type { Unit } from '../answer/types.js';
import type { Expr } from '../compute/formula.js';
import type { UnitKind } from './schema.js';

export type { UnitKind };
export type Measure = 'value' | 'change_pct' | 'change_pp';

/** A metric of the catalogue: reported, or derived from others by a formula. */
export interface MetricDef {
  id: string;
  label: string;
  names: { en: string; zh: string };
  unit: UnitKind;
  kind: 'flow' | 'balance';
  aliases: string[];
  formula?: { expr: Expr; text: string; explain: string };
}

/** Something people ask about that these announcements do not state. */
export interface ConceptDef {
  id: string;
  label: string;
  /** Narrows the metric named with it ("revenue by segment" is not total revenue): the figure must not be given. */
  qualifies?: boolean;
  aliases: string[];
}

/** A question about the announcement itself (who signed it, is it audited, why did profit fall). */
export interface TopicDef {
  id: string;
  label: string;
  answer: { field: string } | { people: string } | { statements: string };
  aliases: string[];
}

export interface Source {
  where: string;
  quote: string;
  multiplier?: string; // the quote is in this many yuan or shares (a 万元 table: "10000")
}

export interface Statement {
  subject: string;
  text: string;
  source: Source;
}

export interface DocumentInfo {
  id: string;
  company: string;
  title: string;
  shortTitle: string;
  type: string;
  period: string;
  date: string;
  place?: string;
  audited: boolean;
  auditNote?: string;
  language: 'en' | 'zh';
  file: string;
  people: { name: string; roles: string[] }[];
  statements: Statement[];
}

/** One reported number: a value, or a change the document states, with where it came from. */
export interface Fact {
  company: string;
  metric: string;
  measure: Measure;
  period: string;
  value: Decimal;
  unit: Unit;
  approximate: boolean;
  source: Source;
  document: DocumentInfo;
}

export interface Company {
  folder: string; // its folder under companies/, where sources/ holds the announcement texts
  code: string;
  codes: string[];
  listings?: { exchange: string; code: string }[];
  name: { en: string; zh: string };
  shortName: string;
  aliases: string[];
  terms: string[]; // words about its business (products, places) that are never a company name
  people: string[]; // everyone named in its documents, known without reading them (see knowledge-cache.ts)
  documents: DocumentInfo[]; // newest first; may be read from disk the first time it is asked for
}

/** Every reported figure, by factKey. A company's figures may be read from disk the first time one is asked for. */
export interface Facts extends ReadonlyMap<string, Fact> {
  /** The periods with a value of this metric for this company, newest first. */
  periodsOf(company: string, metric: string): readonly string[];
}

export interface Knowledge {
  dir: string;
  metrics: Map<string, MetricDef>;
  concepts: ConceptDef[];
  topics: TopicDef[];
  filler: string[]; // phrases that name nothing ("gains and losses"), so they are neither matched nor taken for names
  companies: Company[];
  companyByCode: Map<string, Company>;
  facts: Facts; // a FactTable: facts are stored as rows and made when read
}

export const factKey = (company: string, metric: string, measure: Measure, period: string): string =>
  `${company}|${metric}|${measure}|${period}`;

const UNITS: Record<UnitKind, Unit> = { money: 'RMB', money_per_share: 'RMB/share', money_per_tonne: 'RMB/tonne', percent: '%', shares: 'shares', tonnes: 'tonnes', ratio: 'x' };

/** The unit a stored value of this kind carries. */
export const unitOf = (kind: UnitKind): Unit => UNITS[kind];
