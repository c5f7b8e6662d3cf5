import { z } from 'zod';

// The shapes of the knowledge files. Loading checks every file against these, so a broken file stops the bot
// with the file and the field named, instead of a half-loaded catalogue.

// The patterns are exported for the loader's fast path (load-document.ts), which must never accept more than these.
export const DECIMAL = /^-?\d+(\.\d+)?$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const FLOW_PERIOD = /^(FY\d{4}|Q[1-4]-\d{4}|H[12]-\d{4}|9M-\d{4})$/;
const decimalString = z.string().regex(DECIMAL, 'must be a plain decimal string such as "-6.66" or "6687864421.33"');
const isoDate = z.string().regex(ISO_DATE, 'must be a date written YYYY-MM-DD');
const flowPeriod = z.string().regex(FLOW_PERIOD, 'must be FY2023, Q1-2023, H1-2023 or 9M-2023');
const period = z.union([flowPeriod, isoDate], { error: 'must be a period (FY2023, Q1-2023, H1-2023, 9M-2023) or a balance date (2023-12-31)' });
const aliases = z.array(z.string().min(1)).min(1);
const names = z.object({ en: z.string().min(1), zh: z.string().min(1) });

export const unitKind = z.enum(['money', 'money_per_share', 'money_per_tonne', 'percent', 'shares', 'tonnes', 'ratio']);
export const factUnit = z.enum(['RMB', 'RMB/share', 'RMB/tonne', '%', 'pp', 'shares', 'tonnes', 'x']);

const metricFields = {
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case'),
  label: z.string().min(1),
  names,
  unit: unitKind,
  kind: z.enum(['flow', 'balance']),
  aliases,
};

export const metricsFile = z.object({ metrics: z.array(z.object(metricFields).strict()).min(1) });
export const derivedFile = z.object({
  derived: z.array(z.object({ ...metricFields, formula: z.string().min(1), explain: z.string().min(1) }).strict()),
});
export const undisclosedFile = z.object({
  concepts: z.array(z.object({ id: z.string().min(1), label: z.string().min(1), qualifies: z.boolean().optional(), aliases }).strict()),
});
export const topicsFile = z.object({
  topics: z.array(
    z
      .object({
        id: z.string().min(1),
        label: z.string().min(1),
        answer: z.union([
          z.object({ field: z.string().min(1) }).strict(),
          z.object({ people: z.string().min(1) }).strict(),
          z.object({ statements: z.string().min(1) }).strict(),
        ]),
        aliases,
      })
      .strict(),
  ),
});

export const companyFile = z
  .object({
    code: z.string().regex(/^\d{4,6}$/, 'must be the stock code, 4 to 6 digits'),
    codes: z.array(z.string().regex(/^\d{4,6}$/)).min(1),
    listings: z.array(z.object({ exchange: z.string().min(1), code: z.string().min(1) }).strict()).optional(),
    name: names,
    shortName: z.string().min(1),
    aliases,
    terms: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const fillerFile = z.object({ phrases: z.array(z.string().min(1)) });

// multiplier: the table's unit when the quote is not in yuan or shares ("647,821.85" in a 万元 table: "10000").
const source = z.object({ where: z.string().min(1), quote: z.string().min(1), multiplier: decimalString.optional() }).strict();

export const documentFile = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    shortTitle: z.string().min(1),
    type: z.string().min(1),
    period: flowPeriod,
    date: isoDate,
    place: z.string().optional(),
    audited: z.boolean(),
    auditNote: z.string().optional(),
    language: z.enum(['en', 'zh']),
    file: z.string().min(1),
    people: z.array(z.object({ name: z.string().min(1), roles: z.array(z.string().min(1)) }).strict()).default([]),
    facts: z.array(
      z
        .object({
          metric: z.string().min(1),
          measure: z.enum(['value', 'change_pct', 'change_pp']).default('value'),
          period,
          value: decimalString,
          unit: factUnit,
          approximate: z.boolean().optional(),
          source,
        })
        .strict(),
    ),
    statements: z.array(z.object({ subject: z.string().min(1), text: z.string().min(1), source }).strict()).default([]),
  })
  .strict();

export type MetricsFile = z.infer<typeof metricsFile>;
export type DerivedFile = z.infer<typeof derivedFile>;
export type TopicsFile = z.infer<typeof topicsFile>;
export type CompanyFile = z.infer<typeof companyFile>;
export type DocumentFile = z.infer<typeof documentFile>;
export type UnitKind = z.infer<typeof unitKind>;
export type FactUnit = z.infer<typeof factUnit>;
