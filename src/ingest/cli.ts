// npm run ingest -- FILE... [--strict] [--dry-run] [--date YYYY-MM-DD]
// Reads results announcements (text) into the knowledge folder (KNOWLEDGE_DIR, default knowledge/).
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { KnowledgeError, loadKnowledge } from '../knowledge/load.js';
import { periodLabel } from '../periods.js';
import { CatalogueIndex } from '../understand/catalogue-index.js';
import { IngestError, ingestText } from './document.js';
import { ensureCatalogue, storeIngested } from './store.js';

const USAGE = `usage: npm run ingest -- FILE... [--strict] [--dry-run] [--date YYYY-MM-DD]
  FILE        a results announcement as text (HKEX English mirror, 业绩快报, quarterly key-data table)
  --strict    refuse a document when any cross-check fails
  --dry-run   print what would be stored; write nothing
  --date      the announcement date, when the text does not say it
Writes into KNOWLEDGE_DIR (default: knowledge/). Exit status 0 when every file was stored, 1 when any was refused.`;

const SHIPPED = resolve(import.meta.dirname, '..', '..', 'knowledge');

function main(argv: string[]): number {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const dateAt = argv.indexOf('--date');
  const date = dateAt >= 0 ? argv[dateAt + 1] : undefined;
  const files = argv.filter((a, i) => !a.startsWith('--') && !(dateAt >= 0 && i === dateAt + 1));
  if (flags.has('--help') || !files.length) {
    (files.length ? process.stdout : process.stderr).write(USAGE + '\n');
    return files.length ? 0 : 2;
  }
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    process.stderr.write(`ingest: --date must be YYYY-MM-DD, not "${date}"\n`);
    return 2;
  }
  const strict = flags.has('--strict');
  const dryRun = flags.has('--dry-run');
  const dir = resolve(process.env.KNOWLEDGE_DIR || 'knowledge');
  if (!dryRun && ensureCatalogue(dir, SHIPPED)) process.stdout.write(`${dir}: new knowledge folder, started from the shipped catalogue\n`);

  let refused = 0;
  files.forEach((file, i) => {
    const name = basename(file);
    const progress = files.length > 1 ? `[${i + 1}/${files.length}] ` : '';
    try {
      const knowledge = loadKnowledge(existsOr(dir, SHIPPED, dryRun));
      const index = new CatalogueIndex(knowledge);
      const ing = ingestText(readFileSync(file, 'utf8'), file, knowledge, index, date ? { date } : {});
      const failed = ing.checks.filter((c) => !c.ok);
      const known = knowledge.companies.find((c) => c.codes.includes(ing.company.code));
      const lines = [
        `${progress}${name}: ${known?.shortName ?? ing.company.shortName} (${ing.company.code}), ${ing.document.shortTitle}, ${periodLabel(ing.document.period)}, ${ing.document.date}${ing.document.audited ? '' : ', unaudited'}`,
        `  rows read: ${ing.rows.filter((r) => r.metric).length} of ${ing.rows.length} (${ing.document.facts.length} facts); checks passed: ${ing.checks.length - failed.length} of ${ing.checks.length}`,
        ...failed.map((c) => `  check failed: ${c.check}: ${c.detail}`),
        ...ing.warnings.map((w) => `  warning: ${w}`),
      ];
      if (strict && failed.length) throw new IngestError(`${name}: ${failed.length} cross-check${failed.length > 1 ? 's' : ''} failed (--strict)\n${lines.slice(1).join('\n')}`);
      if (dryRun) {
        process.stdout.write(lines.join('\n') + '\n  would store:\n' + JSON.stringify({ company: ing.company, document: ing.document }, null, 2).replace(/^/gm, '    ') + '\n');
        return;
      }
      const stored = storeIngested(dir, ing, knowledge);
      lines.push(stored.unchanged ? `  unchanged: already stored in companies/${stored.folder}` : `  stored in companies/${stored.folder}`);
      for (const s of stored.supersedes) lines.push(`  supersedes ${s} for ${periodLabel(ing.document.period)}`);
      for (const s of stored.supersededBy) lines.push(`  note: ${s} keeps precedence for ${periodLabel(ing.document.period)} (audited or later)`);
      process.stdout.write(lines.join('\n') + '\n');
    } catch (e) {
      if (!(e instanceof IngestError || e instanceof KnowledgeError || (e as NodeJS.ErrnoException).code === 'ENOENT')) throw e;
      refused++;
      process.stderr.write(`${progress}refused ${e instanceof IngestError ? '' : `${name}: `}${(e as Error).message}\n`);
    }
  });
  if (files.length > 1) process.stdout.write(`${files.length - refused} of ${files.length} stored${refused ? `, ${refused} refused` : ''}\n`);
  return refused ? 1 : 0;
}

/** A dry run may point at a folder that does not exist yet: read the shipped catalogue then. */
function existsOr(dir: string, shipped: string, dryRun: boolean): string {
  try {
    readFileSync(join(dir, 'catalogue', 'metrics.json'));
    return dir;
  } catch {
    if (dryRun) return shipped;
    throw new KnowledgeError(`${dir}: no catalogue/metrics.json`);
  }
}

process.exitCode = main(process.argv.slice(2));
