import type { FlowType } from '../periods.js';

/**
 * A period as the question states it, before it is resolved against what a company reported:
 * "2023" {year: 2023, type: 'FY'}, "Q1 2023" {year, type: 'Q', n: 1}, "last year" {rel: 'prior'},
 * "at the beginning of 2023" {year: 2023, type: 'FY', anchor: 'start'}.
 */
export interface PeriodSpec {
  year?: number;
  type?: FlowType;
  n?: number;
  rel?: 'prior' | 'current';
  back?: number; // with rel 'prior': how many years back ("two years ago"); one when absent
  anchor?: 'start' | 'end';
  base?: boolean; // "than in 2022", "from 2022", "compared with 2022": the period compared against
  ytd?: boolean; // "year to date", 年初至报告期末: from the start of the year to the end of the period meant
}

interface Mention {
  at: number;
  year?: number;
  type?: FlowType;
  n?: number;
  rel?: 'prior' | 'current';
  back?: number;
  anchor?: 'start' | 'end';
  base?: boolean;
}

/** Words that make the period after them the comparison base. */
const BASE_BEFORE = /\b(?:than|from|since|compar(?:e|es|ed|ing)\s+(?:\S+\s+){0,4}?(?:with|to|against)|against|relative to|versus|vs\.?)\s+(?:(?:in|at|for|the|of)\s+)*$|(?:比|较|相比)\s*$/;

const ZH_NUM: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const ORDINAL: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: 4, final: 4 };
const YEARS_BACK: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, '2': 2, '3': 3, '4': 4, '5': 5, 两: 2, 三: 3, 四: 4, 五: 5 };
const fullYear = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));

type Rule = [RegExp, (m: RegExpExecArray) => Omit<Mention, 'at'>];

const MONTH: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const MONTH_NAME = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
// Month names alone, spelt out or cut short ("margin" must not read as March).
const FULL_MONTH = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?';
/** A balance-sheet date names the span it closes: 31 Dec is a year end, 30 Jun a half, 31 Mar a quarter, 30 Sep nine months. */
function atDate(year: number, month: number, day?: number): Omit<Mention, 'at'> {
  // 1 January opens the year: its balance is the one at the end of the year before.
  if (month === 1 && day === 1) return { year, type: 'FY', anchor: 'start' };
  if (month === 12) return { year, type: 'FY', anchor: 'end' };
  if (month === 6) return { year, type: 'H', n: 1, anchor: 'end' };
  if (month === 9) return { year, type: '9M', anchor: 'end' };
  return { year, type: 'Q', n: Math.max(1, Math.ceil(month / 3)), anchor: 'end' };
}

