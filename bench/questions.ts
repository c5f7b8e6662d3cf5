/**
 * The benchmark's question sets: a mixed set (look-ups, changes, derived metrics, Chinese, typos, follow-ups,
 * not-disclosed, nonsense) for the shipped knowledge and for a generated base, and a correctness set with the
 * figures each answer must carry.
 */
import { Decimal } from 'decimal.js';
import { rng, type CompanyModel } from './generate.js';

export type Category = 'lookup' | 'change' | 'derived' | 'chinese' | 'typo' | 'follow-up' | 'not-disclosed' | 'nonsense';
export const CATEGORIES: Category[] = ['lookup', 'change', 'derived', 'chinese', 'typo', 'follow-up', 'not-disclosed', 'nonsense'];

export interface Question {
  text: string;
  category: Category;
  /** Questions sharing a thread are one conversation, asked in order (the first of a thread is not a follow-up). */
  thread?: string;
}

/** A question with the figure its answer must carry. */
export interface Checked {
  text: string;
  company: string;
  metric: string;
  period: string;
  value: string;
}

const thread = (id: string, category: Category, ...texts: string[]): Question[] =>
  texts.map((text, i) => ({ text, category: i === 0 ? 'lookup' : category, thread: id }));

/** The shipped knowledge: one company (JL MAG, FY2023 and FY2022), so no question needs to name it. */
export function shippedQuestions(): Question[] {
  const q = (category: Category, ...texts: string[]): Question[] => texts.map((text) => ({ text, category }));
  return [
    ...q('lookup', 'What was revenue in 2023?', 'net profit 2022', 'EPS', 'total assets at the beginning of 2023', "What was JL MAG's operating profit in FY2023?", 'book value per share', 'operating cash flow', 'who signed the announcement?', 'is it audited?'),
    ...q('change', 'how much did net profit fall?', 'change in ROE', 'How much lower was operating profit than in 2022, in RMB?', 'revenue growth yoy', 'total assets 2023 vs 2022', 'why did profit fall?'),
    ...q('derived', 'net margin', 'operating profit margin 2022', 'non-recurring gains and losses', 'equity ratio at the beginning of 2023', 'revenue per tonne', 'sales volume 2022', 'cash conversion'),
    ...q('chinese', '营业收入是多少', '净利润同比下降多少', '2022年的基本每股收益', '净利率', '請問營業收入', '金力永磁的总资产'),
    ...q('typo', 'revnue 2023', 'operatng profit', 'net proft margin', 'totl assets', 'netprofit', 'eranings per shar'),
    ...thread('t1', 'follow-up', 'What was revenue in 2023?', 'and the year before?', 'net margin?', 'what about ROE?'),
    ...thread('t2', 'follow-up', 'net profit 2023', 'by how much did it fall?', 'in RMB?'),
    ...q('not-disclosed', 'gross margin', 'dividend', 'Q1 2023 revenue', 'revenue in 2019', 'capex', 'headcount'),
    ...q('nonsense', "What was Microsoft's net income?", 'asdf qwerty', 'what is the airspeed velocity of an unladen swallow', 'hello', '🙂', 'Tell me about 腾讯控股'),
  ];
}

/** Ways to name a company in a question, rotated so every form is exercised. */
function namings(c: CompanyModel): string[] {
  return [c.shortName, c.code, c.shortName, c.nameEn.replace(/ (Co\., Ltd\.|Limited)$/, ''), c.shortName];
}

const LAST = 2023;

/**
 * The mixed set for a generated base of N companies: about a dozen companies spread over the base, each asked a
 * rotation of the categories, naming the company (by short name, code, full name or Chinese name), plus a few
 * threads of follow-ups and questions naming no known company.
 */
