// Running ingest as a user would, and proving what it left behind: shared by the ingest test files.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadKnowledge } from '../../src/index.js';
import { ingestText, IngestError } from '../../src/ingest/document.js';
import { storeIngested } from '../../src/ingest/store.js';
import { CatalogueIndex } from '../../src/understand/catalogue-index.js';

export const ROOT = join(import.meta.dirname, '..', '..');
const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

/** A fresh knowledge folder holding only the shipped catalogue. */
export function emptyKnowledge(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(ROOT, 'knowledge', 'catalogue'), join(dir, 'catalogue'), { recursive: true });
  return dir;
}

/**
 * A knowledge folder holding what ingest stores from these announcement files, built in this process (no CLI): for
 * tests that question several companies. Files ingest refuses are left out, as the CLI leaves them.
 */
export function ingestedKnowledge(prefix: string, files: string[]): string {
  const dir = emptyKnowledge(prefix);
  for (const file of files) {
    const k = loadKnowledge(dir);
    try {
      storeIngested(dir, ingestText(readFileSync(file, 'utf8'), basename(file), k, new CatalogueIndex(k)), k);
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
    }
  }
  return dir;
}

/** Runs `npm run ingest` (its CLI, through tsx) with KNOWLEDGE_DIR set to `knowledgeDir`. */
export function runIngest(knowledgeDir: string, ...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(tsx, ['src/ingest/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, KNOWLEDGE_DIR: knowledgeDir } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every file of the folder with its content hash: to prove a refusal touched nothing. */
export function snapshot(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(folder.length)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(folder);
  return out;
}