// Order matters: longer, more specific phrases first, since each match is blanked before the next rule runs.
const RULES: Rule[] = [
  [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? ${MONTH_NAME},? ((?:19|20)\\d{2})\\b`, 'g'), (m) => atDate(Number(m[3]), MONTH[m[2]!]!, Number(m[1]))],
  [new RegExp(`\\b${MONTH_NAME} (\\d{1,2})(?:st|nd|rd|th)?,? ((?:19|20)\\d{2})\\b`, 'g'), (m) => atDate(Number(m[3]), MONTH[m[1]!]!, Number(m[2]))],
  [/\b((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b|((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日?/g, (m) => atDate(Number(m[1] ?? m[4]), Number(m[2] ?? m[5]), Number(m[3] ?? m[6]))],
  // The middle of a year: its half-year end, 30 June.
  [/\bmid[- ]?(?:year[- ]?)?((?:19|20)\d{2})\b|\bmiddle of ((?:19|20)\d{2})\b|\bmid[- ]?year\b|\bmiddle of the year\b|年中/g, (m) => ({ type: 'H', n: 1, anchor: 'end', ...(m[1] ?? m[2] ? { year: Number(m[1] ?? m[2]) } : {}) })],
  // A month without a day: the month itself ("revenue in December 2023"), or the balance at its end.
  [new RegExp(`\\b${FULL_MONTH},? ((?:19|20)\\d{2})\\b`, 'g'), (m) => ({ year: Number(m[2]), type: 'M', n: MONTH[m[1]!.slice(0, 3)]! })],
  [/((?:19|20)\d{2})年(1[0-2]|0?[1-9])月(?![\d日])/g, (m) => ({ year: Number(m[1]), type: 'M', n: Number(m[2]) })],
  [/\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b/g, (m) => atDate(Number(m[3]), Number(m[1]) > 12 ? Number(m[2]) : Number(m[2]) > 12 ? Number(m[1]) : Number(m[2]))],
  [/前三季度|first three quarters|first nine months|\bnine months\b|\b9 ?months\b|\b9m\b/g, () => ({ type: '9M' })],
  [/\b(20\d{2})\s*q([1-4])\b/g, (m) => ({ year: fullYear(m[1]!), type: 'Q', n: Number(m[2]) })],
  [/\bq([1-4])\s*(?:fy)?\s*'?(\d{4}|\d{2})?\b/g, (m) => ({ type: 'Q', n: Number(m[1]), ...(m[2] ? { year: fullYear(m[2]) } : {}) })],
  [/\b([1-4])q\s*'?(\d{4}|\d{2})?\b/g, (m) => ({ type: 'Q', n: Number(m[1]), ...(m[2] ? { year: fullYear(m[2]) } : {}) })],
  [/\b(first|1st|second|2nd|third|3rd|fourth|4th|final|last) quarter\b/g, (m) => ({ type: 'Q', n: ORDINAL[m[1]!] })],
  // Figures by quarter or by month, with no quarter or month named: the latest of the year asked about.
  [/\bquarterly\b|\b(?:by|each|every|per|a) quarter\b|\bquarter[- ]by[- ]quarter\b|单季度|分季度|每季度/g, () => ({ type: 'Q', n: 4 })],
  [/\bmonthly\b|\b(?:by|each|every|per|a) month\b|\bmonth[- ]by[- ]month\b|每月|月度/g, () => ({ type: 'M', n: 12 })],
  [/第?([一二三四1-4])季度|([一二三四1-4])季报/g, (m) => ({ type: 'Q', n: ZH_NUM[m[1] ?? m[2]!] })],
  [/\bh([12])\s*'?(\d{4}|\d{2})?\b/g, (m) => ({ type: 'H', n: Number(m[1]), ...(m[2] ? { year: fullYear(m[2]) } : {}) })],
  [/\b([12])h\s*'?(\d{4}|\d{2})?\b/g, (m) => ({ type: 'H', n: Number(m[1]), ...(m[2] ? { year: fullYear(m[2]) } : {}) })],
  [/\b(first|1st) half(?: of the year)?\b|\binterim\b|\bhalf[- ]year(?:ly)?\b|\bsix months\b|\b6 ?months\b|上半年|半年度|半年报|中期/g, () => ({ type: 'H', n: 1 })],
  [/\b(second|2nd) half\b|下半年/g, () => ({ type: 'H', n: 2 })],
  [/\bfy\s*'?(\d{4}|\d{2})\b|\b(?:fiscal|financial) year\s*(\d{4})\b|\b(\d{4})\s*(?:fy|fiscal year|financial year)\b/g, (m) => ({ year: fullYear(m[1] ?? m[2] ?? m[3]!), type: 'FY' })],
  [/(?<![\d.,])((?:19|20)\d{2})\s*(?:年度|年)?(?![\d.,]\d)/g, (m) => ({ year: Number(m[1]) })],
  [/(?<![a-z])'(\d{2})\b/g, (m) => ({ year: fullYear(m[1]!) })],
  [/\b(two|three|four|five|2|3|4|5) (?:fiscal |financial )?years? (?:ago|before|earlier|back)\b|前年|(两|三|四|五)年前/g, (m) => ({ rel: 'prior', back: YEARS_BACK[m[1] ?? m[2] ?? ''] ?? 2 })],
  [
    /\b(?:(?:in|for|during|over) )?(?:the )?(?:(?:same|corresponding|comparative) period (?:of |in )?(?:last|the (?:prior|previous)) year|period of last year|(?:prior|previous|preceding|last) (?:fiscal |financial |reporting |accounting )?(?:year|period|fy)|year before|year prior|a year (?:earlier|before|ago)|year earlier|last year's|prior[- ]year|previous[- ]year)\b|上年同期|上年度|上一年度|上一年|上年|去年|前一年|上期|同期/g,
    () => ({ rel: 'prior' }),
  ],
  [
    /\b(?:(?:in|for|during|over) )?(?:the )?(?:this year|current (?:year|period|fiscal year)|(?:the )?reporting period|this period|(?:latest|most recent) (?:year|period)|period under review)\b|本报告期|报告期|本期|今年|当期|本年度|本年/g,
    () => ({ rel: 'current' }),
  ],
  [/\b(?:(?:at|as at|as of) )?(?:the )?(?:beginning|start|opening|outset)(?: of)?(?: the)?(?: reporting)?(?: (?:period|year))?\b|期初|年初/g, () => ({ anchor: 'start' })],
  [/\b(?:(?:at|as at|as of) )?(?:the )?(?:end|close|closing)(?: of)?(?: the)?(?: reporting)?(?: (?:period|year))?\b|\byear[- ]end\b|期末|年末|年底/g, () => ({ anchor: 'end' })],
];

/**
 * Finds the periods a question names, in order, and returns the text with those phrases blanked out so that
 * the remaining words can be matched against the catalogue.
 */
export function extractPeriods(lower: string): { specs: PeriodSpec[]; rest: string } {
  // "Year to date": the reporting period's span from January, whatever year or quarter is also named. Read first:
  // "年初至报告期末" holds "报告期".
  let ytd = false;
  let rest = lower.replace(YEAR_TO_DATE, (m) => {
    ytd = true;
    return ' '.repeat(m.length);
  });
  const mentions: Mention[] = [];
  const ends: number[] = [];
  for (const [re, make] of RULES) {
    rest = rest.replace(re, (...args) => {
      const match = args.slice(0, -2) as unknown as RegExpExecArray;
      const at = args[args.length - 2] as number;
      const base = BASE_BEFORE.test(lower.slice(Math.max(0, at - 30), at));
      mentions.push({ at, ...make(match), ...(base ? { base } : {}) });
      ends.push(at + match[0].length);
      return ' '.repeat(match[0].length);
    });
  }
  // "this year's", "2022's": the possessive goes with its period, not left behind as a word of its own.
  for (const end of ends) if (/^['’]s\b/.test(rest.slice(end, end + 3))) rest = rest.slice(0, end) + '  ' + rest.slice(end + 2);
  mentions.sort((a, b) => a.at - b.at);
  const specs = combine(mentions);
  return { specs: ytd ? (specs.length ? specs.map((spec) => ({ ...spec, ytd: true })) : [{ ytd: true }]) : specs, rest };
}

const YEAR_TO_DATE = /\b(year[- ]to[- ]date|ytd|so far this year|since the start of the year)\b|年初至报告期末|年初至今|年初至本报告期末|今年以来|年初以来/g;

/** Joins a quarter or half with the nearest year, and an anchor ("beginning of") with the year it qualifies. */
function combine(mentions: Mention[]): PeriodSpec[] {
  const years = mentions.filter((m) => m.year !== undefined && m.type === undefined);
  const specs: (PeriodSpec & { at: number })[] = [];
  const claimed = new Set<Mention>();
  for (const m of mentions) {
    if (m.type === undefined) continue;
    if (m.year === undefined) {
      const year = nearest(m, years.filter((y) => !claimed.has(y)));
      if (year) {
        claimed.add(year);
        specs.push({ at: m.at, type: m.type, n: m.n, year: year.year, anchor: m.anchor, base: m.base || year.base });
        continue;
      }
    }
    specs.push({ at: m.at, type: m.type, n: m.n, year: m.year, anchor: m.anchor, base: m.base });
  }
  for (const y of years) if (!claimed.has(y)) specs.push({ at: y.at, year: y.year, type: 'FY', base: y.base });
  for (const m of mentions) if (m.rel) specs.push({ at: m.at, rel: m.rel, back: m.back, base: m.base });
  for (const m of mentions.filter((x) => x.anchor && x.type === undefined)) {
    const target = nearest(m, specs.filter((s) => !s.anchor && (s.year !== undefined || s.rel)));
    if (target) {
      target.anchor = m.anchor;
      target.base ||= m.base;
    } else specs.push({ at: m.at, anchor: m.anchor, base: m.base });
  }
  return specs.sort((a, b) => a.at - b.at).map(({ at: _at, ...spec }) => clean(spec));
}

function nearest<T extends { at: number }>(m: { at: number }, list: T[]): T | undefined {
  return list.reduce<T | undefined>((best, x) => (!best || Math.abs(x.at - m.at) < Math.abs(best.at - m.at) ? x : best), undefined);
}

const clean = (spec: PeriodSpec): PeriodSpec => Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined && v !== false)) as PeriodSpec;
