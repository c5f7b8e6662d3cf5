import { DIRECTION, joinSpacedThousands, readNumber, SPACED_WHOLE_NUMBERS, splitGlued, withoutPoints, type NumberCell } from './cells.js';

/** A number of a row, with the direction word written before it, if any ("减少 10.82 个百分点": 10.82, 减少). */
export interface RowCell {
  cell: NumberCell;
  direction?: string;
}

/**
 * One row of the key-data table as read: its label (joined from wrapped fragments) and its numbers in column order.
 * The columns' meaning depends on the table's layout (see `header`): current, prior, change for most; quarter,
 * change, year to date, change for a third-quarter report. A cell printed as not applicable ("不适用", "N/A", "—",
 * "亏损收窄") is kept as null, so that the cells after it stay in their columns.
 */
export interface TableRow {
  label: string;
  line: number; // 1-based line of its values in the file
  section: 'period' | 'balance'; // flows ("本报告期 / 上年同期") or balances ("期末 / 期初")
  header: string; // the column headings in force for this row
  cells: (RowCell | null)[];
  blanks: number; // not-applicable cells after the last figure, left out of `cells`
}

/** A line whose label reads as a row but whose figures are not numbers: OCR damage ("l23,4S6,7B9.0l"). */
export interface UnreadableRow {
  line: number;
  label: string;
  text: string;
}

interface Line {
  no: number;
  label: string; // text that is neither number nor change wording
  cells: (RowCell | null)[];
  blanks: number; // not-applicable cells after the last figure, trimmed from `cells`
  numbers: number; // cells that hold a number (not the blanks)
  garbled: string[]; // digit-bearing cells that are not numbers
  trailingDirection?: string; // "Decrease by" at the end, its number on a later line
  header: boolean;
  balanceHeader: boolean;
}

const HEADER = /本报告期|调整前|调整后|重述前|重述后|before (?:adjustment|restatement)|after (?:adjustment|restatement)|as previously reported|^\(?restated\)?$|上年同期|上年度末|年初至报告期末|增减变动|变动幅度|变动比例|本年比上年|^(?:(?:19|20)\d{2}\s*年(?:末)?\s*)+$|^项目|^item\b|during the reporting period|for the period of last year|(?:end|beginning) of (?:the )?reporting period|same period of last year|end of last year|from the beginning of the year|increase\/\s*decrease|year[- ]to[- ]date|same period last year|six months ended|nine months ended|three months ended|year ended|^as at\b|\bas at \d|change \(%\)|^(?:(?:19|20)\d{2}\s*)+$/i;
/** A line of column-heading words only, as a heading split over lines leaves them: "增减变动", "幅度（%）", "期增减". */
const HEADER_FRAGMENT = /^(?=.*(?:期|增减|幅度|比例|项目))[本报告期末初上年同度至增减变动幅比例较项目%()（）\s|/:：]+$/;
const ENGLISH_HEADER_FRAGMENT = /^(?:item|items|change|changes|increase|decrease|\(%\)|%|yoy|\/|\(|\)|\s|or|and)+$/i;
/** Units under the column headings: "RMB'000 RMB'000", "RMB million", "人民币千元". */
const UNIT_FRAGMENT = /^(?:rmb\s*'\s*000|rmb\s*(?:million|thousands?|billion)|rmb|'000|人民币|亿元|万元|千元|元|\s|[()（）])+$/i;
const BALANCE_HEADER = /本报告期末|(?<!至报告)期末|期初|上年度末|上年末|(?:end|beginning) of (?:the )?reporting period|end of the period|end of last year|\bas at\b/i;
/** Cells of damage: punctuation runs, stray symbols, the rules of a box-drawn table. */
const DAMAGE = /^[\s,.:;<>\-–—|_*─━┌┐└┘├┤┬┴┼│┃═║╔╗╚╝╠╣╦╩╬]*$/;
/** A change (or figure) that does not apply: "不适用", "N/A", a dash, or words for a loss that narrowed or a turn to profit. */
const NOT_APPLICABLE = /^(不适用|n\/a|na|n\.m\.?|nm|not applicable|not meaningful|—+|–|-+|\/|扭亏为盈|扭亏|转盈|由亏转盈|减亏|增亏|扭盈为亏|由盈转亏|转亏|不可比|持平|亏损收窄|亏损减少|亏损扩大|亏损增加|亏损同比收窄|亏损同比扩大|同比减亏|同比增亏|turn(?:ed)? (?:from loss )?to (?:profit|loss)|loss narrowed|loss widened)$/i;
const NUMBERISH = /^[-−]?[\d,]+(\.\d+)?%?$|^[(（][\d,]+(\.\d+)?%?[)）]$/;
const GLUED = /^[-\d,.%]+$/;
/** A figure OCR misread, letters standing in for digits ("4S6,7B9,0l2.34", "-7.2б"): two digits or more, a separator, a letter. */
const GARBLED = /^(?=(?:[^\d]*\d){2})(?=.*[,.])(?=.*\p{L})[\d\p{L},.%()（）-]+$/u;
/** Page furniture inside a table: "第 1 页 共 4 页", "第1页/共3页", "- 2 -", "Page 2 of 5", "2/5". */
export const PAGE_LINE = /^\s*(?:第\s*\d+\s*页\s*[,，/／]?\s*(?:共\s*\d+\s*页)?|[-–—]\s*\d+\s*[-–—]|page\s+\d+(?:\s+of\s+\d+)?|\d+\s*\/\s*\d+)\s*$/i;

