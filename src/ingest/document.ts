import { basename } from 'node:path';
import { Decimal } from 'decimal.js';
import type { Knowledge, MetricDef } from '../knowledge/model.js';
import { unitOf } from '../knowledge/model.js';
import type { CompanyFile, DocumentFile } from '../knowledge/schema.js';
import { endDate, flowKey, openingDate, priorPeriod, type FlowPeriod } from '../periods.js';
import type { CatalogueIndex } from '../understand/catalogue-index.js';
import { cleanText } from '../understand/normalize.js';
import { parseQuestion } from '../understand/parse.js';
import { FOREIGN_CURRENCY, headingUnit, NEGATIVE_WORD, unitMultiplier } from './cells.js';
import { checkDocument, type CheckResult } from './checks.js';
import { readHeader } from './header.js';
import { readNarrative, readStatements, sentences } from './narrative.js';
import { PAGE_LINE, readTable, type RowCell, type TableRow } from './table.js';

/** A document ingest will not store, with the file, the row and why. */
export class IngestError extends Error {
  override name = 'IngestError';
}

export type Fact = DocumentFile['facts'][number];

export interface Ingested {
  company: CompanyFile;
  document: DocumentFile;
  sourceText: string;
  rows: { line: number; label: string; metric?: string }[];
  checks: CheckResult[];
  warnings: string[];
}

/** A results table must give at least one of these for the document to be worth storing. */
const REQUIRED = ['total_revenue', 'net_profit'];
const TABLE_START = /主要财务数据|主要会计数据|主要财务指标|财务摘要|财务概要|(?:KEY|MAJOR|PRINCIPAL|MAIN) (?:FINANCIAL|ACCOUNTING) (?:DATA|INFORMATION)|FINANCIAL HIGHLIGHTS|FINANCIAL SUMMARY|SUMMARY OF RESULTS/i;
/** Where the key table ends: its notes, or the next section or sub-section ("二、", "（二）非经常性损益", "(II) Non-recurring"). */
const TABLE_END = /^\s*(注[:：\s\d]|Note[s]?[:：\s\d]|二、|II\.\s|III\.\s|三、|[(（][二三四五六七][)）]|\((?:II|III|IV)\)\s)/;
const UNIT_HINT = /[(（]\s*(元|%|股|shares|rmb|yuan|万元|亿元|千元|万股|亿股|千股|元\/股|rmb\s*\/\s*share|'000 shares|thousand shares|million shares|rmb\s*'000|rmb\s*thousands?|rmb\s*million|rmb\s*cents|cents|分)\s*[)）]/gi;

/**
 * Reads one announcement's text into the knowledge format: the company, the document with its facts, and the
 * checks. Pure: the caller reads and writes files. Throws IngestError when the document cannot be used.
 */
