import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot, KnowledgeError, loadKnowledge } from '../src/index.js';
import { factKey } from '../src/knowledge/model.js';
import { priorPeriod } from '../src/periods.js';

const KNOWLEDGE = join(import.meta.dirname, '..', 'knowledge');
const k = loadKnowledge(KNOWLEDGE);
const facts = [...k.facts.values()];

/** The number a quote states, in base units: "6,687,864,421.33", "approximately RMB1.518 billion", "-6.66%". */
function quotedNumber(quote: string): Decimal {
  const m = /(-?[\d,]+(?:\.\d+)?)\s*(billion|million)?/.exec(quote.replace(/RMB\s?/g, ''))!;
  const n = new Decimal(m[1]!.replaceAll(',', ''));
  return m[2] === 'billion' ? n.times(1e9) : m[2] === 'million' ? n.times(1e6) : n;
}

describe('shipped knowledge', () => {
  it('holds both columns of table I and the reported changes for JL MAG FY2023', () => {
    expect(facts.filter((f) => f.company === '06680' && f.measure === 'value')).toHaveLength(11 * 2 + 2);
    expect(facts.filter((f) => f.company === '06680' && f.measure !== 'value')).toHaveLength(11 + 1);
  });

  it('states every figure exactly as its source text does', () => {
    const texts = new Map<string, string>();
    for (const f of facts) {
      const path = join(KNOWLEDGE, 'companies', k.companyByCode.get(f.company)!.folder, 'sources', f.document.file);
      const text = texts.get(path) ?? readFileSync(path, 'utf8').replace(/\s+/g, ' ');
      texts.set(path, text);
      expect(text, `${f.metric} ${f.period}: quote not in source`).toContain(f.source.quote);
      const stated = quotedNumber(f.source.quote).times(f.source.multiplier ?? 1);
      expect(f.measure === 'value' ? f.value.eq(stated) : f.value.abs().eq(stated.abs()), `${f.metric} ${f.measure} ${f.period}`).toBe(true);
    }
  });

  it('agrees with every reported change, recomputed from the two values', () => {
    for (const change of facts.filter((f) => f.measure !== 'value')) {
      const cur = k.facts.get(factKey(change.company, change.metric, 'value', change.period));
      const prior = k.facts.get(factKey(change.company, change.metric, 'value', priorPeriod(change.period)));
      if (!cur || !prior) continue;
      const computed = change.measure === 'change_pp' ? cur.value.minus(prior.value) : cur.value.minus(prior.value).div(prior.value.abs()).times(100);
      expect(computed.minus(change.value).abs().toNumber(), `${change.metric} ${change.period}`).toBeLessThanOrEqual(0.01);
    }
  });

  it('is what ingest reads from the announcement: every curated figure, both periods, row by row', () => {
    const curated = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'curated', '06680-2023-annual-preliminary.json'), 'utf8')) as {
      facts: { metric: string; measure?: string; period: string; value: string; unit: string }[];
    };
    const shipped = facts.filter((f) => f.company === '06680').map((f) => `${f.metric} ${f.measure} ${f.period} ${f.value.toFixed()} ${f.unit}`).sort();
    const expected = curated.facts.map((f) => `${f.metric} ${f.measure ?? 'value'} ${f.period} ${new Decimal(f.value).toFixed()} ${f.unit}`).sort();
    expect(shipped).toEqual(expected);
  });

  it('has net assets per share that agree with equity over the share count', () => {
    for (const bvps of facts.filter((f) => f.metric === 'bvps' && f.measure === 'value')) {
      const equity = k.facts.get(factKey(bvps.company, 'equity_attributable', 'value', bvps.period))!;
      const shares = k.facts.get(factKey(bvps.company, 'share_capital', 'value', bvps.period))!;
      expect(equity.value.div(shares.value).minus(bvps.value).abs().toNumber()).toBeLessThan(0.01);
    }
  });
});

describe('loading a broken knowledge folder', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function brokenCopy(path: string, edit: (text: string) => string): string {
    dir = mkdtempSync(join(tmpdir(), 'results-bot-knowledge-'));
    cpSync(KNOWLEDGE, dir, { recursive: true });
    const file = join(dir, path);
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return dir;
  }
  const failure = (d: string) => {
    try {
      createBot(loadKnowledge(d));
    } catch (e) {
      expect(e).toBeInstanceOf(KnowledgeError);
      return (e as Error).message;
    }
    throw new Error('loaded a broken knowledge folder');
  };
  const DOC = 'companies/06680-jlmag/documents/FY2023-preliminary_annual.json';

  it('names the file when it is not JSON', () => {
    expect(failure(brokenCopy('catalogue/metrics.json', (t) => t.slice(0, 200)))).toMatch(/catalogue\/metrics\.json: not valid JSON/);
  });
  it('names the file and field of a value that is not a plain decimal', () => {
    const msg = failure(brokenCopy(DOC, (t) => t.replace('"6687864421.33"', '"6,687,864,421.33"')));
    expect(msg).toMatch(/FY2023-preliminary_annual\.json: facts\[0\]\.value: must be a plain decimal string/);
  });
  it('rejects a fact about a metric the catalogue does not have', () => {
    expect(failure(brokenCopy(DOC, (t) => t.replace('"metric": "total_revenue"', '"metric": "turnover"')))).toMatch(/facts\[0\]\.metric: "turnover" is not a reported metric/);
  });
  it('rejects a unit that does not fit the metric', () => {
    expect(failure(brokenCopy(DOC, (t) => t.replace('"unit": "RMB"', '"unit": "%"')))).toMatch(/facts\[0\]\.unit: "%" does not fit total_revenue value \(expected "RMB"\)/);
  });
  it('rejects a balance stated for a span', () => {
    expect(failure(brokenCopy(DOC, (t) => t.replace('"period": "2023-12-31"', '"period": "FY2023"')))).toMatch(/total_assets is a balance, so its period must be a date/);
  });
  it('rejects a formula over an unknown metric', () => {
    expect(failure(brokenCopy('catalogue/derived.json', (t) => t.replace('net_profit / total_revenue * 100', 'net_income / total_revenue * 100')))).toMatch(/derived\[0\]\.formula: unknown metric "net_income"/);
  });
  it('rejects a formula it cannot read', () => {
    expect(failure(brokenCopy('catalogue/derived.json', (t) => t.replace('net_profit / total_revenue * 100', 'net_profit / (total_revenue')))).toMatch(/derived\[0\]\.formula: .*closing parenthesis/);
  });
  it('rejects a missing company file', () => {
    const d = brokenCopy(DOC, (t) => t);
    rmSync(join(d, 'companies/06680-jlmag/company.json'));
    expect(failure(d)).toMatch(/company\.json: file is missing/);
  });
  it('rejects one alias given to two different metrics', () => {
    expect(failure(brokenCopy('catalogue/metrics.json', (t) => t.replace('"topline"', '"operating profit"')))).toMatch(/alias "operating profit"/);
  });
  it('says which folder it could not find', () => {
    expect(() => loadKnowledge('/nonexistent/knowledge')).toThrow(/knowledge folder not found: \/nonexistent\/knowledge/);
  });
});