/**
 * Reads the rows of a key-data table from its lines. `scoreLabel` says whether a label names exactly one catalogue
 * metric; it decides where a label that wraps over lines belongs, since extraction puts fragments of a label both
 * before and after its numbers ("归属于母公司所有者的" / numbers / "净利润").
 */
export function readTable(
  lines: { no: number; text: string }[],
  scoreLabel: (label: string) => boolean,
): { rows: TableRow[]; skipped: { line: number; text: string }[]; unreadable: UnreadableRow[] } {
  const rows: (TableRow & { parts: string[] })[] = [];
  const skipped: { line: number; text: string }[] = [];
  const unreadable: UnreadableRow[] = [];
  let buffer: string[] = []; // label fragments since the last row's values
  let section: TableRow['section'] = 'period';
  let header = '';
  let early: RowCell | undefined; // a change written above its row's values ("减少 5.87 个百分" / the row)
  let late: string | undefined; // the last row ended on a direction word whose number comes later ("Decrease by" / "3.24")
  let afterHeader = true; // fragments after a header line belong to the next row only

  /** Splits the fragments between the previous row (its tail) and the next (its head), as the catalogue reads best. */
  const settle = (next?: { inline: string }): string[] => {
    const prev = rows[rows.length - 1];
    if (!prev || afterHeader) return buffer;
    let best = 0;
    let bestScore = -1;
    for (let s = 0; s <= buffer.length; s++) {
      const prevScore = Number(scoreLabel(joinLabel([...prev.parts, ...buffer.slice(0, s)]))) * 2;
      const nextScore = next ? Number(scoreLabel(joinLabel([...buffer.slice(s), next.inline]))) : s === buffer.length ? 0.5 : 0;
      if (prevScore + nextScore > bestScore) [best, bestScore] = [s, prevScore + nextScore];
    }
    prev.parts.push(...buffer.slice(0, best));
    prev.label = joinLabel(prev.parts);
    const rest = buffer.slice(best);
    // Fragments that fit neither row (a running head, a stray word) are dropped when the next row reads without them.
    if (next && rest.length && !scoreLabel(joinLabel([...rest, next.inline]))) {
      const from = rest.findIndex((_, i) => scoreLabel(joinLabel([...rest.slice(i), next.inline])));
      if (from > 0) {
        skipped.push({ line: 0, text: rest.slice(0, from).join(' ') });
        return rest.slice(from);
      }
    }
    return rest;
  };

  for (const line of lines.flatMap(classifyHalves)) {
    if (line.header) {
      const rest = settle();
      if (rest.length) skipped.push({ line: line.no, text: rest.join(' ') });
      buffer = [];
      if (line.balanceHeader) section = 'balance';
      header = afterHeader ? `${header} ${line.label}`.trim() : line.label;
      afterHeader = true;
      late = undefined;
      continue;
    }
    const prev = rows[rows.length - 1];
    if (line.numbers >= 2 || (line.numbers >= 1 && line.cells.length >= 3)) {
      const prefix = settle({ inline: line.label });
      const parts = [...prefix, line.label].filter(Boolean);
      const cells = early ? [...line.cells, early] : line.cells;
      rows.push({ label: joinLabel(parts), parts, line: line.no, section, header, cells, blanks: early ? 0 : line.blanks });
      early = undefined;
      late = line.trailingDirection;
      buffer = [];
      afterHeader = false;
      continue;
    }
    if (line.garbled.length && line.numbers === 0) {
      // A row whose figures are damage: reported, and its label kept out of its neighbours'.
      const prefix = settle({ inline: line.label });
      unreadable.push({ line: line.no, label: joinLabel([...prefix, line.label]), text: line.garbled.join(' ') });
      buffer = [];
      late = undefined;
      continue;
    }
    if (line.numbers === 1) {
      const only = line.cells.find((c): c is RowCell => c !== null)!;
      if (late && prev && !only.direction) {
        prev.cells.push({ cell: only.cell, direction: late });
        prev.blanks = 0;
      }
      else if (only.direction) early = only;
      else skipped.push({ line: line.no, text: only.cell.text }); // a page number, a stray figure, or a lone figure beside a label: damage
      late = undefined;
    }
    if (line.label) buffer.push(line.label);
  }
  const rest = settle();
  if (rest.length) skipped.push({ line: lines.at(-1)?.no ?? 0, text: rest.join(' ') });
  return { rows: rows.map(({ parts: _parts, ...row }) => row), skipped, unreadable };
}

