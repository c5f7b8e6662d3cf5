import { Decimal } from 'decimal.js';
import type { Unit } from './types.js';

// Formatting is the last step: values stay Decimal through every computation and become text only here.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MILLION = new Decimal(1_000_000);

/** Groups the integer part in thousands: "6687864421.33" -> "6,687,864,421.33". */
export function groupDigits(fixed: string): string {
  const [int, frac] = fixed.replace(/^-/, '').split('.') as [string, string | undefined];
  const sign = fixed.startsWith('-') ? '-' : '';
  return sign + int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
}

const fixed = (v: Decimal, places: number) => groupDigits(v.toFixed(places, Decimal.ROUND_HALF_UP));
/** As many decimals as the value has, between min and max. */
const natural = (v: Decimal, min: number, max: number) => fixed(v, Math.min(max, Math.max(min, v.decimalPlaces())));

/** A readable value: money in millions above a million, percentages to two decimals, counts grouped. */
export function formatValue(v: Decimal, unit: Unit): string {
  switch (unit) {
    case 'RMB':
      return v.abs().gte(MILLION) ? `RMB ${fixed(v.div(MILLION), 2)} million` : `RMB ${fixed(v, 2)}`;
    case 'RMB/share':
      return `RMB ${natural(v, 2, 4)} per share`;
    case 'RMB/tonne':
      return `RMB ${fixed(v, 2)} per tonne`;
    case '%':
      return `${fixed(v, 2)}%`;
    case 'pp':
      return `${fixed(v, 2)} percentage points`;
    case 'shares':
      return `${natural(v, 0, 2)} shares`;
    case 'tonnes':
      return `${natural(v, 0, 2)} tonnes`;
    case 'x':
      return `${fixed(v, 2)}x`;
  }
}

/** The exact figure, for money shown in millions: "RMB 6,687,864,421.33". */
export function formatExact(v: Decimal, unit: Unit): string | undefined {
  if (unit !== 'RMB' || v.abs().lt(MILLION)) return undefined;
  return `RMB ${natural(v, 2, 2)}`;
}

/** A plain number with its unit sign, for showing working: "563,692,826.17", "15,122", "25.60%". */
export function formatPlain(v: Decimal, unit: Unit): string {
  if (unit === '%') return `${fixed(v, 2)}%`;
  return natural(v, 0, 4);
}

/** "up 5.40%", "down 6.66%", "down 3.24 percentage points", "unchanged". */
export function formatChange(v: Decimal, unit: '%' | 'pp'): string {
  if (v.isZero()) return 'unchanged';
  const size = unit === '%' ? `${fixed(v.abs(), 2)}%` : `${fixed(v.abs(), 2)} percentage points`;
  return `${v.isNegative() ? 'down' : 'up'} ${size}`;
}

/** A signed change as a value: "+5.40%", "−RMB 150.01 million". */
export function formatSigned(v: Decimal, unit: Unit): string {
  const text = formatValue(v.abs(), unit);
  return v.isZero() ? text : `${v.isNegative() ? '−' : '+'}${text}`;
}

export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "a, b and c". */
export function listWords(items: string[], joiner = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}
