import type { CatalogueIndex, Match, Token } from './catalogue-index.js';
import { canonicalWord, editDistance, WORD } from './catalogue-index.js';
import { cleanText } from './normalize.js';
import { extractPeriods, type PeriodSpec } from './periods.js';
import { ABSOLUTE_WORDS, CHANGE_WORDS, COMPARATIVE_WORDS, COMPARE_WORDS, DIFFERENCE_WORDS, EXCLUDING_TOKEN, FOREIGN_CURRENCY, GLUE, HOW_MUCH_MORE, OVERVIEW_WORDS, PERCENT_WORDS, RATIO_GLUE, RATIO_WORDS, STOPWORDS, SUPERLATIVE_WORDS, WHICH_WORDS, WORKING_WORDS, ZH_STOPWORDS } from './vocabulary.js';

/** What a question asks, before it is looked up: who, what, when, and how. */
export interface Query {
  text: string; // the cleaned question (markup removed)
  truncated: boolean; // longer than MAX_QUESTION: only the start was read
  empty: boolean; // nothing left to understand
  companies: string[]; // stock codes of known companies named
  unknownCompanies: string[]; // names or codes that look like a company we do not know
  metrics: string[]; // metric ids (reported or derived), in the order asked
  concepts: string[]; // undisclosed concept ids
  topics: string[]; // topic ids
  people: string[]; // "company|name" of people named in a document
  periods: PeriodSpec[];
  change: boolean; // asks how a figure changed
  comparative: boolean; // "higher", "lower": a change for one company, a ranking for several
  asksWhich: boolean; // "which", "who", 哪个: with a comparative, a ranking of the companies in play
  howMuchMore: boolean; // "how much bigger", "高多少": with several companies, the gap between them, not a change
  absolute: boolean; // wants the change as an amount (in RMB, tonnes...) rather than a percentage
  percent: boolean; // "in percent?": wants the change as a percentage
  continues: boolean; // "and net profit?", "what about 2022?", "还有": goes on from the last question
  perOther?: string; // "profit per employee", "revenue per store": a unit to divide by that no figure counts
  working: boolean; // "how was that computed?": the figure again, with how it was worked out
  compare: boolean; // asks for periods side by side
  ratio: boolean; // "A as a percentage of B"
  ratioReversed: boolean; // "what share of B was A": the first metric named is the denominator
  ratioOf: boolean; // "as a percentage of B", "divided by B": a denominator is named, whatever the numerator
  difference: boolean; // "A minus B", "the gap between A and B", "A excluding B"
  excluding: boolean; // "A excluding B", "A before B": A without a part of it
  per: boolean; // "A per B", "A for each B": A divided by B, as a per-unit figure
  average: boolean; // "average total assets": a balance's mean over the period
  perUnit?: 'tonnes' | 'shares'; // "operating profit per tonne": divided by the metric counted in that unit
  overview: boolean; // "how did it perform?", "key figures": the results as a whole
  currency?: string; // a currency other than RMB, as typed ("USD", "港元"): figures stay in RMB, and the answer says so
  unexplained: string[]; // words understood as nothing at all
  parts: string[]; // "revenue from wind power", "sales in Europe": words narrowing a figure to a part nobody reports
}

/** The longest question read; chat platforms allow far more, but no real question about results is longer. */
export const MAX_QUESTION = 2000;
const CODE = /^\d{4,6}$/;
const blank = (s: string, re: RegExp) => s.replace(new RegExp(re.source, 'g'), (m) => ' '.repeat(m.length));

