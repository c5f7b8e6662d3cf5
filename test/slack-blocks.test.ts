// Unit tests for the Slack adapter's pure parts: Answer → Block Kit, text escaping, question cleaning, command parsing.
import { describe, expect, it } from 'vitest';
import type { Answer, SourceRef } from '../src/answer/types.js';
import { LIMITS, plainMessage, toSlackMessage } from '../adapters/slack/blocks.js';
import { cleanQuestion, escapeMrkdwn, parseCommand, truncate } from '../adapters/slack/text.js';

const source = (over: Partial<SourceRef> = {}): SourceRef => ({
  company: '06680',
  document: '2023-annual-preliminary',
  title: 'Preliminary annual results 2023',
  date: '2024-03-27',
  audited: false,
  file: 'x.txt',
  ...over,
});

const answer = (over: Partial<Answer> = {}): Answer => ({
  status: 'answered',
  headline: 'JL MAG total revenue was RMB 6,687.86 million in FY2023.',
  figures: [],
  cards: [
    {
      title: 'JL MAG (06680) · total revenue',
      fields: [
        { name: 'FY2023', value: 'RMB 6,687.86 million' },
        { name: 'FY2022', value: 'RMB 7,165.19 million' },
        { name: 'Change', value: '-6.66%' },
      ],
    },
  ],
  details: [],
  sources: [source()],
  suggestions: [],
  context: { metrics: [] },
  ...over,
});

type AnyBlock = { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: { text: string }[] };
const blocksOf = (a: Answer, footer?: string[], notes?: string[]) => toSlackMessage(a, 'plain text', { footer, notes }).blocks as AnyBlock[];
const allText = (blocks: AnyBlock[]) => JSON.stringify(blocks);

describe('Slack Block Kit rendering', () => {
  it('puts the headline first, then a section per card with its current, prior and change fields', () => {
    const [headline, card] = blocksOf(answer());
    expect(headline).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'JL MAG total revenue was RMB 6,687.86 million in FY2023.' } });
    expect(card!.text!.text).toBe('*JL MAG (06680) · total revenue*');
    expect(card!.fields!.map((f) => f.text)).toEqual(['*FY2023*\nRMB 6,687.86 million', '*FY2022*\nRMB 7,165.19 million', '*Change*\n-6.66%']);
  });

  it('ends with a context line naming the source and saying it is unaudited', () => {
    const last = blocksOf(answer()).at(-1)!;
    expect(last.type).toBe('context');
    expect(last.elements![0]!.text).toBe('Source: Preliminary annual results 2023, 2024-03-27 · *unaudited*');
  });

  it('does not call an audited source unaudited, and lists each document once', () => {
    const a = answer({ sources: [source({ audited: true }), source({ audited: true }), source({ document: 'other', title: 'Interim 2023', audited: false })] });
    expect(blocksOf(a).at(-1)!.elements![0]!.text).toBe('Sources: Preliminary annual results 2023, 2024-03-27; Interim 2023, 2024-03-27 · *unaudited*');
  });

  it('shows details, the adapter\'s notes and suggestions when there are any, and the footer last', () => {
    const blocks = blocksOf(answer({ details: ['computed as a / b', 'second line'], suggestions: ['net profit 2023'] }), ['only you'], ['*How to ask*']);
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'section', 'context', 'context', 'context']);
    expect(blocks[2]!.text!.text).toBe('computed as a / b\nsecond line');
    expect(blocks[3]!.text!.text).toBe('*How to ask*');
    expect(blocks[4]!.elements![0]!.text).toBe('Try: “net profit 2023”');
    expect(blocks[6]!.elements![0]!.text).toBe('only you');
  });

  it('gives the plain-text rendering as the notification text', () => {
    expect(toSlackMessage(answer(), 'Revenue: RMB 6,687.86 million').text).toBe('Revenue: RMB 6,687.86 million');
  });

  it('escapes &, < and > everywhere, so quoted text can never mention or broadcast', () => {
    const hostile = '<!channel> <@U999> <!subteam^S1|@team> P&L';
    const message = toSlackMessage(
      answer({ headline: hostile, cards: [{ title: hostile, fields: [{ name: hostile, value: hostile }] }], details: [hostile], suggestions: [hostile], sources: [source({ title: hostile })] }),
      hostile,
    );
    const json = JSON.stringify(message);
    for (const bad of ['<!channel>', '<@U999>', '<!subteam', 'P&L']) expect(json).not.toContain(bad);
    expect(message.text).toBe('&lt;!channel&gt; &lt;@U999&gt; &lt;!subteam^S1|@team&gt; P&amp;L');
  });

  it('keeps section text within 3000 characters and field text within 2000', () => {
    const long = 'x'.repeat(5000);
    const blocks = blocksOf(answer({ headline: long, details: [long], cards: [{ title: long, fields: [{ name: 'n', value: long }] }] }));
    for (const b of blocks) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.text);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(LIMITS.field);
    }
    expect(blocks[0]!.text!.text.endsWith('…')).toBe(true);
  });

  it('splits a card with more than 10 fields over several sections', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ name: `F${i}`, value: String(i) }));
    const cards = blocksOf(answer({ cards: [{ title: 'Many', fields }] })).filter((b) => b.fields);
    expect(cards.map((b) => b.fields!.length)).toEqual([10, 10, 3]);
    expect(cards.map((b) => b.text!.text)).toEqual(['*Many*', '*Many (continued)*', '*Many (continued)*']);
  });

  it('never sends more than 50 blocks, keeping the sources line', () => {
    const cards = Array.from({ length: 80 }, (_, i) => ({ title: `Card ${i}`, fields: [{ name: 'a', value: 'b' }] }));
    const blocks = blocksOf(answer({ cards }), ['footer']);
    expect(blocks).toHaveLength(LIMITS.blocks);
    expect(allText(blocks.slice(-3))).toContain('more section(s), not shown');
    expect(blocks.at(-2)!.elements![0]!.text).toContain('Source:');
    expect(blocks.at(-1)!.elements![0]!.text).toBe('footer');
  });

  it('cuts the notification text to 4000 characters', () => {
    expect(toSlackMessage(answer(), 'y'.repeat(10_000)).text.length).toBeLessThanOrEqual(LIMITS.fallback);
  });

  it('renders a card without fields as a titled section', () => {
    const blocks = blocksOf(answer({ cards: [{ title: 'Nothing yet', fields: [] }] }));
    expect(blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Nothing yet*' } });
  });

  it('builds plain messages from lines with an optional footer', () => {
    expect(plainMessage(['a', 'b'], ['c']).blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'a\nb' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'c' }] },
    ]);
  });
});

