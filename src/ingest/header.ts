// What an announcement says about itself: who, which period, what kind of document, when, signed by whom.

export interface Header {
  codes: string[];
  nameZh?: string;
  nameEn?: string;
  shortNames: string[];
  title: string;
  year?: number;
  periodType: 'FY' | 'Q' | 'H' | '9M';
  quarter?: number;
  type: 'preliminary_annual' | 'preliminary_interim' | 'preliminary_quarterly' | 'annual' | 'interim' | 'quarterly';
  audited: boolean;
  date?: string;
  place?: string;
  signer?: { name: string; title?: string };
  board: { name: string; roles: string[] }[];
}

const MONTHS: Record<string, number> = { january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12 };
const iso = (y: number | string, m: number | string, d: number | string) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function readHeader(text: string, lines: string[]): Header {
  const codes = [
    ...[...text.matchAll(/(?:stock codes?|证券代码|股票代码|a股代码|h股代码)\s*[:：]?\s*\(?\s*(\d{4,6})/gi)].map((m) => hongKong(m[0], m[1]!)),
    // "(Stock Code: 981)": Hong Kong codes are written without their leading zeros.
    ...[...text.matchAll(/\((?:stock codes?|股份代号)\s*[:：]\s*(\d{1,6})\)/gi)].map((m) => hongKong(m[0], m[1]!)),
  ];
  const shortNames = [...text.matchAll(/(?:证券简称|股票简称|a股简称)\s*[:：]\s*([^\s:：]+)/g)].map((m) => m[1]!);
  const head = lines.slice(0, 15);
  // A cover page (HKEX disclaimer, notices, an overseas regulatory announcement's preface) can push the names and
  // the title far down: they are looked for further, in lines that can only be a name or a title.
  const top = lines.slice(0, 80);
  const nameZh = top.map((l) => l.trim()).find((l) => /^\p{Script=Han}[\p{Script=Han}（）()]*(股份有限公司|有限公司|集团公司)$/u.test(l));
  // In capitals ("JL MAG RARE-EARTH CO., LTD.") or not ("Qinghai Lakeside Lithium Co., Ltd."): a short line that is only a name.
  const nameEn = top
    .map((l) => l.trim())
    .find((l) => l.length < 80 && /^[A-Z][A-Za-z0-9 .,&'()-]*(CO\.?,? ?LTD\.?|LIMITED|CORPORATION|INC\.?|HOLDINGS)$/i.test(l) && !/\b(by|of the|pursuant)\b/.test(l) && !/exchange|clearing/i.test(l));
  // "金力永磁 JLMAG": a short line holding a Chinese short name and a Latin one.
  for (const l of head) {
    const m = /^(\p{Script=Han}{2,8})\s+([A-Za-z][A-Za-z0-9 -]{1,20})$/u.exec(l.trim());
    if (m) shortNames.push(m[1]!, m[2]!);
  }
  const titled = (l: string) => TITLE_WORDS.test(l) && l.trim().length < 120 && !/代码|code/i.test(l);
  // First a line that can only be a title (no sentence in it); else, near the top, any line naming the document.
  let at = top.findIndex((l) => titled(l) && onlyTitle(l.trim()));
  if (at < 0) at = head.findIndex(titled);
  // A title set on two lines ("ANNUAL RESULTS ANNOUNCEMENT" / "FOR THE YEAR ENDED 31 DECEMBER 2024") is one title.
  const next = top.slice(at + 1).find((l) => l.trim())?.trim();
  const title = at < 0 ? '' : `${top[at]!.trim()}${!/(?:19|20)\d{2}/.test(top[at]!) && next && next.length < 80 && /(?:19|20)\d{2}/.test(next) ? ` ${next}` : ''}`;

  const year = Number(/((?:19|20)\d{2})\s*(?:年|FOR THE YEAR|年度)?/i.exec(title)?.[1] ?? /FOR THE YEAR\s+((?:19|20)\d{2})/i.exec(title)?.[1] ?? NaN);
  let periodType: Header['periodType'] = 'FY';
  let quarter: number | undefined;
  const preliminary = /业绩快报|preliminary/i.test(title);
  let type: Header['type'] = preliminary ? 'preliminary_annual' : 'annual';
  // A year-to-date span first: "前三季度" and "nine months ended" hold three quarters, not the third one alone.
  if (/前三季度|1\s*[-－~至]\s*9\s*月|nine months ended/i.test(title)) periodType = '9M';
  else if (/第一季度|一季度|first quarter|\bq1\b|three months ended 31 march/i.test(title)) [periodType, quarter] = ['Q', 1];
  else if (/第三季度|三季度|third quarter|\bq3\b|three months ended 30 september/i.test(title)) [periodType, quarter] = ['Q', 3];
  else if (/半年度|中期|interim|half[- ]year|six months ended/i.test(title)) periodType = 'H';
  if (periodType !== 'FY') type = periodType === 'H' ? (preliminary ? 'preliminary_interim' : 'interim') : preliminary ? 'preliminary_quarterly' : 'quarterly';

  const unaudited = /未经审计|未经会计师事务所审计|尚未经会计师事务所审计|not been audited|unaudited/i.test(text);
  const audited = type === 'annual' && !unaudited;

  let date: string | undefined;
  let place: string | undefined;
  const m1 = /公告日期\s*[:：]\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})/.exec(text);
  const m2 = /^\s*([A-Z][A-Za-z ]+),\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),\s+((?:19|20)\d{2})\s*$/m.exec(text);
  // Hong Kong style, day first, at the foot: "Nanjing, the PRC, 15 July 2024", or the date alone under the place.
  const m2b = [...text.matchAll(/^[ \t]*(?:([A-Z][A-Za-z ,.()]*?),?[ \t]+)?(\d{1,2})[ \t]+(January|February|March|April|May|June|July|August|September|October|November|December),?[ \t]+((?:19|20)\d{2})[ \t]*$/gm)].at(-1);
  const m3 = [...withArabicDates(text).matchAll(/((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/gm)].at(-1);
  const m4 = /\bon ((?:19|20)\d{2})-(\d{2})-(\d{2})\b/.exec(text);
  if (m1) date = iso(m1[1]!, m1[2]!, m1[3]!);
  else if (m2) [date, place] = [iso(m2[4]!, MONTHS[m2[2]!.toLowerCase()]!, m2[3]!), m2[1]!.trim()];
  else if (m2b) [date, place] = [iso(m2b[4]!, MONTHS[m2b[3]!.toLowerCase()]!, m2b[2]!), m2b[1]?.trim() || placeAbove(text, m2b.index!)];
  else if (m3) date = iso(m3[1]!, m3[2]!, m3[3]!);
  else if (m4) date = iso(m4[1]!, m4[2]!, m4[3]!);
  if (m1 && m2) place = m2[1]!.trim();

  return {
    codes: [...new Set(codes)],
    nameZh,
    nameEn,
    shortNames: [...new Set(shortNames)],
    title,
    year: Number.isNaN(year) ? undefined : year,
    periodType,
    quarter,
    type,
    audited,
    date,
    place,
    signer: readSigner(lines),
    board: readBoard(text),
  };
}

const TITLE_WORDS = /业绩快报|年度报告|季度报告|半年度报告|RESULTS|ANNOUNCEMENT ON|REPORT/i;

/**
 * A line that is a title and nothing else: in Chinese, short and without a sentence's punctuation ("2024 年度业绩快报
 * 公告"); in English, in capitals ("PRELIMINARY ANNUAL RESULTS FOR THE YEAR 2024"), as HKEX titles are set. A wrapped
 * sentence mentioning "the 2024 annual report" is neither.
 */
function onlyTitle(line: string): boolean {
  if (/\p{Script=Han}/u.test(line)) return line.length <= 50 && !/[，。；;,：:]/.test(line) && !/^(?:本|以下|注|特别提示)/.test(line);
  return line.length <= 100 && !/[a-z]/.test(line) && /[A-Z]{3}/.test(line);
}

/** HKEX codes have five digits; "(Stock Code: 2868)" drops the leading zero. A-share codes are six. */
function hongKong(context: string, code: string): string {
  return code.length <= 4 && /stock code|股份代号/i.test(context) ? code.padStart(5, '0') : code;
}

/** The line above a date written alone: its place ("Xining, Qinghai, the PRC"), if it reads as one. */
function placeAbove(text: string, at: number): string | undefined {
  const above = text.slice(0, at).trimEnd().split('\n').at(-1)?.trim();
  return above && /^[A-Z][A-Za-z ,.()]{1,60}$/.test(above) && !/\b(board|chairman|director|limited|ltd)\b/i.test(above) ? above.replace(/,$/, '') : undefined;
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** "十六" -> 16, "二十四" -> 24, "十" -> 10, "三十一" -> 31. */
const cnNumber = (s: string) => (s.includes('十') ? (CN_DIGITS[s.split('十')[0]!] ?? 1) * 10 + (CN_DIGITS[s.split('十')[1]!] ?? 0) : CN_DIGITS[s]!);
/** Dates written in Chinese numerals ("二〇二四年十月十六日", common under a signature) as digits. */
const withArabicDates = (text: string) =>
  text.replace(/([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日/g, (_m, y: string, m: string, d: string) =>
    `${[...y].map((c) => CN_DIGITS[c]).join('')}年${cnNumber(m)}月${cnNumber(d)}日`,
  );

/** "By order of the Board / <company> / Cai Baogui / Chairman". */
function readSigner(lines: string[]): Header['signer'] {
  const at = lines.findIndex((l) => /by order of the board/i.test(l));
  if (at < 0) return undefined;
  const next = lines.slice(at + 1).map((l) => l.trim()).filter(Boolean);
  // The first line that reads as a person's name: not the company's own name, which usually comes first.
  const nameAt = next.findIndex((l) => /^[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}$/.test(l) && !/\b(Limited|Ltd|Co|Holdings|Group|Company|Corporation|Inc|Bank)\b/.test(l));
  if (nameAt < 0) return undefined;
  const title = next[nameAt + 1] && /^(Chairman|Chairwoman|Chairperson|Executive Director|Director|Company Secretary|Joint Company Secretary)/i.test(next[nameAt + 1]!) ? next[nameAt + 1] : undefined;
  return { name: next[nameAt]!, ...(title ? { title } : {}) };
}

/** "the Board comprises Mr. A and Mr. B as executive Directors; Mr. C ... as non-executive Directors; and ..." */
function readBoard(text: string): Header['board'] {
  const m = /the Board comprises (.+?)(?:\.\s*$|\.\s*\n|$)/ims.exec(text);
  if (!m) return [];
  const people: Header['board'] = [];
  for (const part of m[1]!.split(/;\s*(?:and\s+)?/)) {
    const role = /as (independent non-executive|non-executive|executive) Directors?/i.exec(part)?.[1]?.toLowerCase();
    if (!role) continue;
    const names = part.slice(0, part.search(/\bas\b/)).split(/,|\band\b/).map((n) => n.replace(/\b(Mr|Ms|Mrs|Dr|Prof|Madam)\.?\s*/g, '').trim()).filter(Boolean);
    for (const name of names) people.push({ name, roles: [`${role} director`, 'director'] });
  }
  return people;
}
