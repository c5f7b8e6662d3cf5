import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import type { ZodType } from 'zod';
import { parseFormula, references } from '../compute/formula.js';
import { FactTable } from './fact-table.js';
import { fastDocument, type LoadedDocument, type LoadedFact } from './load-document.js';
import { cacheFileFor, emptyValidated, readValidated, stampOf, writeValidated } from './knowledge-cache.js';
import type { Company, DocumentInfo, Knowledge, Measure, MetricDef } from './model.js';
import { unitOf } from './model.js';
import { companyFile, derivedFile, documentFile, fillerFile, metricsFile, topicsFile, undisclosedFile, type CompanyFile } from './schema.js';

/** A knowledge file that cannot be used; the message names the file and the field. */
export class KnowledgeError extends Error {
  override name = 'KnowledgeError';
}

export interface LoadOptions {
  /** Where to remember which files were validated (knowledge-cache.ts), so that a later start can skip re-reading
   * unchanged documents until they are needed. Without it every document is read and checked at every start. */
  cacheDir?: string;
}

/**
 * Reads and validates the whole knowledge folder and builds the look-up maps once. Either everything loads or
 * a KnowledgeError says what is wrong: never a half-loaded catalogue. (With a cache, documents unchanged since an
 * earlier start validated them are read when first needed.)
 */
export function loadKnowledge(dir: string, options: LoadOptions = {}): Knowledge {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new KnowledgeError(`knowledge folder not found: ${dir} (set KNOWLEDGE_DIR to the folder holding catalogue/ and companies/)`);
  }
  const read = <T>(path: string, schema: ZodType<T>): T => readJson(dir, path, schema);

  const metrics = new Map<string, MetricDef>();
  const addMetric = (m: MetricDef, file: string) => {
    if (metrics.has(m.id)) throw new KnowledgeError(`${file}: metric id "${m.id}" is defined twice`);
    metrics.set(m.id, m);
  };
  for (const m of read(join('catalogue', 'metrics.json'), metricsFile).metrics) addMetric(m, 'catalogue/metrics.json');
  const derived = read(join('catalogue', 'derived.json'), derivedFile).derived;
  derived.forEach((d, i) => {
    const where = `catalogue/derived.json: derived[${i}].formula`;
    let expr;
    try {
      expr = parseFormula(d.formula);
    } catch (e) {
      throw new KnowledgeError(`${where}: ${(e as Error).message}`);
    }
    const { formula, explain, ...rest } = d;
    addMetric({ ...rest, formula: { expr, text: formula, explain } }, 'catalogue/derived.json');
  });
  derived.forEach((d, i) => {
    for (const ref of references(metrics.get(d.id)!.formula!.expr)) {
      if (!metrics.has(ref)) throw new KnowledgeError(`catalogue/derived.json: derived[${i}].formula: unknown metric "${ref}"`);
    }
  });
  const concepts = read(join('catalogue', 'undisclosed.json'), undisclosedFile).concepts;
  const topics = read(join('catalogue', 'topics.json'), topicsFile).topics;
  const filler = read(join('catalogue', 'filler.json'), fillerFile).phrases;

  const catalogueStamps = Object.fromEntries(CATALOGUE_FILES.map((f) => [f, stampOf(join(dir, 'catalogue', f))]));
  const cacheFile = options.cacheDir ? cacheFileFor(options.cacheDir, dir) : undefined;
  const cached = cacheFile ? readValidated(cacheFile, dir) : undefined;
  // Documents were checked against this catalogue: if it changed, every document is checked again.
  const trusted = cached && sameRecord(cached.catalogue, catalogueStamps) ? cached.companies : {};
  const validated = emptyValidated(dir);
  validated.catalogue = catalogueStamps;

  const companies: Company[] = [];
  const byCode = new Map<string, Company>();
  const facts = new FactTable({ read: (code) => byCode.get(code)?.documents, readAll: () => companies.forEach((c) => c.documents) });
  // Strings repeated across thousands of documents (names and roles of the board) are kept once.
  const shared = new Map<string, string>();
  const once = (s: string): string => {
    const held = shared.get(s);
    if (held !== undefined) return held;
    shared.set(s, s);
    return s;
  };
  let board: DocumentInfo['people'] = [];
  const unitFor = new Map([...metrics.values()].map((m) => [m.id, unitOf(m.unit)]));

  /** Reads, checks and files one company's documents and their figures; newest first. */
  const readDocuments = (code: string, base: string, files: string[]): DocumentInfo[] => {
    const documents: DocumentInfo[] = [];
    for (const file of files) {
      const path = join(base, 'documents', file);
      const doc = readDocument(dir, path);
      const { facts: docFacts, people, ...rest } = doc;
      // Most documents of a company name the same board: keep one copy of it.
      if (!sameBoard(people, board)) board = people.map((p) => ({ name: once(p.name), roles: p.roles.map(once) }));
      const document: DocumentInfo = { ...rest, people: board, company: code };
      documents.push(document);
      for (let i = 0; i < docFacts.length; i++) {
        const f: LoadedFact = docFacts[i]!;
        const measure: Measure = f.measure ?? 'value';
        const metric = metrics.get(f.metric);
        if (!metric || metric.formula) throw new KnowledgeError(`${path}: facts[${i}].metric: "${f.metric}" is not a reported metric of the catalogue`);
        const expected = measure === 'value' ? unitFor.get(metric.id)! : measure === 'change_pct' ? '%' : 'pp';
        if (f.unit !== expected) throw new KnowledgeError(`${path}: facts[${i}].unit: "${f.unit}" does not fit ${f.metric} ${measure} (expected "${expected}")`);
        const balanceDate = f.period.length === 10; // validated: a date (2023-12-31), or a span of 6 or 7 (FY2023, Q1-2023)
        if (balanceDate !== (metric.kind === 'balance')) {
          throw new KnowledgeError(`${path}: facts[${i}].period: ${f.metric} is a ${metric.kind}, so its period must be ${metric.kind === 'balance' ? 'a date (2023-12-31)' : 'a span (FY2023)'}, not "${f.period}"`);
        }
        const figure = { company: code, metric: metric.id, measure, period: f.period, value: f.value, unit: expected, approximate: f.approximate ?? false, source: f.source, document };
        facts.put(figure, keepHeld);
      }
    }
    return documents.sort((a, b) => b.date.localeCompare(a.date));
  };

  const companiesDir = join(dir, 'companies');
  const folders = listDir(companiesDir)
    .filter((e) => e.isDirectory() || (e.isSymbolicLink() && statSync(join(companiesDir, e.name)).isDirectory()))
    .map((e) => e.name);
  for (const folder of folders.sort()) {
    const base = join('companies', folder);
    const info = read(join(base, 'company.json'), companyFile);
    if (byCode.has(info.code)) throw new KnowledgeError(`${base}/company.json: code: company ${info.code} is defined twice`);
    const docFiles = listDir(join(dir, base, 'documents'))
      .map((e) => e.name)
      .filter((f) => f.endsWith('.json'))
      .sort();
    const stamps = Object.fromEntries(docFiles.map((f) => [f, stampOf(join(dir, base, 'documents', f))]));
    const known = trusted[folder];
    const unchanged = known !== undefined && sameRecord(known.documents, stamps) && Array.isArray(known.people) && known.people.every((p) => typeof p === 'string');
    const company = new KnownCompany(info, folder, unchanged ? known.people : undefined, () => readDocuments(info.code, base, docFiles));
    validated.companies[folder] = { documents: stamps, people: company.people };
    companies.push(company);
    byCode.set(company.code, company);
  }
  if (cacheFile && !sameRecord(cached ?? {}, validated)) writeValidated(cacheFile, validated);

  return { dir, metrics, concepts, topics, filler, companies, companyByCode: byCode, facts };
}