export function parseQuestion(raw: string, index: CatalogueIndex): Query {
  // Cut before cleaning too, so a 40,000-character message costs no more than a long question.
  const cleaned = cleanText(raw.slice(0, MAX_QUESTION * 4));
  const text = cleaned.slice(0, MAX_QUESTION);
  const lower = text.toLowerCase();
  const { specs, rest: withoutPeriods } = extractPeriods(lower);
  const change = CHANGE_WORDS.test(withoutPeriods) || CHANGE_WORDS.test(slipsOfIntent(withoutPeriods, index));
  const comparative = COMPARATIVE_WORDS.test(withoutPeriods) || (SUPERLATIVE_WORDS.test(withoutPeriods) && WHICH_WORDS.test(withoutPeriods));
  const absolute = ABSOLUTE_WORDS.test(withoutPeriods);
  const compare = COMPARE_WORDS.test(withoutPeriods);
  const overview = OVERVIEW_WORDS.test(withoutPeriods);
  const shareOf = /\b(share|percentage|proportion|fraction|part|percent|how much) of\b/.exec(withoutPeriods);
  const percent = PERCENT_WORDS.test(withoutPeriods);
  const working = WORKING_WORDS.test(withoutPeriods);
  // Intent words are grammar, not names: blank them (keeping offsets) so they are never taken for an unknown company.
  // ("less" and "minus" stay: "net profit less non-recurring" is an alias of its own.)
  const rest = [CHANGE_WORDS, COMPARATIVE_WORDS, SUPERLATIVE_WORDS, COMPARE_WORDS, RATIO_GLUE, OVERVIEW_WORDS, PERCENT_WORDS, WORKING_WORDS].reduce(blank, withoutPeriods);
  // Keep the typed case where lower-casing kept offsets, to tell "Microsoft's" from filler.
  const cased = lower.length === text.length ? [...rest].map((c, i) => (c === ' ' ? ' ' : text[i])).join('') : rest;

  const han = readHan(cased, lower, index);
  const english = readEnglish(cased, index);
  const difference = DIFFERENCE_WORDS.test(withoutPeriods) || english.excludes;
  const ratio = RATIO_WORDS.test(withoutPeriods) || english.per;
  const matches = [...han.matches, ...english.matches].filter((m) => m.entry.kind !== 'filler').sort((a, b) => a.at - b.at);

  // A Chinese leftover before every subject may be a company's name ("比亚迪的营业收入"), and so may one set apart by
  // punctuation ("营业收入，比亚迪的"); inside a phrase after the subject it is noise.
  const firstSubject = Math.min(...han.matches.filter((m) => m.entry.kind !== 'filler').map((m) => m.at), Infinity);
  const names = han.leftovers.filter((l) => l.at < firstSubject || l.alone).map((l) => l.word);
  // "锋源新材" for 锋源新材料, "湖畔锂业" for 青海湖畔锂业: the start of a known company's name.
  const shortened = names.map((word) => index.companyForNamePart(word));
  const unknown = [...names.filter((_, i) => !shortened[i]), ...english.unknownNames];

  const ids = (kind: string) => [...new Set(matches.filter((m) => m.entry.kind === kind).map((m) => m.entry.id))];
  // "how did alibaba perform", "and for byd in 2022?": a question naming no figure and no company would be answered
  // from the conversation, or with the key figures; a word nobody knows is then what it is about: a company.
  const leansOnContext = overview || specs.length > 0 || change || comparative || compare || absolute;
  if (leansOnContext && !matches.some((m) => m.entry.kind === 'metric' || m.entry.kind === 'company') && !english.codes.length && english.strangers.length) {
    unknown.push(english.strangers.join(' '));
  }
  const firstMetric = matches.find((m) => m.entry.kind === 'metric');
  const companies = [...ids('company'), ...shortened.filter((code): code is string => !!code)];
  for (const code of english.codes) {
    const known = index.companyForCode(code);
    if (known) companies.push(known);
    else unknown.push(code);
  }
  const anything = matches.length || specs.length || english.codes.length || unknown.length || change || comparative || compare || overview || percent || working;
  return {
    text,
    truncated: cleaned.length > MAX_QUESTION || raw.length > MAX_QUESTION * 4,
    empty: !anything && !/[\p{L}\p{N}]/u.test(lower),
    companies: [...new Set(companies)],
    unknownCompanies: [...new Set(unknown)],
    metrics: english.excludedFirst ? ids('metric').reverse() : ids('metric'),
    concepts: ids('concept'),
    topics: ids('topic'),
    people: ids('person'),
    periods: specs,
    change,
    comparative,
    asksWhich: WHICH_WORDS.test(withoutPeriods),
    howMuchMore: HOW_MUCH_MORE.test(withoutPeriods),
    absolute,
    percent,
    working,
    continues: /^\s*(and|what about|how about|also|then|same for|plus)\b|^\s*(那么|那|还有|再看)/.test(lower),
    compare: compare || specs.filter((s) => s.year !== undefined || s.rel).length > 1,
    ratio,
    ratioReversed: ratio && !!shareOf && !!firstMetric && shareOf.index < firstMetric.at,
    ratioOf: RATIO_GLUE.test(withoutPeriods),
    difference,
    excluding: english.excludes,
    per: english.per,
    average: english.average || (/平均/.test(text) && !han.matches.some((m) => m.alias.includes('平均'))),
    ...perUnit(withoutPeriods),
    ...perOther(withoutPeriods),
    ...currencyNamed(lower),
    overview,
    unexplained: [...han.leftovers.map((l) => l.word), ...english.unexplained],
    parts: english.parts,
  };
}