/**
 * A line holding two table halves side by side, as a two-column page extracts ("营业总收入 1.00 2.00 3% 总资产 4.00
 * 5.00 6%"): read as two lines, each with its own label, when each half has a label and two figures or more. A
 * label after a row's figures is never the rest of that row's label: extraction puts a wrapped label's tail on
 * the next line, not after the numbers.
 */
function classifyHalves(line: { no: number; text: string }): Line[] {
  const whole = classify(line);
  if (whole.numbers < 4) return [whole];
  const words = splitCells(line.text).filter((w) => w.trim());
  const joiner = line.text.includes('\t') ? '\t' : /[|│┃]/.test(line.text) ? '|' : ' ';
  for (let i = 2; i < words.length - 2; i++) {
    const [left, right] = [classify({ no: line.no, text: words.slice(0, i).join(joiner) }), classify({ no: line.no, text: words.slice(i).join(joiner) })];
    const startsWithLabel = classify({ no: line.no, text: words[i]! }).label !== '';
    if (startsWithLabel && left.label && right.label && left.numbers >= 2 && right.numbers >= 2 && !left.header && !right.header) return [left, right];
  }
  return [whole];
}

function classify({ no, text: raw }: { no: number; text: string }): Line {
  const text = joinSpacedThousands(raw);
  // Whole figures with spaces for thousands, one space between columns: where one figure ends is a guess.
  const spaced = !/[\t|│┃]/.test(text) && SPACED_WHOLE_NUMBERS.exec(text);
  if (spaced) {
    const label = joinLabel(text.split(/\s+/).filter((w) => !/\d/.test(w)));
    return { no, label, cells: [], blanks: 0, numbers: 0, garbled: [text.slice(text.indexOf(spaced[0])).trim()], header: false, balanceHeader: false };
  }
  const cells: (RowCell | null)[] = [];
  const labels: string[] = [];
  const integers: { at: number; cell: NumberCell }[] = []; // bare whole numbers: figures only beside other figures
  const garbled: string[] = [];
  let direction: string | undefined; // a direction word waiting for its number
  let broken = false;
  for (const raw of splitCells(text)) {
    let cell = raw.trim();
    if (!cell) continue;
    const dir = DIRECTION.exec(cell);
    if (dir && dir.index === 0) {
      direction = dir[0];
      cell = cell.slice(dir[0].length).trim();
      if (!cell) continue;
    }
    const bare = withoutPoints(cell);
    if (NOT_APPLICABLE.test(bare)) {
      cells.push(null); // a blank cell holds its column
      continue;
    }
    const n = readNumber(bare);
    // Table values carry decimals, thousands separators or a % sign; a bare integer is a page number or damage,
    // unless the line holds other figures (a table in 千元 or RMB'000: "-523").
    if (n && (n.decimals > 0 || n.percent || /,/.test(n.text) || direction)) {
      cells.push({ cell: n, ...(direction ? { direction } : {}) });
      direction = undefined;
      continue;
    }
    if (n) {
      integers.push({ at: cells.length, cell: n });
      cells.push(null);
      continue;
    }
    if (GLUED.test(bare) && bare.length > 8) {
      const parts = splitGlued(bare, 4) ?? splitGlued(bare, 3) ?? splitGlued(bare, 2);
      if (parts) {
        cells.push(...parts.map((p) => ({ cell: readNumber(p)! })));
        continue;
      }
    }
    if (/\d[\d,]*\s+[\d,]/.test(bare) || (/\d/.test(bare) && /^[\d\s,.:;<>%-]+$/.test(bare))) {
      broken = true; // a figure broken beyond repair ("11,020,70 1,272.00"): the line is a damaged copy, not a row
      continue;
    }
    if (DAMAGE.test(bare) || /^[\d\s,.:;<>%-]+$/.test(bare) || !bare) continue; // damage, not a label
    // OCR damage in a figure: digits mixed with letters look-alike ("l23,4S6.7B", "2O.6l%"); never a label.
    if (GARBLED.test(bare)) {
      garbled.push(bare);
      continue;
    }
    labels.push(bare);
  }
  // Bare integers count as figures only where at least one proper figure sits on the line; blanks on a line
  // without figures are not cells of anything.
  const proper = broken ? 0 : cells.filter((c) => c !== null).length;
  if (proper) for (const { at, cell } of integers) cells[at] = { cell };
  const numbers = proper ? cells.filter((c) => c !== null).length : 0;
  const label = joinLabel(labels);
  const header = !!label && (HEADER.test(label) || HEADER_FRAGMENT.test(label) || ENGLISH_HEADER_FRAGMENT.test(label) || UNIT_FRAGMENT.test(label)) && numbers === 0;
  return {
    no,
    label,
    cells: numbers ? trimBlanks(cells) : [],
    blanks: numbers ? cells.length - trimBlanks(cells).length : 0,
    numbers,
    garbled,
    ...(direction ? { trailingDirection: direction } : {}),
    header,
    balanceHeader: header && BALANCE_HEADER.test(label),
  };
}

