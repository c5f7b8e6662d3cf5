import { Decimal } from 'decimal.js';

// Reading the cells of a results table as text extraction leaves them: tab-, pipe- or space-separated, numbers
// with thousands separators, percentages, changes written in words, and damage.

/** A number in the standard financial format: "6,687,864,421.33", "-19.51%", "0.52", "58,845.9803". */
const NUMBER = /^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$/;

export interface NumberCell {
  value: Decimal;
  percent: boolean; // written with a % sign
  decimals: number;
  text: string; // as written, for the quote
}

export function readNumber(text: string): NumberCell | undefined {
  const original = text.trim();
  // "+14.5%" is 14.5%: a sign written to say it is a rise.
  let t = original.replace(/−/g, '-').replace(/\s+(?=%)/, '').replace(/^\+\s*/, '');
  // Accounting negatives: "(1,234.56)" is -1,234.56, and "(12.4)%" is -12.4%.
  const bracketed = /^[(（]\s*([\d,]+(?:\.\d+)?%?)\s*[)）](%?)$/.exec(t);
  if (bracketed) t = `-${bracketed[1]}${bracketed[1]!.endsWith('%') ? '' : bracketed[2]}`;
  if (!NUMBER.test(t)) return undefined;
  const bare = t.replace(/[,%]/g, '');
  return { value: new Decimal(bare), percent: t.endsWith('%'), decimals: bare.split('.')[1]?.length ?? 0, text: original };
}

/**
 * Splits glued cells ("1,650,586,918.861,508,713,746.909.40%") into the parts a row must hold: each part a number
 * with the given decimals, the last one possibly a percentage. Undefined when no split fits.
 */
export function splitGlued(text: string, parts: number, decimals = 2): string[] | undefined {
  const t = text.trim();
  const part = new RegExp(`^-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)\\.\\d{${decimals}}%?`);
  const out: string[] = [];
  let rest = t;
  while (rest && out.length < parts) {
    const m = part.exec(rest);
    if (!m) return undefined;
    // A grouped number ends where the next one's digits begin: take the shortest match that keeps the rest readable.
    out.push(m[0]);
    rest = rest.slice(m[0].length);
  }
  return !rest && out.length >= 2 ? out : undefined;
}

/** Where the table says "增加/减少 N 个百分点" or "Decrease by N percentage points": a change with its sign in words. */
export const DIRECTION = /^(减少|下降|降低|增加|上升|提高|增长|(?:decrease[sd]?|increase[sd]?|down|up)(?: by)?(?![a-z]))/i;
export const NEGATIVE_WORD = /减少|下降|降低|decrease|down/i;
/** The words of a points change, possibly broken over lines: "个百分点", "个", "百点", "percentage points". */
const POINTS = /个百分点|个百分|百分点|百点|个|点|percentage points?|\bpoints?\b|\bppts?\b|\bpts?\b|\bpp\b/gi;
const POINTS_ONLY = /^(个百分点|个百分|百分点|百点|个|点|percentage points?|percentage|points?|ppts?|pts?|pp)$/i;

/** A cell without the wording of a points change: only where that wording sits beside a number, or is all there is. */
export const withoutPoints = (cell: string): string =>
  /\d/.test(cell) ? cell.replace(POINTS, '').trim() : POINTS_ONLY.test(cell.trim()) ? '' : cell.replace(/\s+(个百分点|个百分|百分点|百点|个|点)$/, '');

/**
 * The unit column headings state when no line declares one: "2024 RMB'000", "RMB million", "人民币千元". Only for a
 * table that declares none, since a row's own label ("(RMB'000)") may say the same thing.
 */
export function headingUnit(text: string): { multiplier: Decimal; declared: string } | undefined {
  const m = /rmb\s*(?:'\s*000|thousands?|millions?|billions?)|人民币\s*(?:亿元|万元|千元)/i.exec(text);
  return m ? unitMultiplier(`unit: ${m[0].replace(/^人民币\s*/, '')}`) : undefined;
}

/** The table's declared unit: how much one unit of a money cell is worth in yuan. */
export function unitMultiplier(text: string): { multiplier: Decimal; declared: string } | undefined {
  // "单位：万元", "Unit: RMB'000", and as a note says it: "表中数据单位为人民币万元", "单位均为元".
  const m = /(?:单位|unit|金额单位|expressed in|amounts? in)\s*(?:[:：]|均为|为|是)?\s*(人民币)?\s*(亿元|万元|千元|元|rmb\s*(?:'\s*000|thousands?|millions?|billions?|yuan|元)|rmb|yuan|million|thousands?|'000)/i.exec(text);
  if (!m) return undefined;
  const u = m[2]!.toLowerCase().replace(/\s+/g, '');
  const multiplier = u === '亿元' || /billion/.test(u) ? 1e8 * (/billion/.test(u) ? 10 : 1) : u === '万元' ? 1e4 : u === '千元' || /'000|thousand/.test(u) ? 1e3 : /million/.test(u) ? 1e6 : 1;
  return { multiplier: new Decimal(multiplier), declared: m[0] };
}

/**
 * A currency other than RMB named where a table states its unit ("HK$'000", "Unit: HK$ million", "单位：千港元",
 * "US$"): the knowledge holds money in yuan, and an announcement gives no rate to convert at.
 */
export const FOREIGN_CURRENCY = /HK\s?\$|HKD|HK\s?cents|Hong Kong dollars?|港元|港币|港仙|US\s?\$|USD|US\s?cents|United States dollars?|美元|EUR|€|欧元/i;

/**
 * "1 234 567.89": thousands set apart by spaces (or thin spaces, which NFKC makes spaces), joined into one figure.
 * Only figures with decimals: their decimal point says where each one ends, so "1 234.56 1 100.00" is two figures.
 */
export const joinSpacedThousands = (text: string): string => text.replace(/(?<![\d.,])-?\d{1,3}(?: \d{3})+\.\d+%?/g, (m) => m.replace(/ /g, ''));

/** Whole figures grouped by spaces ("400 000 000 400 000 000") cannot be told apart: where one ends is a guess. */
export const SPACED_WHOLE_NUMBERS = /(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,%])/;
