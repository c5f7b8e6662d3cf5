import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/index.js';
import { CatalogueIndex } from '../src/understand/catalogue-index.js';
import { cleanText, stripMarkup } from '../src/understand/normalize.js';
import { parseQuestion } from '../src/understand/parse.js';
import { extractPeriods } from '../src/understand/periods.js';

const index = new CatalogueIndex(loadKnowledge(join(import.meta.dirname, '..', 'knowledge')));
const parse = (q: string) => parseQuestion(q, index);

describe('normalising chat text', () => {
  it('removes Slack and Discord mentions, broadcasts and channel links but keeps a channel name and link label', () => {
    expect(stripMarkup('<@U024BE7LH> <!channel> <!here> <!subteam^S1|@ir> net profit').trim()).toBe('net profit');
    expect(stripMarkup('<#C123|general> <https://x.test|the report> @everyone @here <@!1234> <@&99>').replace(/\s+/g, ' ').trim()).toBe('general the report');
  });
  it('turns full-width characters into ASCII and drops zero-width and control characters', () => {
    expect(cleanText('ＲＯＥ\u200b　２０２３\u0007')).toBe('ROE 2023');
  });
  it('reads traditional Chinese as simplified', () => {
    expect(cleanText('請問歸屬於上市公司股東的淨利潤')).toBe('请问归属于上市公司股东的净利润');
  });
});

describe('finding periods', () => {
  const periods = (q: string) => extractPeriods(q.toLowerCase()).specs;
  it.each([
    ['revenue 2023', [{ year: 2023, type: 'FY' }]],
    ['FY23 eps', [{ year: 2023, type: 'FY' }]],
    ['2023年度营业收入', [{ year: 2023, type: 'FY' }]],
    ['first quarter 2023 revenue', [{ type: 'Q', n: 1, year: 2023 }]],
    ['2023年第一季度', [{ type: 'Q', n: 1, year: 2023 }]],
    ['H1 2024', [{ type: 'H', n: 1, year: 2024 }]],
    ['前三季度', [{ type: '9M' }]],
    ['and the year before?', [{ rel: 'prior' }]],
    ['上年同期净利润', [{ rel: 'prior' }]],
    ['at the beginning of the period', [{ anchor: 'start' }]],
    ['equity ratio at the beginning of 2023', [{ year: 2023, type: 'FY', anchor: 'start' }]],
    ['equity at 31 December 2023', [{ year: 2023, type: 'FY', anchor: 'end' }]],
    ['assets as of June 30, 2024', [{ year: 2024, type: 'H', n: 1, anchor: 'end' }]],
    ['how much lower than in 2022', [{ year: 2022, type: 'FY', base: true }]],
    ['total assets 2023 vs 2022', [{ year: 2023, type: 'FY' }, { year: 2022, type: 'FY', base: true }]],
    ['revenue two years ago', [{ rel: 'prior', back: 2 }]],
    ['前年营业收入', [{ rel: 'prior', back: 2 }]],
    ['revenue in December 2023', [{ year: 2023, type: 'M', n: 12 }]],
    ['2023年12月营业收入', [{ year: 2023, type: 'M', n: 12 }]],
    ['net margin 2023', [{ year: 2023, type: 'FY' }]], // "mar..." is not March
    ['quarterly net profit', [{ type: 'Q', n: 4 }]],
    ['monthly revenue', [{ type: 'M', n: 12 }]],
  ])('%s', (q, expected) => expect(periods(q)).toEqual(expected));

  it('does not read a year into a reported figure', () => {
    expect(periods('revenue of 6,687,864,421.33')).toEqual([]);
  });
});