export function ingestText(raw: string, file: string, knowledge: Knowledge, index: CatalogueIndex, options: { date?: string } = {}): Ingested {
  // NFKC makes full-width text ASCII (（）：％－); curly quotes are read as straight ones ("RMB’000").
  const text = raw.replace(/\r\n?/g, '\n').normalize('NFKC').replace(/[‘’′]/g, "'");
  const lines = text.split('\n');
  const name = basename(file);
  const fail = (why: string, line?: number): never => {
    throw new IngestError(`${name}${line ? `:${line}` : ''}: ${why}`);
  };

  const header = readHeader(text, lines);
  if (!header.codes.length) fail('no stock code found (looked for "Stock Code", 证券代码, 股票代码)');
  if (!header.year) fail(`no reporting year found in the title${header.title ? ` "${header.title}"` : ''}`);
  const date = options.date ?? header.date;
  if (!date) fail('no announcement date found; give it with --date YYYY-MM-DD');
  const flow: FlowPeriod = { type: header.periodType, year: header.year!, ...(header.quarter ? { n: header.quarter } : {}) };
  if (flow.type === 'H') flow.n = 1;
  const period = flowKey(flow);

  // The key table: from its heading to the notes under it.
  const start = lines.findIndex((l) => TABLE_START.test(l) && l.trim().length < 60); // a heading, not a sentence about one
  if (start < 0) fail('no key financial data table found (looked for a heading such as 主要财务数据, 主要会计数据, KEY FINANCIAL DATA, FINANCIAL HIGHLIGHTS)');
  let end = lines.findIndex((l, i) => i > start && TABLE_END.test(l));
  if (end < 0) end = lines.length;
  const region = lines.slice(start + 1, end).map((t, i) => ({ no: start + 2 + i, text: t }));
  // A table without a declared unit is readable when its labels state theirs ("营业收入（元）"): checked row by row.
  const regionText = region.map((l) => l.text).join('\n');
  // The unit is the table's own: stated in it, above it (short lines, not prose), or in the notes under it; never
  // the unit of a later table ("（二）非经常性损益 单位：元").
  const aboveLines = lines.slice(0, start + 1).map((t, i) => ({ no: i + 1, text: t })).filter((l) => l.text.trim().length < 60);
  const notes = tableNotes(lines, end);
  const nearestAbove = aboveLines.toReversed().find((l) => unitMultiplier(l.text));
  const declared = unitMultiplier(regionText) ?? headingUnit(regionText) ?? (nearestAbove && unitMultiplier(nearestAbove.text)) ?? unitMultiplier(notes.text);
  // Figures in HK$ or US$ are not yuan, and nothing says at what rate to convert them.
  const heading = { no: start + 1, text: lines[start]! };
  const currencyAt =
    [heading, ...region].find((l) => !/\d,\d{3}|\d\.\d/.test(l.text) && FOREIGN_CURRENCY.test(l.text)) ?? [...aboveLines, ...notes.lines].find((l) => FOREIGN_UNIT_STATEMENT.test(l.text));
  if (currencyAt) fail(`the key table's figures are in ${FOREIGN_CURRENCY.exec(currencyAt.text)![0]} ("${currencyAt.text.trim()}"), not RMB: the knowledge holds money in yuan and the document gives no rate to convert at`, currencyAt.no);
  // Page furniture and running heads (the title or the company's name repeated at a page break) are not rows.
  const furniture = [header.title, header.nameZh, header.nameEn].filter((t): t is string => !!t && t.length >= 6);
  const tableLines = region.filter((l) => !unitMultiplier(l.text) && !PAGE_LINE.test(l.text) && !furniture.some((t) => l.text.includes(t)));

  const metricOf = (label: string) => mapLabel(label, knowledge, index);
  const { rows, unreadable } = readTable(tableLines, (label) => metricOf(label) !== undefined);
  const damaged = unreadable.map((u) => `line ${u.line}: row "${u.label}" has figures that cannot be read ("${u.text}")`);
  if (!rows.length) fail(`the key financial data table has no readable rows${damaged.length ? `: ${damaged.join('; ')}` : ''}`, start + 1);

  const facts: Fact[] = [];
  const warnings: string[] = damaged.map((d) => `${d}; not stored`);
  const mapped: Ingested['rows'] = [];
  const seen = new Set<string>();
  const candidates: { row: TableRow; metric: MetricDef }[] = [];
  for (const row of rows) {
    const metric = metricOf(row.label);
    mapped.push({ line: row.line, label: row.label, ...(metric ? { metric: metric.id } : {}) });
    if (!metric) {
      warnings.push(`line ${row.line}: row "${row.label}" matches no catalogue metric; not stored (add an alias to knowledge/catalogue/metrics.json if it should be)`);
      continue;
    }
    if (FOREIGN_CURRENCY.test(row.label) && metric.unit.startsWith('money')) {
      warnings.push(`line ${row.line}: row "${row.label}" is in ${FOREIGN_CURRENCY.exec(row.label)![0]}, not RMB; not stored`);
      continue;
    }
    candidates.push({ row, metric });
  }
  const unreadLayout: string[] = [];
  const matched: { row: TableRow; metric: MetricDef; cells: TableRow['cells'] }[] = [];
  for (const { row, metric } of chooseRows(candidates, warnings)) {
    const layout = rowColumns(row, metric);
    if ('why' in layout) {
      unreadLayout.push(`line ${row.line}: row "${row.label}" ${layout.why}`);
      continue;
    }
    seen.add(metric.id);
    matched.push({ row, metric, cells: layout.cells });
  }
  warnings.push(...unreadLayout.map((u) => `${u}; not stored`));
  // A row counts as read only when its figures are stored.
  for (const m of mapped) if (!matched.some((x) => x.row.line === m.line && x.row.label === m.label)) delete m.metric;
  const unit = declared ?? unitFromText(matched, lines, start, end, warnings);
  for (const { row, metric } of matched) {
    if (metric.unit === 'money' && !labelScale(row.label) && !unit) fail(`row "${row.label}": no unit; the table declares none (单位: 元 / 万元 / 亿元, Unit: RMB, RMB'000, RMB million) and the label states none`, row.line);
  }
  const shares = shareScale(matched, unit?.multiplier ?? new Decimal(1));
  for (const { row, metric, cells } of matched) facts.push(...rowFacts({ ...row, cells }, metric, flow, unit?.multiplier ?? new Decimal(1), shares));
  if (!REQUIRED.some((id) => seen.has(id))) {
    const names = REQUIRED.map((id) => `${knowledge.metrics.get(id)?.names.zh} / ${knowledge.metrics.get(id)?.names.en}`);
    const why = [...damaged, ...unreadLayout];
    fail(`the key table has no readable ${names.join(' or ')} row${why.length ? ` (${why.join('; ')})` : ''}`, start + 1);
  }
  for (const n of readNarrative(text)) {
    if (seen.has(`${n.metric}|${n.measure}`)) continue;
    seen.add(`${n.metric}|${n.measure}`);
    facts.push({
      metric: n.metric,
      measure: n.measure,
      period,
      value: n.decimals === undefined ? n.value.toFixed() : n.value.toFixed(n.decimals),
      unit: n.unit,
      ...(n.approximate ? { approximate: true } : {}),
      source: { where: n.where, quote: n.quote },
    });
  }

  const code = header.codes[0]!;
  const document = buildDocument(header, { code, period, date: date!, file: name, facts, text });
  const company = buildCompany(header, code, name);
  return { company, document, sourceText: raw, rows: mapped, checks: checkDocument(document, knowledge), warnings };
}

