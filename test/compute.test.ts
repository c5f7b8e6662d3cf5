import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { evaluate, parseFormula, printFormula, references } from '../src/compute/formula.js';
import { changeOf, valueOf } from '../src/compute/lookup.js';
import { loadKnowledge } from '../src/index.js';
import { ingestedKnowledge } from './support/ingest.js';

const k = loadKnowledge(join(import.meta.dirname, '..', 'knowledge'));

describe('formulas', () => {
  it('parse with precedence and parentheses, and list their inputs', () => {
    const e = parseFormula('a / (1 + b / 100) - c * 2');
    expect(references(e)).toEqual(['a', 'b', 'c']);
    const v = evaluate(e, (id) => ({ a: new Decimal(110), b: new Decimal(10), c: new Decimal(5) })[id]);
    expect(v!.toString()).toBe('90');
  });
  it('compute exactly, without binary floating point', () => {
    const v = evaluate(parseFormula('a + b'), (id) => new Decimal(id === 'a' ? '0.1' : '0.2'));
    expect(v!.toString()).toBe('0.3');
  });
  it('give no value when an input is missing or a divisor is zero', () => {
    expect(evaluate(parseFormula('a / b'), (id) => (id === 'a' ? new Decimal(1) : undefined))).toBeUndefined();
    expect(evaluate(parseFormula('a / b'), (id) => new Decimal(id === 'a' ? 1 : 0))).toBeUndefined();
  });
  it('print with the numbers in place of the names', () => {
    expect(printFormula(parseFormula('(a - b) / b * 100'), (id) => id.toUpperCase())).toBe('(A − B) ÷ B × 100');
  });
  it('reject what they cannot read', () => {
    expect(() => parseFormula('a +')).toThrow(/ends too early/);
    expect(() => parseFormula('a $ b')).toThrow(/cannot read/);
  });
});

describe('values and changes', () => {
  it('reads a reported value exactly', () => {
    expect(valueOf(k, '06680', 'total_revenue', 'FY2023')!.value.toFixed()).toBe('6687864421.33');
  });
  it('computes a derived metric from its formula, keeping the inputs for the working', () => {
    const margin = valueOf(k, '06680', 'net_margin', 'FY2023')!;
    expect(margin.derived).toBe(true);
    expect(margin.value.toFixed()).toBe('8.4286');
    expect(margin.inputs!.map((i) => i.metric.id)).toEqual(['net_profit', 'total_revenue']);
  });
  it('computes non-recurring items as net profit less recurring net profit, to the cent', () => {
    expect(valueOf(k, '06680', 'non_recurring', 'FY2023')!.value.toFixed()).toBe('70289439.31');
  });
  it('implies a prior-year value from the later value and its reported growth', () => {
    const v = valueOf(k, '06680', 'sales_volume', 'FY2022')!;
    expect(v.implied).toBeDefined();
    expect(v.value.toFixed()).toBe('12039.81');
  });
  it('implies nothing about a quarter-end a year back: a 31 March balance grew from the year-end before it', () => {
    const dir = ingestedKnowledge('results-bot-compute-test-', [join(import.meta.dirname, 'fixtures', 'variants', '601862-huabei-heavy-2024-q1.zh.txt')]);
    try {
      const q1 = loadKnowledge(dir);
      expect(valueOf(q1, '601862', 'total_assets', '2024-03-31')!.value.toFixed()).toBe('456789012000');
      expect(valueOf(q1, '601862', 'total_assets', '2023-12-31')!.implied).toBeUndefined();
      expect(valueOf(q1, '601862', 'total_assets', '2023-03-31')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('prefers the reported change and adds the amount', () => {
    const c = changeOf(k, '06680', 'operating_profit', 'FY2023')!;
    expect(c.pct!.value.toFixed()).toBe('-19.51');
    expect(c.pct!.reported).toBeDefined();
    expect(c.abs!.toFixed()).toBe('-150006145.81');
  });
  it('gives ratios a change in percentage points', () => {
    const c = changeOf(k, '06680', 'weighted_roe', 'FY2023')!;
    expect(c.pp!.value.toFixed()).toBe('-3.24');
    expect(c.pct).toBeUndefined();
    expect(changeOf(k, '06680', 'net_margin', 'FY2023')!.pp!.value.toFixed()).toBe('-1.3784');
  });
  it('has nothing for a period no document covers', () => {
    expect(valueOf(k, '06680', 'total_revenue', 'FY2019')).toBeUndefined();
    expect(valueOf(k, '06680', 'total_revenue', 'Q1-2023')).toBeUndefined();
  });
});
