/**
 * Property tests over the core (fast-check): whatever text arrives (any Unicode up to Slack's 40,000 characters,
 * control characters, bidi marks, emoji and joiners, both platforms' markup, numbers in every format, SQL- and
 * prompt-looking text), bot.ask returns a well-formed answer of a known status, within a bound, without throwing,
 * without echoing a mention or showing a stack trace; and a long question is cut with a note.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBot, emptyContext, loadKnowledge, type Bot } from '../src/index.js';
import { checkAnswer, hostile, long, MENTION } from './support/hostile.js';

// Half of Slack's 3-second window: the core is synchronous, so a slow answer holds up everyone else's.
const BOUND_MS = 1500;
const SEED = Number(process.env.FC_SEED) || undefined; // FC_SEED=n replays a run; unset, each run explores anew

let bot: Bot;
beforeAll(() => {
  bot = createBot(loadKnowledge('knowledge'));
});

/** Asks, checks the answer, and checks it came within the bound. */
function askAndCheck(question: string, context = emptyContext()) {
  const started = performance.now();
  const answer = bot.ask(question, context);
  const ms = performance.now() - started;
  checkAnswer(answer, question);
  if (ms > BOUND_MS) throw new Error(`took ${Math.round(ms)} ms (bound ${BOUND_MS}) for ${JSON.stringify(question.slice(0, 200))}`);
  return answer;
}

const wordSalad = fc
  .array(fc.stringMatching(/^[a-z]{1,12}$/), { minLength: 1, maxLength: 400, size: 'max' })
  .map((words) => words.join(' '));

describe('the core, on hostile and odd input', () => {
  it('answers any short message well-formed, with a known status, within the bound', () => {
    fc.assert(fc.property(hostile(16), (q) => void askAndCheck(q)), { numRuns: 600, seed: SEED });
  });

  it('answers any long message (2,001 to 40,000 characters) and says it read only the start', () => {
    fc.assert(
      fc.property(long(), (q) => {
        const answer = askAndCheck(q);
        // Past 8,000 characters the core cuts before even cleaning, whatever the text is.
        if (q.length > 8000) expect(answer.details.join('\n')).toMatch(/read only its first 2,000 characters/);
      }),
      { numRuns: 25, seed: SEED },
    );
  });

  it('answers a full 40,000-character message of every kind of piece, with the note', () => {
    for (const unit of ['revenue 2023 ', '<@U123> <!channel> ', '👨‍👩‍👧‍👦\u200d', '\u202e\u0000x ', '营业收入', '9'.repeat(50) + ' ', 'abc '])
      expect(askAndCheck(unit.repeat(Math.ceil(40_000 / unit.length)).slice(0, 40_000)).details.join('\n')).toMatch(/read only its first 2,000/);
  });

  it('answers up to 400 words of lowercase nonsense (the typo-correction path) within the bound', () => {
    fc.assert(fc.property(wordSalad, (q) => void askAndCheck(q)), { numRuns: 25, seed: SEED });
  });

  it('keeps answering through a conversation of hostile follow-ups', () => {
    fc.assert(
      fc.property(fc.array(hostile(8), { minLength: 1, maxLength: 6 }), (questions) => {
        let context = emptyContext();
        for (const q of questions) context = askAndCheck(q, context).context;
      }),
      { numRuns: 150, seed: SEED },
    );
  });

  it('suggests completions for any partial text without throwing, within the limit and without mentions', () => {
    fc.assert(
      fc.property(hostile(4), fc.integer({ min: 1, max: 25 }), (partial, limit) => {
        const suggestions = bot.suggest(partial, limit);
        expect(suggestions.length).toBeLessThanOrEqual(limit);
        for (const s of suggestions) {
          expect(typeof s.name === 'string' && typeof s.value === 'string').toBe(true);
          expect(MENTION.test(s.name) || MENTION.test(s.value)).toBe(false);
        }
      }),
      { numRuns: 100, seed: SEED },
    );
  });
});