/** The notes under a key table ("注：1、表中数据单位为人民币万元"): from its end to the next section or sub-section. */
function tableNotes(lines: string[], end: number): { text: string; lines: { no: number; text: string }[] } {
  const out: { no: number; text: string }[] = [];
  if (end >= lines.length || !/^\s*(?:注|notes?\b)/i.test(lines[end]!)) return { text: '', lines: out };
  for (let i = end; i < lines.length && out.length < 8; i++) {
    if (i > end && (SECTION.test(lines[i]!) || !lines[i]!.trim())) break;
    out.push({ no: i + 1, text: lines[i]! });
  }
  return { text: out.map((l) => l.text).join('\n'), lines: out };
}

/** A unit stated in a foreign currency: "Unit: HK$'000", "(Expressed in Hong Kong dollars)", "注：表中数据单位为港元". */
const FOREIGN_UNIT_STATEMENT = new RegExp(`(?:单位|unit|expressed in|amounts? in|币种|currency)\\s*[:：]?[^\\n]{0,20}?(?:${FOREIGN_CURRENCY.source})`, 'i');

/** A section or sub-section heading: "二、", "（二）", "II. ", "(II) ". */
const SECTION = /^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|[IVX]+\.\s|\((?:I|II|III|IV|V)\)\s)/;

/**
 * A table that declares no unit, read by its own figures quoted with one in the text ("营业总收入54,321.09万元"):
 * every money figure found so must say the same unit, and at least one must be found. Reported as a warning.
 */