/**
 * Chinese runs: dictionary matches, and what is left once filler is trimmed from the edges of each piece. `cased` has
 * periods and intent words blanked; `typed` is the question as typed, at the same offsets.
 */
function readHan(cased: string, typed: string, index: CatalogueIndex) {
  const matches: Match[] = [];
  const leftovers: { word: string; at: number; alone: boolean }[] = [];
  for (const run of cased.matchAll(/\p{Script=Han}+/gu)) {
    const found = index.matchHan(run[0], run.index!);
    matches.push(...found.matches);
    // A run of its own, set apart in what was typed ("营业收入，比亚迪的"), not one cut off by a blanked intent word.
    const apart = run.index === 0 || !/\p{Script=Han}/u.test(typed[run.index! - 1]!);
    const alone = apart && found.matches.every((m) => m.entry.kind === 'filler');
    for (const piece of found.rest) {
      for (const part of piece.text.split(/[的和与及或]/)) {
        const word = trimFiller(part);
        const at = piece.at + piece.text.indexOf(part);
        // "营业收人": a metric typed with one character wrong, not a company's name.
        const meant = index.correctHan(word);
        if (meant) matches.push({ entry: meant.entry, alias: meant.text, weight: meant.text.length / 2, at, used: [], fuzzy: true });
        else if (word.length >= 2) leftovers.push({ word, at, alone });
      }
    }
  }
  return { matches, leftovers };
}

