import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBot, loadKnowledge, type Bot } from '../src/index.js';
import { ingestedKnowledge } from './support/ingest.js';
import { readCases, runCases } from './support/score.js';

// The project's own question sets, in our own words: wider than the evaluation's dev set, and scored the same way.
// Those in questions/ ask the shipped knowledge (JL MAG alone); those in questions/several/ ask what ingest stores
// from every announcement of the fixtures (the shared ones and the variants), where a question must name its company.
const dir = join(import.meta.dirname, 'questions');
const shipped = createBot(loadKnowledge(join(import.meta.dirname, '..', 'knowledge')));
const fixtures = join(import.meta.dirname, 'fixtures');
const severalDir = ingestedKnowledge(
  'results-bot-questions-',
  ['announcements', 'variants'].flatMap((d) => readdirSync(join(fixtures, d)).map((f) => join(fixtures, d, f))),
);
const several = createBot(loadKnowledge(severalDir));
afterAll(() => rmSync(severalDir, { recursive: true, force: true }));

const sets: [string, Bot][] = [
  ...readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f): [string, Bot] => [f, shipped]),
  ...readdirSync(join(dir, 'several')).filter((f) => f.endsWith('.jsonl')).map((f): [string, Bot] => [join('several', f), several]),
];

describe.each(sets)('question set %s', (file, bot) => {
  const results = runCases(bot, readCases(join(dir, file)));
  const failures = results.filter((r) => r.why.length).map((r) => `${r.case.id} ${JSON.stringify(r.case.q)}: ${r.why.join('; ')} | ${r.reply.text.split('\n')[0]}`);

  it('answers at least 95% right', () => {
    expect(results.length - failures.length, failures.join('\n')).toBeGreaterThanOrEqual(Math.ceil(results.length * 0.95));
  });
  it('never answers with a wrong figure', () => {
    expect(results.filter((r) => r.wrong).map((r) => r.case.id)).toEqual([]);
  });
});