function unitFromText(matched: { row: TableRow; metric: MetricDef; cells: TableRow['cells'] }[], lines: string[], start: number, end: number, warnings: string[]) {
  const outside = [...lines.slice(0, start), ...lines.slice(end)].join('\n');
  const found: { unit: string; quote: string }[] = [];
  for (const { metric, cells } of matched) {
    if (metric.unit !== 'money') continue;
    for (const c of cells) {
      const written = c?.cell.text.trim();
      if (!written || !/\d,\d{3}/.test(written) || written.startsWith('(')) continue; // a figure distinctive enough to be this one
      const m = new RegExp(`(?<![\\d,.])${written.replace(/[.$()]/g, '\\$&')}\\s*(亿元|万元|千元|元)`).exec(outside);
      if (m) found.push({ unit: m[1]!, quote: `${metric.names.zh}${m[0].replace(/\s+/g, '')}` });
    }
  }
  const units = [...new Set(found.map((f) => f.unit))];
  if (units.length !== 1) return undefined;
  warnings.push(`the table declares no unit; read as ${units[0]} because the text gives its figures in ${units[0]} ("${found[0]!.quote}")`);
  return unitMultiplier(`单位：${units[0]}`);
}

/**
 * Rows that read as the same metric: "营业总收入" and "其中：营业收入", or "净利润" (with minority interests) and
 * "归属于上市公司股东的净利润". The row that names the metric exactly (its catalogue name, or the parent's share said
 * outright) is kept; the others are reported. Rows that name it equally well and disagree are all left out.
 */
function chooseRows(candidates: { row: TableRow; metric: MetricDef }[], warnings: string[]): { row: TableRow; metric: MetricDef }[] {
  const kept: { row: TableRow; metric: MetricDef }[] = [];
  for (const c of candidates) {
    const rivals = candidates.filter((o) => o.metric.id === c.metric.id);
    if (rivals.length === 1) {
      kept.push(c);
      continue;
    }
    const best = Math.max(...rivals.map((r) => exactness(r.row.label, r.metric)));
    const top = rivals.filter((r) => exactness(r.row.label, r.metric) === best);
    const sameFigures = top.every((t) => t.row.cells.map((x) => x?.cell.value.toFixed()).join() === top[0]!.row.cells.map((x) => x?.cell.value.toFixed()).join());
    const winner = top.length === 1 || sameFigures ? top[0]! : undefined;
    if (c === winner) kept.push(c);
    else if (winner)
      warnings.push(`line ${c.row.line}: row "${c.row.label}" also reads as ${c.metric.id}; row "${winner.row.label}" (line ${winner.row.line}) names it ${exactness(winner.row.label, winner.metric) > exactness(c.row.label, c.metric) ? 'more exactly and is kept' : 'too, with the same figures, and is kept'}; not stored`);
    else warnings.push(`line ${c.row.line}: row "${c.row.label}" reads as ${c.metric.id}, as do rows ${top.filter((t) => t !== c).map((t) => `"${t.row.label}" (line ${t.row.line})`).join(', ')} with other figures; none of them stored`);
  }
  return kept;
}

/** 2: the label is the metric's catalogue name or says the figure is the parent's; 1: it only reads as the metric. */
function exactness(label: string, metric: MetricDef): number {
  const bare = (t: string) => t.normalize('NFKC').toLowerCase().replace(UNIT_HINT, '').replace(/[^\p{L}\p{N}]/gu, '');
  if ([metric.names.zh, metric.names.en].some((n) => bare(n) === bare(label))) return 2;
  return /归属于|attributable to/i.test(label) ? 2 : 1;
}

/**
 * A row's figures in the columns `rowFacts` reads: current, comparative, change (or quarter, change, year to date,
 * change). Comparatives split into 调整前 / 调整后 (before and after a restatement) keep only the adjusted one. A row
 * with more figures than its layout has columns is not read: which figure is which would be a guess.
 */