/** English words: typo correction, phrase matching, and names nobody explained. */
function readEnglish(cased: string, index: CatalogueIndex) {
  const tokens: Token[] = [];
  const codes: string[] = [];
  for (const found of cased.replace(/\p{Script=Han}/gu, ' ').matchAll(WORD)) {
    const w = found[0];
    const possessive = /'s$/i.test(w);
    // "Microsoft's" keeps its name; "I'd", "we're", "didn't" lose the contraction ("I'd" is not a company "Id").
    const bare = w.replace(/'s$/i, '').replace(/(?:'(?:d|ll|m|re|ve)|n't)$/i, '').replace(/'$/, '');
    const digits = /^(?:sz|sh|hk|bj)?(\d+)$/i.exec(bare)?.[1]; // "300748", or with its exchange: "SZ300748"
    if (digits !== undefined) {
      if (CODE.test(digits)) codes.push(digits);
      continue;
    }
    const word = canonicalWord(bare);
    if (!word || GLUE.has(word)) continue;
    tokens.push({ word, start: found.index!, raw: bare, possessive, capitalised: /^\p{Lu}/u.test(bare) });
  }
  // Words the catalogue does not know: a typo of one it does ("revnue"), or two typed as one ("netprofit").
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (index.vocabulary.has(t.word) || STOPWORDS.has(t.word) || t.possessive) continue; // "Microsoft's" is a name
    const parts = index.split(t.word); // a few set look-ups: cheaper than a fuzzy search, so first
    if (parts) tokens.splice(i, 1, { ...t, word: parts[0] }, { ...t, word: parts[1], start: t.start + parts[0].length });
    else t.word = index.correct(t.word) ?? index.complete(t.word) ?? t.word;
  }
  const matches = index.matchTokens(tokens);
  const used = new Set(matches.flatMap((m) => m.used));
  const isLoose = (t: Token, i: number) => !used.has(i) && !STOPWORDS.has(t.word) && !/^\d/.test(t.word);
  const loose = tokens.filter(isLoose);
  // Unknown names: capitalised or possessive words nobody explained, joined when adjacent ("China Mobile").
  const unknownNames: string[] = [];
  let name: string[] = [];
  const flush = () => {
    if (name.length) unknownNames.push(name.join(' '));
    name = [];
  };
  for (const t of tokens) {
    // ("Excluding one-offs, ...": a word of grammar, capitalised because it starts the sentence, names nobody.)
    if (loose.includes(t) && (t.capitalised || t.possessive) && t.raw.length >= 2 && t.word !== EXCLUDING_TOKEN) {
      name.push(t.raw);
      if (t.possessive) flush();
    } else flush();
  }
  flush();
  const stranger = (t: Token, i: number) => isLoose(t, i) && !index.vocabulary.has(t.word) && t.raw.length >= 2;
  unknownNames.push(...lowerCaseNames(cased, tokens, matches, (t, i) => stranger(t, i) && !t.capitalised));
  const strangers = tokens.filter(stranger).map((t) => t.raw);
  // Neither as typed nor as corrected a word of ours, nor a slip of a filler word ("yaer", "teh"): "Europe".
  const foreign = (t: Token, i: number) => stranger(t, i) && !index.vocabulary.has(canonicalWord(t.raw)) && !slipOfFiller(t.raw.toLowerCase());
  const parts = partsOfMetrics(cased, tokens, matches, foreign);
  const pairs = metricPairs(matches);
  // "Excluding one-offs, what was net profit?": the part named first, before the whole.
  const firstMetricAt = Math.min(...matches.filter((m) => m.entry.kind === 'metric' && m.used.length).flatMap((m) => m.used), Infinity);
  const excludedFirst = pairs.length > 0 && tokens.slice(0, Math.min(firstMetricAt, tokens.length)).some((t, i) => t.word === EXCLUDING_TOKEN && !ARITHMETIC.has(t.raw.toLowerCase()) && !used.has(i));
  return {
    matches,
    codes,
    // "revenue in China": a region of the figure, not a company.
    unknownNames: unknownNames.filter((n) => !parts.includes(n)),
    parts,
    strangers,
    unexplained: loose.map((t) => t.raw),
    // "net profit excluding one-offs", "profit before non-recurring items": the first without the second, a figure of
    // its own. ("minus" and "less" ask for arithmetic, which DIFFERENCE_WORDS reads.)
    excludes: excludedFirst || pairs.some(([from, to]) =>
      tokens.slice(from + 1, to).some((t, i) => t.word === EXCLUDING_TOKEN && !ARITHMETIC.has(t.raw.toLowerCase()) && !used.has(from + 1 + i)),
    ),
    excludedFirst,
    // "average total assets": "average" left over once aliases such as "weighted average ROE" took theirs.
    average: tokens.some((t, i) => t.word === 'average' && !used.has(i)),
    // "revenue per tonne of magnets sold", "profit for each share": the first divided by the second.
    per: pairs.some(([from, to]) => PER.test(cased.slice(tokens[from]!.start + tokens[from]!.raw.length, tokens[to]!.start))),
  };
}

