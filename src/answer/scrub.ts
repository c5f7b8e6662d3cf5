import type { Answer } from './types.js';

// Defence in depth: the composer only echoes sanitised words, but no reply may ever carry a broadcast or a
// mention, whatever a knowledge file or a future code path puts into it.
const MENTION = /<[!@#][^>]*>|@(?:everyone|here|channel)\b/gi;
const clean = (s: string) => s.replace(MENTION, '');

export function scrub(answer: Answer): Answer {
  return {
    ...answer,
    headline: clean(answer.headline),
    details: answer.details.map(clean),
    suggestions: answer.suggestions.map(clean),
    cards: answer.cards.map((c) => ({ title: clean(c.title), fields: c.fields.map((f) => ({ name: clean(f.name), value: clean(f.value) })) })),
  };
}
