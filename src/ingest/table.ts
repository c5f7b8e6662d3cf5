import { DIRECTION, NEGATIVE_WORD, POINTS_WORDS, readNumber, splitGlued, type NumberCell } from './cells.js';

/** One row of the key-data table as read: its label (joined from wrapped fragments), two values and a change. */
export interface TableRow {
  label: string;
  line: number; // 1-based line of its values in the file
  section: 'period' | 'balance'; // flows ("本报告期 / 上年同期") or balances ("期末 / 期初")
  current: NumberCell;
  prior: NumberCell;
  change?: { cell: NumberCell; negative: boolean; words: string }; // as reported; words: "减少 10.82 个百分点"
}

interface Line {
  no: number;
  label: string; // text that is neither number nor change wording
  numbers: NumberCell[];
  direction?: string; // "减少", "Decrease by"
  header: boolean;
  balanceHeader: boolean;
}

const HEADER = /本报告期|上年同期|上年度末|增减变动|变动幅度|^项目$|项目|^item\b|during the reporting period|for the period of last year|at the (?:end|beginning) of the reporting period|increase\/\s*decrease/i;
const BALANCE_HEADER = /本报告期末|期末|上年度末|at the end of the reporting period|at the beginning of the reporting period/i;
/** Cells of damage: punctuation runs, stray symbols, digit runs broken by spaces. */
const DAMAGE = /^[\s,.:;<>\-–—|_*]*$/;

/**
 * Reads the rows of a key-data table from its lines. `scoreLabel` says whether a label names exactly one catalogue
 * metric; it decides where a label that wraps over lines belongs, since extraction puts fragments of a label both
 * before and after its numbers ("归属于母公司所有者的" / numbers / "净利润").
 */
export function readTable(lines: { no: number; text: string }[], scoreLabel: (label: string) => boolean): { rows: TableRow[]; skipped: { line: number; text: string }[] } {
  const parsed = lines.map(classify);
  const rows: (TableRow & { parts: string[] })[] = [];
  const skipped: { line: number; text: string }[] = [];
  let buffer: string[] = []; // label fragments since the last row's values
  let section: TableRow['section'] = 'period';
  let pendingChange: { direction: string; cell?: NumberCell } | undefined; // a change seen before its row's values
  let afterHeader = true; // fragments after a header line belong to the next row only

  const settle = (next?: { inline: string }) => {
    const prev = rows[rows.length - 1];
    if (!prev || afterHeader) return buffer.length ? buffer : [];
    // Give the previous row the split of fragments that makes both labels real metric names.
    let best = 0;
    let bestScore = -1;
    for (let s = 0; s <= buffer.length; s++) {
      const prevLabel = joinLabel([...prev.parts, ...buffer.slice(0, s)]);
      const nextLabel = next ? joinLabel([...buffer.slice(s), next.inline]) : '';
      const score = Number(scoreLabel(prevLabel)) * 2 + Number(next ? scoreLabel(nextLabel) : 0) + (next ? 0 : s === buffer.length ? 0.5 : 0);
      if (score > bestScore) [best, bestScore] = [s, score];
    }
    prev.parts.push(...buffer.slice(0, best));
    prev.label = joinLabel(prev.parts);
    return buffer.slice(best);
  };

  for (const line of parsed) {
    if (line.header) {
      buffer = settle();
      if (buffer.length) skipped.push({ line: line.no, text: buffer.join(' ') });
      buffer = [];
      if (line.balanceHeader) section = 'balance';
      afterHeader = true;
      continue;
    }
    const prev = rows[rows.length - 1];
    if (line.numbers.length >= 2) {
      const prefix = settle({ inline: line.label });
      const [current, prior, third] = line.numbers as [NumberCell, NumberCell, NumberCell | undefined];
      const parts = [...prefix, line.label].filter(Boolean);
      const row: TableRow & { parts: string[] } = { label: joinLabel(parts), parts, line: line.no, section, current, prior };
      if (third) row.change = { cell: third, negative: third.value.isNegative() || (!!line.direction && NEGATIVE_WORD.test(line.direction)), words: line.direction ?? '' };
      else if (line.direction) pendingChange = { direction: line.direction };
      else if (pendingChange?.cell) {
        row.change = { cell: pendingChange.cell, negative: NEGATIVE_WORD.test(pendingChange.direction), words: pendingChange.direction };
        pendingChange = undefined;
      }
      if (line.direction && !third) pendingChange = { direction: line.direction };
      rows.push(row);
      buffer = [];
      afterHeader = false;
      continue;
    }
    if (line.numbers.length === 1 && (line.direction || pendingChange)) {
      // "减少 5.87 个百分" before the values, or "3.24" under "Decrease by" after them.
      const direction = line.direction ?? pendingChange!.direction;
      if (prev && !prev.change && pendingChange && !line.direction) {
        prev.change = { cell: line.numbers[0]!, negative: NEGATIVE_WORD.test(direction), words: direction };
        pendingChange = undefined;
      } else pendingChange = { direction, cell: line.numbers[0]! };
      if (line.label) buffer.push(line.label);
      continue;
    }
    if (line.numbers.length === 1 && !line.label) {
      skipped.push({ line: line.no, text: line.numbers[0]!.text }); // a page number or a stray figure
      continue;
    }
    if (line.label) buffer.push(line.label);
  }
  buffer = settle();
  if (buffer.length) skipped.push({ line: parsed.at(-1)?.no ?? 0, text: buffer.join(' ') });
  return { rows: rows.map(({ parts: _parts, ...row }) => row), skipped };
}

