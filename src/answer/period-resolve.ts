import type { Company, MetricDef } from '../knowledge/model.js';
import { flowKey, openingDate, parseFlowKey, periodForKind, priorPeriod } from '../periods.js';
import type { PeriodSpec } from '../understand/periods.js';

/** A period key in the form a metric needs: a span for flows, a date for balances. */
export const periodFor = (metric: Pick<MetricDef, 'kind'>, key: string): string => periodForKind(metric.kind, key);

/** The period of the company's newest document: what "the reporting period" means. */
export function latestPeriod(company: Company): string | undefined {
  return company.documents[0]?.period;
}

/** The span from January to the end of a flow period: Q3 is the first nine months, Q2 the half year. */
function yearToDate(key: string): string {
  const flow = parseFlowKey(key);
  if (flow?.type !== 'Q' || !flow.n || flow.n === 1) return key;
  return flowKey(flow.n === 2 ? { type: 'H', n: 1, year: flow.year } : flow.n === 3 ? { type: '9M', year: flow.year } : { type: 'FY', year: flow.year });
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
    } else {
      // "At the end of the year" after "at the beginning of the year": the end of the year that began then.
      const latestFlow = latest ? parseFlowKey(periodFor({ ...metric, kind: 'flow' }, latest)) : undefined;
      const fromOpening = spec.anchor === 'end' && !!latestFlow && base === openingDate(latestFlow);
      key = periodFor({ ...metric, kind: 'flow' }, fromOpening ? latest! : base);
    }
    if (metric.kind === 'balance' && spec.anchor === 'start') {
      const flow = parseFlowKey(periodFor({ ...metric, kind: 'flow' }, key));
      key = flow ? openingDate(flow) : key;
    } else key = periodFor(metric, key);
    if (spec.ytd) {
      // "YTD 2024" in a year reported to Q3 is its first nine months.
      const baseFlow = parseFlowKey(periodFor({ ...metric, kind: 'flow' }, base));
      const flow = parseFlowKey(key);
      if (flow?.type === 'FY' && baseFlow && baseFlow.year === flow.year && metric.kind === 'flow') key = flowKey(baseFlow);
      key = yearToDate(key);
    }
    if (!out.includes(key)) out.push(key);
  }
  return out;
}
