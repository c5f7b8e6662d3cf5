import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KnowledgeError, loadKnowledge } from '../knowledge/load.js';
import type { Knowledge } from '../knowledge/model.js';
import type { CompanyFile } from '../knowledge/schema.js';
import { CatalogueIndex } from '../understand/catalogue-index.js';
import { IngestError, type Ingested } from './document.js';

export interface Stored {
  folder: string; // companies/<folder>
  files: string[]; // paths written, relative to the knowledge folder
  unchanged: boolean; // the same document was already stored, byte for byte
  supersedes: string[]; // earlier documents for the same period whose figures this one replaces
  supersededBy: string[]; // later or audited documents that keep precedence over this one
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/**
 * Writes an ingested document into the knowledge folder: its source text, its document file and the company's
 * identity (merged with what is known). The result is first written to a scratch copy and loaded in full there;
 * only if that succeeds is the real folder touched, one file at a time by rename, so a refused document leaves it
 * byte for byte as it was.
 */
export function storeIngested(dir: string, ing: Ingested, knowledge: Knowledge): Stored {
  const existing = knowledge.companies.find((c) => c.codes.some((code) => ing.company.codes.includes(code)));
  const folder = existing?.folder ?? `${ing.company.code}-${slug(ing.company.shortName) || 'company'}`;
  const base = join('companies', folder);
  const company = existing ? mergeCompany(readCompany(dir, base), ing.company) : ing.company;
  const writes = new Map<string, string>([
    [join(base, 'sources', ing.document.file), ing.sourceText],
    [join(base, 'documents', `${ing.document.period}-${ing.document.type}.json`), json(ing.document)],
    [join(base, 'company.json'), json(company)],
  ]);
  const unchanged = [...writes].every(([path, text]) => existsSync(join(dir, path)) && readFileSync(join(dir, path), 'utf8') === text);

  const others = existing?.documents.filter((d) => d.period === ing.document.period && d.id !== ing.document.id) ?? [];
  const wins = (d: { audited: boolean; date: string }) => (ing.document.audited !== d.audited ? ing.document.audited : ing.document.date > d.date);
  const result: Stored = {
    folder,
    files: [...writes.keys()],
    unchanged,
    supersedes: others.filter(wins).map((d) => `${d.shortTitle} (${d.date})`),
    supersededBy: others.filter((d) => !wins(d)).map((d) => `${d.shortTitle} (${d.date})`),
  };
  if (unchanged) return result;

  const scratch = mkdtempSync(join(tmpdir(), 'results-bot-ingest-'));
  try {
    cpSync(dir, scratch, { recursive: true });
    for (const [path, text] of writes) writeFile(join(scratch, path), text);
    try {
      new CatalogueIndex(loadKnowledge(scratch));
    } catch (e) {
      if (e instanceof KnowledgeError) throw new IngestError(`${ing.document.file}: the knowledge would not load with it: ${e.message.replace(scratch, dir)}`);
      throw e;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const [path, text] of writes) writeFile(join(dir, path), text);
  return result;
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function readCompany(dir: string, base: string): CompanyFile {
  return JSON.parse(readFileSync(join(dir, base, 'company.json'), 'utf8')) as CompanyFile;
}

/** Keeps the known identity (its short name, names, terms) and adds what the new document brings: codes, aliases. */
function mergeCompany(known: CompanyFile, found: CompanyFile): CompanyFile {
  const lower = new Set(known.aliases.map((a) => a.toLowerCase()));
  const listings = [...(known.listings ?? [])];
  for (const l of found.listings ?? []) if (!listings.some((x) => x.code === l.code)) listings.push(l);
  return {
    ...known,
    codes: [...new Set([...known.codes, ...found.codes])],
    ...(listings.length ? { listings } : {}),
    aliases: [...known.aliases, ...found.aliases.filter((a) => !lower.has(a.toLowerCase()) && a !== known.shortName)],
  };
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** A knowledge folder needs the catalogue to read anything: a new one starts from the shipped catalogue. */
export function ensureCatalogue(dir: string, shipped: string): boolean {
  if (existsSync(join(dir, 'catalogue'))) return false;
  mkdirSync(dir, { recursive: true });
  cpSync(join(shipped, 'catalogue'), join(dir, 'catalogue'), { recursive: true });
  if (!existsSync(join(dir, 'companies'))) mkdirSync(join(dir, 'companies'));
  return true;
}

