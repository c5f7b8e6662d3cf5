// Periods: flows cover a span (FY2023, Q1-2023, H1-2023, 9M-2023, and a month, M12-2023, which people ask for but
// these announcements never give); balances are at a date (2023-12-31).

export type FlowType = 'FY' | 'Q' | 'H' | '9M' | 'M';
export interface FlowPeriod {
  type: FlowType;
  year: number;
  n?: number; // quarter 1-4, half 1-2, or month 1-12
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function flowKey(p: FlowPeriod): string {
  if (p.type === 'FY') return `FY${p.year}`;
  if (p.type === '9M') return `9M-${p.year}`;
  return `${p.type}${p.n}-${p.year}`;
}

export function parseFlowKey(key: string): FlowPeriod | undefined {
  let m = /^FY(\d{4})$/.exec(key);
  if (m) return { type: 'FY', year: Number(m[1]) };
  m = /^([QH])([1-4])-(\d{4})$/.exec(key);
  if (m) return { type: m[1] as 'Q' | 'H', n: Number(m[2]), year: Number(m[3]) };
  m = /^M(1[0-2]|[1-9])-(\d{4})$/.exec(key);
  if (m) return { type: 'M', n: Number(m[1]), year: Number(m[2]) };
  m = /^9M-(\d{4})$/.exec(key);
  if (m) return { type: '9M', year: Number(m[1]) };
  return undefined;
}

export const isBalanceDate = (key: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(key);

/** The date a flow period ends on: the balance-sheet date that goes with it. */
export function endDate(p: FlowPeriod): string {
  const month = p.type === 'FY' ? 12 : p.type === '9M' ? 9 : p.type === 'H' ? p.n! * 6 : p.type === 'M' ? p.n! : p.n! * 3;
  const day = new Date(Date.UTC(p.year, month, 0)).getUTCDate(); // the month's last day
  return `${p.year}-${String(month).padStart(2, '0')}-${day}`;
}

/** The previous year-end before a flow period starts: what "the beginning of the period" means in these reports. */
export const openingDate = (p: FlowPeriod): string => `${p.year - 1}-12-31`;

/** The flow period a balance date closes (31 Dec closes a fiscal year, 30 Jun a half, 31 Mar a quarter). */
export function flowEndingOn(date: string): FlowPeriod {
  const [y, m] = date.split('-').map(Number) as [number, number];
  if (m === 12) return { type: 'FY', year: y };
  if (m === 6) return { type: 'H', n: 1, year: y };
  if (m === 9) return { type: '9M', year: y };
  return { type: 'Q', n: Math.max(1, Math.ceil(m / 3)), year: y };
}

/** The comparison period: the same span a year earlier for flows, the previous year-end for balances. */
export function priorPeriod(key: string): string {
  const flow = parseFlowKey(key);
  if (flow) return flowKey({ ...flow, year: flow.year - 1 });
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 12 ? `${y - 1}-12-31` : `${y - 1}-12-31`;
}

/** The period a year later (the inverse of priorPeriod for flows and year-end balances). */
export function nextPeriod(key: string): string {
  const flow = parseFlowKey(key);
  if (flow) return flowKey({ ...flow, year: flow.year + 1 });
  const [y, m, d] = key.split('-') as [string, string, string];
  return `${Number(y) + 1}-${m}-${d}`;
}

export function periodLabel(key: string): string {
  const flow = parseFlowKey(key);
  if (flow) {
    if (flow.type === 'FY') return `FY${flow.year}`;
    if (flow.type === '9M') return `9M ${flow.year}`;
    if (flow.type === 'M') return `${MONTHS[flow.n! - 1]} ${flow.year}`;
    return `${flow.type}${flow.n} ${flow.year}`;
  }
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A sortable number for a period: its end date as YYYYMMDD. */
export function periodOrder(key: string): number {
  const flow = parseFlowKey(key);
  return Number((flow ? endDate(flow) : key).replaceAll('-', ''));
}

/** A period key in the form a metric of this kind needs: a span for flows, its closing date for balances. */
export function periodForKind(kind: 'flow' | 'balance', key: string): string {
  if (kind === 'balance') {
    if (isBalanceDate(key)) return key;
    const flow = parseFlowKey(key);
    return flow ? endDate(flow) : key;
  }
  return isBalanceDate(key) ? flowKey(flowEndingOn(key)) : key;
}