describe('Slack text helpers', () => {
  it('drops the bot mention and any other mention or broadcast from a question', () => {
    expect(cleanQuestion('<@U0FAKEBOT> what was revenue in 2023?')).toBe('what was revenue in 2023?');
    expect(cleanQuestion('<!channel> net profit <@U999|bob> <!here> <!everyone> <!subteam^S123|@analysts> 2023')).toBe('net profit 2023');
  });

  it('keeps what a person saw of channel links, links and dates, and undoes Slack escaping', () => {
    expect(cleanQuestion('in <#C123|results> see <https://example.com|the report> &amp; <https://x.test> P&amp;L &lt;2023&gt;')).toBe(
      'in #results see the report & https://x.test P&L <2023>',
    );
    expect(cleanQuestion('revenue <!date^1700000000^{date}|Nov 14, 2023>')).toBe('revenue Nov 14, 2023');
  });

  it('escapes the three mrkdwn control characters', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
  });

  it('truncates without leaving half an entity', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab&amp;cd', 6)).toBe('ab…');
  });
});

describe('Slash command text', () => {
  it('is private by default and public with a leading "public" or a trailing "--public"', () => {
    expect(parseCommand('eps 2023')).toEqual({ question: 'eps 2023', visibility: 'ephemeral' });
    expect(parseCommand('public eps 2023')).toEqual({ question: 'eps 2023', visibility: 'in_channel' });
    expect(parseCommand('PUBLIC eps 2023 --public')).toEqual({ question: 'eps 2023', visibility: 'in_channel' });
    expect(parseCommand('  eps 2023   --public ')).toEqual({ question: 'eps 2023', visibility: 'in_channel' });
  });

  it('treats a lone "public" as the question, and strips mentions from the text', () => {
    expect(parseCommand('public')).toEqual({ question: 'public', visibility: 'ephemeral' });
    expect(parseCommand('<!channel> eps <@U1|x> 2023')).toEqual({ question: 'eps 2023', visibility: 'ephemeral' });
  });
});
