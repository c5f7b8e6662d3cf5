import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import type { ZodType } from 'zod';
import { parseFormula, references } from '../compute/formula.js';
import { periodOrder } from '../periods.js';
import { FactTable } from './fact-table.js';
import { fastDocument, type LoadedDocument, type LoadedFact } from './load-document.js';
import type { Company, DocumentInfo, Knowledge, Measure, MetricDef } from './model.js';
import { unitOf } from './model.js';
import { companyFile, derivedFile, documentFile, fillerFile, metricsFile, topicsFile, undisclosedFile } from './schema.js';

/** A knowledge file that cannot be used; the message names the file and the field. */
export class KnowledgeError extends Error {
  override name = 'KnowledgeError';
}

/**
 * Reads and validates the whole knowledge folder and builds the look-up maps once. Either everything loads or
 * a KnowledgeError says what is wrong: never a half-loaded catalogue.
 */
export function loadKnowledge(dir: string): Knowledge {
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

  const companies: Company[] = [];
  const byCode = new Map<string, Company>();
  const facts = new FactTable();
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
    const documents: DocumentInfo[] = [];
    for (const file of docFiles) {
      const path = join(base, 'documents', file);
      const doc = readDocument(dir, path);
      const { facts: docFacts, people, ...rest } = doc;
      // Most documents of a company name the same board: keep one copy of it.
      if (!sameBoard(people, board)) board = people.map((p) => ({ name: once(p.name), roles: p.roles.map(once) }));
      const document: DocumentInfo = { ...rest, people: board, company: info.code };
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
        const figure = { company: info.code, metric: metric.id, measure, period: f.period, value: f.value, unit: expected, approximate: f.approximate ?? false, source: f.source, document };
        facts.put(figure, keepHeld);
      }
    }
    documents.sort((a, b) => b.date.localeCompare(a.date));
    const company: Company = { ...info, folder, documents };
    companies.push(company);
    byCode.set(company.code, company);
  }

  const periods = new Map<string, string[]>();
  facts.forEachKey((company, metric, measure, period) => {
    if (measure !== 'value') return;
    const key = `${company}|${metric}`;
    const list = periods.get(key);
    if (list) list.push(period);
    else periods.set(key, [period]);
  });
  const order = new Map<string, number>();
  const orderOf = (p: string) => order.get(p) ?? (order.set(p, periodOrder(p)), order.get(p)!);
  for (const list of periods.values()) list.sort((a, b) => orderOf(b) - orderOf(a));

  return { dir, metrics, concepts, topics, filler, companies, companyByCode: byCode, facts, periods };
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
