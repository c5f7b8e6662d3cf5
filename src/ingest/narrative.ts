import { Decimal } from 'decimal.js';

// Figures and reasons an announcement gives in its text rather than its table. Only wordings read reliably are
// taken: a figure found by a pattern that does not fit exactly is left out rather than guessed.

export interface NarrativeFigure {
  metric: 'sales_volume' | 'operating_cash_flow';
  measure: 'value' | 'change_pct';
  value: Decimal;
  unit: 'tonnes' | 'RMB' | '%';
  approximate: boolean;
  decimals?: number; // for a change: as printed ("25.60" keeps two)
  quote: string;
  where: string;
}

const scale = (unit: string): number =>
  /billion|亿/.test(unit) ? (/亿/.test(unit) ? 1e8 : 1e9) : /million/.test(unit) ? 1e6 : /万/.test(unit) ? 1e4 : /thousand|千/.test(unit) ? 1e3 : 1;
const num = (s: string) => new Decimal(s.replace(/,/g, ''));

export function readNarrative(text: string): NarrativeFigure[] {
  const out: NarrativeFigure[] = [];
  const flat = text.replace(/\s+/g, ' ');
  // "sales volume of high-performance ... was 15,122 tonnes, representing a year-on-year increase of 25.60%"
  const en = /sales volume of [^.]{0,120}? was ([\d,]+(?:\.\d+)?) (tonnes|tons)(?:, representing a year-on-year (increase|decrease) of ([\d.]+)%)?/i.exec(flat);
  const zh = /销(?:售)?量(?:为|达到|达|共计)?\s*([\d,]+(?:\.\d+)?)\s*吨(?:[,，]\s*(?:较上年同期|同比)?\s*(增长|增加|上升|下降|减少)\s*([\d.]+)%)?/.exec(flat);
  const sales = en ? { v: en[1]!, dir: en[3], pct: en[4], quote: en[0] } : zh ? { v: zh[1]!, dir: zh[2], pct: zh[3], quote: zh[0] } : undefined;
  if (sales) {
    const where = 'text: sales volume';
    out.push({ metric: 'sales_volume', measure: 'value', value: num(sales.v), unit: 'tonnes', approximate: false, quote: sales.quote.match(/[\d,]+(?:\.\d+)?\s*(?:tonnes|tons|吨)/)![0], where });
    if (sales.pct) {
      const negative = /decrease|下降|减少/i.test(sales.dir ?? '');
      const decimals = sales.pct.split('.')[1]?.length ?? 0;
      out.push({ metric: 'sales_volume', measure: 'change_pct', value: num(sales.pct).times(negative ? -1 : 1), unit: '%', approximate: false, decimals, quote: `${sales.pct}%`, where: 'text: sales volume growth' });
    }
  }
  // "net cash flow from operating activities ... amounting to approximately RMB1.518 billion"
  const ocf =
    /net cash flow from operating activities[^.]{0,160}?(approximately |about )?RMB ?([\d,]+(?:\.\d+)?) ?(billion|million|thousand)?/i.exec(flat) ??
    /经营活动产生的现金流量净额[^。]{0,40}?(约|约为)?\s*([\d,]+(?:\.\d+)?)\s*(亿元|万元|元)/.exec(flat);
  if (ocf) {
    const quote = ocf[0].slice(ocf[0].search(/(approximately |about |约)?(RMB ?)?\d/i)).trim();
    out.push({
      metric: 'operating_cash_flow',
      measure: 'value',
      value: num(ocf[2]!).times(scale(ocf[3] ?? '')),
      unit: 'RMB',
      approximate: Boolean(ocf[1]) || /approximately|about|约/.test(ocf[0]),
      quote,
      where: 'text: net cash flow from operating activities',
    });
  }
  return out;
}

/**
 * The sentences of a text, as written: lines joined (without a space between Chinese characters), headings (short
 * lines without punctuation: titles, codes, names) kept apart, split at 。 and at a full stop before a capital.
 */
export function sentences(text: string): { text: string; quote: string }[] {
  const paragraphs: string[][] = [[]];
  for (const line of text.split('\n').map((l) => l.trim())) {
    const heading = line.length < 40 && !/[,，。.;；]/.test(line);
    if (!line || heading) {
      paragraphs.push([]);
      continue;
    }
    paragraphs[paragraphs.length - 1]!.push(line);
  }
  return paragraphs
    .filter((p) => p.length)
    .flatMap((p) => p.join(' ').split(/(?<=。)|(?<=[.!?])\s+(?=[A-Z"(])/))
    .map((quote) => quote.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((quote) => ({ quote, text: quote.replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '') }));
}

/** The explanation sections as sentences, each marked as a reason (why results moved) or an operating highlight. */
export function readStatements(text: string): { subject: 'reasons' | 'operations'; text: string; quote: string }[] {
  const start = text.search(/II\. EXPLANATION|二、\s*经营业绩|经营业绩和财务状况/i);
  if (start < 0) return [];
  const rest = text.slice(start);
  const end = rest.search(/\n\s*(III\. |三、)/);
  const body = (end > 0 ? rest.slice(0, end) : rest).split('\n').slice(1).join('\n');
  const REASON = /due to|because|affected by|combined effect|as a result|leading to|主要(?:原因|因|系|是由于)|由于|受.{1,30}影响|导致|原因/i;
  return sentences(body)
    .filter((s) => s.text.length > 20 && !/^\(fixture/.test(s.text))
    .map((s) => ({ subject: REASON.test(s.text) ? 'reasons' : 'operations', ...s }));
}
