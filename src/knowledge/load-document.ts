import { DECIMAL, FLOW_PERIOD, ISO_DATE, factUnit, type DocumentFile } from './schema.js';

/**
 * The loader's fast path for a document file: the checks of `documentFile` (schema.ts), written out by hand, for the
 * common case of a file that passes them. With thousands of documents and hundreds of thousands of facts, the zod
 * schema was most of the start-up time.
 *
 * The rule that keeps this safe: it may only ever be stricter than the schema. Anything it does not recognise (a
 * field it does not know, a value it is unsure of) returns undefined, and the loader then validates the file with zod,
 * which accepts it or names the field at fault exactly as before. A test checks that whatever this accepts, zod
 * accepts too, with the same result.
 */
export function fastDocument(data: unknown): LoadedDocument | undefined {
  if (!isRecord(data) || !onlyKeys(data, DOCUMENT_KEYS)) return undefined;
  const d = data;
  if (!text(d.id) || !text(d.title) || !text(d.shortTitle) || !text(d.type) || !text(d.file)) return undefined;
  if (!matches(d.period, FLOW_PERIOD) || !matches(d.date, ISO_DATE)) return undefined;
  if (!optional(d.place, isString) || !optional(d.auditNote, isString) || typeof d.audited !== 'boolean') return undefined;
  if (d.language !== 'en' && d.language !== 'zh') return undefined;
  if (!optional(d.people, (p) => Array.isArray(p) && p.every(person))) return undefined;
  if (!optional(d.statements, (s) => Array.isArray(s) && s.every(statement))) return undefined;
  if (!Array.isArray(d.facts) || !d.facts.every(fact)) return undefined;
  const doc = d as unknown as LoadedDocument;
  return { ...doc, people: doc.people ?? [], statements: doc.statements ?? [] };
}

/** A document as the loader uses it: the schema's output, except that a fact's measure may be left out ("value"). */
export type LoadedDocument = Omit<DocumentFile, 'facts'> & { facts: LoadedFact[] };
export type LoadedFact = Omit<DocumentFile['facts'][number], 'measure'> & { measure?: DocumentFile['facts'][number]['measure'] };

const DOCUMENT_KEYS = new Set(['id', 'title', 'shortTitle', 'type', 'period', 'date', 'place', 'audited', 'auditNote', 'language', 'file', 'people', 'facts', 'statements']);
const FACT_KEYS = new Set(['metric', 'measure', 'period', 'value', 'unit', 'approximate', 'source']);
const SOURCE_KEYS = new Set(['where', 'quote', 'multiplier']);
const PERSON_KEYS = new Set(['name', 'roles']);
const STATEMENT_KEYS = new Set(['subject', 'text', 'source']);
const MEASURES = new Set(['value', 'change_pct', 'change_pp']);
const UNITS = new Set<string>(factUnit.options);


const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isString = (v: unknown): v is string => typeof v === 'string';
const text = (v: unknown): v is string => typeof v === 'string' && v.length >= 1;
const matches = (v: unknown, re: RegExp) => typeof v === 'string' && re.test(v);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

function onlyKeys(o: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in o) if (!allowed.has(key) || o[key] === undefined) return false;
  return true;
}

function source(s: unknown): boolean {
  return isRecord(s) && onlyKeys(s, SOURCE_KEYS) && text(s.where) && text(s.quote) && optional(s.multiplier, (m) => matches(m, DECIMAL));
}

function fact(f: unknown): boolean {
  return (
    isRecord(f) &&
    onlyKeys(f, FACT_KEYS) &&
    text(f.metric) &&
    optional(f.measure, (m) => MEASURES.has(m as string)) &&
    (matches(f.period, FLOW_PERIOD) || matches(f.period, ISO_DATE)) &&
    matches(f.value, DECIMAL) &&
    UNITS.has(f.unit as string) &&
    optional(f.approximate, (a) => typeof a === 'boolean') &&
    source(f.source)
  );
}

function person(p: unknown): boolean {
  return isRecord(p) && onlyKeys(p, PERSON_KEYS) && text(p.name) && Array.isArray(p.roles) && p.roles.every(text);
}

function statement(s: unknown): boolean {
  return isRecord(s) && onlyKeys(s, STATEMENT_KEYS) && text(s.subject) && text(s.text) && source(s.source);
}
