import { describe, expect, it } from 'vitest';
import type { Answer, Card, SourceRef } from '../src/index.js';
import { cut, embedLength, LIMITS, toDiscordReply, toPlainReply, type DiscordReply } from '../adapters/discord/embed.js';

// embed.ts is pure: these answers are plain data in the core's Answer shape (the end-to-end tests use the real core).
const source: SourceRef = {
  company: '06680',
  document: '2023-annual-preliminary',
  title: 'Preliminary annual results 2023',
  date: '2024-03-28',
  audited: false,
  file: '06680-jlmag-2023-preliminary-annual-results.en.txt',
};
const revenueCard: Card = {
  title: 'JL MAG (06680) · total revenue',
  fields: [
    { name: 'FY2023', value: 'RMB 6,687.86 million' },
    { name: 'FY2022', value: 'RMB 7,165.19 million' },
    { name: 'Change', value: '-6.66%' },
  ],
};
const answer = (over: Partial<Answer>): Answer => ({
  status: 'answered',
  headline: 'JL MAG total revenue was RMB 6,687.86 million in FY2023.',
  figures: [],
  cards: [],
  details: [],
  sources: [],
  suggestions: [],
  context: { metrics: [] },
  ...over,
});

function expectWithinLimits(reply: DiscordReply): void {
  expect(reply.content.length).toBeGreaterThan(0);
  expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(reply.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(reply.embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.total);
  for (const embed of reply.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
  }
}

/** The cut text, less its ellipsis, is the start of the original and ends where the original had a space or line break. */
function expectCleanCut(original: string, shortened: string): void {
  expect(shortened.endsWith('…')).toBe(true);
  const kept = shortened.slice(0, -1);
  expect(original.startsWith(kept)).toBe(true);
  expect(original[kept.length]).toMatch(/\s/);
}

describe('Discord embeds', () => {
  it('shows a card as an embed titled with company and metric, with value, prior value and change as fields', () => {
    const reply = toDiscordReply(answer({ cards: [revenueCard], sources: [source] }));
    expect(reply.content).toBe('JL MAG total revenue was RMB 6,687.86 million in FY2023.');
    expect(reply.embeds).toEqual([
      {
        title: 'JL MAG (06680) · total revenue',
        fields: [
          { name: 'FY2023', value: 'RMB 6,687.86 million', inline: true },
          { name: 'FY2022', value: 'RMB 7,165.19 million', inline: true },
          { name: 'Change', value: '-6.66%', inline: true },
        ],
        footer: { text: 'Source: Preliminary annual results 2023 (2024-03-28), unaudited' },
      },
    ]);
  });

  it('says "unaudited" only for unaudited sources, and names each source once', () => {
    const audited = { ...source, title: 'Annual report 2023', date: '2024-04-20', audited: true };
    const reply = toDiscordReply(answer({ cards: [revenueCard], sources: [source, audited, source] }));
    expect(reply.embeds[0]!.footer!.text).toBe(
      'Sources: Preliminary annual results 2023 (2024-03-28), unaudited; Annual report 2023 (2024-04-20)',
    );
  });

  it('puts details and suggestions in the description, with the footer on the last of several cards', () => {
    const marginCard: Card = { title: 'JL MAG (06680) · net margin', fields: [{ name: 'FY2023', value: '8.66%' }] };
    const reply = toDiscordReply(
      answer({
        cards: [revenueCard, marginCard],
        details: ['Net margin = net profit / total revenue.'],
        suggestions: ['and in 2022?'],
        sources: [source],
      }),
    );
    expect(reply.embeds).toHaveLength(2);
    expect(reply.embeds[0]!.description).toBe('Net margin = net profit / total revenue.\nTry asking:\n• and in 2022?');
    expect(reply.embeds[0]!.footer).toBeUndefined();
    expect(reply.embeds[1]!.footer?.text).toMatch(/^Source: /);
  });

  it('answers without cards as an untitled embed, or as content alone when there is nothing more to show', () => {
    const clarify = toDiscordReply(
      answer({ status: 'clarify', headline: 'Which company do you mean?', suggestions: ['JL MAG revenue 2023'] }),
    );
    expect(clarify.content).toBe('Which company do you mean?');
    expect(clarify.embeds).toEqual([{ description: 'Try asking:\n• JL MAG revenue 2023' }]);
    expect(toDiscordReply(answer({ status: 'not_found', headline: 'No match.' }))).toEqual({ content: 'No match.', embeds: [] });
  });

  it('cuts an over-long headline at a word boundary with an ellipsis, never inside a number', () => {
    const headline = Array.from({ length: 400 }, (_, i) => `RMB ${i},687.86 million`).join(' and ');
    const reply = toDiscordReply(answer({ headline }));
    expectWithinLimits(reply);
    expectCleanCut(headline, reply.content);
  });

  it('keeps every title, field, description and the total within Discord limits', () => {
    const long = (n: number) => Array.from({ length: n }, (_, i) => `${i * 1000},123.45`).join(' ');
    const bigCard = (i: number): Card => ({
      title: `Card ${i} ${long(60)}`,
      fields: Array.from({ length: 30 }, (_, j) => ({ name: `Field ${j} ${long(40)}`, value: long(200) })),
    });
    const reply = toDiscordReply(
      answer({
        cards: Array.from({ length: 12 }, (_, i) => bigCard(i)),
        details: Array.from({ length: 400 }, (_, i) => `Line ${i}: ${long(3)}`),
        sources: [source],
      }),
    );
    expectWithinLimits(reply);
    const first = reply.embeds[0]!;
    expectCleanCut(bigCard(0).title, first.title!);
    expectCleanCut(bigCard(0).fields[0]!.value, first.fields![0]!.value);
    expect(first.description).toMatch(/^\(\d+ more figures did not fit/);
    expect(reply.embeds.at(-1)!.footer?.text).toMatch(/^Source: /);
  });

  it('keeps a card that alone would exceed the total, dropping its last fields and saying so', () => {
    const value = Array.from({ length: 120 }, (_, i) => `RMB ${i},000.00`).join(' '); // ~1,000 characters
    const card: Card = { title: 'JL MAG', fields: Array.from({ length: 25 }, (_, i) => ({ name: `FY${2000 + i}`, value })) };
    const reply = toDiscordReply(answer({ cards: [card] }));
    expectWithinLimits(reply);
    expect(reply.embeds[0]!.fields!.length).toBeLessThan(25);
    expect(reply.embeds[0]!.description).toMatch(/more figures did not fit/);
  });

  it('falls back to plain content of at most 2,000 characters', () => {
    const text = 'Total revenue: RMB 6,687.86 million\n'.repeat(100);
    const reply = toPlainReply(text);
    expect(reply.embeds).toEqual([]);
    expect(reply.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.content).toMatch(/million…$/);
  });
});

describe('cut', () => {
  it('leaves text that fits alone', () => {
    expect(cut('RMB 6,687.86 million', 20)).toBe('RMB 6,687.86 million');
  });

  it('prefers a line break, then a space', () => {
    expect(cut('first line here\nsecond line', 20)).toBe('first line here…');
    expect(cut('RMB 6,687.86 million', 15)).toBe('RMB 6,687.86…');
    expect(cut('RMB 6,687.86 million', 11)).toBe('RMB…');
  });

  it('backs off to a non-digit when there is no space, so a number is not cut in half', () => {
    expect(cut('revenue:6,687.86', 12)).toBe('revenue:…');
    expect(cut('营业总收入6,687.86百万元', 9)).toBe('营业总收入…');
  });
});
