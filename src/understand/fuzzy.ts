import Fuse, { type IFuseOptions } from 'fuse.js';

/**
 * Fuse.js, without scoring every entry on every search.
 *
 * Fuse's bitap scores each entry in turn, which costs a few microseconds an entry for a short phrase and far more for
 * a long one: searching every alias for a nonsense sentence took tens of milliseconds, and grew with every company
 * added. Here a bigram index first picks the entries Fuse could possibly match, and Fuse then scores only those, so
 * the results are exactly Fuse's (same scores, same order, same limit).
 *
 * Why no match is lost: Fuse matches a pattern of m characters (or each 32-character chunk of a longer one) somewhere
 * in an entry with at most k = ⌊threshold × m⌋ insertions, deletions or substitutions. One edit changes at most two
 * of the pattern's m − 1 bigrams, so a matching entry contains at least m − 1 − 2k of them (the q-gram lemma).
 * Entries below that count for every chunk cannot match. When the bound is 0 or less (very short patterns), every
 * entry is a candidate.
 */
export class FuzzyIndex<T> {
  private readonly texts: string[];
  private readonly bigrams = new Map<string, number[]>(); // bigram -> ids of the entries containing it, ascending
  private readonly threshold: number;

  constructor(
    private readonly items: readonly T[],
    text: (item: T) => string,
    private readonly options: IFuseOptions<T>,
  ) {
    this.threshold = options.threshold ?? 0.6;
    this.texts = items.map((item) => text(item).toLowerCase());
    this.texts.forEach((t, id) => {
      for (let i = 0; i + 1 < t.length; i++) {
        const key = t.slice(i, i + 2);
        const ids = this.bigrams.get(key);
        if (!ids) this.bigrams.set(key, [id]);
        else if (ids[ids.length - 1] !== id) ids.push(id);
      }
    });
  }

  get size(): number {
    return this.items.length;
  }

  /** The same results as `new Fuse(items, options).search(pattern, { limit })`. */
  search(pattern: string, limit: number): { item: T; score: number }[] {
    if (typeof pattern !== 'string') return [];
    const ids = this.candidates(pattern.toLowerCase());
    if (!ids.length) return [];
    const list = ids.map((id) => this.items[id]!);
    return new Fuse(list, this.options).search(pattern, { limit }).map((r) => ({ item: r.item, score: r.score ?? 0 }));
  }

  /** Ids, ascending, of the entries Fuse could match. */
  private candidates(pattern: string): number[] {
    if (!pattern) return [];
    const keep = new Uint8Array(this.items.length);
    for (const chunk of chunks(pattern)) {
      const m = chunk.length;
      let k = 0;
      while ((k + 1) / m <= this.threshold) k++; // the most errors Fuse's bitap accepts for this chunk
      const needed = m - 1 - 2 * k;
      if (needed <= 0) return this.items.map((_, id) => id);
      const counts = new Uint16Array(this.items.length);
      for (let i = 0; i + 1 < m; i++) {
        const ids = this.bigrams.get(chunk.slice(i, i + 2));
        if (!ids) continue;
        for (const id of ids) if (++counts[id]! === needed) keep[id] = 1;
      }
    }
    const out: number[] = [];
    keep.forEach((v, id) => v && out.push(id));
    return out;
  }
}

/** Fuse's pattern chunks: 32 characters each, the last one ending at the pattern's end. */
function chunks(pattern: string): string[] {
  if (pattern.length <= 32) return [pattern];
  const out: string[] = [];
  const remainder = pattern.length % 32;
  for (let i = 0; i < pattern.length - remainder; i += 32) out.push(pattern.substr(i, 32));
  if (remainder) out.push(pattern.substr(pattern.length - 32));
  return out;
}

/**
 * Words within an edit distance of a word, found by their shared deletions (the SymSpell method): two words within
 * Damerau distance d become equal after at most d deletions from each. Each word is stored under its deletions up to
 * `depth(word)`; a query's deletions up to its own depth are looked up, and the caller checks the distance exactly.
 */
export class DeletionIndex {
  private readonly forms = new Map<string, number[]>(); // deletion form -> word ids
  readonly words: readonly string[];

  constructor(words: readonly string[], depth: (word: string) => number) {
    this.words = words;
    words.forEach((w, id) => {
      for (const form of deletions(w, depth(w))) {
        const ids = this.forms.get(form);
        if (!ids) this.forms.set(form, [id]);
        else if (ids[ids.length - 1] !== id) ids.push(id);
      }
    });
  }

  /** Ids, ascending, of the words that share a deletion form (up to `depth` deletions) with the word. */
  candidates(word: string, depth: number): number[] {
    const out = new Set<number>();
    for (const form of deletions(word, depth)) for (const id of this.forms.get(form) ?? []) out.add(id);
    return [...out].sort((a, b) => a - b);
  }
}

function deletions(word: string, depth: number): Set<string> {
  const out = new Set([word]);
  let level = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of level) {
      for (let i = 0; i < w.length; i++) {
        const form = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(form)) {
          out.add(form);
          next.push(form);
        }
      }
    }
    level = next;
  }
  return out;
}
