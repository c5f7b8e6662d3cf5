import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot, KnowledgeError, loadKnowledge, toJson } from '../src/index.js';
import { cacheFileFor } from '../src/knowledge/knowledge-cache.js';
import { readCases } from './support/score.js';

// A start that finds a company's files unchanged since an earlier start validated them reads its documents only when
// a question needs them (knowledge-cache.ts). These pin down that it answers the same, and that nothing unchecked
// is ever used: a changed file is checked at start, an unchanged one when it is read.

const SHIPPED = join(import.meta.dirname, '..', 'knowledge');
const JLMAG_DOC = join('companies', '06680-jlmag', 'documents', 'FY2023-preliminary_annual.json');
const OTHER_DOC = join('companies', '99999-testco', 'documents', 'FY2023-preliminary_annual.json');
const WHEN = 1_700_000_000; // a whole second, so that a file's time can be put back exactly

let root: string;
let dir: string;
let cacheDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'results-bot-cache-test-'));
  dir = join(root, 'knowledge');
  cacheDir = join(root, 'cache');
  cpSync(SHIPPED, dir, { recursive: true });
  // A second company, so that one can be asked about while the other stays unread.
  const other = join(dir, 'companies', '99999-testco');
  cpSync(join(dir, 'companies', '06680-jlmag'), other, { recursive: true });
  const company = JSON.parse(readFileSync(join(other, 'company.json'), 'utf8'));
  writeFileSync(join(other, 'company.json'), JSON.stringify({ ...company, code: '99999', codes: ['99999'], listings: [], name: { en: 'Testco Holdings', zh: '测试控股' }, shortName: 'Testco', aliases: ['Testco'], terms: [] }));
  for (const doc of [JLMAG_DOC, OTHER_DOC]) utimesSync(join(dir, doc), WHEN, WHEN);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Replaces a file's content by something of the same size, and puts its time back: to the cache, unchanged. */
function damageUnseen(path: string): void {
  const size = readFileSync(join(dir, path)).length;
  writeFileSync(join(dir, path), '{'.padEnd(size, ' '));
  utimesSync(join(dir, path), WHEN, WHEN);
}

describe('knowledge cache', () => {
  it('lets a later start leave unchanged documents unread until a question needs them, and checks them then', () => {
    loadKnowledge(dir, { cacheDir });
    damageUnseen(OTHER_DOC);
    const bot = createBot(loadKnowledge(dir, { cacheDir })); // starts: Testco's document is not read yet
    expect(bot.ask("What was JL MAG's revenue in 2023?").status).toBe('answered');
    const testco = () => bot.ask('What was Testco revenue in 2023?');
    expect(testco).toThrow(KnowledgeError);
    expect(testco).toThrow(/99999-testco\/documents\/FY2023-preliminary_annual\.json: not valid JSON/);
    expect(testco, 'a company that could not be read is never answered from half its figures').toThrow(KnowledgeError);
    const suggestions = bot.suggest('revenue', 5).map((s) => s.name);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.filter((s) => !s.includes('JL MAG')), 'autocomplete skips a company it cannot read').toEqual([]);
  });

  it('answers every question the same from a later start as from the first', () => {
    const first = createBot(loadKnowledge(dir, { cacheDir }));
    const later = createBot(loadKnowledge(dir, { cacheDir }));
    const questions = readdirSync(join(import.meta.dirname, 'questions'))
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readCases(join(import.meta.dirname, 'questions', f)).map((c) => c.q));
    for (const q of [...questions, ...questions.map((q) => `Testco ${q}`)]) expect(toJson(later.ask(q)), q).toEqual(toJson(first.ask(q)));
  });

  it('checks a document at start again when it changed since', () => {
    loadKnowledge(dir, { cacheDir });
    writeFileSync(join(dir, OTHER_DOC), '{"id": "truncated"');
    expect(() => loadKnowledge(dir, { cacheDir })).toThrow(/99999-testco\/documents\/FY2023-preliminary_annual\.json: not valid JSON/);
  });

  it('checks a document added since at start', () => {
    loadKnowledge(dir, { cacheDir });
    writeFileSync(join(dir, 'companies', '99999-testco', 'documents', 'FY2024-annual.json'), '{}');
    expect(() => loadKnowledge(dir, { cacheDir })).toThrow(/FY2024-annual\.json: id:/);
  });

  it('checks every document at start again when the catalogue changed', () => {
    loadKnowledge(dir, { cacheDir });
    damageUnseen(OTHER_DOC);
    const metrics = join(dir, 'catalogue', 'metrics.json');
    writeFileSync(metrics, readFileSync(metrics, 'utf8') + '\n');
    expect(() => loadKnowledge(dir, { cacheDir })).toThrow(/99999-testco\/documents\/FY2023-preliminary_annual\.json: not valid JSON/);
    // Mended, it is checked once more and noted against the new catalogue: the start after that trusts it again.
    writeFileSync(join(dir, OTHER_DOC), readFileSync(join(SHIPPED, JLMAG_DOC)));
    utimesSync(join(dir, OTHER_DOC), WHEN, WHEN);
    loadKnowledge(dir, { cacheDir });
    damageUnseen(OTHER_DOC);
    expect(() => loadKnowledge(dir, { cacheDir })).not.toThrow();
  });

  it('reads and checks everything when the cache is damaged, and writes it again', () => {
    loadKnowledge(dir, { cacheDir });
    const file = cacheFileFor(cacheDir, dir);
    writeFileSync(file, '{"version": 1, "dir": ');
    damageUnseen(OTHER_DOC);
    expect(() => loadKnowledge(dir, { cacheDir })).toThrow(KnowledgeError);
    writeFileSync(join(dir, OTHER_DOC), readFileSync(join(SHIPPED, JLMAG_DOC)));
    loadKnowledge(dir, { cacheDir });
    expect(JSON.parse(readFileSync(file, 'utf8')).companies['99999-testco'].people).toContain('Cai Baogui');
  });

  it('names both boards of a person who sits on two', () => {
    const answer = createBot(loadKnowledge(dir, { cacheDir })).ask('Who is Cai Baogui?');
    expect([answer.headline, ...answer.details].join('\n')).toMatch(/JL MAG[\s\S]*\n.*Testco/);
  });

  it('starts without a cache when its folder cannot be written', () => {
    writeFileSync(join(root, 'not-a-folder'), '');
    const bot = createBot(loadKnowledge(dir, { cacheDir: join(root, 'not-a-folder') }));
    expect(bot.ask("What was JL MAG's revenue in 2023?").status).toBe('answered');
  });
});