function rowColumns(row: TableRow, metric: MetricDef): { cells: TableRow['cells'] } | { why: string } {
  const split = [...row.header.matchAll(ADJUSTMENT)].map((m) => (BEFORE_ADJUSTMENT.test(m[0]) ? 'before' : 'after'));
  const before = split.filter((s) => s === 'before').length;
  if (metric.kind !== 'balance' && YEAR_TO_DATE.test(row.header)) {
    if (before) return { why: `is in a quarter and year-to-date table whose comparatives are split into 调整前 / 调整后 (restated), a layout not read` };
    return row.cells.length > 4 ? { why: `has ${row.cells.length} figures where the quarter and year-to-date table has 4 columns` } : { cells: row.cells };
  }
  if (!before) return row.cells.length > 3 ? { why: `has ${row.cells.length} figures where the table has 3 columns (current, comparative, change)` } : { cells: row.cells };
  // The pairs in heading order: the comparative's, then (when split too) the change's; each drops its 调整前 cell.
  const pairs = split.join(' ').match(/before after|after before/g) ?? [];
  const width = 3 + before;
  if (pairs.length !== before || before > 2) return { why: `has comparatives headed "${split.join(' / ')}" (调整前 / 调整后), a layout not read` };
  const all = row.cells.length < width && row.cells.length + row.blanks >= width ? [...row.cells, ...Array<null>(width - row.cells.length).fill(null)] : row.cells;
  if (all.length !== width) return { why: `has ${row.cells.length} figures where the table, with comparatives split into 调整前 / 调整后, has ${width} columns` };
  const cells = [...all];
  pairs.forEach((pair, i) => cells.splice(1 + i + (pair === 'before after' ? 0 : 1), 1));
  return { cells };
}

/** Sub-headings of a restated comparative: before and after the adjustment. */
const ADJUSTMENT = /调整前|调整后|重述前|重述后|before (?:adjustment|restatement)|after (?:adjustment|restatement)|as previously reported|restated/gi;
const BEFORE_ADJUSTMENT = /调整前|重述前|before|previously/i;

/** A row label names a metric when the catalogue reads it as exactly one reported metric, with nothing left over. */
export function mapLabel(label: string, knowledge: Knowledge, index: CatalogueIndex): MetricDef | undefined {
  // "加权平均净资产收益率（扣非后）" names the same metric as "扣除非经常性损益后的加权平均净资产收益率".
  const after = AFTER_NON_RECURRING.test(label) ? `扣除非经常性损益后的${label.replace(AFTER_NON_RECURRING, ' ')}` : label;
  const clean = cleanText(
    after.replace(UNIT_HINT, ' ').replace(/\((?:%|元)\)/g, ' ').replace(BEFORE_NON_RECURRING, ' ').replace(NON_RECURRING_TAIL, 'non-recurring').replace(/%/g, ' '),
  ).replace(/^\(%\)|^%/, '');
  if (!clean.trim()) return undefined;
  return readsAsMetric(clean, knowledge, index) ?? readsAsMetric(withoutParent(clean), knowledge, index);
}

function readsAsMetric(text: string, knowledge: Knowledge, index: CatalogueIndex): MetricDef | undefined {
  if (!text.trim()) return undefined;
  const q = parseQuestion(text, index);
  if (q.metrics.length !== 1 || q.unexplained.length || q.concepts.length || q.unknownCompanies.length) return undefined;
  const metric = knowledge.metrics.get(q.metrics[0]!);
  return metric && !metric.formula ? metric : undefined;
}

/** "（扣非前）", "(before deducting non-recurring ...)": the figure itself, as against the one after deducting them. */
const BEFORE_NON_RECURRING = /[(（]\s*(?:扣非前|扣除非经常性损益前|before deduct(?:ing|ion of) non-recurring[^)）]*)\s*[)）]/gi;

/** "（扣非后）": the figure after deducting non-recurring gains and losses, said after the name instead of before it. */
const AFTER_NON_RECURRING = /[(（]\s*(?:扣非后|扣除非经常性损益后)\s*[)）]/;

