import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Decimal } from 'decimal.js';
import type { ZodType } from 'zod';
import { parseFormula, references } from '../compute/formula.js';
import { isBalanceDate, periodOrder } from '../periods.js';
import type { Company, DocumentInfo, Fact, Knowledge, MetricDef } from './model.js';
import { factKey, unitOf } from './model.js';
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
  const facts = new Map<string, Fact>();
  const companiesDir = join(dir, 'companies');
  const folders = existsSync(companiesDir) ? readdirSync(companiesDir).filter((f) => statSync(join(companiesDir, f)).isDirectory()) : [];
  for (const folder of folders.sort()) {
    const base = join('companies', folder);
    const info = read(join(base, 'company.json'), companyFile);
    if (companies.some((c) => c.code === info.code)) throw new KnowledgeError(`${base}/company.json: code: company ${info.code} is defined twice`);
    const docsDir = join(dir, base, 'documents');
    const docFiles = existsSync(docsDir) ? readdirSync(docsDir).filter((f) => f.endsWith('.json')).sort() : [];
    const documents: DocumentInfo[] = [];
    for (const file of docFiles) {
      const path = join(base, 'documents', file);
      const doc = read(path, documentFile);
      const { facts: docFacts, ...rest } = doc;
      const document: DocumentInfo = { ...rest, company: info.code };
      documents.push(document);
      // Once per fact, and there may be hundreds of thousands: no work here beyond the checks and one object.
      docFacts.forEach((f, i) => {
        const field = () => `${path}: facts[${i}]`;
        const metric = metrics.get(f.metric);
        if (!metric || metric.formula) throw new KnowledgeError(`${field()}.metric: "${f.metric}" is not a reported metric of the catalogue`);
        const expected = f.measure === 'value' ? unitOf(metric.unit) : f.measure === 'change_pct' ? '%' : 'pp';
        if (f.unit !== expected) throw new KnowledgeError(`${field()}.unit: "${f.unit}" does not fit ${f.metric} ${f.measure} (expected "${expected}")`);
        if (isBalanceDate(f.period) !== (metric.kind === 'balance')) {
          throw new KnowledgeError(`${field()}.period: ${f.metric} is a ${metric.kind}, so its period must be ${metric.kind === 'balance' ? 'a date (2023-12-31)' : 'a span (FY2023)'}, not "${f.period}"`);
        }
        const key = factKey(info.code, f.metric, f.measure, f.period);
        const held = facts.get(key);
        if (held && !supersedes(document, held.document)) return;
        facts.set(key, {
          company: info.code,
          metric: f.metric,
          measure: f.measure,
          period: f.period,
          value: new Decimal(f.value),
          unit: f.unit,
          approximate: f.approximate ?? false,
          source: f.source,
          document,
        });
      });
    }
    documents.sort((a, b) => b.date.localeCompare(a.date));
    companies.push({ ...info, folder, documents });
  }

  const periods = new Map<string, string[]>();
  for (const f of facts.values()) {
    if (f.measure !== 'value') continue;
    const key = `${f.company}|${f.metric}`;
    periods.set(key, [...(periods.get(key) ?? []), f.period]);
  }
  for (const list of periods.values()) list.sort((a, b) => periodOrder(b) - periodOrder(a));

  return { dir, metrics, concepts, topics, filler, companies, companyByCode: new Map(companies.map((c) => [c.code, c])), facts, periods };
}

/** An audited document beats a preliminary one for the same figure; otherwise the later one wins. */
function supersedes(a: DocumentInfo, b: DocumentInfo): boolean {
  if (a.audited !== b.audited) return a.audited;
  return a.date > b.date;
}

function readJson<T>(dir: string, path: string, schema: ZodType<T>): T {
  const full = join(dir, path);
  const name = relative(process.cwd(), full) || full;
  if (!existsSync(full)) throw new KnowledgeError(`${name}: file is missing`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(full, 'utf8'));
  } catch (e) {
    throw new KnowledgeError(`${name}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new KnowledgeError(`${name}: ${field || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}
