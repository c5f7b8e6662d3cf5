import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot, loadKnowledge, toJson } from '../src/index.js';
import { ingestText, IngestError } from '../src/ingest/document.js';
import { periodLabel } from '../src/periods.js';
import { CatalogueIndex } from '../src/understand/catalogue-index.js';
import { emptyKnowledge, runIngest, snapshot } from './support/ingest.js';

// Announcements in the same templates as the shared ones, from other companies, periods and units, with the
// damage PDF-to-text leaves (test/fixtures/variants). Every figure of every table must be stored, in yuan and
// shares, for the right period, and be answerable; what cannot be read must be refused, saying where and why.

const VARIANTS = join(import.meta.dirname, 'fixtures', 'variants');

let dir: string;
beforeEach(() => {
  dir = emptyKnowledge('results-bot-variants-test-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ingest = (...args: string[]) => runIngest(dir, ...args);

const parse = (file: string) => {
  const k = loadKnowledge(dir);
  return ingestText(readFileSync(join(VARIANTS, file), 'utf8'), file, k, new CatalogueIndex(k));
};

/** "total_revenue FY2024=1 FY2023=2 pct:FY2024=3" lines, as "metric measure period value" entries. */
const expand = (facts: string) =>
  facts
    .trim()
    .split('\n')
    .flatMap((line) => {
      const [metric, ...cells] = line.trim().split(/\s+/);
      return cells.map((c) => {
        const [, measure, period, value] = /^(?:(pct|pp):)?([^=]+)=(.+)$/.exec(c)!;
        return `${metric} ${measure === 'pct' ? 'change_pct' : measure === 'pp' ? 'change_pp' : 'value'} ${period} ${value}`;
      });
    })
    .sort();

/** The figure a quote states, in base units: "(234,567)" in a RMB'000 table is -234567000. */
const stated = (quote: string, multiplier = '1') => {
  const t = quote.replace(/[−－]/g, '-').replace(/[\s,，%％]/g, '');
  const bracketed = /^[(（](.+)[)）]$/.exec(t);
  return new Decimal(bracketed ? `-${bracketed[1]}` : t).times(multiplier);
};

const EXPECTED: { file: string; code: string; period: string; type: string; date: string; facts: string; warnings?: RegExp[] }[] = [
  {
    // a 前三季度 (9M) 业绩快报 in 人民币千元: whole-number cells, shares in 千股 from the label, a points change in words, a date in Chinese numerals
    file: '000973-yuehai-energy-2024-9m-performance-express.zh.txt',
    code: '000973', period: '9M-2024', type: 'preliminary_quarterly', date: '2024-10-16',
    facts: `
      total_revenue 9M-2024=9876543000 9M-2023=8765432000 pct:9M-2024=12.68
      operating_profit 9M-2024=1234567000 9M-2023=1098765000 pct:9M-2024=12.36
      total_profit 9M-2024=1212345000 9M-2023=1087654000 pct:9M-2024=11.46
      net_profit 9M-2024=1012345000 9M-2023=901234000 pct:9M-2024=12.33
      net_profit_recurring 9M-2024=987654000 9M-2023=876543000 pct:9M-2024=12.68
      basic_eps 9M-2024=0.34 9M-2023=0.3 pct:9M-2024=13.33
      weighted_roe 9M-2024=5.18 9M-2023=4.76 pp:9M-2024=0.42
      total_assets 2024-09-30=45678901000 2023-12-31=43210987000 pct:2024-09-30=5.71
      equity_attributable 2024-09-30=19876543000 2023-12-31=19123456000 pct:2024-09-30=3.94
      share_capital 2024-09-30=3000000000 2023-12-31=3000000000 pct:2024-09-30=0.00
      bvps 2024-09-30=6.63 2023-12-31=6.37 pct:2024-09-30=4.08`,
  },
  {
    // an SZSE third-quarter report: pipe cells, a heading split over two lines, units in the labels only, blank quarter cells (—) before the year to date, a page number between the sections
    file: '002931-fengyuan-2024-q3.zh.txt',
    code: '002931', period: 'Q3-2024', type: 'quarterly', date: '2024-10-29',
    facts: `
      total_revenue Q3-2024=523456789.01 pct:Q3-2024=9.30 9M-2024=1456789012.34 pct:9M-2024=12.17
      net_profit Q3-2024=45678901.23 pct:Q3-2024=-12.74 9M-2024=123456789.01 pct:9M-2024=-11.89
      net_profit_recurring Q3-2024=41234567.89 pct:Q3-2024=-17.33 9M-2024=110987654.32 pct:9M-2024=-15.43
      operating_cash_flow 9M-2024=-34567890.12 pct:9M-2024=-160.87
      basic_eps Q3-2024=0.13 pct:Q3-2024=-13.33 9M-2024=0.35 pct:9M-2024=-12.50
      diluted_eps Q3-2024=0.13 pct:Q3-2024=-13.33 9M-2024=0.35 pct:9M-2024=-12.50
      weighted_roe Q3-2024=1.33 pp:Q3-2024=-0.25 9M-2024=3.62 pp:9M-2024=-0.71
      total_assets 2024-09-30=6789012345.67 2023-12-31=6543210987.65 pct:2024-09-30=3.76
      equity_attributable 2024-09-30=3456789012.34 2023-12-31=3345678901.23 pct:2024-09-30=3.32`,
  },
  {
    // a 半年度业绩快报 in 人民币万元: the heading split over three lines, labels split around their numbers, the SZSE 扣除非经常性损益后的归属于… wording, a points change broken over lines, blank lines
    file: '002987-hengchuan-2024-h1-performance-express.zh.txt',
    code: '002987', period: 'H1-2024', type: 'preliminary_interim', date: '2024-07-30',
    facts: `
      total_revenue H1-2024=1876543200 H1-2023=1654321000 pct:H1-2024=13.43
      operating_profit H1-2024=213456700 H1-2023=182345600 pct:H1-2024=17.06
      total_profit H1-2024=211234500 H1-2023=183456700 pct:H1-2024=15.14
      net_profit H1-2024=178901200 H1-2023=156789000 pct:H1-2024=14.10
      net_profit_recurring H1-2024=165432100 H1-2023=150123400 pct:H1-2024=10.20
      basic_eps H1-2024=0.45 H1-2023=0.39 pct:H1-2024=15.38
      weighted_roe H1-2024=4.02 H1-2023=3.76 pp:H1-2024=0.26
      total_assets 2024-06-30=8765432100 2023-12-31=8123456700 pct:2024-06-30=7.90
      equity_attributable 2024-06-30=4567890100 2023-12-31=4234567800 pct:2024-06-30=7.87
      share_capital 2024-06-30=400000000 2023-12-31=400000000 pct:2024-06-30=0.00
      bvps 2024-06-30=11.42 2023-12-31=10.59 pct:2024-06-30=7.84`,
  },
  {
    // an HKEX mirror of an A+H third-quarter report in RMB million: 'From the beginning of the year to the end of the Reporting Period', N/A quarter cells, changes in words
    file: '01786-huaxia-rail-2024-q3.en.txt',
    code: '01786', period: 'Q3-2024', type: 'quarterly', date: '2024-10-30',
    facts: `
      total_revenue Q3-2024=2987600000 pct:Q3-2024=12.34 9M-2024=8765400000 pct:9M-2024=14.52
      net_profit Q3-2024=256700000 pct:Q3-2024=10.56 9M-2024=734500000 pct:9M-2024=13.77
      net_profit_recurring Q3-2024=240100000 pct:Q3-2024=11.02 9M-2024=701200000 pct:9M-2024=14.52
      operating_cash_flow 9M-2024=1234500000 pct:9M-2024=25.67
      basic_eps Q3-2024=0.14 pct:Q3-2024=7.69 9M-2024=0.41 pct:9M-2024=13.89
      diluted_eps Q3-2024=0.14 pct:Q3-2024=7.69 9M-2024=0.41 pct:9M-2024=13.89
      weighted_roe Q3-2024=2.6 pp:Q3-2024=0.12 9M-2024=7.45 pp:9M-2024=0.48
      total_assets 2024-09-30=28765400000 2023-12-31=26543200000 pct:2024-09-30=8.37
      equity_attributable 2024-09-30=9876500000 2023-12-31=9123400000 pct:2024-09-30=8.25`,
  },
  {
    // an HKEX mirror of preliminary interim results in RMB thousand: 'Total operating income', losses in brackets, N/A changes, share count in shares, a 4-digit stock code, the date after the place
    file: '01893-shengda-pharma-2024-interim-preliminary.en.txt',
    code: '01893', period: 'H1-2024', type: 'preliminary_interim', date: '2024-07-15',
    facts: `
      total_revenue H1-2024=4567890000 H1-2023=5123456000 pct:H1-2024=-10.84
      operating_profit H1-2024=-234567000 H1-2023=123456000
      total_profit H1-2024=-245678000 H1-2023=118765000
      net_profit H1-2024=-198765000 H1-2023=98765000
      net_profit_recurring H1-2024=-212345000 H1-2023=87654000
      basic_eps H1-2024=-0.09 H1-2023=0.05
      diluted_eps H1-2024=-0.09 H1-2023=0.05
      weighted_roe H1-2024=-1.79 H1-2023=0.88 pp:H1-2024=-2.67
      total_assets 2024-06-30=23456789000 2023-12-31=24567890000 pct:2024-06-30=-4.52
      equity_attributable 2024-06-30=10987654000 2023-12-31=11234567000 pct:2024-06-30=-2.20
      share_capital 2024-06-30=2137000000 2023-12-31=2137000000
      bvps 2024-06-30=5.14 2023-12-31=5.26 pct:2024-06-30=-2.28`,
  },
  {
    // HKEX annual results highlights: a title on two lines, units under the column headings (RMB'000), '+14.5%', '(12.4)%', '(1.7) ppt', EPS in cents, gross profit (not in the catalogue)
    file: '03316-bayview-2024-annual-results.en.txt',
    code: '03316', period: 'FY2024', type: 'annual', date: '2025-03-20',
    facts: `
      total_revenue FY2024=5432109000 FY2023=4744321000 pct:FY2024=14.5
      net_profit FY2024=612345000 FY2023=698765000 pct:FY2024=-12.4
      basic_eps FY2024=0.4567 FY2023=0.5211 pct:FY2024=-12.4
      weighted_roe FY2024=9.2 FY2023=10.9 pp:FY2024=-1.7
      total_assets 2024-12-31=12345678000 2023-12-31=11234567000 pct:2024-12-31=9.9
      equity_attributable 2024-12-31=6789012000 2023-12-31=6543210000 pct:2024-12-31=3.8`,
  },
  {
    // an HKEX mirror of preliminary annual results in RMB’000: 'Operating revenue', '… owners of the parent', labels wrapped over lines, '('000 shares)', a date under its place
    file: '02868-lakeside-lithium-2024-preliminary-annual-results.en.txt',
    code: '02868', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-26',
    facts: `
      total_revenue FY2024=12345678000 FY2023=15678901000 pct:FY2024=-21.26
      operating_profit FY2024=1234567000 FY2023=2345678000 pct:FY2024=-47.37
      total_profit FY2024=1223456000 FY2023=2334567000 pct:FY2024=-47.59
      net_profit FY2024=1012345000 FY2023=1987654000 pct:FY2024=-49.07
      net_profit_recurring FY2024=956789000 FY2023=1901234000 pct:FY2024=-49.68
      basic_eps FY2024=0.56 FY2023=1.1 pct:FY2024=-49.09
      weighted_roe FY2024=6.12 FY2023=12.85 pp:FY2024=-6.73
      total_assets 2024-12-31=34567890000 2023-12-31=33456789000 pct:2024-12-31=3.32
      equity_attributable 2024-12-31=16789012000 2023-12-31=15987654000 pct:2024-12-31=5.01
      share_capital 2024-12-31=1808000000 2023-12-31=1808000000 pct:2024-12-31=0.00
      bvps 2024-12-31=9.29 2023-12-31=8.84 pct:2024-12-31=5.09`,
  },
  {
    // an SZSE 业绩快报 of a loss-making company in 万元, titled 关于…的公告: negatives written - and －, changes 不适用 / 亏损收窄 / —, a points change written as %
    file: '300961-shenlan-2023-performance-express.zh.txt',
    code: '300961', period: 'FY2023', type: 'preliminary_annual', date: '2024-02-27',
    facts: `
      total_revenue FY2023=384567200 FY2022=451238900 pct:FY2023=-14.78
      operating_profit FY2023=-123456700 FY2022=-187654300 pct:FY2023=34.21
      total_profit FY2023=-125012300 FY2022=-188901200
      net_profit FY2023=-118765400 FY2022=-176543200
      net_profit_recurring FY2023=-132109800 FY2022=-185432100 pct:FY2023=28.76
      basic_eps FY2023=-0.59 FY2022=-0.88
      weighted_roe FY2023=-8.12 FY2022=-10.95 pp:FY2023=2.83
      total_assets 2023-12-31=1567890100 2022-12-31=1682345600 pct:2023-12-31=-6.80
      equity_attributable 2023-12-31=1390123400 2022-12-31=1508765400 pct:2023-12-31=-7.86
      share_capital 2023-12-31=200000000 2022-12-31=200000000 pct:2023-12-31=0.00
      bvps 2023-12-31=6.95 2022-12-31=7.54 pct:2023-12-31=-7.82`,
  },
  {
    // an SSE first-quarter report in 千元: a negative whole number ('-523'), 稀释每股收益, and 扣非 ROE (扣除非经常性损益后的加权平均净资产收益率)
    file: '601862-huabei-heavy-2024-q1.zh.txt',
    code: '601862', period: 'Q1-2024', type: 'quarterly', date: '2024-04-29',
    facts: `
      total_revenue Q1-2024=34567890000 Q1-2023=30123456000 pct:Q1-2024=14.75
      net_profit Q1-2024=1876543000 Q1-2023=1601234000 pct:Q1-2024=17.19
      net_profit_recurring Q1-2024=1654321000 Q1-2023=1498765000 pct:Q1-2024=10.38
      operating_cash_flow Q1-2024=-523000 Q1-2023=1234567000
      basic_eps Q1-2024=0.31 Q1-2023=0.27 pct:Q1-2024=14.81
      diluted_eps Q1-2024=0.31 Q1-2023=0.27 pct:Q1-2024=14.81
      weighted_roe Q1-2024=1.92 Q1-2023=1.71 pp:Q1-2024=0.21
      weighted_roe_recurring Q1-2024=1.69 Q1-2023=1.6 pp:Q1-2024=0.09
      total_assets 2024-03-31=456789012000 2023-12-31=445678901000 pct:2024-03-31=2.49
      equity_attributable 2024-03-31=98765432000 2023-12-31=96543210000 pct:2024-03-31=2.30`,
  },
  {
    // an SSE 业绩快报 in 亿元: glued cells, a running head and a page number inside the table, share capital in 亿股 without saying so, a date in Chinese numerals
    file: '601936-zhonglian-2024-performance-express.zh.txt',
    code: '601936', period: 'FY2024', type: 'preliminary_annual', date: '2025-01-24',
    facts: `
      total_revenue FY2024=234567000000 FY2023=213456000000 pct:FY2024=9.89
      operating_profit FY2024=23456000000 FY2023=19876000000 pct:FY2024=18.01
      total_profit FY2024=23210000000 FY2023=19765000000 pct:FY2024=17.43
      net_profit FY2024=18765000000 FY2023=16012000000 pct:FY2024=17.19
      net_profit_recurring FY2024=18012000000 FY2023=15543000000 pct:FY2024=15.88
      basic_eps FY2024=0.82 FY2023=0.7 pct:FY2024=17.14
      weighted_roe FY2024=10.25 FY2023=9.12 pp:FY2024=1.13
      total_assets 2024-12-31=567890000000 2023-12-31=523456000000 pct:2024-12-31=8.49
      equity_attributable 2024-12-31=187654000000 2023-12-31=171234000000 pct:2024-12-31=9.59
      share_capital 2024-12-31=22750000000 2023-12-31=22750000000 pct:2024-12-31=0.00
      bvps 2024-12-31=8.25 2023-12-31=7.53 pct:2024-12-31=9.56`,
  },
  {
    // an SSE 业绩快报 in 人民币元 with full-width punctuation, 营业收入, the 归属于母公司所有者的 family, a number broken after a comma, a page line in the table
    file: '603721-huayuan-2024-performance-express.zh.txt',
    code: '603721', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-27',
    facts: `
      total_revenue FY2024=2845612378.45 FY2023=2512307645.12 pct:FY2024=13.27
      operating_profit FY2024=312456789.1 FY2023=275301456.88 pct:FY2024=13.50
      total_profit FY2024=310987654.32 FY2023=276123987.65 pct:FY2024=12.63
      net_profit FY2024=268345120.77 FY2023=238901456.21 pct:FY2024=12.32
      net_profit_recurring FY2024=251234567.89 FY2023=229876543.21 pct:FY2024=9.29
      basic_eps FY2024=0.67 FY2023=0.6 pct:FY2024=11.67
      weighted_roe FY2024=9.85 FY2023=9 pp:FY2024=0.85
      total_assets 2024-12-31=5123456789.01 2023-12-31=4701234567.89 pct:2024-12-31=8.98
      equity_attributable 2024-12-31=2856789012.34 2023-12-31=2601234567.89 pct:2024-12-31=9.82
      share_capital 2024-12-31=400000000 2023-12-31=400000000 pct:2024-12-31=0.00
      bvps 2024-12-31=7.14 2023-12-31=6.5 pct:2024-12-31=9.85`,
  },
  {
    // a 第一季度业绩快报 with a box-drawn table (│, ┌──┐), ％ signs, 营业总收入
    file: '688618-xintu-2025-q1-performance-express.zh.txt',
    code: '688618', period: 'Q1-2025', type: 'preliminary_quarterly', date: '2025-04-15',
    facts: `
      total_revenue Q1-2025=312456789.12 Q1-2024=256789012.34 pct:Q1-2025=21.68
      operating_profit Q1-2025=45678901.23 Q1-2024=30123456.78 pct:Q1-2025=51.64
      total_profit Q1-2025=45712345.67 Q1-2024=30234567.89 pct:Q1-2025=51.19
      net_profit Q1-2025=40123456.78 Q1-2024=27890123.45 pct:Q1-2025=43.86
      net_profit_recurring Q1-2025=37890123.45 Q1-2024=25678901.23 pct:Q1-2025=47.55
      basic_eps Q1-2025=0.4 Q1-2024=0.28 pct:Q1-2025=42.86
      weighted_roe Q1-2025=3.21 Q1-2024=2.45 pp:Q1-2025=0.76
      total_assets 2025-03-31=2345678901.23 2024-12-31=2234567890.12 pct:2025-03-31=4.97
      equity_attributable 2025-03-31=1267890123.45 2024-12-31=1227766666.67 pct:2025-03-31=3.27
      share_capital 2025-03-31=100000000 2024-12-31=100000000 pct:2025-03-31=0.00
      bvps 2025-03-31=12.68 2024-12-31=12.28 pct:2025-03-31=3.26`,
  },
  {
    // a BSE 业绩快报 in 元: 扣除非经常性损益后的净利润 wording, ROE rows (扣非前) and (扣非后), '-' changes, share count without decimals
    file: '832175-dongfang-micro-2024-performance-express.zh.txt',
    code: '832175', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-26',
    facts: `
      total_revenue FY2024=456789012.34 FY2023=398765432.1 pct:FY2024=14.55
      operating_profit FY2024=68123456.78 FY2023=71234567.89 pct:FY2024=-4.37
      total_profit FY2024=65432109.87 FY2023=70987654.32 pct:FY2024=-7.83
      net_profit FY2024=56789012.34 FY2023=61234567.89 pct:FY2024=-7.26
      net_profit_recurring FY2024=53456789.01 FY2023=58901234.56 pct:FY2024=-9.24
      basic_eps FY2024=0.45 FY2023=0.49 pct:FY2024=-8.16
      weighted_roe FY2024=12.35 FY2023=13.58
      weighted_roe_recurring FY2024=11.62 FY2023=13.06
      total_assets 2024-12-31=789012345.67 2023-12-31=712345678.9 pct:2024-12-31=10.76
      equity_attributable 2024-12-31=478901234.56 2023-12-31=443210987.65 pct:2024-12-31=8.05
      share_capital 2024-12-31=126000000 2023-12-31=126000000 pct:2024-12-31=0.00
      bvps 2024-12-31=3.8 2023-12-31=3.52 pct:2024-12-31=7.95`,
  },
  {
    // an SSE 业绩快报 in 万元 whose prior year was restated (同一控制下企业合并): 上年同期 and 本报告期初 split into 调整前 / 调整后 on a sub-heading line, changes against the adjusted figures; only the adjusted ones may be stored
    file: '603958-hengtai-2024-performance-express-restated.zh.txt',
    code: '603958', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-26',
    facts: `
      total_revenue FY2024=1567894500 FY2023=1401235600 pct:FY2024=11.89
      operating_profit FY2024=187654300 FY2023=160123400 pct:FY2024=17.19
      total_profit FY2024=186543200 FY2023=159876500 pct:FY2024=16.68
      net_profit FY2024=154321000 FY2023=134567800 pct:FY2024=14.68
      net_profit_recurring FY2024=143210900 FY2023=123456700 pct:FY2024=16.00
      basic_eps FY2024=0.62 FY2023=0.54 pct:FY2024=14.81
      weighted_roe FY2024=9.12 FY2023=8.63 pp:FY2024=0.49
      total_assets 2024-12-31=3456789000 2023-12-31=3123456700 pct:2024-12-31=10.67
      equity_attributable 2024-12-31=1876543200 2023-12-31=1723456700 pct:2024-12-31=8.88
      share_capital 2024-12-31=250000000 2023-12-31=250000000 pct:2024-12-31=0.00
      bvps 2024-12-31=7.51 2023-12-31=6.89 pct:2024-12-31=9.00`,
  },
  {
    // an SZSE 业绩快报 of a company that turned to a loss, in 元 with pipe cells: negatives in full-width brackets （…） and with '-', changes 由盈转亏 / 不适用 / 亏损收窄, a points decrease
    file: '002865-jiahe-2024-performance-express-loss.zh.txt',
    code: '002865', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-28',
    facts: `
      total_revenue FY2024=812345678.9 FY2023=956789012.34 pct:FY2024=-15.10
      operating_profit FY2024=-45678901.23 FY2023=23456789.01
      total_profit FY2024=-46123456.78 FY2023=22987654.32
      net_profit FY2024=-38765432.1 FY2023=19876543.21
      net_profit_recurring FY2024=-41234567.89 FY2023=-52345678.9
      basic_eps FY2024=-0.21 FY2023=0.11
      weighted_roe FY2024=-3.72 FY2023=1.89 pp:FY2024=-5.61
      total_assets 2024-12-31=1876543210.98 2023-12-31=1954321098.76 pct:2024-12-31=-3.98
      equity_attributable 2024-12-31=1012345678.9 2023-12-31=1065432109.87 pct:2024-12-31=-4.98
      share_capital 2024-12-31=185000000 2023-12-31=185000000 pct:2024-12-31=0.00
      bvps 2024-12-31=5.47 2023-12-31=5.76 pct:2024-12-31=-5.03`,
  },
  {
    // an SSE 业绩快报 of a group with a finance arm: 营业总收入 and, under it, 其中：营业收入; 净利润 (minority interests included) above 归属于上市公司股东的净利润; only the rows the catalogue's metrics name are stored
    file: '601599-haitong-logistics-2024-performance-express-two-revenues.zh.txt',
    code: '601599', period: 'FY2024', type: 'preliminary_annual', date: '2025-03-04',
    facts: `
      total_revenue FY2024=5234567800 FY2023=4890123400 pct:FY2024=7.04
      operating_profit FY2024=612345600 FY2023=556789000 pct:FY2024=9.98
      total_profit FY2024=609876500 FY2023=554321000 pct:FY2024=10.02
      net_profit FY2024=387654300 FY2023=354321000 pct:FY2024=9.41
      net_profit_recurring FY2024=365432100 FY2023=338765400 pct:FY2024=7.87
      basic_eps FY2024=0.97 FY2023=0.89 pct:FY2024=8.99
      weighted_roe FY2024=9.64 FY2023=9.12 pp:FY2024=0.52
      total_assets 2024-12-31=12345678900 2023-12-31=11234567800 pct:2024-12-31=9.89
      equity_attributable 2024-12-31=4123456700 2023-12-31=3854321000 pct:2024-12-31=6.98
      share_capital 2024-12-31=400000000 2023-12-31=400000000 pct:2024-12-31=0.00
      bvps 2024-12-31=10.31 2023-12-31=9.64 pct:2024-12-31=6.95`,
  },
  {
    // an SZSE 业绩快报 in 元 whose flow rows have thousands separated by spaces ("1 234 567 890.12", columns one space apart) and whose balance rows are in full-width digits and commas
    file: '300759-kangrui-2024-performance-express-spaced-digits.zh.txt',
    code: '300759', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-25',
    facts: `
      total_revenue FY2024=1234567890.12 FY2023=1098765432.1 pct:FY2024=12.36
      operating_profit FY2024=156789012.34 FY2023=134567890.12 pct:FY2024=16.51
      total_profit FY2024=155432109.87 FY2023=133210987.65 pct:FY2024=16.68
      net_profit FY2024=132109876.54 FY2023=113456789.01 pct:FY2024=16.44
      net_profit_recurring FY2024=125678901.23 FY2023=109876543.21 pct:FY2024=14.38
      basic_eps FY2024=0.53 FY2023=0.45 pct:FY2024=17.78
      weighted_roe FY2024=4.7 FY2023=4.24 pp:FY2024=0.46
      total_assets 2024-12-31=4567890123.45 2023-12-31=4123456789.01 pct:2024-12-31=10.78
      equity_attributable 2024-12-31=2876543210.98 2023-12-31=2712345678.9 pct:2024-12-31=6.05
      share_capital 2024-12-31=250000000 2023-12-31=250000000 pct:2024-12-31=0.00
      bvps 2024-12-31=11.51 2023-12-31=10.85 pct:2024-12-31=6.08`,
  },
  {
    // an SSE STAR 业绩快报 (PDF-text layout) whose unit is stated only in the note under the table ("表中数据单位为人民币万元"), with a later table in 元 that must not lend it its unit
    file: '688521-xinwei-2024-performance-express-unit-in-note.zh.txt',
    code: '688521', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-27',
    facts: `
      total_revenue FY2024=865432100 FY2023=798765400 pct:FY2024=8.35
      operating_profit FY2024=98765400 FY2023=91234500 pct:FY2024=8.25
      total_profit FY2024=98123400 FY2023=90876500 pct:FY2024=7.97
      net_profit FY2024=84567800 FY2023=79123400 pct:FY2024=6.88
      net_profit_recurring FY2024=80123400 FY2023=74567800 pct:FY2024=7.45
      basic_eps FY2024=0.53 FY2023=0.49 pct:FY2024=8.16
      weighted_roe FY2024=7.07 FY2023=6.95 pp:FY2024=0.12
      total_assets 2024-12-31=1876543200 2023-12-31=1765432100 pct:2024-12-31=6.29
      equity_attributable 2024-12-31=1234567800 2023-12-31=1150000000 pct:2024-12-31=7.35
      share_capital 2024-12-31=160000000 2023-12-31=160000000 pct:2024-12-31=0.00
      bvps 2024-12-31=7.72 2023-12-31=7.19 pct:2024-12-31=7.37`,
  },
  {
    // an SZSE 业绩快报 whose table declares no unit, but whose explanation quotes the table's figures in 万元 ("营业总收入54,321.09万元")
    file: '301236-ruida-2024-performance-express-unit-in-text.zh.txt',
    code: '301236', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-26',
    facts: `
      total_revenue FY2024=543210900 FY2023=498765400 pct:FY2024=8.91
      operating_profit FY2024=65432100 FY2023=59876500 pct:FY2024=9.28
      total_profit FY2024=65123400 FY2023=59543200 pct:FY2024=9.37
      net_profit FY2024=56789000 FY2023=51234500 pct:FY2024=10.84
      net_profit_recurring FY2024=52345600 FY2023=48765400 pct:FY2024=7.34
      basic_eps FY2024=0.71 FY2023=0.64 pct:FY2024=10.94
      weighted_roe FY2024=8.94 FY2023=8.61 pp:FY2024=0.33
      total_assets 2024-12-31=987654300 2023-12-31=923456700 pct:2024-12-31=6.95
      equity_attributable 2024-12-31=654321000 2023-12-31=612345600 pct:2024-12-31=6.85
      share_capital 2024-12-31=80000000 2023-12-31=80000000 pct:2024-12-31=0.00
      bvps 2024-12-31=8.18 2023-12-31=7.65 pct:2024-12-31=6.93`,
  },
  {
    // an HKEX overseas regulatory announcement: a disclaimer and a notice wrapped over many lines, so the Chinese 业绩快报 it carries (and its title) start far below line 15; H-share and A-share codes
    file: '06918-fuxing-auto-2024-overseas-regulatory-announcement.en.txt',
    code: '06918', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-27',
    facts: `
      total_revenue FY2024=6543210987.65 FY2023=5987654321.09 pct:FY2024=9.28
      operating_profit FY2024=512345678.9 FY2023=467890123.45 pct:FY2024=9.50
      total_profit FY2024=509876543.21 FY2023=465432109.87 pct:FY2024=9.55
      net_profit FY2024=432109876.54 FY2023=398765432.1 pct:FY2024=8.36
      net_profit_recurring FY2024=410987654.32 FY2023=380123456.78 pct:FY2024=8.12
      basic_eps FY2024=0.54 FY2023=0.5 pct:FY2024=8.00
      weighted_roe FY2024=5.82 FY2023=5.44 pp:FY2024=0.38
      total_assets 2024-12-31=15678901234.56 2023-12-31=14567890123.45 pct:2024-12-31=7.63
      equity_attributable 2024-12-31=7654321098.76 2023-12-31=7123456789.01 pct:2024-12-31=7.45
      share_capital 2024-12-31=800000000 2023-12-31=800000000 pct:2024-12-31=0.00
      bvps 2024-12-31=9.57 2023-12-31=8.9 pct:2024-12-31=7.53`,
  },
  {
    // an SZSE 业绩快报 whose two table halves came out side by side: a flow row and a balance row on one line, the last flow rows alone
    file: '002436-xingchen-2024-performance-express-side-by-side.zh.txt',
    code: '002436', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-27',
    facts: `
      total_revenue FY2024=2345678900 FY2023=2109876500 pct:FY2024=11.18
      operating_profit FY2024=234567800 FY2023=201234500 pct:FY2024=16.56
      total_profit FY2024=233210900 FY2023=200987600 pct:FY2024=16.03
      net_profit FY2024=198765400 FY2023=170123400 pct:FY2024=16.84
      net_profit_recurring FY2024=187654300 FY2023=162345600 pct:FY2024=15.59
      basic_eps FY2024=0.66 FY2023=0.57 pct:FY2024=15.79
      weighted_roe FY2024=8.81 FY2023=8.12 pp:FY2024=0.69
      total_assets 2024-12-31=4567890100 2023-12-31=4201234500 pct:2024-12-31=8.73
      equity_attributable 2024-12-31=2345678900 2023-12-31=2165432100 pct:2024-12-31=8.32
      share_capital 2024-12-31=300000000 2023-12-31=300000000 pct:2024-12-31=0.00
      bvps 2024-12-31=7.82 2023-12-31=7.22 pct:2024-12-31=8.31`,
  },
  {
    // a BSE 年度业绩快报 in 元 whose comparatives are headed 上年同期（调整后） / 本报告期初（调整后）, turning from a loss to a profit: 扭亏为盈, 不适用, ROE rows (扣非前) and (扣非后) with '-' changes
    file: '871245-huaxin-env-2024-performance-express-adjusted.zh.txt',
    code: '871245', period: 'FY2024', type: 'preliminary_annual', date: '2025-02-26',
    facts: `
      total_revenue FY2024=98765432.1 FY2023=87654321.09 pct:FY2024=12.68
      operating_profit FY2024=6543210.98 FY2023=-2345678.9
      total_profit FY2024=6512345.67 FY2023=-2398765.43
      net_profit FY2024=5678901.23 FY2023=-2012345.67
      net_profit_recurring FY2024=4987654.32 FY2023=-3123456.78
      basic_eps FY2024=0.09 FY2023=-0.03
      weighted_roe FY2024=3.69 FY2023=-1.34
      weighted_roe_recurring FY2024=3.24 FY2023=-2.08
      total_assets 2024-12-31=234567890.12 2023-12-31=221234567.89 pct:2024-12-31=6.03
      equity_attributable 2024-12-31=156789012.34 2023-12-31=151110111.11 pct:2024-12-31=3.76
      share_capital 2024-12-31=63000000 2023-12-31=63000000 pct:2024-12-31=0.00
      bvps 2024-12-31=2.49 2023-12-31=2.4 pct:2024-12-31=3.75`,
  },
];

const WARNINGS: Record<string, RegExp[]> = {
  '03316-bayview-2024-annual-results.en.txt': [/row "Gross profit" matches no catalogue metric; not stored/],
  '601599-haitong-logistics-2024-performance-express-two-revenues.zh.txt': [/line 14: row "其中:营业收入" .*not stored/, /line 17: row "净利润" .*not stored/],
  '301236-ruida-2024-performance-express-unit-in-text.zh.txt': [/the table declares no unit; read as 万元 because the text gives its figures in 万元 \(".*54,321\.09万元"\)/],
};

describe('announcements in the same templates, from other companies, periods and units', () => {
  it.each(EXPECTED)('$file: every figure of its table, in yuan and shares, for its period', (e) => {
    const ing = parse(e.file);
    expect(ing.company.code).toBe(e.code);
    expect(ing.document).toMatchObject({ period: e.period, type: e.type, date: e.date, audited: e.type === 'annual' });
    expect(ing.document.facts.map((f) => `${f.metric} ${f.measure} ${f.period} ${f.value}`).sort()).toEqual(expand(e.facts));
    expect(ing.checks.filter((c) => !c.ok)).toEqual([]);
    expect(ing.checks.length).toBeGreaterThan(0);
    const warnings = WARNINGS[e.file] ?? [];
    expect(ing.warnings).toHaveLength(warnings.length);
    warnings.forEach((w, i) => expect(ing.warnings[i]).toMatch(w));
    // Every figure is stated by its quote, and the quote is in the text (as NFKC reads it, spaces aside).
    const source = readFileSync(join(VARIANTS, e.file), 'utf8').normalize('NFKC').replace(/\s+/g, '');
    for (const f of ing.document.facts.filter((x) => !x.source.where.startsWith('text:'))) {
      expect(source, `${f.metric} ${f.period}: quote "${f.source.quote}"`).toContain(f.source.quote.replace(/\s+/g, ''));
      const q = stated(f.source.quote, f.source.multiplier);
      expect(f.measure === 'value' ? q.eq(f.value) : q.abs().eq(new Decimal(f.value).abs()), `${f.metric} ${f.measure} ${f.period}`).toBe(true);
    }
  });

  it('knows each company by its codes and names, Chinese names included where an HKEX mirror gives no 证券简称', () => {
    expect(parse('01893-shengda-pharma-2024-interim-preliminary.en.txt').company).toMatchObject({
      code: '01893',
      listings: [{ exchange: 'HKEX', code: '01893' }],
      name: { en: 'Shengda Pharmaceutical Group Co., Ltd.', zh: '盛达医药集团股份有限公司' },
      aliases: expect.arrayContaining(['Shengda Pharma', '盛达医药集团', '盛达医药']),
    });
    expect(parse('832175-dongfang-micro-2024-performance-express.zh.txt').company).toMatchObject({ shortName: 'Dongfang Micro', aliases: expect.arrayContaining(['东方微电']) });
  });

  it('reads the signer, place and board of an HKEX mirror dated day first', () => {
    const doc = parse('02868-lakeside-lithium-2024-preliminary-annual-results.en.txt').document;
    expect(doc).toMatchObject({ date: '2025-02-26', place: 'Xining, Qinghai, the PRC' });
    expect(doc.people.find((p) => p.roles.includes('signer'))?.name).toBe('Zhang Jianhua');
    expect(doc.people.filter((p) => p.roles.includes('director'))).toHaveLength(6);
    expect(parse('01893-shengda-pharma-2024-interim-preliminary.en.txt').document).toMatchObject({ date: '2024-07-15', place: 'Nanjing, the PRC' });
  });

  it('refuses a table whose unit was lost, naming the file, the row and why', () => {
    const file = '300977-lianchuang-2024-performance-express-no-unit.zh.txt';
    expect(() => parse(file)).toThrow(IngestError);
    expect(() => parse(file)).toThrow(`${file}:12: row "营业总收入": no unit; the table declares none`);
  });

  it('refuses a table whose revenue and net profit figures OCR garbled, naming those rows and what they hold', () => {
    const file = '688702-jinghe-2023-performance-express-ocr.zh.txt';
    expect(() => parse(file)).toThrow(IngestError);
    expect(() => parse(file)).toThrow(/no readable 营业总收入 \/ Total revenue or .* row \(line 8: row "营业总收入" has figures that cannot be read \("4S6,7B9,0l2\.34 39B,765,432\.l0 l4\.55"\); line 11: row "归属于母公司所有者的净利润"/);
  });

  it('refuses a table in HK$: the knowledge holds money in RMB, and no rate is given to convert it', () => {
    const file = '00981-harbour-tech-2024-annual-results-hkd.en.txt';
    expect(() => parse(file)).toThrow(IngestError);
    expect(() => parse(file)).toThrow(/^00981-harbour-tech-2024-annual-results-hkd\.en\.txt:\d+: the key table's figures are in HK\$ \(".*HK\$'000.*"\), not RMB/);
  });

  it('refuses a third-quarter table whose comparatives are split into 调整前 / 调整后, naming the rows and why, rather than read the unadjusted figures', () => {
    const file = '002761-jinxin-2024-q3-restated.zh.txt';
    expect(() => parse(file)).toThrow(IngestError);
    expect(() => parse(file)).toThrow(/^002761-jinxin-2024-q3-restated\.zh\.txt:\d+: the key table has no readable .* row \(line \d+: row "营业收入\(元\)" .*调整前.*\)/);
  });

  /** A variant's text changed by `edit`, read as that file. */
  const parseEdited = (file: string, edit: (text: string) => string) => {
    const k = loadKnowledge(dir);
    return ingestText(edit(readFileSync(join(VARIANTS, file), 'utf8')), file, k, new CatalogueIndex(k));
  };
  const valueOf = (facts: { metric: string; measure: string; period: string; value: string }[], metric: string, period: string) => facts.find((f) => f.metric === metric && f.measure === 'value' && f.period === period)?.value;

  it('never reads an unadjusted comparative: without its 调整前 / 调整后 sub-heading, a row of four figures is refused, not guessed', () => {
    const file = '603958-hengtai-2024-performance-express-restated.zh.txt';
    const lost = (t: string) => t.replace(/^调整前 调整后 调整后\n/gm, '');
    expect(() => parseEdited(file, lost)).toThrow(/no readable .* row \(line 13: row "营业总收入" has 4 figures where the table has 3 columns/);
    // The sub-heading in the other order still drops the 调整前 figure, wherever it sits.
    const swapped = (t: string) => t.replace(/^调整前 调整后 调整后$/gm, '调整后 调整前 调整后').replace('156,789.45 132,456.78 140,123.56 11.89', '156,789.45 140,123.56 132,456.78 11.89');
    expect(valueOf(parseEdited(file, swapped).document.facts, 'total_revenue', 'FY2023')).toBe('1401235600');
  });

  it('keeps 营业总收入 over 营业收入 in either order, and stores neither of two rows that name a metric equally well but disagree', () => {
    const file = '601599-haitong-logistics-2024-performance-express-two-revenues.zh.txt';
    const reversed = parseEdited(file, (t) => t.replace(/^(营业总收入.*)\n(其中：营业收入.*)$/m, (_m, total: string, part: string) => `${part.replace('其中：', '')}\n${total}`));
    expect(valueOf(reversed.document.facts, 'total_revenue', 'FY2024')).toBe('5234567800');
    expect(reversed.warnings).toContainEqual(expect.stringMatching(/row "营业收入" also reads as total_revenue; row "营业总收入" \(line 14\) names it more exactly and is kept; not stored/));
    const twice = parseEdited(file, (t) => t.replace('净利润\t45,678.90', '归属于母公司所有者的净利润\t45,678.90'));
    expect(twice.document.facts.some((f) => f.metric === 'net_profit' && f.measure === 'value')).toBe(false);
    expect(twice.warnings).toContainEqual(expect.stringMatching(/row "归属于母公司所有者的净利润" reads as net_profit, as do rows "归属于上市公司股东的净利润" \(line 18\) with other figures; none of them stored/));
  });

  it('refuses a table whose unit says HK$ above it or in its heading, and does not take a later table\'s unit for its own', () => {
    const file = '603721-huayuan-2024-performance-express.zh.txt';
    expect(() => parseEdited(file, (t) => t.replace('单位：人民币元', '单位：港元'))).toThrow(/:11: the key table's figures are in 港元 \("单位:港元"\)/);
    const hk = '03316-bayview-2024-annual-results.en.txt';
    expect(() => parseEdited(hk, (t) => t.replace("\tRMB'000\tRMB'000\n", '\n').replace('FINANCIAL HIGHLIGHTS', () => "FINANCIAL HIGHLIGHTS (HK$'000)"))).toThrow(/the key table's figures are in HK\$/);
    // The unit line lost above the table: the 元 of the non-recurring table below is not the key table's.
    expect(() => parseEdited('688521-xinwei-2024-performance-express-unit-in-note.zh.txt', (t) => t.replace('表中数据单位为人民币万元,', ''))).toThrow(/row "营业总收入": no unit/);
  });

  it('refuses a row whose whole figures are grouped by spaces, where one figure ends and the next begins being a guess', () => {
    const file = '300759-kangrui-2024-performance-express-spaced-digits.zh.txt';
    const ing = parseEdited(file, (t) => t.replace('营业利润 156 789 012.34 134 567 890.12', '营业利润 156 789 012 134 567 890'));
    expect(ing.document.facts.some((f) => f.metric === 'operating_profit')).toBe(false);
    expect(ing.warnings).toContainEqual(expect.stringMatching(/line 14: row "营业利润" has figures that cannot be read \("156 789 012 134 567 890 16.51%"\); not stored/));
  });

  it('reports, without storing, a damaged row of a document it otherwise reads', () => {
    const file = '688702-jinghe-2023-performance-express-ocr.zh.txt';
    const text = readFileSync(join(VARIANTS, file), 'utf8').replace('4S6,7B9,0l2.34 39B,765,432.l0 l4.55', '456,789,012.34 398,765,432.10 14.55');
    const k = loadKnowledge(dir);
    const ing = ingestText(text, file, k, new CatalogueIndex(k));
    expect(ing.document.facts.find((f) => f.metric === 'total_revenue' && f.period === 'FY2023')?.value).toBe('456789012.34');
    expect(ing.document.facts.some((f) => f.metric === 'net_profit')).toBe(false);
    expect(ing.document.facts.find((f) => f.metric === 'basic_eps' && f.period === 'FY2023')?.value).toBe('0.45'); // the next row keeps its own label
    expect(ing.warnings).toEqual([`line 11: row "归属于母公司所有者的净利润" has figures that cannot be read ("S6,7B9,0l2.34 6l,234,S67.B9 -7.2б"); not stored`]);
  });
});

describe('npm run ingest with the variants', () => {
  it('stores the readable ones, refuses the others untouched, and every stored figure and change is then answerable', async () => {
    const files = readdirSync(VARIANTS).sort();
    const { code, stdout, stderr } = await ingest(...files.map((f) => join(VARIANTS, f)));
    expect(code).toBe(1);
    expect(stdout).toMatch(/22 of 26 stored, 4 refused/);
    expect(stderr).toMatch(/refused 300977-lianchuang-2024-performance-express-no-unit\.zh\.txt:12: row "营业总收入": no unit/);
    expect(stderr).toMatch(/refused 688702-jinghe-2023-performance-express-ocr\.zh\.txt:5: the key table has no readable/);
    expect(stderr).toMatch(/refused 00981-harbour-tech-2024-annual-results-hkd\.en\.txt:\d+: the key table's figures are in HK\$/);
    expect(stderr).toMatch(/refused 002761-jinxin-2024-q3-restated\.zh\.txt:\d+: the key table has no readable/);
    expect(readdirSync(join(dir, 'companies')).some((c) => /^(300977|688702|00981|002761)/.test(c))).toBe(false);

    const k = loadKnowledge(dir);
    expect(k.companies).toHaveLength(22);
    const bot = createBot(k);
    let asked = 0;
    for (const f of k.facts.values()) {
      const company = k.companyByCode.get(f.company)!;
      const metric = k.metrics.get(f.metric)!;
      const when = /^\d{4}-/.test(f.period) ? `at ${f.period}` : periodLabel(f.period);
      const q = f.measure === 'value' ? `${company.code} ${metric.names.en} ${when}` : `${company.code} change in ${metric.names.en} ${when}`;
      const want = f.measure === 'value' ? f.metric : `${f.metric}.${f.measure}`;
      const answer = toJson(bot.ask(q));
      expect(
        answer.answers.map((a) => `${a.metric} ${a.value}`),
        q,
      ).toContain(`${want} ${f.value.toFixed()}`);
      asked++;
    }
    expect(asked).toBe(EXPECTED.reduce((n, e) => n + expand(e.facts).length, 0));

    // As people ask: by short name, code or Chinese name, in English or Chinese.
    const ask = (q: string) => toJson(bot.ask(q)).answers[0];
    expect(ask('Huayuan revenue 2024')).toMatchObject({ company: '603721', metric: 'total_revenue', period: 'FY2024', value: '2845612378.45' });
    expect(ask('603721 净利润')).toMatchObject({ metric: 'net_profit', value: '268345120.77' });
    expect(ask('深蓝生物 2023 净利润')).toMatchObject({ company: '300961', value: '-118765400' });
    expect(ask('Lakeside Lithium ROE 2024')).toMatchObject({ metric: 'weighted_roe', value: '6.12' });
    expect(ask('盛达医药 2024年上半年净利润')).toMatchObject({ company: '01893', period: 'H1-2024', value: '-198765000' });
    expect(ask('Huaxia Rail revenue in the first nine months of 2024')).toMatchObject({ period: '9M-2024', value: '8765400000' });
    expect(ask('粤海能源 2024年前三季度营业收入')).toMatchObject({ period: '9M-2024', value: '9876543000' });
    expect(ask('中联交建 股本')).toMatchObject({ metric: 'share_capital', period: '2024-12-31', value: '22750000000' });
    expect(ask('芯途科技 每股净资产')).toMatchObject({ metric: 'bvps', period: '2025-03-31', value: '12.68' });
    expect(ask('Fengyuan diluted EPS Q3 2024')).toMatchObject({ metric: 'diluted_eps', value: '0.13' });
    // Year to date, in a Q3 report: the first nine months, not the quarter; in an interim one, the half year.
    expect(ask('Fengyuan revenue year to date')).toMatchObject({ period: '9M-2024', value: '1456789012.34' });
    expect(ask('Fengyuan 年初至报告期末营业收入')).toMatchObject({ period: '9M-2024', value: '1456789012.34' });
    expect(ask('Fengyuan YTD net profit 2024')).toMatchObject({ period: '9M-2024' });
    expect(ask('Hengchuan revenue ytd')).toMatchObject({ period: 'H1-2024' });
    expect(ask('Dongfang Micro recurring ROE')).toMatchObject({ metric: 'weighted_roe_recurring', value: '11.62' });
  });

  it('leaves the knowledge folder byte for byte unchanged when it refuses a variant', async () => {
    await ingest(join(VARIANTS, '603721-huayuan-2024-performance-express.zh.txt'));
    const before = snapshot(dir);
    const { code } = await ingest(join(VARIANTS, '300977-lianchuang-2024-performance-express-no-unit.zh.txt'), join(VARIANTS, '688702-jinghe-2023-performance-express-ocr.zh.txt'));
    expect(code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
  });
});
