import type { Company, MetricDef } from '../knowledge/model.js';
import { flowKey, openingDate, parseFlowKey, periodForKind, priorPeriod } from '../periods.js';
import type { PeriodSpec } from '../understand/periods.js';

/** A period key in the form a metric needs: a span for flows, a date for balances. */
export const periodFor = (metric: Pick<MetricDef, 'kind'>, key: string): string => periodForKind(metric.kind, key);

/** The period of the company's newest document: what "the reporting period" means. */
export function latestPeriod(company: Company): string | undefined {
  return company.documents[0]?.period;
}

/**
 * The periods a question asks for, for one metric: explicit years and quarters, "last year" and "the beginning"
 * relative to the conversation's period (or else the latest report), and by default the conversation's period or
 * the latest report's.
 */
export function resolvePeriods(specs: PeriodSpec[], metric: MetricDef, company: Company, contextPeriod?: string): string[] {
  const latest = latestPeriod(company);
  const base = contextPeriod ?? latest;
  if (!base) return [];
  if (!specs.length) return [periodFor(metric, base)];
  const out: string[] = [];
  for (const spec of specs) {
    let key: string;
    if (spec.rel === 'prior') {
      key = periodFor(metric, base);
      for (let back = spec.back ?? 1; back > 0; back--) key = priorPeriod(key);
    }
    else if (spec.rel === 'current') key = periodFor(metric, latest ?? base);
    else if (spec.type) {
      const baseFlow = parseFlowKey(periodFor({ ...metric, kind: 'flow' }, base));
      const year = spec.year ?? baseFlow?.year ?? new Date().getFullYear();
      key = flowKey({ type: spec.type, year, ...(spec.n ? { n: spec.n } : {}) });
    } else key = periodFor({ ...metric, kind: 'flow' }, base);
    if (metric.kind === 'balance' && spec.anchor === 'start') {
      const flow = parseFlowKey(periodFor({ ...metric, kind: 'flow' }, key));
      key = flow ? openingDate(flow) : key;
    } else key = periodFor(metric, key);
    if (!out.includes(key)) out.push(key);
  }
  return out;
}
