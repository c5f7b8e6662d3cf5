import { Decimal } from 'decimal.js';
import { periodOrder } from '../periods.js';
import type { DocumentInfo, Fact, Facts, Measure, Source } from './model.js';

const MEASURES: readonly Measure[] = ['value', 'change_pct', 'change_pp'];

/**
 * Every reported figure of a knowledge base, stored column by column and found by key in constant time.
 *
 * A knowledge base of 2,000 companies over ten years holds more than half a million figures. As objects (a Fact, its
 * source, its Decimal and its key string, about 350 bytes apiece) they were most of the memory, and building them
 * most of the start-up time, spent in garbage collection. Here a figure is a row: small integers in typed arrays
 * (company, metric, measure, period, unit, source location, document) and two strings (the value as written and the
 * quote). A Fact is made when one is asked for, which is a handful of times per question.
 *
 * It reads like a ReadonlyMap keyed by factKey(company, metric, measure, period), in the order figures were first
 * added; adding a figure again under the same key replaces it in place, as Map.set does. A company whose documents
 * have not been read yet is read (through `reader`) before its figures are looked up, and every company before the
 * figures are counted or listed.
 */
export class FactTable implements Facts {
  constructor(private readonly reader: CompanyReader = { read: () => {}, readAll: () => {} }) {}

  private readonly codes = new Strings();
  private readonly metrics = new Strings();
  private readonly periods = new Strings();
  private readonly units = new Strings();
  private readonly wheres = new Strings();
  private readonly documents: DocumentInfo[] = [];
  private readonly documentIds = new Map<DocumentInfo, number>();
  private readonly rowsByCompany: Map<number, number>[] = []; // company -> (period, metric, measure) -> row
  private count = 0;
  private company = new Uint16Array(1024);
  private metric = new Uint16Array(1024);
  private measure = new Uint8Array(1024);
  private period = new Uint32Array(1024);
  private unit = new Uint8Array(1024);
  private approximate = new Uint8Array(1024);
  private where = new Uint32Array(1024);
  private document = new Uint32Array(1024);
  private readonly raw: string[] = []; // values as written ("6687864421.33")
  private readonly quotes: string[] = [];
  private readonly multipliers = new Map<number, string>();
  private readonly periodLists = new Map<string, string[]>(); // `${company}|${metric}` -> periodsOf, once asked
  // Consecutive figures mostly share their company and document: remember the last of each.
  private last = { code: '', company: -1, document: undefined as DocumentInfo | undefined, documentId: -1 };

  get size(): number {
    this.reader.readAll();
    return this.count;
  }

  /**
   * Adds a figure unless one is already held under its key and `keep(held, incoming document)` says to keep it; a
   * replaced figure keeps its place. `value` is the plain decimal string as written.
   */
  put(
    f: { company: string; metric: string; measure: Measure; period: string; value: string; unit: Fact['unit']; approximate: boolean; source: Source; document: DocumentInfo },
    keep: (held: DocumentInfo, incoming: DocumentInfo) => boolean = () => false,
  ): void {
    const last = this.last;
    if (f.company !== last.code) {
      last.code = f.company;
      last.company = this.codes.id(f.company);
    }
    const c = last.company;
    if (this.periodLists.size) this.periodLists.clear();
    const m = this.metrics.id(f.metric);
    const s = MEASURES.indexOf(f.measure);
    const p = this.periods.id(f.period);
    const rows = (this.rowsByCompany[c] ??= new Map());
    const key = innerKey(p, m, s);
    let row = rows.get(key);
    if (row !== undefined && keep(this.documents[this.document[row]!]!, f.document)) return;
    if (row === undefined) {
      row = this.count++;
      if (row === this.company.length) this.grow();
      rows.set(key, row);
    }
    if (f.document !== last.document) {
      let id = this.documentIds.get(f.document);
      if (id === undefined) {
        id = this.documents.push(f.document) - 1;
        this.documentIds.set(f.document, id);
      }
      last.document = f.document;
      last.documentId = id;
    }
    const doc = last.documentId;
    this.company[row] = c;
    this.metric[row] = m;
    this.measure[row] = s;
    this.period[row] = p;
    this.unit[row] = this.units.id(f.unit);
    this.approximate[row] = f.approximate ? 1 : 0;
    this.where[row] = this.wheres.id(f.source.where);
    this.document[row] = doc;
    this.raw[row] = f.value;
    this.quotes[row] = f.source.quote;
    if (f.source.multiplier !== undefined) this.multipliers.set(row, f.source.multiplier);
    else this.multipliers.delete(row);
  }

