import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatChange, formatDate, formatExact, formatSigned, formatValue, groupDigits, listWords } from '../src/answer/format.js';

const d = (s: string) => new Decimal(s);

describe('formatting', () => {
  it.each([
    ['6687864421.33', 'RMB', 'RMB 6,687.86 million'],
    ['-150006145.81', 'RMB', 'RMB -150.01 million'],
    ['442260.58', 'RMB/tonne', 'RMB 442,260.58 per tonne'],
    ['0.52', 'RMB/share', 'RMB 0.52 per share'],
    ['5.2213', 'RMB/share', 'RMB 5.2213 per share'],
    ['8.4286', '%', '8.43%'],
    ['-3.24', 'pp', '-3.24 percentage points'],
    ['1344771235', 'shares', '1,344,771,235 shares'],
    ['15122', 'tonnes', '15,122 tonnes'],
    ['2.6929', 'x', '2.69x'],
  ] as const)('%s %s reads %s', (v, unit, text) => expect(formatValue(d(v), unit)).toBe(text));

  it('shows the exact figure for amounts shown in millions', () => {
    expect(formatExact(d('6687864421.33'), 'RMB')).toBe('RMB 6,687,864,421.33');
    expect(formatExact(d('442260.58'), 'RMB')).toBeUndefined();
  });
  it('words a change with its direction', () => {
    expect(formatChange(d('-6.66'), '%')).toBe('down 6.66%');
    expect(formatChange(d('5.4'), '%')).toBe('up 5.40%');
    expect(formatChange(d('-3.24'), 'pp')).toBe('down 3.24 percentage points');
    expect(formatChange(d('0'), '%')).toBe('unchanged');
    expect(formatSigned(d('-477322478.2'), 'RMB')).toBe('−RMB 477.32 million');
  });
  it('rounds half up, exactly', () => {
    expect(formatValue(d('0.125'), '%')).toBe('0.13%');
    expect(groupDigits('-1234567.5')).toBe('-1,234,567.5');
  });
  it('writes dates and lists for people', () => {
    expect(formatDate('2024-03-14')).toBe('14 Mar 2024');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
