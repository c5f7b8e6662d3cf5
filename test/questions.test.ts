import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBot, loadKnowledge } from '../src/index.js';
import { readCases, runCases } from './support/score.js';

// The project's own question sets, in our own words: wider than the evaluation's dev set, and scored the same way.
const dir = join(import.meta.dirname, 'questions');
const bot = createBot(loadKnowledge(join(import.meta.dirname, '..', 'knowledge')));

describe.each(readdirSync(dir).filter((f) => f.endsWith('.jsonl')))('question set %s', (file) => {
  const results = runCases(bot, readCases(join(dir, file)));
  const failures = results.filter((r) => r.why.length).map((r) => `${r.case.id} ${JSON.stringify(r.case.q)}: ${r.why.join('; ')} | ${r.reply.text.split('\n')[0]}`);

  it('answers at least 95% right', () => {
    expect(results.length - failures.length, failures.join('\n')).toBeGreaterThanOrEqual(Math.ceil(results.length * 0.95));
  });
  it('never answers with a wrong figure', () => {
    expect(results.filter((r) => r.wrong).map((r) => r.case.id)).toEqual([]);
  });
});
