import { KnowledgeError } from '../knowledge/load.js';
import type { Knowledge } from '../knowledge/model.js';
import { DeletionIndex, FuzzyIndex } from './fuzzy.js';
import { HAN, stem } from './normalize.js';
import { EXCLUDING, EXCLUDING_TOKEN, GLUE, LEMMAS, STOPWORDS, ZH_PLACES } from './vocabulary.js';

export type EntryKind = 'metric' | 'concept' | 'topic' | 'company' | 'person' | 'filler';

/**
 * Something a phrase can name: a metric (reported or derived), an undisclosed concept, a topic, a company, a person
 * named in a document, or filler (a phrase that names nothing, such as "gains and losses" or a company's products).
 */
export interface Entry {
  kind: EntryKind;
  id: string; // metric/concept/topic id, or the company's stock code
  label: string;
}

interface Alias {
  entry: Entry;
  text: string; // as written in the catalogue
  tokens: string[]; // canonical content tokens (English), or [] for a Chinese alias
  derived?: boolean; // made by the index, not written in the knowledge
}

/**
 * People call a company by the first words of its name: "JL MAG" for "JL MAG Rare-Earth". Each English company alias
 * of three words or more lends its first two as a short name, unless another company's name starts the same way
 * ("China Lithium Holdings" and "China Lithium Group" both lose it) or the words name a metric.
 */
