import { Decimal } from 'decimal.js';
import type { Fact, Knowledge, MetricDef, UnitKind } from '../knowledge/model.js';
import { factKey } from '../knowledge/model.js';
import { endDate, nextPeriod, openingDate, parseFlowKey, periodForKind, priorPeriod } from '../periods.js';
import { evaluate, references } from './formula.js';

/** A value the bot can stand behind: read from a document, or computed from such values (and how). */
export interface Resolved {
  metric: MetricDef;
  period: string;
  value: Decimal;
  derived: boolean;
  approximate: boolean;
  fact?: Fact; // when reported
  inputs?: Resolved[]; // when computed by the metric's formula, in formula order
  implied?: { later: Resolved; growth: Fact }; // when implied by a later value and the reported growth rate
  averaged?: { opening: Resolved; closing: Resolved }; // when the mean of a balance over a period
}

/** How a value changed against the comparison period; each part is present when it can be stated. */
export interface Change {
  current: Resolved;
  prior?: Resolved;
  pct?: { value: Decimal; reported?: Fact }; // relative change, in percent
  pp?: { value: Decimal; reported?: Fact }; // for ratios: change in percentage points
  abs?: Decimal; // change in the metric's own unit (RMB, tonnes, shares)
}

/** Decimal places kept for computed values, by unit: cents for money, four places for ratios. */
const PLACES: Record<UnitKind, number> = { money: 2, money_per_share: 4, money_per_tonne: 2, percent: 4, shares: 0, tonnes: 2, ratio: 4 };
export const roundFor = (unit: UnitKind, v: Decimal): Decimal => v.toDecimalPlaces(PLACES[unit], Decimal.ROUND_HALF_UP);

export function reportedFact(k: Knowledge, company: string, metric: string, period: string, measure: Fact['measure'] = 'value'): Fact | undefined {
  return k.facts.get(factKey(company, metric, measure, period));
}

/**
 * The value of a metric for a company and period: the reported figure; else, for a derived metric, its formula
 * over resolved inputs; else a value implied by the next period's figure and its reported growth rate.
 */
export function valueOf(k: Knowledge, company: string, metricId: string | MetricDef, period: string, allowImplied = true): Resolved | undefined {
  const metric = typeof metricId === 'string' ? k.metrics.get(metricId) : metricId;
  if (!metric) return undefined;
  if (metric.formula) {
    // Each input is read at the period its own kind needs: a flow for FY2023, a balance at 2023-12-31.
    const inputs = references(metric.formula.expr).map((ref) => {
      const input = k.metrics.get(ref);
      return input && valueOf(k, company, input, periodForKind(input.kind, period), allowImplied);
    });
    if (inputs.some((i) => !i)) return undefined;
    const byId = new Map(inputs.map((i) => [i!.metric.id, i!.value]));
    const raw = evaluate(metric.formula.expr, (id) => byId.get(id));
    if (!raw) return undefined;
    return {
      metric,
      period,
      value: roundFor(metric.unit, raw),
      derived: true,
      approximate: inputs.some((i) => i!.approximate),
      inputs: inputs as Resolved[],
    };
  }
  const fact = reportedFact(k, company, metric.id, period);
  if (fact) return { metric, period, value: fact.value, derived: false, approximate: fact.approximate, fact };
  // A growth rate is measured from the period before its own (priorPeriod): a balance at 31 Mar 2024 grew from
  // 31 Dec 2023, not from 31 Mar 2023, so it implies nothing about 31 Mar 2023.
  const next = nextPeriod(period);
  if (!allowImplied || priorPeriod(next) !== period) return undefined;
  const later = valueOf(k, company, metric, next, false);
  const growth = reportedFact(k, company, metric.id, next, 'change_pct');
  if (!later || !growth || later.derived) return undefined;
  const base = growth.value.div(100).plus(1);
  if (base.isZero()) return undefined;
  return { metric, period, value: roundFor(metric.unit, later.value.div(base)), derived: true, approximate: true, implied: { later, growth } };
}

/**
 * The mean of a balance over a flow period: its opening (the previous year-end, as these reports define it) and its
 * closing figure, halved. What returns on assets or equity are measured against. `metric` is a balance metric.
 */
export function averageOf(k: Knowledge, company: string, metric: MetricDef, period: string): Resolved | undefined {
  const flow = parseFlowKey(periodForKind('flow', period));
  if (!flow || metric.kind !== 'balance') return undefined;
  const closing = valueOf(k, company, metric, endDate(flow));
  const opening = valueOf(k, company, metric, openingDate(flow));
  if (!closing || !opening) return undefined;
  const mean = roundFor(metric.unit, closing.value.plus(opening.value).div(2));
  const averaged: MetricDef = { ...metric, id: `average_${metric.id}`, label: `average ${metric.label}`, kind: 'flow', formula: undefined };
  return { metric: averaged, period: periodForKind('flow', period), value: mean, derived: true, approximate: closing.approximate || opening.approximate, averaged: { opening, closing } };
}

/** The change of a metric into a period: reported changes are preferred, computed ones fill the gaps. */
export function changeOf(k: Knowledge, company: string, metricId: string | MetricDef, period: string): Change | undefined {
  const current = valueOf(k, company, metricId, period);
  if (!current) return undefined;
  const metric = current.metric;
  const prior = valueOf(k, company, metric, priorPeriod(period));
  const change: Change = { current, prior };
  if (metric.unit === 'percent') {
    const reported = reportedFact(k, company, metric.id, period, 'change_pp');
    if (reported) change.pp = { value: reported.value, reported };
    else if (prior) change.pp = { value: roundFor('percent', current.value.minus(prior.value)) };
    return change;
  }
  const reported = reportedFact(k, company, metric.id, period, 'change_pct');
  if (reported) change.pct = { value: reported.value, reported };
  // A percentage change from a negative or zero base, or across a change of sign, means nothing (filings say 不适用).
  else if (prior && prior.value.isPositive() && !prior.value.isZero() && !current.value.isNegative() && !prior.implied) {
    change.pct = { value: current.value.minus(prior.value).div(prior.value.abs()).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP) };
  }
  if (prior) change.abs = roundFor(metric.unit, current.value.minus(prior.value));
  return change;
}
