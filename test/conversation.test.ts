import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContextStore, createBot, emptyContext, loadKnowledge, toJson, type Context } from '../src/index.js';

const bot = createBot(loadKnowledge(join(import.meta.dirname, '..', 'knowledge')));

/** Asks questions in one conversation and returns the first answer value of each. */
function converse(...questions: string[]): string[] {
  let context: Context = emptyContext();
  return questions.map((q) => {
    const answer = bot.ask(q, context);
    context = answer.context;
    return toJson(answer).answers[0]?.value ?? answer.status;
  });
}

describe('follow-ups', () => {
  it('move to the year before and keep that year for the next metric', () => {
    expect(converse('What was EPS in 2023?', 'and the year before?', 'what about ROE?')).toEqual(['0.52', '0.84', '11.35']);
  });
  it('ask how the last figure changed', () => {
    expect(converse('operating profit 2023', 'by how much did it fall?', 'in RMB?')).toEqual(['618803687.94', '-19.51', '-150006145.81']);
  });
  it('turn a balance-sheet follow-up to the opening balance', () => {
    expect(converse('total assets', 'and at the beginning of the period?', 'what about equity?')).toEqual(['11825954292.65', '11220455751.51', '6784850326.07']);
  });
  it('keep the company and the metric', () => {
    expect(converse('JL MAG net profit 2023', 'and in 2022?')).toEqual(['563692826.17', '702686729.14']);
  });
  it('divide the last figure by the one named: "as a percentage of total assets?"', () => {
    expect(converse('total assets', 'and equity?', 'as a percentage of total assets?')).toEqual(['11825954292.65', '7021484732.38', '59.3735']);
    expect(converse('net profit', 'what share of revenue is that?')).toEqual(['563692826.17', '8.4286']);
    // A metric whose own name says ratio is a new subject, not a denominator.
    expect(converse('net profit', 'and the equity ratio?')).toEqual(['563692826.17', '59.3735']);
  });
  it('compare the thread\'s year with the one named: "how does that compare with 2022?"', () => {
    let context: Context = emptyContext();
    context = bot.ask('revenue 2023', context).context;
    const answers = toJson(bot.ask('how does that compare with 2022?', context)).answers;
    // The two values side by side, then the change the answer states between them.
    expect(answers.map((a) => [a.metric, a.period, a.value])).toEqual([
      ['total_revenue', 'FY2023', '6687864421.33'],
      ['total_revenue', 'FY2022', '7165186899.53'],
      ['total_revenue.change_pct', 'FY2023', '-6.66'],
      ['total_revenue.change_abs', 'FY2023', '-477322478.2'],
    ]);
  });
  it('start afresh without context', () => {
    expect(converse('and the year before?')).toEqual(['not_found']);
  });
});

describe('the context store', () => {
  it('forgets a conversation idle for longer than its time to live', () => {
    let now = 0;
    const store = new ContextStore({ ttlMs: 1000, now: () => now });
    store.set('t1', { metrics: ['total_revenue'], period: 'FY2022' });
    now = 999;
    expect(store.get('t1').period).toBe('FY2022');
    now = 2100;
    expect(store.get('t1')).toEqual(emptyContext());
  });
  it('keeps at most its bound, dropping the least recently used', () => {
    const store = new ContextStore({ maxEntries: 2 });
    store.set('a', { metrics: ['a'] });
    store.set('b', { metrics: ['b'] });
    store.set('a', { metrics: ['a2'] });
    store.set('c', { metrics: ['c'] });
    expect(store.size).toBe(2);
    expect(store.get('b')).toEqual(emptyContext());
    expect(store.get('a').metrics).toEqual(['a2']);
  });
});