describe('matching questions to the catalogue', () => {
  it.each([
    ['What was total revenue for the reporting period?', ['total_revenue']],
    ['turnover', ['total_revenue']],
    ['profit after tax attributable to owners', ['net_profit']],
    ['net profit excluding non-recurring gains or losses', ['net_profit_recurring']],
    ['non-recurring gains and losses', ['non_recurring']],
    ['operating profit margin', ['operating_margin']],
    ['net assets per share', ['bvps']],
    ['return on net assets', ['weighted_roe']],
    ['revenue and operating profit', ['total_revenue', 'operating_profit']],
    ['扣非净利润', ['net_profit_recurring']],
    ['归属于母公司所有者的净利润', ['net_profit']],
    ['每股净资产', ['bvps']],
  ])('%s', (q, metrics) => expect(parse(q).metrics).toEqual(metrics));

  it('corrects typos against the catalogue vocabulary', () => {
    expect(parse('operatng profit').metrics).toEqual(['operating_profit']);
    expect(parse('revenu').metrics).toEqual(['total_revenue']);
    expect(parse('earnigns per share').metrics).toEqual(['basic_eps']);
  });

  it('completes a cut-off word when only one metric word begins that way', () => {
    expect(parse('rev 2023').metrics).toEqual(['total_revenue']);
    expect(parse('tot assets').metrics).toEqual(['total_assets']);
    expect(parse('net prof').metrics).toEqual(['net_profit']); // profit, not profitability
    expect(parse('op profit margin').metrics).toEqual(['operating_margin']);
    // A short unknown name that begins no metric word stays a name.
    expect(parse('byd rev')).toMatchObject({ metrics: ['total_revenue'], unknownCompanies: ['byd'] });
  });

  it('reads "A excluding B" and "A per B" between two metrics', () => {
    expect(parse('EPS excluding one-offs')).toMatchObject({ metrics: ['basic_eps', 'non_recurring'], difference: true, excluding: true });
    expect(parse('revenue minus operating profit')).toMatchObject({ difference: true, excluding: false });
    expect(parse('operating profit for each tonne of magnets sold')).toMatchObject({ metrics: ['operating_profit', 'sales_volume'], ratio: true, per: true });
    expect(parse('operating profit per tonne')).toMatchObject({ metrics: ['operating_profit'], perUnit: 'tonnes' });
    expect(parse('revenue and net profit')).toMatchObject({ ratio: false, per: false, difference: false });
  });

  it('prefers the longer, more specific phrase', () => {
    expect(parse('debt to equity ratio')).toMatchObject({ metrics: [], concepts: ['debt'] });
    expect(parse('gross margin')).toMatchObject({ metrics: [], concepts: ['gross_margin'] });
  });

  it('finds companies by short name, code and Chinese name', () => {
    expect(parse('JL MAG net profit').companies).toEqual(['06680']);
    expect(parse('06680 eps').companies).toEqual(['06680']);
    expect(parse('300748.SZ eps').companies).toEqual(['06680']);
    expect(parse('金力永磁的营业收入').companies).toEqual(['06680']);
  });

  it('knows a company by the start of its Chinese name, with or without the place it starts with, when only one starts so', () => {
    const k = loadKnowledge(join(import.meta.dirname, '..', 'knowledge'));
    const company = (code: string, zh: string) => ({ ...k.companies[0]!, code, codes: [code], name: { en: code, zh }, shortName: code, aliases: [zh], people: [] });
    const more = new CatalogueIndex({
      ...k,
      companies: [...k.companies, company('02868', '青海湖畔锂业股份有限公司'), company('002931', '锋源新材料股份有限公司'), company('002932', '锋源新能源股份有限公司')],
    });
    const who = (q: string) => parseQuestion(q, more);
    expect(who('湖畔锂业净利润').companies).toEqual(['02868']);
    expect(who('青海湖畔锂业的营业收入').companies).toEqual(['02868']);
    expect(who('锋源新材第三季度净利润').companies).toEqual(['002931']);
    // Two companies start 锋源新: neither is meant for sure, so the name stays unknown.
    expect(who('锋源新净利润')).toMatchObject({ companies: [], unknownCompanies: ['锋源新'] });
    expect(who('比亚迪的营业收入').unknownCompanies).toEqual(['比亚迪']);
  });

  it('spots a company it does not know, in English, by code and in Chinese', () => {
    expect(parse("What was Microsoft's net income in 2023?").unknownCompanies).toEqual(['Microsoft']);
    expect(parse('China Mobile revenue').unknownCompanies).toEqual(['China Mobile']);
    expect(parse('00700 eps').unknownCompanies).toEqual(['00700']);
    expect(parse('比亚迪的营业收入').unknownCompanies).toEqual(['比亚迪']);
    expect(parse('What was net profit in 2023?').unknownCompanies).toEqual([]);
  });

  it('reads what is wanted: a change, an amount, a comparison', () => {
    expect(parse('how much did net profit fall?')).toMatchObject({ change: true, absolute: false });
    expect(parse('How much did equity increase in RMB?')).toMatchObject({ change: true, absolute: true });
    expect(parse('净利润同比下降多少')).toMatchObject({ change: true, metrics: ['net_profit'] });
    expect(parse('total assets 2023 vs 2022')).toMatchObject({ compare: true });
  });

  it('reads which metric a ratio is of', () => {
    expect(parse('operating profit as a percentage of revenue')).toMatchObject({ ratio: true, ratioReversed: false, metrics: ['operating_profit', 'total_revenue'] });
    expect(parse('what share of total assets was equity')).toMatchObject({ ratio: true, ratioReversed: true, metrics: ['total_assets', 'equity_attributable'] });
  });

  it('sees an empty question where only markup was sent', () => {
    expect(parse('<@U123>   ').empty).toBe(true);
    expect(parse('').empty).toBe(true);
  });
});