/** "per tonne", "per share", "每吨": a unit to divide by, named without its metric. */
function perUnit(text: string): Pick<Query, 'perUnit'> {
  if (/\b(per|for each|for every|a)[- ](metric )?(tonne|ton)s?\b|每吨|单吨|吨均/.test(text)) return { perUnit: 'tonnes' };
  if (/\b(per|for each|for every)[- ]shares?\b|每股/.test(text)) return { perUnit: 'shares' };
  return {};
}

/** "Per employee", "per store": a unit to divide by that is not tonnes or shares (nor "per cent", "per year"). */
function perOther(text: string): Pick<Query, 'perOther'> {
  const unit = /\b(?:per|for each|for every)[- ](?!(?:metric )?(?:tonnes?|tons?|shares?|cent|year|years|annum|period|quarter|month)\b)([a-z]{3,})/.exec(text)?.[1];
  return unit ? { perOther: unit } : {};
}

/** "in USD", "港元": a currency other than RMB named ("USD" for a code, else as typed). */
function currencyNamed(lower: string): Pick<Query, 'currency'> {
  const named = FOREIGN_CURRENCY.exec(lower)?.[0];
  return named ? { currency: /^[a-z]{3}$/.test(named) ? named.toUpperCase() : named } : {};
}

const ARITHMETIC = new Set(['minus', 'less']);
const COMPANY_WORDS = new Set(['company', 'group', 'firm', 'issuer']);
const PER = /\b(per|for each|for every)\b/i;

/**
 * "Revenue from wind power", "sales in Europe", "profit by product line": words nobody explained right after a metric
 * and "from", "in", "by", "within" or "outside" narrow it to a part (a segment, a market, a customer), which is not
 * the figure. (Periods, currencies and amounts were read before: "in 2023", "in RMB" never get here.)
 */
function partsOfMetrics(cased: string, tokens: Token[], matches: Match[], unknown: (t: Token, i: number) => boolean): string[] {
  const parts: string[] = [];
  for (const m of matches) {
    if (m.entry.kind !== 'metric' || !m.used.length) continue;
    const last = Math.max(...m.used);
    const next = last + 1;
    if (next >= tokens.length || !unknown(tokens[next]!, next)) continue;
    const between = cased.slice(tokens[last]!.start + tokens[last]!.raw.length, tokens[next]!.start);
    if (!/^\s+(from|in|by|within|outside)\s+(the\s+|its\s+|their\s+)?$/i.test(between)) continue;
    let end = next;
    while (end < tokens.length && unknown(tokens[end]!, end)) end++;
    parts.push(tokens.slice(next, end).map((t) => t.raw).join(' '));
  }
  return parts;
}

const INTENT_WORDS = ['growth', 'change', 'changed', 'changes', 'increase', 'increased', 'decrease', 'decreased', 'decline', 'declined', 'dropped'];

/** The text with a mistyped word of change read as meant ("revenu growht", "eps chnage"), for finding the intent only. */
function slipsOfIntent(text: string, index: CatalogueIndex): string {
  // Cheap tests first: a slip keeps the first letter and the length within one (edit distances cost a table each).
  const slip = (w: string, i: string) => w[0] === i[0] && Math.abs(w.length - i.length) <= 1 && editDistance(w, i) === 1;
  return text.replace(/[a-z]{5,}/g, (w) => (index.vocabulary.has(w) || STOPWORDS.has(w) ? w : INTENT_WORDS.find((i) => slip(w, i)) ?? w));
}

/** A filler word typed with two letters swapped, one left out or one doubled: "yaer", "teh", "yer", "thee". */
function slipOfFiller(word: string): boolean {
  const variants = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    variants.add(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length) variants.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  // A left-out letter: the filler word with one letter dropped is the word typed.
  for (const filler of [...STOPWORDS, ...GLUE]) if (filler.length === word.length + 1 && [...filler].some((_, i) => filler.slice(0, i) + filler.slice(i + 1) === word)) return true;
  return [...variants].some((v) => v !== word && (STOPWORDS.has(v) || GLUE.has(v)));
}

