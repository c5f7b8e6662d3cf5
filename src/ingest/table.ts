import { DIRECTION, readNumber, splitGlued, withoutPoints, type NumberCell } from './cells.js';

/** A number of a row, with the direction word written before it, if any ("减少 10.82 个百分点": 10.82, 减少). */
export interface RowCell {
  cell: NumberCell;
  direction?: string;
}

/**
 * One row of the key-data table as read: its label (joined from wrapped fragments) and its numbers in column order.
 * The columns' meaning depends on the table's layout (see `header`): current, prior, change for most; quarter,
 * change, year to date, change for a third-quarter report.
 */
export interface TableRow {
  label: string;
  line: number; // 1-based line of its values in the file
  section: 'period' | 'balance'; // flows ("本报告期 / 上年同期") or balances ("期末 / 期初")
  header: string; // the column headings in force for this row
  cells: RowCell[];
}

interface Line {
  no: number;
  label: string; // text that is neither number nor change wording
  cells: RowCell[];
  trailingDirection?: string; // "Decrease by" at the end, its number on a later line
  header: boolean;
  balanceHeader: boolean;
}

const HEADER = /本报告期|上年同期|上年度末|年初至报告期末|增减变动|变动幅度|本年比上年|^(?:(?:19|20)\d{2}\s*年(?:末)?\s*)+$|^项目|^item\b|during the reporting period|for the period of last year|at the (?:end|beginning) of the reporting period|increase\/\s*decrease|year[- ]to[- ]date|same period last year|six months ended|nine months ended|three months ended|year ended|^as at\b|\bas at \d|change \(%\)/i;
const BALANCE_HEADER = /本报告期末|期末|上年度末|at the end of the reporting period|at the beginning of the reporting period|end of the period|end of last year|\bas at\b/i;
/** Cells of damage: punctuation runs, stray symbols. */
const DAMAGE = /^[\s,.:;<>\-–—|_*]*$/;
/** A change that does not apply: "不适用", "N/A", a dash. */
const NOT_APPLICABLE = /^(不适用|n\/a|na|n\.m\.|nm|—|–|-|\/|扭亏为盈|扭亏|转盈|由亏转盈|减亏|增亏|扭盈为亏|由盈转亏|转亏|不可比)$/i;
const NUMBERISH = /^[-−]?[\d,]+(\.\d+)?%?$|^[(（][\d,]+(\.\d+)?%?[)）]$/;
const GLUED = /^[-\d,.%]+$/;

/**
 * Reads the rows of a key-data table from its lines. `scoreLabel` says whether a label names exactly one catalogue
 * metric; it decides where a label that wraps over lines belongs, since extraction puts fragments of a label both
 * before and after its numbers ("归属于母公司所有者的" / numbers / "净利润").
 */
export function readTable(lines: { no: number; text: string }[], scoreLabel: (label: string) => boolean): { rows: TableRow[]; skipped: { line: number; text: string }[] } {
  const rows: (TableRow & { parts: string[] })[] = [];
  const skipped: { line: number; text: string }[] = [];
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
    return buffer.slice(best);
  };

  for (const line of lines.map(classify)) {
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
    if (line.cells.length >= 2) {
      const prefix = settle({ inline: line.label });
      const parts = [...prefix, line.label].filter(Boolean);
      const cells = early ? [...line.cells, early] : line.cells;
      rows.push({ label: joinLabel(parts), parts, line: line.no, section, header, cells });
      early = undefined;
      late = line.trailingDirection;
      buffer = [];
      afterHeader = false;
      continue;
    }
    if (line.cells.length === 1) {
      const only = line.cells[0]!;
      if (late && prev && !only.direction) prev.cells.push({ cell: only.cell, direction: late });
      else if (only.direction) early = only;
      else if (!line.label) skipped.push({ line: line.no, text: only.cell.text }); // a page number, a stray figure
      else skipped.push({ line: line.no, text: only.cell.text }); // a lone figure beside a label: damage
      late = undefined;
    }
    if (line.label) buffer.push(line.label);
  }
  const rest = settle();
  if (rest.length) skipped.push({ line: lines.at(-1)?.no ?? 0, text: rest.join(' ') });
  return { rows: rows.map(({ parts: _parts, ...row }) => row), skipped };
}

function classify({ no, text }: { no: number; text: string }): Line {
  const cells: RowCell[] = [];
  const labels: string[] = [];
  let direction: string | undefined; // a direction word waiting for its number
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
    if (NOT_APPLICABLE.test(bare)) continue;
    const n = readNumber(bare);
    // Table values carry decimals, thousands separators or a % sign; a bare integer is a page number or damage.
    if (n && (n.decimals > 0 || n.percent || /,/.test(n.text) || direction)) {
      cells.push({ cell: n, ...(direction ? { direction } : {}) });
      direction = undefined;
      continue;
    }
    if (!n && GLUED.test(bare) && bare.length > 8) {
      const parts = splitGlued(bare, 4) ?? splitGlued(bare, 3) ?? splitGlued(bare, 2);
      if (parts) {
        cells.push(...parts.map((p) => ({ cell: readNumber(p)! })));
        continue;
      }
    }
    if (n || DAMAGE.test(bare) || /\d[\d,]*\s+[\d,]/.test(bare) || /^[\d\s,.:;<>%-]+$/.test(bare) || !bare) continue; // damage, not a label
    labels.push(bare);
  }
  const label = joinLabel(labels);
  const header = HEADER.test(label) && cells.length === 0;
  return { no, label, cells, ...(direction ? { trailingDirection: direction } : {}), header, balanceHeader: header && BALANCE_HEADER.test(label) };
}

/** Cells: by tab or pipe when the line has them, else by spaces, keeping words of a label together. */
function splitCells(text: string): string[] {
  if (text.includes('\t')) return text.split('\t');
  if (text.includes('|')) return text.split('|');
  const cells: string[] = [];
  for (const w of text.trim().split(/\s+/)) {
    const prev = cells[cells.length - 1];
    const isNumber = NUMBERISH.test(w) || (GLUED.test(w) && w.length > 8);
    const prevIsText = prev !== undefined && !NUMBERISH.test(prev) && !(GLUED.test(prev) && prev.length > 8) && !DIRECTION.test(prev);
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
