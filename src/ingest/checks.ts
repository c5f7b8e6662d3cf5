import { Decimal } from 'decimal.js';
import type { Knowledge } from '../knowledge/model.js';
import { factKey } from '../knowledge/model.js';
import type { DocumentFile } from '../knowledge/schema.js';
import { priorPeriod } from '../periods.js';

/** One cross-check of a document's figures against each other or against what is already known. */
export interface CheckResult {
  check: string; // "total_revenue FY2023: reported change"
  ok: boolean;
  detail: string; // the numbers: "reported -6.66%, recomputed -6.66% (-6.6617...)"
}

type Facts = DocumentFile['facts'];
const find = (facts: Facts, metric: string, measure: string, period: string) => facts.find((f) => f.metric === metric && f.measure === measure && f.period === period);
const places = (s: string) => s.split('.')[1]?.length ?? 0;

/**
 * Checks every figure that can be checked: each reported change against the one recomputed from its two values
 * (to the rounding the document uses, in points for ratios), net assets per share against equity over shares, and
 * an opening balance against the closing balance another document already gave for that date.
 */
export function checkDocument(doc: DocumentFile, known: Knowledge): CheckResult[] {
  const results: CheckResult[] = [];
  for (const change of doc.facts.filter((f) => f.measure !== 'value')) {
    const cur = find(doc.facts, change.metric, 'value', change.period);
    const prior = find(doc.facts, change.metric, 'value', priorPeriod(change.period));
    if (!cur || !prior) continue;
    const [a, b] = [new Decimal(cur.value), new Decimal(prior.value)];
    const reported = new Decimal(change.value);
    const d = Math.max(places(change.value), 0);
    const exact = change.measure === 'change_pp' ? a.minus(b) : b.isZero() ? undefined : a.minus(b).div(b.abs()).times(100);
    if (!exact) continue;
    // Within one unit of the last decimal shown: the document rounds from unrounded inputs.
    const ok = exact.minus(reported).abs().lte(new Decimal(10).pow(-d).times(1.01));
    const unit = change.measure === 'change_pp' ? ' points' : '%';
    results.push({
      check: `${change.metric} ${change.period}: reported change`,
      ok,
      detail: `reported ${change.value}${unit}, recomputed ${exact.toDecimalPlaces(d).toFixed(d)}${unit} from ${cur.value} and ${prior.value}`,
    });
  }
  for (const bvps of doc.facts.filter((f) => f.metric === 'bvps' && f.measure === 'value')) {
    const equity = find(doc.facts, 'equity_attributable', 'value', bvps.period);
    const shares = find(doc.facts, 'share_capital', 'value', bvps.period);
    if (!equity || !shares || new Decimal(shares.value).isZero()) continue;
    const computed = new Decimal(equity.value).div(shares.value);
    const ok = computed.minus(bvps.value).abs().lte(0.01);
    results.push({ check: `bvps ${bvps.period}: equity ÷ shares`, ok, detail: `reported ${bvps.value}, equity ${equity.value} ÷ shares ${shares.value} = ${computed.toDecimalPlaces(4).toFixed()}` });
  }
  const code = doc.id.split('-')[0]!;
  for (const f of doc.facts.filter((x) => x.measure === 'value' && /^\d{4}-\d{2}-\d{2}$/.test(x.period))) {
    const held = known.facts.get(factKey(code, f.metric, 'value', f.period));
    if (!held || held.document.id === doc.id) continue;
    const ok = held.value.eq(f.value);
    results.push({ check: `${f.metric} at ${f.period}: against ${held.document.shortTitle}`, ok, detail: `this document ${f.value}, ${held.document.shortTitle} ${held.value.toFixed()}` });
  }
  return results;
}