function leadingWords(aliases: Alias[]): Alias[] {
  const byKey = new Map<string, Alias[]>();
  for (const a of aliases) {
    if (a.entry.kind !== 'company' || a.tokens.length < 3) continue;
    const key = a.tokens.slice(0, 2).join(' ');
    byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  const taken = new Set(aliases.filter((a) => a.entry.kind !== 'company').map((a) => a.tokens.join(' ')));
  const out: Alias[] = [];
  for (const [key, list] of byKey) {
    if (new Set(list.map((a) => a.entry.id)).size > 1 || taken.has(key)) continue;
    out.push({ entry: list[0]!.entry, text: key, tokens: key.split(' '), derived: true });
  }
  return out;
}

/** A company's Chinese names as people shorten them: without the legal form, and without the place they start with. */
function chineseNameStems(names: string[]): string[] {
  const stems = new Set<string>();
  for (const name of names) {
    if (!HAN.test(name) || /[A-Za-z]/.test(name)) continue;
    const bare = name.replace(/\s+/g, '').replace(/(?:集团)?(?:股份有限公司|有限责任公司|有限公司)$/, '');
    stems.add(bare);
    const place = ZH_PLACES.find((p) => bare.startsWith(p) && bare.length - p.length >= 3);
    if (place) stems.add(bare.slice(place.length));
  }
  return [...stems].filter((s) => s.length >= 3);
}

/** A word of the question, canonicalised, with what is needed to spot an unknown name. */
export interface Token {
  word: string; // canonical (lower case, stemmed, connectives unified)
  start: number; // character offset in the question
  raw: string; // as typed
  possessive: boolean;
  capitalised: boolean;
}

/** A catalogue entry found in the question, and which tokens (or Chinese characters) it used. */
export interface Match {
  entry: Entry;
  alias: string;
  weight: number; // how much of the question it explains: tokens for English, characters / 2 for Chinese
  at: number; // character offset of its first word, for ordering
  used: number[]; // token positions used
  fuzzy: boolean;
}

/** Canonical form of one English word: lower case, connectives unified, stemmed. */
export function canonicalWord(word: string): string {
  const lower = word.toLowerCase();
  if (EXCLUDING.has(lower)) return EXCLUDING_TOKEN;
  // Own keys only: "constructor" or "toString" typed in a question must not read Object.prototype's.
  return Object.hasOwn(LEMMAS, lower) ? LEMMAS[lower]! : stem(lower);
}

/** A word: letters and digits, with inner apostrophes or ampersands ("owner's", "r&d"). */
export const WORD = /[\p{L}\p{N}]+(?:[&'][\p{L}\p{N}]+)*'?/gu;
export const splitWords = (text: string): string[] => text.match(WORD)?.filter((w) => !HAN.test(w)) ?? [];

/** Canonical tokens of an alias: every word but the glue. */
function aliasTokens(text: string): string[] {
  return splitWords(text.replace(/'s\b/gi, '')).map(canonicalWord).filter((w) => !GLUE.has(w));
}

const kindRank: Record<EntryKind, number> = { company: 0, person: 1, metric: 2, concept: 3, topic: 4, filler: 5 };

/**
 * Everything the question matcher needs, built once at start: aliases by their rarest word, Chinese aliases by first
 * character, typo candidates by shared deletions (fuzzy.ts), and Fuse.js over the words of metric aliases ("did you
 * mean") and over whole aliases (autocomplete), searched through a bigram filter so that Fuse.js scores only what it
 * could match. Nothing a question does here grows with the number of companies.
 */
export class CatalogueIndex {
  readonly vocabulary = new Set<string>();
  private readonly byRarest = new Map<string, Alias[]>(); // English aliases by their least common word
  private readonly metricsByToken = new Map<string, Alias[]>(); // metric aliases by each of their words, for "did you mean"
  private readonly hanByFirst = new Map<string, Alias[]>();
  private readonly hanMetrics: Alias[] = []; // Chinese metric aliases of four characters or more, for one mistyped
  private readonly words: DeletionIndex; // the vocabulary, for typo correction
  private readonly metricWords = new Map<number, FuzzyIndex<string>>(); // words of metric aliases by length, for "did you mean"
  private readonly metricWordsSorted: string[]; // words of metric aliases in order, for completing a cut-off word
  private readonly aliasFuse: FuzzyIndex<Alias>;
  readonly entries: Entry[] = [];
  private readonly codes = new Map<string, string>(); // code without leading zeros -> company code
  private readonly zhNameStarts = new Map<string, { stem: string; code: string }[]>(); // Chinese names by first 3 characters

  constructor(k: Knowledge) {
    const aliases: Alias[] = [];
    const add = (entry: Entry, texts: string[]) => {
      this.entries.push(entry);
      for (const text of new Set(texts)) {
        const han = HAN.test(text);
        aliases.push({ entry, text, tokens: han ? [] : aliasTokens(text) });
      }
    };
    for (const m of k.metrics.values()) add({ kind: 'metric', id: m.id, label: m.label }, [m.label, m.names.en, m.names.zh, ...m.aliases]);
    for (const c of k.concepts) add({ kind: 'concept', id: c.id, label: c.label }, c.aliases);
    for (const t of k.topics) add({ kind: 'topic', id: t.id, label: t.label }, t.aliases);
    for (const c of k.companies) add({ kind: 'company', id: c.code, label: c.shortName }, [c.shortName, c.name.en, c.name.zh, ...c.aliases]);
    // A person is one entry however many boards they sit on; the answer finds their companies.
    for (const name of new Set(k.companies.flatMap((c) => c.people))) add({ kind: 'person', id: name, label: name }, [name]);
    add({ kind: 'filler', id: 'filler', label: 'filler' }, [...k.filler, ...k.companies.flatMap((c) => c.terms)]);

    for (const c of k.companies) for (const code of c.codes) this.codes.set(code.replace(/^0+/, ''), c.code);
    for (const c of k.companies) {
      for (const stem of chineseNameStems([c.name.zh, ...c.aliases])) {
        const list = this.zhNameStarts.get(stem.slice(0, 3)) ?? [];
        list.push({ stem, code: c.code });
        this.zhNameStarts.set(stem.slice(0, 3), list);
      }
    }
    aliases.push(...leadingWords(aliases));
    const owner = new Map<string, Alias>();
    const english: Alias[] = [];
    for (const a of aliases) {
      const key = a.tokens.length ? a.tokens.join(' ') : a.text.replace(/\s+/g, '');
      if (!key) continue;
      const held = owner.get(key);
      if (held && a.derived) continue; // a derived short name never displaces a written alias
      if (held && (held.entry.kind !== a.entry.kind || held.entry.id !== a.entry.id) && a.entry.kind !== 'filler' && held.entry.kind !== 'filler') {
        throw new KnowledgeError(`catalogue: the alias "${a.text}" of ${a.entry.kind} ${a.entry.id} reads the same as "${held.text}" of ${held.entry.kind} ${held.entry.id}`);
      }
      owner.set(key, a);
      if (a.tokens.length) {
        for (const t of a.tokens) this.vocabulary.add(t);
        english.push(a);
      } else {
        const first = key[0]!;
        const list = this.hanByFirst.get(first) ?? [];
        list.push({ ...a, text: key });
        this.hanByFirst.set(first, list);
        if (a.entry.kind === 'metric' && key.length >= 4) this.hanMetrics.push({ ...a, text: key });
      }
    }
    for (const list of this.hanByFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
    // An alias matches only if all its words are in the question, so it is enough to file it under its rarest word:
    // a question then looks at a handful of aliases, not every company named "China ... Holdings".
    const frequency = new Map<string, number>();
    for (const a of english) for (const t of new Set(a.tokens)) frequency.set(t, (frequency.get(t) ?? 0) + 1);
    for (const a of english) {
      const rarest = a.tokens.reduce((r, t) => (frequency.get(t)! < frequency.get(r)! ? t : r));
      push(this.byRarest, rarest, a);
      if (a.entry.kind === 'metric') for (const t of new Set(a.tokens)) push(this.metricsByToken, t, a);
    }
    // Typo candidates by shared deletions, and "did you mean" over the words of metric aliases only: neither looks
    // through the thousands of company and people words on every unknown word, as Fuse.js over the vocabulary did.
    const vocabulary = [...this.vocabulary].filter((w) => w.length >= 3);
    this.words = new DeletionIndex(vocabulary, (w) => (w.length >= 5 ? 2 : 1));
    const byLength = new Map<number, string[]>();
    for (const w of vocabulary) if (this.metricsByToken.has(w)) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
    for (const [length, words] of byLength) this.metricWords.set(length, new FuzzyIndex(words, (w) => w, WORD_OPTIONS));
    this.metricWordsSorted = [...this.metricsByToken.keys()].filter((w) => w.length >= 4).sort();
    // Autocomplete searches the names people pick from: metrics, concepts and topics, not people or filler.
    this.aliasFuse = new FuzzyIndex(
      aliases.filter((a) => a.entry.kind === 'metric' || a.entry.kind === 'concept' || a.entry.kind === 'topic' || a.entry.kind === 'company'),
      (a) => a.text,
      { keys: ['text'], includeScore: true, threshold: 0.3, ignoreLocation: true },
    );
  }

  /**
   * The catalogue word a mistyped word most likely meant, if one is close enough: edit distance 1, or 2 for long
   * words. A four-letter word may only have lost or gained a letter ("totl"), since swapping one turns too many
   * ordinary words into catalogue words ("text" is not "next").
   */
  correct(word: string): string | undefined {
    if (word.length < 4 || /\d/.test(word)) return undefined;
    const allowed = word.length >= 7 ? 2 : 1;
    const close = this.words
      .candidates(word, allowed)
      .map((id) => this.words.words[id]!)
      .filter((w) => !(word.length === 4 && w.length === 4) && editDistance(w, word) <= allowed);
    if (!close.length) return undefined;
    // The closest; between equally close words, the one Fuse.js scores best (then the shorter, then the first).
    const scored = new FuzzyIndex(close, (w) => w, WORD_OPTIONS).search(word, close.length);
    const ranked = scored.map((h) => ({ word: h.item, distance: editDistance(h.item, word), score: h.score }));
    ranked.sort((a, b) => a.distance - b.distance || a.score - b.score || a.word.length - b.word.length);
    return ranked[0]?.word;
  }

  /**
   * The metric word a cut-off word begins ("rev", "tot", "prof"): three to five letters, and every other metric word
   * starting the same way starts with that one ("profit", "profitability"). Tried after correct(): a typo of a word
   * is likelier than a word cut short.
   */
  complete(word: string): string | undefined {
    if (word.length < 3 || word.length > 5 || /\d/.test(word)) return undefined;
    const list = this.metricWordsSorted;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < word) lo = mid + 1;
      else hi = mid;
    }
    const first = list[lo];
    if (!first?.startsWith(word)) return undefined;
    // "prof": profit, profitability... all begin with the shortest, which is meant.
    for (let i = lo + 1; i < list.length && list[i]!.startsWith(word); i++) if (!list[i]!.startsWith(first)) return undefined;
    return first;
  }

  /**
   * English phrase matching: an alias matches when its words occur in order and close together (a couple of stray
   * words allowed in between). Longer aliases win; each word is used by one match at most.
   */
  matchTokens(tokens: Token[]): Match[] {
    const positions = new Map<string, number[]>();
    tokens.forEach((t, i) => positions.set(t.word, [...(positions.get(t.word) ?? []), i]));
    const candidates: (Match & { span: number })[] = [];
    const seen = new Set<Alias>();
    for (const t of positions.keys()) {
      for (const alias of this.byRarest.get(t) ?? []) {
        if (seen.has(alias)) continue;
        seen.add(alias);
        const placed = place(alias.tokens, positions);
        if (!placed || placed.span > alias.tokens.length + 2 || this.skipsMeaning(tokens, placed.used)) continue;
        // "non-recurring share of net profit" holds "recurring net profit" only if "non" is ignored.
        if (tokens[placed.used[0]! - 1]?.word === 'non' && alias.tokens[0] !== 'non') continue;
        candidates.push({ entry: alias.entry, alias: alias.text, weight: alias.tokens.length, at: tokens[placed.used[0]!]!.start, used: placed.used, span: placed.span, fuzzy: false });
      }
    }
    candidates.sort((a, b) => b.weight - a.weight || a.span - b.span || kindRank[a.entry.kind] - kindRank[b.entry.kind] || a.at - b.at);
    const taken = new Set<number>();
    const chosen: Match[] = [];
    for (const c of candidates) {
      if (c.used.some((p) => taken.has(p))) continue;
      c.used.forEach((p) => taken.add(p));
      const { span: _span, ...match } = c;
      chosen.push(match);
    }
    return chosen;
  }

  /**
   * An alias may step over a couple of words ("net profit attributable to the shareholders"), but not over one that
   * means something of its own: "net profit and gross margin" is not a net profit margin.
   */
  private skipsMeaning(tokens: Token[], used: number[]): boolean {
    for (let i = used[0]!; i < used[used.length - 1]!; i++) {
      const word = tokens[i]!.word;
      if (!used.includes(i) && this.vocabulary.has(word) && !STOPWORDS.has(word)) return true;
    }
    return false;
  }

  /** Chinese matching: the longest alias starting at each character, left to right; returns the pieces left over too. */
  /** A Chinese metric alias one character off a word of the same length ("营业收人" for 营业收入), if just one is. */
  correctHan(word: string): Alias | undefined {
    if (word.length < 4) return undefined;
    const near = this.hanMetrics.filter((a) => a.text.length === word.length && [...a.text].filter((c, i) => c !== word[i]).length === 1);
    return new Set(near.map((a) => a.entry.id)).size === 1 ? near[0] : undefined;
  }

  matchHan(run: string, offset: number): { matches: Match[]; rest: { text: string; at: number }[] } {
    const matches: Match[] = [];
    const rest: { text: string; at: number }[] = [];
    let pending = '';
    const flush = (end: number) => {
      if (pending) rest.push({ text: pending, at: offset + end - pending.length });
      pending = '';
    };
    for (let i = 0; i < run.length; ) {
      const hit = this.hanByFirst.get(run[i]!)?.find((a) => run.startsWith(a.text, i));
      if (hit) {
        flush(i);
        matches.push({ entry: hit.entry, alias: hit.text, weight: hit.text.length / 2, at: offset + i, used: [], fuzzy: false });
        i += hit.text.length;
      } else {
        pending += run[i];
        i += 1;
      }
    }
    flush(run.length);
    return { matches, rest };
  }

  /** A word typed without its space ("netprofit"): the two catalogue words it is made of, if there are such. */
  split(word: string): [string, string] | undefined {
    if (word.length < 6) return undefined;
    for (let i = 3; i <= word.length - 3; i++) { // halves of three letters at least: "europe" is not "euro pe"
      const [a, b] = [word.slice(0, i), canonicalWord(word.slice(i))];
      if (this.vocabulary.has(a) && this.vocabulary.has(b)) return [a, b];
    }
    return undefined;
  }

  /**
   * "Did you mean": metrics whose words are closest to the words given, found through the same length-bucketed
   * Fuse.js indexes as typo correction, but with a looser threshold. Cheap enough for every unmatched question.
   */
  nearMetrics(words: string[], limit: number): Entry[] {
    const votes = new Map<string, { entry: Entry; score: number }>();
    for (const raw of words.slice(0, 4)) {
      const word = canonicalWord(raw);
      for (let length = Math.max(3, word.length - 2); length <= word.length + 2; length++) {
        for (const hit of this.metricWords.get(length)?.search(word, 3) ?? []) {
          if ((hit.score ?? 1) > 0.45) continue;
          for (const alias of this.metricsByToken.get(hit.item) ?? []) {
            const held = votes.get(alias.entry.id);
            const score = 1 - (hit.score ?? 1) - alias.tokens.length * 0.01;
            if (!held || held.score < score) votes.set(alias.entry.id, { entry: alias.entry, score });
          }
        }
      }
    }
    return [...votes.values()].sort((a, b) => b.score - a.score).slice(0, limit).map((v) => v.entry);
  }

  /**
   * The company a Chinese word left over from the question names in part: the start of one company's Chinese name,
   * with or without its place ("锋源新材" for 锋源新材料, "湖畔锂业" for 青海湖畔锂业). Three characters at least, and
   * one company only: a word that starts two companies' names names neither.
   */
  companyForNamePart(word: string): string | undefined {
    if (word.length < 3 || !HAN.test(word)) return undefined;
    const codes = new Set((this.zhNameStarts.get(word.slice(0, 3)) ?? []).filter((n) => n.stem.startsWith(word)).map((n) => n.code));
    return codes.size === 1 ? [...codes][0] : undefined;
  }

  /** The company listed under a stock code, written with or without leading zeros. */
  companyForCode(code: string): string | undefined {
    return this.codes.get(code.replace(/^0+/, ''));
  }

  /** Closest catalogue entries to some text, for "did you mean" and autocomplete. */
  closest(text: string, limit: number, kinds?: EntryKind[]): Entry[] {
    const out: Entry[] = [];
    for (const hit of this.aliasFuse.search(text, limit * 6)) {
      if (kinds && !kinds.includes(hit.item.entry.kind)) continue;
      if (!out.some((e) => e.kind === hit.item.entry.kind && e.id === hit.item.entry.id)) out.push(hit.item.entry);
      if (out.length >= limit) break;
    }
    return out;
  }
}

const WORD_OPTIONS = { includeScore: true, threshold: 0.34, ignoreLocation: true };

/** Appends to a list in a map of lists (copying the list on every append made filing quadratic in its length). */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Places alias tokens on question positions in order, as compactly as possible; undefined if one is missing. */
function place(aliasTokens: string[], positions: Map<string, number[]>): { used: number[]; span: number } | undefined {
  const lists = aliasTokens.map((t) => positions.get(t));
  if (lists.some((l) => !l)) return undefined;
  let best: { used: number[]; span: number } | undefined;
  for (const anchor of lists[0]!) {
    const used = [anchor];
    for (const list of lists.slice(1)) {
      const next = list!.find((p) => p > used[used.length - 1]!);
      if (next === undefined) break;
      used.push(next);
    }
    if (used.length !== lists.length) continue;
    const span = used[used.length - 1]! - anchor + 1;
    if (!best || span < best.span) best = { used, span };
  }
  return best;
}

/** Damerau-Levenshtein distance (adjacent swaps count once), for checking Fuse's typo candidates. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