function classify({ no, text }: { no: number; text: string }): Line {
  const cells = splitCells(text);
  const numbers: NumberCell[] = [];
  const labels: string[] = [];
  let direction: string | undefined;
  for (const raw of cells) {
    let cell = raw.trim();
    if (!cell) continue;
    const dir = DIRECTION.exec(cell);
    if (dir && dir.index === 0) {
      direction = dir[0];
      cell = cell.slice(dir[0].length).trim();
      if (!cell) continue;
    }
    const points = cell.replace(POINTS_WORDS, '').trim();
    const n = readNumber(points) ?? readNumber(cell);
    if (n && (n.decimals > 0 || n.percent || /,/.test(n.text) || direction)) {
      numbers.push(n);
      continue;
    }
    if (/^[-\d,.%]+$/.test(cell) && cell.length > 8) {
      const parts = splitGlued(cell, 3) ?? splitGlued(cell, 2);
      if (parts) {
        numbers.push(...parts.map((p) => readNumber(p)!));
        continue;
      }
    }
    if (n || DAMAGE.test(cell) || /\d[\d,]*\s+[\d,]/.test(cell) || /^[\d\s,.:;<>%-]+$/.test(cell)) continue; // damage, not a label
    if (!points) continue; // only "个百分点" and the like
    labels.push(points);
  }
  const label = joinLabel(labels);
  const header = HEADER.test(label) && numbers.length === 0;
  return { no, label, numbers, direction, header, balanceHeader: header && BALANCE_HEADER.test(label) };
}

/** Cells: by tab or pipe when the line has them, else by runs of spaces (a Chinese label's own spaces are rejoined later). */
function splitCells(text: string): string[] {
  if (text.includes('\t')) return text.split('\t');
  if (text.includes('|')) return text.split('|');
  // Split on spaces, but keep "Decrease by", "减少 5.87 个百分点" and English labels together by rejoining words.
  const words = text.trim().split(/\s+/);
  const cells: string[] = [];
  for (const w of words) {
    const prev = cells[cells.length - 1];
    const isNumber = /^[-−]?[\d,]+(\.\d+)?%?$/.test(w) || (/^[-\d,.%]+$/.test(w) && w.length > 8);
    const prevIsText = prev !== undefined && !/^[-−]?[\d,]+(\.\d+)?%?$/.test(prev) && !(/^[-\d,.%]+$/.test(prev) && prev.length > 8);
    if (!isNumber && prevIsText && !DIRECTION.test(w) && !/^(减少|下降|增加|上升)/.test(prev!)) cells[cells.length - 1] = `${prev} ${w}`;
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
