import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * What an earlier start learned about the knowledge files it validated: each file's size and modification time, and
 * the people named in each company's documents (the question matcher needs those names before any document is read).
 *
 * With two thousand companies, reading and checking every document took most of a start. A start that finds a
 * company's files unchanged since they were validated leaves its documents unread until a question needs them; they
 * are still read through the full checks then. Any change to a file, or to the catalogue the checks depend on, and
 * that file (or everything) is validated at start again. The cache is only ever a shortcut: losing it, or finding
 * it damaged, costs one slower start.
 */
export interface ValidatedFiles {
  version: typeof VERSION;
  dir: string;
  catalogue: Record<string, string>; // file under catalogue/ -> stamp
  companies: Record<string, ValidatedCompany>; // folder under companies/ ->
}

export interface ValidatedCompany {
  documents: Record<string, string>; // file under documents/ -> stamp
  people: string[];
}

// Raise when what is recorded, or the checks a recorded file passed, change: older caches are then ignored.
const VERSION = 1;

/** A file's size and modification time, as one comparable string. */
export function stampOf(path: string): string {
  const s = statSync(path);
  return `${s.size}:${s.mtimeMs}`;
}

/** The cache file for a knowledge folder within a cache folder. */
export function cacheFileFor(cacheDir: string, knowledgeDir: string): string {
  const id = createHash('sha256').update(resolve(knowledgeDir)).digest('hex').slice(0, 16);
  return join(cacheDir, `knowledge-${id}.json`);
}

/** The cache recorded for this knowledge folder, or undefined when there is none or it cannot be trusted. */
export function readValidated(file: string, knowledgeDir: string): ValidatedFiles | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as ValidatedFiles;
    if (data?.version !== VERSION || data.dir !== resolve(knowledgeDir) || typeof data.catalogue !== 'object' || typeof data.companies !== 'object') return undefined;
    return data;
  } catch {
    return undefined; // missing or damaged: validate everything, as on a first start
  }
}

export function emptyValidated(knowledgeDir: string): ValidatedFiles {
  return { version: VERSION, dir: resolve(knowledgeDir), catalogue: {}, companies: {} };
}

/** Writes the cache whole or not at all (a temporary file, then a rename). A cache that cannot be written is skipped. */
export function writeValidated(file: string, data: ValidatedFiles): void {
  const scratch = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(scratch, JSON.stringify(data));
    renameSync(scratch, file);
  } catch {
    try {
      unlinkSync(scratch);
    } catch {
      // nothing was written
    }
  }
}