export function generatedQuestions(companies: CompanyModel[], seed = 7): Question[] {
  const r = rng(seed);
  const n = companies.length;
  // The same twelve slots at every size (at one company, all twelve name it), so sets differ only in who is named.
  const chosen = Array.from({ length: 12 }, (_, i) => companies[Math.floor((i * n) / 12)]!);
  const out: Question[] = [];
  const year = () => LAST - Math.floor(r() * 9); // 2015..2023: a prior year is always there
  chosen.forEach((c, i) => {
    const name = namings(c)[i % 5]!;
    const y = year();
    const possessive = /\d$/.test(name) ? name : `${name}'s`;
    out.push(
      { category: 'lookup', text: [`What was ${possessive} revenue in ${y}?`, `${name} net profit ${y}`, `${name} total assets at the end of ${y}`, `${name} EPS FY${String(y).slice(2)}`][i % 4]! },
      { category: 'change', text: [`How much did ${name} net profit change in ${y}?`, `${name} revenue growth ${y}`, `change in ROE ${name} ${y}`, `${name} operating profit ${y} vs ${y - 1}`][i % 4]! },
      { category: 'derived', text: [`${name} net margin ${y}`, `${name} revenue per tonne ${y}`, `${name} equity ratio at the end of ${y}`, `${name} non-recurring gains and losses ${y}`][i % 4]! },
      { category: 'chinese', text: [`${c.shortZh}${y}年营业收入是多少`, `${c.shortZh}${y}年净利润同比增长多少`, `${c.shortZh}${y}年净利率`, `${c.code}的总资产`][i % 4]! },
      { category: 'typo', text: [`${name} revnue ${y}`, `${name} opertaing profit ${y}`, `${name} net proft ${y}`, `${name} totl assets ${y}`][i % 4]! },
      { category: 'not-disclosed', text: [`${name} gross margin ${y}`, `${name} dividend`, `${name} Q1 ${y} revenue`, `${name} revenue in 2009`][i % 4]! },
    );
    if (i % 3 === 0) out.push(...thread(`t${i}`, 'follow-up', `${name} revenue ${y}`, 'and the year before?', 'net margin?', 'what about ROE?'));
  });
  out.push(
    { category: 'nonsense', text: "What was Microsoft's net income?" },
    { category: 'nonsense', text: 'asdf qwerty' },
    { category: 'nonsense', text: 'what is the airspeed velocity of an unladen swallow' },
    { category: 'nonsense', text: 'hello' },
    { category: 'nonsense', text: 'revenue 2023' }, // names no company: which one?
  );
  return out;
}

/**
 * The correctness set: reported figures (values, a reported change) and one computed margin, for companies across
 * the base, each named a different way; the answer must give exactly that figure for exactly that company.
 */
export function checkedQuestions(companies: CompanyModel[], count = 120, seed = 11): Checked[] {
  const r = rng(seed);
  const out: Checked[] = [];
  for (let i = 0; i < count; i++) {
    const c = companies[Math.floor(r() * companies.length)]!;
    const y = LAST - Math.floor(r() * 10);
    const name = [c.shortName, c.code, c.shortZh, c.nameEn][i % 4]!;
    const zh = name === c.shortZh;
    const fy = `FY${y}`;
    const v = (metric: string, period: string) => c.values[metric]![period]!;
    switch (i % 5) {
      case 0:
        out.push({ text: zh ? `${name}${y}年营业收入是多少` : `${name} revenue ${y}`, company: c.code, metric: 'total_revenue', period: fy, value: v('total_revenue', fy) });
        break;
      case 1:
        out.push({ text: zh ? `${name}${y}年净利润` : `what was ${name} net profit in ${y}?`, company: c.code, metric: 'net_profit', period: fy, value: v('net_profit', fy) });
        break;
      case 2:
        out.push({ text: zh ? `${name}${y}年末总资产` : `${name} total assets at the end of ${y}`, company: c.code, metric: 'total_assets', period: `${y}-12-31`, value: v('total_assets', `${y}-12-31`) });
        break;
      case 3: {
        const cur = new Decimal(v('total_revenue', fy));
        const prior = new Decimal(v('total_revenue', `FY${y - 1}`));
        const pct = cur.minus(prior).div(prior.abs()).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        out.push({ text: zh ? `${name}${y}年营业收入同比增长多少` : `how much did ${name} revenue change in ${y}?`, company: c.code, metric: 'total_revenue.change_pct', period: fy, value: pct.toFixed(2) });
        break;
      }
      default: {
        const margin = new Decimal(v('net_profit', fy)).div(v('total_revenue', fy)).times(100).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
        out.push({ text: zh ? `${name}${y}年净利率` : `${name} net margin ${y}`, company: c.code, metric: 'net_margin', period: fy, value: margin.toString() });
      }
    }
  }
  return out;
}