  get(key: string): Fact | undefined {
    const [company, metric, measure, period, extra] = key.split('|');
    if (extra !== undefined || period === undefined) return undefined;
    const row = this.row(company!, metric!, measure as Measure, period);
    return row === undefined ? undefined : this.fact(row);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  *values(): MapIterator<Fact> {
    this.reader.readAll();
    for (let row = 0; row < this.count; row++) yield this.fact(row);
  }

  *keys(): MapIterator<string> {
    this.reader.readAll();
    for (let row = 0; row < this.count; row++) yield this.keyOf(row);
  }

  *entries(): MapIterator<[string, Fact]> {
    this.reader.readAll();
    for (let row = 0; row < this.count; row++) yield [this.keyOf(row), this.fact(row)];
  }

  [Symbol.iterator](): MapIterator<[string, Fact]> {
    return this.entries();
  }

  forEach(callback: (value: Fact, key: string, map: ReadonlyMap<string, Fact>) => void, thisArg?: unknown): void {
    this.reader.readAll();
    for (let row = 0; row < this.count; row++) callback.call(thisArg, this.fact(row), this.keyOf(row), this);
  }

  periodsOf(company: string, metric: string): readonly string[] {
    const key = `${company}|${metric}`;
    const held = this.periodLists.get(key);
    if (held) return held;
    this.reader.read(company);
    const c = this.codes.find(company);
    const m = this.metrics.find(metric);
    const list: string[] = [];
    if (c !== undefined && m !== undefined) {
      for (const row of this.rowsByCompany[c]?.values() ?? []) {
        if (this.metric[row] === m && this.measure[row] === 0) list.push(this.periods.at(this.period[row]!));
      }
    }
    list.sort((a, b) => periodOrder(b) - periodOrder(a));
    this.periodLists.set(key, list);
    return list;
  }

  private row(company: string, metric: string, measure: Measure, period: string): number | undefined {
    this.reader.read(company);
    const c = this.codes.find(company);
    const m = this.metrics.find(metric);
    const p = this.periods.find(period);
    const s = MEASURES.indexOf(measure);
    if (c === undefined || m === undefined || p === undefined || s < 0) return undefined;
    return this.rowsByCompany[c]?.get(innerKey(p, m, s));
  }

  private keyOf(row: number): string {
    return `${this.codes.at(this.company[row]!)}|${this.metrics.at(this.metric[row]!)}|${MEASURES[this.measure[row]!]}|${this.periods.at(this.period[row]!)}`;
  }

  private fact(row: number): Fact {
    const multiplier = this.multipliers.get(row);
    const source: Source = { where: this.wheres.at(this.where[row]!), quote: this.quotes[row]!, ...(multiplier !== undefined ? { multiplier } : {}) };
    return new TableFact(
      this.codes.at(this.company[row]!),
      this.metrics.at(this.metric[row]!),
      MEASURES[this.measure[row]!]!,
      this.periods.at(this.period[row]!),
      this.raw[row]!,
      this.units.at(this.unit[row]!) as Fact['unit'],
      this.approximate[row] === 1,
      source,
      this.documents[this.document[row]!]!,
    );
  }

  private grow(): void {
    const double = <T extends Uint8Array | Uint16Array | Uint32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.company = double(this.company);
    this.metric = double(this.metric);
    this.measure = double(this.measure);
    this.period = double(this.period);
    this.unit = double(this.unit);
    this.approximate = double(this.approximate);
    this.where = double(this.where);
    this.document = double(this.document);
  }
}

/** Reads a company's documents into the table, once: `read` when one of its figures is wanted, `readAll` for all. */
export interface CompanyReader {
  read(company: string): void;
  readAll(): void;
}

/** One number for (period, metric, measure) within a company: small enough to stay a small integer. */
const innerKey = (period: number, metric: number, measure: number): number => (period * 4096 + metric) * 4 + measure;

/** A figure read from the table. Its Decimal is made when its value is first read. */
class TableFact implements Fact {
  readonly #raw: string;
  #value: Decimal | undefined;
  constructor(
    readonly company: string,
    readonly metric: string,
    readonly measure: Measure,
    readonly period: string,
    raw: string,
    readonly unit: Fact['unit'],
    readonly approximate: boolean,
    readonly source: Source,
    readonly document: DocumentInfo,
  ) {
    this.#raw = raw;
  }
  get value(): Decimal {
    return (this.#value ??= new Decimal(this.#raw));
  }
}

/** Strings numbered in the order first seen. */
class Strings {
  private readonly list: string[] = [];
  private readonly ids = new Map<string, number>();
  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.push(s) - 1;
      this.ids.set(s, id);
    }
    return id;
  }
  find(s: string): number | undefined {
    return this.ids.get(s);
  }
  at(id: number): string {
    return this.list[id]!;
  }
}
