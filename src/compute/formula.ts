import { Decimal } from 'decimal.js';

/** A parsed formula over metric ids: numbers, references, + - * / and parentheses. */
export type Expr =
  | { kind: 'num'; value: Decimal }
  | { kind: 'ref'; metric: string }
  | { kind: 'neg'; expr: Expr }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

/** Parses a formula such as "net_profit / total_revenue * 100"; throws with the position of what it cannot read. */
export function parseFormula(text: string): Expr {
  const tokens = text.match(/\s*([a-z_][a-z0-9_]*|\d+(?:\.\d+)?|[-+*/()])/gy);
  if (!tokens || tokens.join('').length !== text.replace(/\s+$/, '').length) {
    throw new Error(`cannot read formula "${text}"`);
  }
  const items = tokens.map((t) => t.trim());
  let i = 0;
  const peek = () => items[i];
  const take = () => items[i++];

  function primary(): Expr {
    const t = take();
    if (t === undefined) throw new Error(`formula "${text}" ends too early`);
    if (t === '(') {
      const e = sum();
      if (take() !== ')') throw new Error(`formula "${text}" lacks a closing parenthesis`);
      return e;
    }
    if (t === '-') return { kind: 'neg', expr: primary() };
    if (/^\d/.test(t)) return { kind: 'num', value: new Decimal(t) };
    if (/^[a-z_]/.test(t)) return { kind: 'ref', metric: t };
    throw new Error(`unexpected "${t}" in formula "${text}"`);
  }
  function product(): Expr {
    let e = primary();
    while (peek() === '*' || peek() === '/') e = { kind: 'bin', op: take() as '*' | '/', left: e, right: primary() };
    return e;
  }
  function sum(): Expr {
    let e = product();
    while (peek() === '+' || peek() === '-') e = { kind: 'bin', op: take() as '+' | '-', left: e, right: product() };
    return e;
  }
  const e = sum();
  if (i !== items.length) throw new Error(`unexpected "${items[i]}" in formula "${text}"`);
  return e;
}

export function references(e: Expr): string[] {
  switch (e.kind) {
    case 'num':
      return [];
    case 'ref':
      return [e.metric];
    case 'neg':
      return references(e.expr);
    case 'bin':
      return [...new Set([...references(e.left), ...references(e.right)])];
  }
}

/** Evaluates exactly with decimal.js; undefined when an input is missing or a divisor is zero. */
export function evaluate(e: Expr, value: (metric: string) => Decimal | undefined): Decimal | undefined {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'ref':
      return value(e.metric);
    case 'neg':
      return evaluate(e.expr, value)?.neg();
    case 'bin': {
      const l = evaluate(e.left, value);
      const r = evaluate(e.right, value);
      if (!l || !r) return undefined;
      if (e.op === '+') return l.plus(r);
      if (e.op === '-') return l.minus(r);
      if (e.op === '*') return l.times(r);
      return r.isZero() ? undefined : l.div(r);
    }
  }
}

/** Writes the formula with each reference replaced by show(metric), e.g. "563,692,826.17 ÷ 6,687,864,421.33 × 100". */
export function printFormula(e: Expr, show: (metric: string) => string, parent = 0): string {
  const rank = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;
  switch (e.kind) {
    case 'num':
      return e.value.toString();
    case 'ref':
      return show(e.metric);
    case 'neg':
      return `−${printFormula(e.expr, show, 3)}`;
    case 'bin': {
      const sign = { '+': '+', '-': '−', '*': '×', '/': '÷' }[e.op];
      const own = rank[e.op];
      const text = `${printFormula(e.left, show, own)} ${sign} ${printFormula(e.right, show, own + 1)}`;
      return own < parent ? `(${text})` : text;
    }
  }
}