/** Each metric named before another: the last token of the first and the first token of the second. */
function metricPairs(matches: Match[]): [number, number][] {
  const metrics = matches.filter((m) => m.entry.kind === 'metric' && m.used.length > 0);
  return metrics.flatMap((a) => metrics.map((b): [number, number] => [Math.max(...a.used), Math.min(...b.used)])).filter(([from, to]) => from < to);
}

/**
 * Names typed in lower case ("byd revenue", "what was tesla net profit", "revenue of zijin mining"; capitalised ones
 * are found above): words nobody explained and the catalogue does not use, where a name goes: right before the first
 * metric (filler such as "rare earth" may sit between), right after a metric and "of" or "for", or after "with",
 * "against", "vs". Left unread, the question would be answered about the company in the conversation or the only one
 * loaded: another company's figures.
 */
function lowerCaseNames(cased: string, tokens: Token[], matches: Match[], unknown: (t: Token, i: number) => boolean): string[] {
  const metric = new Set(matches.filter((m) => m.entry.kind === 'metric').flatMap((m) => m.used));
  const filler = new Set(matches.filter((m) => m.entry.kind === 'filler').flatMap((m) => m.used));
  const names: string[] = [];
  // Only spaces between two tokens: nothing (glue, an intent word) was left out between them.
  const adjacent = (a: number, b: number) => /^\s+$/.test(cased.slice(tokens[a]!.start + tokens[a]!.raw.length, tokens[b]!.start));
  // Before the first metric: after any stopwords, a run of unknown words (and filler) next to each other and to it.
  let i = 0;
  while (i < tokens.length && STOPWORDS.has(tokens[i]!.word)) i++;
  let j = i;
  while (j < tokens.length && (unknown(tokens[j]!, j) || (j > i && filler.has(j))) && (j === i || adjacent(j - 1, j))) j++;
  if (j > i && metric.has(j) && adjacent(j - 1, j) && unknown(tokens[i]!, i)) names.push(tokens.slice(i, j).map((t) => t.raw).join(' '));
  // After a metric and "of" / "for" (glue words are not tokens: the text between says which), or after "compared
  // with", "against", "vs" anywhere.
  // ("Net profit of the company Moutai": "the company" may stand between.)
  for (let k = -1; k + 1 < tokens.length; k++) {
    if (!unknown(tokens[k + 1]!, k + 1) || (k >= 0 && unknown(tokens[k]!, k))) continue;
    let m = k;
    while (m >= 0 && COMPANY_WORDS.has(tokens[m]!.word) && !metric.has(m)) m--;
    const before = cased.slice(m >= 0 ? tokens[m]!.start + tokens[m]!.raw.length : 0, tokens[k + 1]!.start);
    if (!(m >= 0 && metric.has(m) && /^\s+(of|for)\s+((the|its)\s+)?((company|group|firm|issuer)\s+)?$/i.test(before)) && !/\b(with|against|versus|vs\.?)\s+$/i.test(before)) continue;
    let end = k + 1;
    while (end < tokens.length && unknown(tokens[end]!, end) && (end === k + 1 || adjacent(end - 1, end))) end++;
    names.push(tokens.slice(k + 1, end).map((t) => t.raw).join(' '));
  }
  return names;
}

/**
 * Strips Chinese filler from both ends of a leftover piece ("请问腾讯控股" -> "腾讯控股"), never from inside a name.
 * A single filler character is stripped from the end only: many names begin with one (比亚迪, 中国平安, 万科).
 */
function trimFiller(piece: string): string {
  let s = piece;
  for (let changed = true; changed && s; ) {
    changed = false;
    for (const w of ZH_STOPWORDS) {
      if (s.startsWith(w) && (w.length > 1 || '请我查看想'.includes(w))) s = s.slice(w.length);
      else if (s.endsWith(w)) s = s.slice(0, -w.length);
      else continue;
      changed = true;
      break;
    }
  }
  return s;
}

