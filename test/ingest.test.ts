import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot, loadKnowledge, toJson } from '../src/index.js';
import { splitGlued } from '../src/ingest/cells.js';
import { ingestText, IngestError } from '../src/ingest/document.js';
import { periodLabel } from '../src/periods.js';
import { CatalogueIndex } from '../src/understand/catalogue-index.js';
import { emptyKnowledge, runIngest, snapshot } from './support/ingest.js';

const SHARED = join(import.meta.dirname, 'fixtures', 'announcements');
const DAMAGE = join(import.meta.dirname, 'fixtures', 'damage');
const fixture = (dir: string, name: string) => join(dir, name);

let dir: string;
beforeEach(() => {
  dir = emptyKnowledge('results-bot-ingest-test-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ingest = (...args: string[]) => runIngest(dir, ...args);

const read = (path: string) => readFileSync(path, 'utf8');
const parse = (path: string) => {
  const k = loadKnowledge(dir);
  return ingestText(read(path), path, k, new CatalogueIndex(k));
};
const fact = (ing: ReturnType<typeof parse>, metric: string, period: string, measure = 'value') =>
  ing.document.facts.find((f) => f.metric === metric && f.period === period && f.measure === measure)?.value;

describe('reading announcements', () => {
  it('reads the English HKEX mirror, damage rows and a points change split over three lines included', () => {
    const ing = parse(fixture(SHARED, '06680-jlmag-2023-preliminary-annual-results.en.txt'));
    expect(ing.rows.map((r) => r.metric)).toEqual(['total_revenue', 'operating_profit', 'total_profit', 'net_profit', 'net_profit_recurring', 'basic_eps', 'weighted_roe', 'total_assets', 'equity_attributable', 'share_capital', 'bvps']);
    expect(fact(ing, 'equity_attributable', '2022-12-31')).toBe('6784850326.07');
    expect(fact(ing, 'weighted_roe', 'FY2023', 'change_pp')).toBe('-3.24');
    expect(fact(ing, 'sales_volume', 'FY2023')).toBe('15122');
    expect(fact(ing, 'operating_cash_flow', 'FY2023')).toBe('1518000000');
    expect(ing.document).toMatchObject({ period: 'FY2023', date: '2024-03-14', place: 'Jiangxi', audited: false });
    expect(ing.document.people.find((p) => p.roles.includes('signer'))).toMatchObject({ name: 'Cai Baogui' });
    expect(ing.document.statements.some((s) => s.subject === 'reasons' && /Ningbo/.test(s.text))).toBe(true);
    expect(ing.checks.every((c) => c.ok)).toBe(true);
  });

  it('reads a 业绩快报 in 万元, with labels split around their numbers and a points row broken over two lines', () => {
    const ing = parse(fixture(SHARED, '688289-sansure-2022-performance-express.zh.txt'));
    expect(ing.company).toMatchObject({ code: '688289', shortName: 'Sansure', name: { zh: '圣湘生物科技股份有限公司' } });
    expect(ing.company.aliases).toContain('圣湘生物');
    expect(fact(ing, 'total_revenue', 'FY2022')).toBe('6478218500');
    expect(fact(ing, 'net_profit_recurring', 'FY2021')).toBe('2150544600');
    expect(fact(ing, 'share_capital', '2022-12-31')).toBe('588459803'); // 58,845.9803 万股
    expect(fact(ing, 'basic_eps', 'FY2022')).toBe('3.45'); // per-share rows stay in yuan
    expect(fact(ing, 'weighted_roe', 'FY2022', 'change_pp')).toBe('-10.82');
    expect(ing.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('reads a 业绩快报 in 元 with the points change above its row and a page number inside the table', () => {
    const ing = parse(fixture(SHARED, '688367-gongda-gaoke-2023-performance-express.zh.txt'));
    expect(ing.rows).toHaveLength(11);
    expect(fact(ing, 'net_profit', 'FY2023')).toBe('20041157.15');
    expect(fact(ing, 'weighted_roe', 'FY2023', 'change_pp')).toBe('-5.87');
    expect(fact(ing, 'bvps', '2023-12-31')).toBe('6.57');
    expect(ing.document.date).toBe('2024-02-24');
  });

  it('splits cells glued together by extraction, using what the row must hold', () => {
    expect(splitGlued('1,650,586,918.861,508,713,746.909.40%', 3)).toEqual(['1,650,586,918.86', '1,508,713,746.90', '9.40%']);
    const ing = parse(fixture(DAMAGE, '002903-lanhai-2023-performance-express.zh.txt'));
    expect(fact(ing, 'total_revenue', 'FY2023')).toBe('16506000000'); // 165.06 亿元
    expect(fact(ing, 'net_profit', 'FY2022')).toBe('1345000000');
    expect(fact(ing, 'share_capital', '2023-12-31')).toBe('1000000000'); // 10.00 亿股
    expect(fact(ing, 'weighted_roe', 'FY2023', 'change_pp')).toBe('-1.29'); // written "-1.29%"
  });

  it('reads a first-quarter report with pipe-separated cells, "不适用" and a change written in words', () => {
    const ing = parse(fixture(DAMAGE, '688901-huaxin-2024-q1.zh.txt'));
    expect(ing.document).toMatchObject({ period: 'Q1-2024', type: 'quarterly' });
    expect(fact(ing, 'operating_cash_flow', 'Q1-2024')).toBe('-50123456.78');
    expect(fact(ing, 'operating_cash_flow', 'Q1-2024', 'change_pct')).toBeUndefined();
    expect(fact(ing, 'weighted_roe', 'Q1-2024', 'change_pp')).toBe('-0.54');
    expect(fact(ing, 'diluted_eps', 'Q1-2023')).toBe('0.3');
    expect(fact(ing, 'total_assets', '2023-12-31')).toBe('24000000000'); // 上年度末
    expect(ing.warnings).toEqual([expect.stringMatching(/row "研发投入合计" matches no catalogue metric; not stored/)]);
  });

  it('reads a third-quarter report: the quarter and the year to date, with spaced labels in 万元', () => {
    const ing = parse(fixture(DAMAGE, '600902-dongsheng-2023-q3.zh.txt'));
    expect(fact(ing, 'total_revenue', 'Q3-2023')).toBe('523456700');
    expect(fact(ing, 'total_revenue', '9M-2023')).toBe('1501234500');
    expect(fact(ing, 'net_profit', '9M-2023', 'change_pct')).toBe('-5.20');
    expect(fact(ing, 'weighted_roe', '9M-2023', 'change_pp')).toBe('-0.25');
    expect(fact(ing, 'total_assets', '2023-09-30')).toBe('8800000000');
    expect(fact(ing, 'total_assets', '2022-12-31')).toBe('8500000000');
  });

  it("reads an HKEX English interim announcement in RMB'000, with its board and signer", () => {
    const ing = parse(fixture(DAMAGE, '09904-harbourview-2024-interim.en.txt'));
    expect(ing.document).toMatchObject({ period: 'H1-2024', type: 'interim', date: '2024-08-20', place: 'Hong Kong' });
    expect(fact(ing, 'total_revenue', 'H1-2024')).toBe('8765432000');
    expect(fact(ing, 'net_profit', 'H1-2023')).toBe('1111111000');
    expect(fact(ing, 'equity_attributable', '2023-12-31')).toBe('19500000000');
    expect(ing.document.people.find((p) => p.roles.includes('signer'))?.name).toBe('Chan Tai Man');
    expect(ing.company.name).toEqual({ en: 'Harbourview Logistics Holdings Limited', zh: '港景物流控股有限公司' });
  });

  it('reads HKEX financial highlights in RMB million: negatives in brackets, per-share figures in cents, N/A changes', () => {
    const ing = parse(fixture(DAMAGE, '09907-northstar-2023-annual-results.en.txt'));
    expect(ing.document).toMatchObject({ period: 'FY2023', type: 'annual', audited: true });
    expect(fact(ing, 'total_revenue', 'FY2023')).toBe('1234500000');
    expect(fact(ing, 'total_revenue', 'FY2023', 'change_pct')).toBe('-17.7');
    expect(fact(ing, 'total_profit', 'FY2023')).toBe('-120300000');
    expect(fact(ing, 'total_profit', 'FY2023', 'change_pct')).toBeUndefined();
    expect(fact(ing, 'basic_eps', 'FY2023')).toBe('-0.105');
    expect(ing.document.facts.find((f) => f.metric === 'total_profit')!.source.quote).toBe('(120.3)');
  });

  it('catches a corrupted figure: the reported change no longer agrees with the two values', () => {
    const text = read(fixture(SHARED, '688289-sansure-2022-performance-express.zh.txt')).replace('647,821.85', '657,821.85');
    const k = loadKnowledge(dir);
    const ing = ingestText(text, '688289-sansure-2022-performance-express.zh.txt', k, new CatalogueIndex(k));
    expect(ing.checks.filter((c) => !c.ok)).toEqual([
      { check: 'total_revenue FY2022: reported change', ok: false, detail: 'reported 43.50%, recomputed 45.71% from 6578218500 and 4514539300' },
    ]);
  });

  it('refuses a document without a key table, naming the file and why', () => {
    expect(() => parse(fixture(DAMAGE, '300905-broken-2023-performance-express.zh.txt'))).toThrow(IngestError);
    expect(() => parse(fixture(DAMAGE, '300905-broken-2023-performance-express.zh.txt'))).toThrow(/300905-broken-2023-performance-express\.zh\.txt: no key financial data table found/);
  });
});

describe('npm run ingest', () => {
  it('stores every shared announcement, and every figure is then answerable', async () => {
    const files = readdirSync(SHARED).map((f) => join(SHARED, f));
    const { code, stdout } = await ingest(...files);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\[1\/3\] 06680-jlmag/);
    expect(stdout).toMatch(/3 of 3 stored/);
    const k = loadKnowledge(dir);
    const bot = createBot(k);
    let asked = 0;
    for (const f of k.facts.values()) {
      if (f.measure !== 'value') continue;
      const company = k.companyByCode.get(f.company)!;
      const metric = k.metrics.get(f.metric)!;
      const when = /^\d{4}-/.test(f.period) ? `at ${f.period}` : periodLabel(f.period);
      const answer = toJson(bot.ask(`${company.code} ${metric.names.en} ${when}`));
      expect(answer.answers.map((a) => a.value), `${company.code} ${f.metric} ${f.period}`).toContain(f.value.toFixed());
      asked++;
    }
    expect(asked).toBe(24 + 22 + 22);
  });

  it('changes nothing when the same document is ingested twice', async () => {
    const file = fixture(SHARED, '688367-gongda-gaoke-2023-performance-express.zh.txt');
    await ingest(file);
    const before = snapshot(dir);
    const { code, stdout } = await ingest(file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/unchanged: already stored in companies\/688367-gongda-gaoke/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('leaves the knowledge folder byte for byte unchanged when it refuses a document', async () => {
    await ingest(fixture(SHARED, '688289-sansure-2022-performance-express.zh.txt'));
    const before = snapshot(dir);
    const { code, stderr } = await ingest(fixture(DAMAGE, '300905-broken-2023-performance-express.zh.txt'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/refused 300905-broken-2023-performance-express\.zh\.txt: no key financial data table found/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('with --strict, refuses a document whose cross-checks fail, and reports the numbers', async () => {
    const corrupted = join(dir, '..', `${Date.now()}-688289-sansure-2022.zh.txt`);
    writeFileSync(corrupted, read(fixture(SHARED, '688289-sansure-2022-performance-express.zh.txt')).replace('647,821.85', '657,821.85'));
    try {
      const before = snapshot(dir);
      const strict = await ingest(corrupted, '--strict');
      expect(strict.code).toBe(1);
      expect(strict.stderr).toMatch(/check failed: total_revenue FY2022: reported change: reported 43.50%, recomputed 45.71%/);
      expect(snapshot(dir)).toEqual(before);
      const lenient = await ingest(corrupted);
      expect(lenient.code).toBe(0);
      expect(lenient.stdout).toMatch(/checks passed: 12 of 13/);
    } finally {
      rmSync(corrupted, { force: true });
    }
  });

  it('merges a new period, checks its opening balances against the earlier closing ones, and lets audited figures supersede preliminary ones', async () => {
    const { stdout } = await ingest(
      fixture(DAMAGE, '002903-lanhai-2023-performance-express.zh.txt'),
      fixture(DAMAGE, '002903-lanhai-2023-annual-report.zh.txt'),
      fixture(DAMAGE, '002903-lanhai-2024-performance-express.zh.txt'),
    );
    expect(stdout).toMatch(/supersedes preliminary annual results 2023 \(2024-01-30\) for FY2023/);
    expect(stdout).toMatch(/preliminary annual results 2024, FY2024[\s\S]*checks passed: 14 of 14/);
    const k = loadKnowledge(dir);
    expect(k.companies).toHaveLength(1);
    expect(k.companies[0]!.documents.map((d) => d.period)).toEqual(['FY2024', 'FY2023', 'FY2023']);
    const answer = createBot(k).ask('蓝海新能 2023 net profit');
    expect(toJson(answer).answers[0]!.value).toBe('1230000000'); // the audited figure, not the preliminary 12.34 亿元
    expect(answer.details.join('\n')).toMatch(/from the annual report 2023 announcement \(audited, 20 Mar 2024\), which supersedes the preliminary annual results 2023 announcement of 30 Jan 2024/);
  });

  it('--dry-run prints what would be stored and writes nothing', async () => {
    const before = snapshot(dir);
    const { code, stdout } = await ingest(fixture(DAMAGE, '09904-harbourview-2024-interim.en.txt'), '--dry-run');
    expect(code).toBe(0);
    expect(stdout).toMatch(/would store:/);
    expect(stdout).toMatch(/"value": "8765432000"/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('says how to use it when given no file', async () => {
    const { code, stderr } = await ingest();
    expect(code).toBe(2);
    expect(stderr).toMatch(/usage: npm run ingest -- FILE/);
  });
});

describe('many companies', () => {
  beforeEach(async () => {
    await ingest(...readdirSync(SHARED).map((f) => join(SHARED, f)));
  });
  const ask = (q: string, context?: Parameters<ReturnType<typeof createBot>['ask']>[1]) => createBot(loadKnowledge(dir)).ask(q, context);

  it('finds a company by any of its names or codes, in Chinese or English', () => {
    for (const q of ['圣湘生物 2022 营业总收入', 'Sansure revenue 2022', '688289 revenue 2022', '圣湘生物科技股份有限公司的营业总收入']) {
      expect(toJson(ask(q)).answers[0]?.value, q).toBe('6478218500');
    }
  });
  it('asks which company when none is named, listing the candidates', () => {
    const a = ask('revenue 2023');
    expect(a.status).toBe('clarify');
    expect(a.headline).toMatch(/Which company do you mean\? I know 3: JLMAG \(06680\) FY2023, Sansure \(688289\) FY2022 and Gongda Gaoke \(688367\) FY2023/);
  });
  it('lists the companies it knows with their periods', () => {
    const a = ask('which companies do you know?');
    expect(a.headline).toMatch(/I know 3 companies/);
    expect(a.details.join('\n')).toMatch(/Sansure \(688289\).*preliminary annual results 2022/);
  });
  it('compares the same metric for two named companies', () => {
    const a = toJson(ask('compare net profit of Sansure and 工大高科'));
    expect(a.answers.map((x) => [x.company, x.period, x.value])).toEqual([
      ['688289', 'FY2022', '2006774900'],
      ['688367', 'FY2023', '20041157.15'],
    ]);
  });
  it('knows a company by the first words of its name ("JL MAG" for JL MAG Rare-Earth), which no other name shares', () => {
    expect(toJson(ask('JL MAG revenue 2023')).answers[0]).toMatchObject({ company: '06680', value: '6687864421.33' });
  });
  it('ranks two companies when asked which is higher, rather than reading a change', () => {
    const a = ask('which company had higher net profit, Sansure or Gongda Gaoke?');
    expect(toJson(a).answers.map((x) => [x.metric, x.value])).toEqual([
      ['net_profit.gap', '1986733742.85'],
      ['net_profit', '2006774900'],
      ['net_profit', '20041157.15'],
    ]);
    expect(a.details.slice(0, 2)).toEqual([
      'Highest first: Sansure RMB 2,006.77 million (FY2022), Gongda Gaoke RMB 20.04 million (FY2023).',
      "Sansure's net profit attributable to shareholders is higher than Gongda Gaoke's by RMB 1,986.73 million (note the periods: FY2022 against FY2023): 2,006,774,900 − 20,041,157.15 = 1,986,733,742.85 (computed).",
    ]);
  });
  it('follows up on every company of a comparison, and ranks them when asked which is higher', () => {
    const compared = ask('compare revenue growth of Sansure and JL MAG');
    const next = ask('and net profit?', compared.context);
    expect(toJson(next).answers.map((x) => x.company)).toEqual(['688289', '06680']);
    const ranked = toJson(ask('which one had the higher ROE?', next.context));
    expect(ranked.answers.map((x) => [x.metric, x.company, x.value])).toEqual([
      ['weighted_roe.gap', '688289', '20.09'],
      ['weighted_roe', '688289', '28.2'],
      ['weighted_roe', '06680', '8.11'],
    ]);
    // One company named again narrows the conversation to it.
    const one = ask('how about Gongda Gaoke?', next.context);
    expect(toJson(ask('and its EPS?', one.context)).answers.map((x) => x.company)).toEqual(['688367']);
  });
  it('after one company and then another, "which is bigger?" ranks the two and "how much bigger is X?" gives the gap', () => {
    const first = ask("What was Sansure's net profit?");
    const second = ask('how about Gongda Gaoke?', first.context);
    expect(toJson(second).answers.map((x) => x.company)).toEqual(['688367']);
    const ranked = ask('which is bigger?', second.context);
    expect(toJson(ranked).answers[0]).toMatchObject({ metric: 'net_profit.gap', value: '1986733742.85' });
    expect(toJson(ask('by how much?', ranked.context)).answers[0]).toMatchObject({ metric: 'net_profit.gap', value: '1986733742.85' });
    const pair = ask('Gongda Gaoke revenue vs JL MAG revenue');
    const gap = toJson(ask('how much bigger is JL MAG?', pair.context));
    expect(gap.answers[0]).toMatchObject({ metric: 'total_revenue.gap', company: '06680', value: '6457719538.55' });
    expect(gap.text).toContain("JLMAG's total revenue is higher than Gongda Gaoke's by RMB 6,457.72 million: 6,687,864,421.33 − 230,144,882.78");
  });
  it('keeps the company in follow-ups', () => {
    const first = ask('工大高科 net profit 2023');
    const next = ask('and in 2022?', first.context);
    expect(toJson(next).answers[0]).toMatchObject({ company: '688367', value: '51047388.81' });
  });
});