/** Blanks after the last figure say nothing about the columns that follow: "1,234.56 | 987.65 | 不适用". */
function trimBlanks(cells: (RowCell | null)[]): (RowCell | null)[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === null) end--;
  return cells.slice(0, end);
}

/** Cells: by tab, pipe or box-drawing rule when the line has them, else by spaces, keeping words of a label together. */
function splitCells(raw: string): string[] {
  // "5,123, 456,789.01": extraction breaks a number after a thousands separator.
  const text = raw.replace(/(\d,)[ \t]+(?=\d{3}(?:[,.]|\b))/g, '$1');
  if (text.includes('\t')) return text.split('\t');
  if (/[|│┃]/.test(text)) return text.split(/[|│┃]/);
  const cells: string[] = [];
  for (const w of text.trim().split(/\s+/)) {
    const prev = cells[cells.length - 1];
    const isNumber = NUMBERISH.test(w) || (GLUED.test(w) && w.length > 8) || GARBLED.test(w);
    const prevIsText = prev !== undefined && !NUMBERISH.test(prev) && !(GLUED.test(prev) && prev.length > 8) && !GARBLED.test(prev) && !DIRECTION.test(prev);
    if (!isNumber && prevIsText && !DIRECTION.test(w)) cells[cells.length - 1] = `${prev} ${w}`;
    else cells.push(w);
  }
  return cells;
}

/** Joins label fragments: no space between Chinese characters ("总 资 产" -> "总资产"), one between English words. */
export function joinLabel(parts: string[]): string {
  return parts
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/(?<=[\p{Script=Han}（(）)])\s+(?=[\p{Script=Han}（(）)])/gu, '')
    .trim();
}