/**
 * A company of the knowledge base. Its documents are read when it is made, unless an earlier start validated them
 * and they have not changed since (then `people` comes from that start, and the documents are read when first asked
 * for, with the same checks).
 */
class KnownCompany implements Company {
  readonly code: string;
  readonly codes: string[];
  readonly listings?: Company['listings'];
  readonly name: Company['name'];
  readonly shortName: string;
  readonly aliases: string[];
  readonly terms: string[];
  readonly people: string[];
  #documents: DocumentInfo[] | undefined;
  #failure: Error | undefined; // a document that could not be read: every question about the company says so
  readonly #read: () => DocumentInfo[];

  constructor(info: CompanyFile, readonly folder: string, people: string[] | undefined, read: () => DocumentInfo[]) {
    this.code = info.code;
    this.codes = info.codes;
    if (info.listings) this.listings = info.listings;
    this.name = info.name;
    this.shortName = info.shortName;
    this.aliases = info.aliases;
    this.terms = info.terms;
    this.#read = read;
    if (people) this.people = people;
    else this.people = [...new Set(this.documents.flatMap((d) => d.people.map((p) => p.name)))];
  }

  get documents(): DocumentInfo[] {
    if (this.#documents) return this.#documents;
    if (this.#failure) throw this.#failure;
    try {
      this.#documents = this.#read();
    } catch (e) {
      this.#failure = e as Error;
      throw e;
    }
    return this.#documents;
  }
}

const CATALOGUE_FILES = ['metrics.json', 'derived.json', 'undisclosed.json', 'topics.json', 'filler.json'];

/** Two records with the same keys and equal values (compared as JSON, so nested records compare by content). */
function sameRecord(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameBoard(a: DocumentInfo['people'], b: DocumentInfo['people']): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name && p.roles.length === b[i]!.roles.length && p.roles.every((r, j) => r === b[i]!.roles[j]));
}

/** A folder's entries; none when it does not exist. */
function listDir(path: string): Dirent[] {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
}

const keepHeld = (held: DocumentInfo, incoming: DocumentInfo) => !supersedes(incoming, held);

/** An audited document beats a preliminary one for the same figure; otherwise the later one wins. */
function supersedes(a: DocumentInfo, b: DocumentInfo): boolean {
  if (a.audited !== b.audited) return a.audited;
  return a.date > b.date;
}

function readJson<T>(dir: string, path: string, schema: ZodType<T>): T {
  return validate(dir, path, parseFile(dir, path), schema);
}

/** A document: the fast path when the file passes it, else the schema, which accepts it or says what is wrong. */
function readDocument(dir: string, path: string): LoadedDocument {
  const data = parseFile(dir, path);
  return fastDocument(data) ?? validate(dir, path, data, documentFile);
}

const shownName = (dir: string, path: string) => {
  const full = join(dir, path);
  return relative(process.cwd(), full) || full;
};

function parseFile(dir: string, path: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(join(dir, path), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new KnowledgeError(`${shownName(dir, path)}: file is missing`);
    throw new KnowledgeError(`${shownName(dir, path)}: not valid JSON (${(e as Error).message})`);
  }
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new KnowledgeError(`${shownName(dir, path)}: not valid JSON (${(e as Error).message})`);
  }
}

function validate<T>(dir: string, path: string, data: unknown, schema: ZodType<T>): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new KnowledgeError(`${shownName(dir, path)}: ${field || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}