/** "non-recurring gains and losses", "non-recurring profit or loss", "non-recurring items": one phrase, however it ends. */
const NON_RECURRING_TAIL = /non-?recurring\s+(?:(?:gains?|profits?|income)\s+(?:and|or|\/)\s+(?:losses?|loss)|items|profit and loss items)/gi;

/**
 * The label without the phrase saying the figure is the listed parent's ("归属于母公司股东的", "attributable to owners
 * of the parent"): every wording of it names the same metric as the label without it. Minority interests
 * ("少数股东", "non-controlling interests") are not among these wordings, so they never read as the parent's figure.
 */
function withoutParent(label: string): string {
  return label
    .replace(/归属于(?:上市公司|母公司|本公司|公司|本行|本集团)?(?:普通股)?(?:股东|所有者|股东权益持有人)?的?/g, '')
    .replace(/\battributable to (?:the )?(?:ordinary )?(?:shareholders|owners|equity holders|holders of ordinary shares)(?: of (?:the )?(?:company|parent|parent company|listed company|bank|group))?/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The unit of the share count: a label's own ("股本（万股）") or, where the table has net assets per share, the scale
 * that makes equity ÷ shares agree with it (a 万元 table counts shares in 万股, a 千元 one in shares or in thousands).
 * Otherwise shares follow a 万元 or larger table in 万股, and are whole shares in any smaller one.
 */
function shareScale(matched: { row: TableRow; metric: MetricDef }[], multiplier: Decimal): Decimal {
  const fallback = multiplier.gte(1e4) ? new Decimal(1e4) : new Decimal(1);
  const find = (id: string) => matched.find((m) => m.metric.id === id)?.row;
  const [shares, equity, bvps] = [find('share_capital'), find('equity_attributable'), find('bvps')];
  const first = (row: TableRow | undefined) => row?.cells[0]?.cell.value;
  const [s, e, b] = [first(shares), first(equity), first(bvps)];
  if (!shares || labelScale(shares.label) || !s || !e || !b || s.isZero() || b.isZero()) return fallback;
  const equityYuan = e.times(labelScale(equity!.label) ?? multiplier);
  const candidates = [multiplier, new Decimal(1), new Decimal(1e3), new Decimal(1e4), new Decimal(1e6), new Decimal(1e8)];
  const fits = candidates.filter((c) => equityYuan.div(s.times(c)).minus(b).abs().lte(b.abs().times(0.02).plus(0.01)));
  return fits[0] ?? fallback;
}

function rowFacts(row: TableRow, metric: MetricDef, flow: FlowPeriod, multiplier: Decimal, shareMultiplier: Decimal): Fact[] {
  const balance = metric.kind === 'balance';
  // A unit in the label wins ("股本(亿股)", "营业收入(万元)"). Otherwise money rows follow the table's unit; per-share
  // figures and ratios are in yuan and percent whatever it says; a share count as `shareScale` found.
  const own = labelScale(row.label);
  const scale =
    metric.unit === 'money' || metric.unit === 'shares'
      ? (own ?? (metric.unit === 'money' ? multiplier : shareMultiplier))
      : metric.unit === 'money_per_share' && own?.lt(1)
        ? own // "Basic earnings per share (RMB cents)"
        : new Decimal(1);
  const unit = unitOf(metric.unit);
  const points = metric.unit === 'percent';
  const where = (column: string) => `key financial data table, row '${row.label}', ${column}`;
  const value = (c: RowCell | null | undefined, column: string, period: string): Fact[] =>
    c
      ? [
          {
            metric: metric.id,
            measure: 'value',
            period,
            value: c.cell.value.times(scale).toFixed(),
            unit,
            source: { where: where(column), quote: c.cell.text, ...(scale.eq(1) ? {} : { multiplier: scale.toFixed() }) },
          },
        ]
      : [];
  const change = (c: RowCell | null | undefined, column: string, period: string): Fact[] => {
    if (!c) return [];
    const size = c.cell.value.abs();
    const negative = c.cell.value.isNegative() || (!!c.direction && NEGATIVE_WORD.test(c.direction));
    return [
      {
        metric: metric.id,
        measure: points ? 'change_pp' : 'change_pct',
        period,
        // As printed, trailing zeros kept: the decimals say how the document rounded, which the checks rely on.
        value: (negative ? size.neg() : size).toFixed(c.cell.decimals),
        unit: points ? 'pp' : '%',
        source: { where: where(column), quote: c.cell.text },
      },
    ];
  };
  const [a, b, c, d] = row.cells;
  // A third-quarter report: the quarter and its change, then the year to date and its change; no prior values.
  if (!balance && row.cells.length >= 3 && YEAR_TO_DATE.test(row.header)) {
    const ytd = flowKey({ type: '9M', year: flow.year });
    return [...value(a, 'reporting period', flowKey(flow)), ...change(b, 'change on the same period last year', flowKey(flow)), ...value(c, 'year to date', ytd), ...change(d, 'year-to-date change', ytd)];
  }
  const [curKey, priorKey] = balance ? [endDate(flow), openingDate(flow)] : [flowKey(flow), priorPeriod(flowKey(flow))];
  const columns = balance ? ['end of the reporting period', 'beginning of the reporting period'] : ['reporting period', 'same period last year'];
  // A change stated without the current figure has nothing to be a change of.
  return [...value(a, columns[0]!, curKey), ...value(b, columns[1]!, priorKey), ...(a ? change(c, points ? 'change in percentage points' : 'change (%)', curKey) : [])];
}

/** The third-quarter layout's year-to-date columns: "年初至报告期末", "year to date", "from the beginning of the year". */
const YEAR_TO_DATE = /年初至报告期末|year[- ]to[- ]date|from the beginning of the year/i;

/** The unit a row's label states: "(万元)", "(亿股)", "(shares)", "(RMB'000)". */
function labelScale(label: string): Decimal | undefined {
  const m = /[(（]\s*(亿元|万元|千元|元|亿股|万股|千股|股|shares|'000 shares|thousand shares|million shares|rmb\s*cents|cents|分|rmb\s*'000|rmb\s*thousands?|rmb\s*million|rmb)\s*[)）]/i.exec(label);
  if (!m) return undefined;
  const u = m[1]!.toLowerCase();
  if (/cents|分/.test(u)) return new Decimal('0.01');
  return new Decimal(u.startsWith('亿') ? 1e8 : u.startsWith('万') ? 1e4 : u.startsWith('千') || u.includes("'000") || u.includes('thousand') ? 1e3 : u.includes('million') ? 1e6 : 1);
}

const SHORT_TITLE: Record<string, (p: string, y: number) => string> = {
  preliminary_annual: (_p, y) => `preliminary annual results ${y}`,
  preliminary_interim: (_p, y) => `preliminary interim results ${y}`,
  preliminary_quarterly: (p, y) => `preliminary ${p.split('-')[0]} results ${y}`,
  annual: (_p, y) => `annual report ${y}`,
  interim: (_p, y) => `interim report ${y}`,
  quarterly: (p, y) => `${p.split('-')[0]} report ${y}`,
};

function buildDocument(header: ReturnType<typeof readHeader>, d: { code: string; period: string; date: string; file: string; facts: Fact[]; text: string }): DocumentFile {
  const people = new Map<string, Set<string>>();
  for (const p of header.board) people.set(p.name, new Set(p.roles));
  if (header.signer) {
    const roles = people.get(header.signer.name) ?? new Set<string>();
    roles.add('signer');
    if (header.signer.title && /chair/i.test(header.signer.title)) roles.add('chairman');
    people.set(header.signer.name, roles);
  }
  const auditNote = sentences(d.text).find((s) => /not been audited|unaudited|未经审计|未经会计师事务所审计/i.test(s.text))?.text;
  const statements = readStatements(d.text).map((s) => ({ subject: s.subject, text: s.text, source: { where: 'explanation of results', quote: s.quote } }));
  return {
    id: `${d.code}-${d.period}-${header.type}`,
    title: header.title || `${SHORT_TITLE[header.type]!(d.period, header.year!)}`,
    shortTitle: SHORT_TITLE[header.type]!(d.period, header.year!),
    type: header.type,
    period: d.period,
    date: d.date,
    ...(header.place ? { place: header.place } : {}),
    audited: header.audited,
    ...(auditNote ? { auditNote } : {}),
    language: /\p{Script=Han}{20}/u.test(d.text.replace(/\s/g, '')) ? 'zh' : 'en',
    file: d.file,
    people: [...people].map(([name, roles]) => ({ name, roles: [...roles].sort() })),
    facts: d.facts,
    statements,
  };
}

/** Exchanges by code shape: 5 digits is Hong Kong; Shanghai codes start with 6, Shenzhen with 0 or 3. */
const exchangeOf = (code: string) => (code.length === 5 ? 'HKEX' : code.startsWith('6') ? 'SSE' : code.startsWith('0') || code.startsWith('3') ? 'SZSE' : 'BSE');

function buildCompany(header: ReturnType<typeof readHeader>, code: string, file: string): CompanyFile {
  // "688289-sansure-2022-performance-express.zh.txt": the words between code and year are the name people use.
  const slug = /^\d{4,6}-([a-z][a-z-]*?)-(?:19|20)\d{2}/i.exec(file)?.[1]?.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
  const latinShort = header.shortNames.find((s) => /^[A-Za-z]/.test(s));
  const zhShort = header.shortNames.find((s) => /\p{Script=Han}/u.test(s));
  const nameEn = header.nameEn ? titleCase(header.nameEn) : slug ?? header.nameZh ?? code;
  const nameZh = header.nameZh ?? zhShort ?? nameEn;
  const shortName = latinShort ?? slug ?? zhShort ?? nameEn;
  const bareEn = header.nameEn && titleCase(header.nameEn).replace(/,?\s*(Co\.?,?\s*Ltd\.?|Limited|Corporation|Inc\.?|Holdings)$/i, '').trim();
  // "盛达医药集团股份有限公司" is asked about as 盛达医药集团 or 盛达医药: an HKEX mirror gives no 证券简称 to go by.
  const bareZh = header.nameZh?.replace(/(?:股份有限公司|有限责任公司|有限公司)$/, '');
  const bareZhNoGroup = bareZh?.replace(/(?:控股)?集团$/, '');
  const zhNames = [bareZh, bareZhNoGroup].filter((n): n is string => !!n && n.length >= 3 && n !== header.nameZh);
  const aliases = uniqueIgnoringCase([shortName, ...header.shortNames, ...(slug ? [slug] : []), ...(bareEn ? [bareEn] : []), nameEn, nameZh, ...zhNames]);
  return {
    code,
    codes: header.codes,
    listings: header.codes.map((c) => ({ exchange: exchangeOf(c), code: c })),
    name: { en: nameEn, zh: nameZh },
    shortName,
    aliases,
    terms: [],
  };
}

/** Names in order, each once however it is capitalised ("JLMAG" and "Jlmag" are one name). */
const uniqueIgnoringCase = (names: (string | undefined)[]) => [...new Map(names.filter((n): n is string => !!n).map((n) => [n.toLowerCase(), n] as const)).values()];

/** "JL MAG RARE-EARTH CO., LTD." -> "JL MAG Rare-Earth Co., Ltd.": short capitalised words are kept as acronyms. */
const titleCase = (s: string) =>
  s.replace(/[A-Za-z]+/g, (w) => (w.length <= 3 && w === w.toUpperCase() && !/^(CO|LTD|THE|OF|AND|INC)$/.test(w) ? w : w[0]!.toUpperCase() + w.slice(1).toLowerCase()));
