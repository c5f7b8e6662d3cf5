import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, loadKnowledge, toJson, type Bot } from '../src/index.js';
import { ingestedKnowledge } from './support/ingest.js';

// Companies reporting a loss: a change out of or into a loss says what it means, and no percentage is made up.

const VARIANTS = join(import.meta.dirname, 'fixtures', 'variants');
let dir: string;
let bot: Bot;

beforeAll(() => {
  const files = ['300961-shenlan-2023-performance-express.zh.txt', '01893-shengda-pharma-2024-interim-preliminary.en.txt'];
  dir = ingestedKnowledge('results-bot-losses-test-', files.map((f) => join(VARIANTS, f)));
  bot = createBot(loadKnowledge(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('losses', () => {
  it('reads "loss" as net profit, and says a smaller loss is what "up" means, without a percentage against a loss', () => {
    for (const q of ["how much did Shenlan's loss narrow?", '深蓝生物亏损收窄了多少']) {
      const a = toJson(bot.ask(q));
      expect(a.answers.map((x) => [x.metric, x.value]), q).toEqual([['net_profit.change_abs', '57777800'], ['net_profit', '-118765400'], ['net_profit', '-176543200']]);
      expect(a.text, q).toContain('was up RMB 57.78 million in FY2023 (a smaller loss): RMB -118.77 million, against RMB -176.54 million in FY2022.');
      expect(a.text, q).toContain('No percentage change: against a loss in FY2022 a percentage would mislead, and the announcement gives none.');
    }
  });
  it('keeps a percentage the announcement itself gives for a loss', () => {
    const a = toJson(bot.ask('Shenlan recurring net profit change'));
    expect(a.answers[0]).toMatchObject({ metric: 'net_profit_recurring.change_pct', value: '28.76' });
    expect(a.text).not.toContain('No percentage change');
  });
  it('says when a profit turned into a loss', () => {
    expect(toJson(bot.ask('Shengda Pharma net profit change H1 2024')).text).toContain('was down RMB 297.53 million in H1 2024 (from a profit to a loss)');
  });
});
