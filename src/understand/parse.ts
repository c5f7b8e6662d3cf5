import type { CatalogueIndex, Match, Token } from './catalogue-index.js';
import { canonicalWord, splitWords } from './catalogue-index.js';
import { cleanText, HAN } from './normalize.js';
import { extractPeriods, type PeriodSpec } from './periods.js';
import { ABSOLUTE_WORDS, CHANGE_WORDS, COMPARE_WORDS, STOPWORDS, ZH_STOPWORDS } from './vocabulary.js';

/** What a question asks, before it is looked up: who, what, when, and how. */
export interface Query {
  text: string; // the cleaned question (markup removed), for logs and echoing safe parts
  empty: boolean; // nothing left to understand
  companies: string[]; // stock codes of known companies named
  unknownCompanies: string[]; // names or codes that look like a company we do not know
  metrics: string[]; // metric ids (reported or derived), in the order asked
  concepts: string[]; // undisclosed concept ids
  topics: string[]; // topic ids
  periods: PeriodSpec[];
  change: boolean; // asks how a figure changed
  absolute: boolean; // wants the change as an amount (in RMB, tonnes...) rather than a percentage
  compare: boolean; // asks for periods side by side
  unexplained: string[]; // words understood as nothing at all
}

const CODE = /^\d{4,6}$/;

/**
 * Strips Chinese filler from both ends of a leftover run ("请问腾讯控股" -> "腾讯控股"), never from inside a name.
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

export function parseQuestion(raw: string, index: CatalogueIndex): Query {
  const text = cleanText(raw).slice(0, 2000);
  const lower = text.toLowerCase();
  const { specs, rest: withoutPeriods } = extractPeriods(lower);
  const change = CHANGE_WORDS.test(withoutPeriods);
  const absolute = ABSOLUTE_WORDS.test(withoutPeriods);
  const compare = COMPARE_WORDS.test(withoutPeriods);
  // Intent words are grammar, not names: blank them (keeping offsets) so they are never taken for an unknown company.
  const blank = (s: string, re: RegExp) => s.replace(new RegExp(re.source, 'g'), (m) => ' '.repeat(m.length));
  const rest = [CHANGE_WORDS, COMPARE_WORDS].reduce(blank, withoutPeriods);
  // Keep the typed case where lower-casing kept offsets, to tell "Microsoft's" from filler.
  const cased = lower.length === text.length ? [...rest].map((c, i) => (c === ' ' ? ' ' : text[i])).join('') : rest;

  const matches: Match[] = [];
  const unknown: string[] = [];
  const unexplained: string[] = [];

  // Chinese runs: dictionary matching, then filler removal; what is left before any subject may be a company name.
  const hanRuns = [...cased.matchAll(/\p{Script=Han}+/gu)];
  for (const run of hanRuns) {
    const { matches: found, rest: left } = index.matchHan(run[0], run.index!);
    matches.push(...found);
    for (const piece of left) {
      for (const word of piece.split(/[的和与及或]/).map(trimFiller).filter((w) => w.length >= 2)) {
        unexplained.push(word);
        if (!found.some((f) => f.at < run.index! + run[0].indexOf(piece))) unknown.push(word);
      }
    }
  }

  // English words.
  const words = splitWords(cased.replace(/\p{Script=Han}+/gu, ' '));
  const tokens: Token[] = [];
  const codes: string[] = [];
  for (const w of words) {
    const possessive = /'s$/i.test(w);
    const bare = w.replace(/'s$/i, '').replace(/'$/, '');
    if (/^\d+$/.test(bare)) {
      if (CODE.test(bare)) codes.push(bare);
      continue;
    }
    const word = canonicalWord(bare);
    if (!word) continue;
    tokens.push({ word, raw: bare, possessive, capitalised: /^\p{Lu}/u.test(bare) });
  }
  for (const t of tokens) {
    if (!index.vocabulary.has(t.word) && !STOPWORDS.has(t.word)) {
      const fixed = index.correct(t.word);
      if (fixed) t.word = fixed;
    }
  }
  const english = index.matchTokens(tokens);
  matches.push(...english);
  const used = new Set(english.flatMap((m) => m.used));
  const loose = tokens.filter((t, i) => !used.has(i) && !STOPWORDS.has(t.word) && !/^\d/.test(t.word));

  // Nothing matched: try the leftover words as one fuzzy phrase ("netprofit", "operting margn").
  if (!matches.some((m) => m.entry.kind !== 'company') && loose.length) {
    const fuzzy = index.fuzzy(loose.map((t) => t.raw.toLowerCase()).join(' '));
    if (fuzzy) {
      matches.push(fuzzy);
      loose.length = 0;
    }
  }
  // Unknown names: capitalised or possessive words nobody explained, joined when adjacent ("China Mobile").
  let name: string[] = [];
  const flush = () => {
    if (name.length) unknown.push(name.join(' '));
    name = [];
  };
  tokens.forEach((t, i) => {
    const isLoose = loose.includes(t);
    if (isLoose) unexplained.push(t.raw);
    if (isLoose && (t.capitalised || t.possessive) && t.raw.length >= 2) {
      name.push(t.raw);
      if (t.possessive) flush();
    } else if (!(used.has(i) && matches.some((m) => m.entry.kind === 'company' && m.used.includes(i)))) flush();
  });
  flush();

  matches.sort((a, b) => a.at - b.at);
  const ids = (kind: string) => [...new Set(matches.filter((m) => m.entry.kind === kind).map((m) => m.entry.id))];
  const companies = ids('company');
  const knownCodes = new Set(index.entries.filter((e) => e.kind === 'company').map((e) => e.id));
  for (const code of codes) {
    const known = index.companyForCode(code);
    if (known) companies.push(known);
    else if (!knownCodes.has(code)) unknown.push(code);
  }
  const metrics = ids('metric');
  const concepts = ids('concept');
  const topics = ids('topic');
  const empty = !matches.length && !specs.length && !codes.length && !unknown.length && !change && !compare && !HAN.test(lower) && !/[\p{L}\p{N}]/u.test(lower);
  return {
    text,
    empty,
    companies: [...new Set(companies)],
    unknownCompanies: [...new Set(unknown)],
    metrics,
    concepts,
    topics,
    periods: specs,
    change,
    absolute,
    compare: compare || specs.filter((s) => s.year !== undefined || s.rel).length > 1,
    unexplained,
  };
}
