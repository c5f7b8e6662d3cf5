import type { types } from '@slack/bolt';
import type { ChatAnswer, SourceRef } from '../../src/index.js';
import { escapeMrkdwn, truncate } from './text.js';

export type Block = types.KnownBlock;

/** What chat.postMessage and respond() take: Block Kit plus the plain text Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

// Slack's documented limits (Block Kit reference).
export const LIMITS = { text: 3000, field: 2000, fields: 10, blocks: 50, fallback: 4000 } as const;

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: truncate(text, LIMITS.text) });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwn(text)] });

function sourceLine(s: SourceRef): string {
  return `${s.title}, ${s.date}${s.audited ? '' : ' · *unaudited*'}`;
}

/**
 * Lays out a core answer as Block Kit: the headline, one section per card with its fields (current value, prior
 * value, change), further details, suggestions, and a context line naming the sources and whether they are audited.
 * `fallback` is the core's plain-text rendering. The adapter's own mrkdwn goes in `notes` (a section after the answer)
 * and `footer` (a context line at the end). Everything taken from the answer is escaped, so it cannot mention anyone.
 */
export function toSlackMessage(answer: ChatAnswer, fallback: string, extra: { notes?: string[]; footer?: string[] } = {}): SlackMessage {
  const { notes = [], footer = [] } = extra;
  const blocks: Block[] = [section(escapeMrkdwn(answer.headline || fallback))];

  for (const card of answer.cards) {
    const fields = card.fields.map((f) => mrkdwn(`*${escapeMrkdwn(f.name)}*\n${escapeMrkdwn(f.value)}`));
    // A section takes at most 10 fields: a long card continues in further sections under the same title.
    for (let i = 0; i === 0 || i < fields.length; i += LIMITS.fields) {
      const title = escapeMrkdwn(card.title);
      blocks.push({
        type: 'section',
        text: mrkdwn(`*${i === 0 ? title : `${title} (continued)`}*`),
        ...(fields.length > 0 && {
          fields: fields.slice(i, i + LIMITS.fields).map((f) => ({ ...f, text: truncate(f.text, LIMITS.field) })),
        }),
      });
    }
  }

  if (answer.details.length > 0) blocks.push(section(answer.details.map(escapeMrkdwn).join('\n')));
  if (notes.length > 0) blocks.push(section(notes.join('\n')));
  if (answer.suggestions.length > 0)
    blocks.push(context(`Try: ${answer.suggestions.map((s) => `“${escapeMrkdwn(s)}”`).join(' · ')}`));

  const sources = uniqueSources(answer.sources);
  if (sources.length > 0)
    blocks.push(context(`${sources.length > 1 ? 'Sources' : 'Source'}: ${sources.map((s) => escapeMrkdwn(sourceLine(s))).join('; ')}`));
  if (footer.length > 0) blocks.push(context(footer.join('\n')));

  return { text: truncate(escapeMrkdwn(fallback), LIMITS.fallback), blocks: capBlocks(blocks) };
}

/** A plain message of mrkdwn lines (help, errors); the caller escapes anything it did not write itself. */
export function plainMessage(lines: string[], footer: string[] = []): SlackMessage {
  const blocks = [section(lines.join('\n'))];
  if (footer.length > 0) blocks.push(context(footer.join('\n')));
  return { text: truncate(lines.join('\n'), LIMITS.fallback), blocks };
}

function uniqueSources(sources: SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.company}/${s.document}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Keeps a message within 50 blocks; the sources and footer at the end matter more than the last cards. */
function capBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  const tail = blocks.filter((b, i) => i > 0 && b.type === 'context');
  const body = blocks.filter((b) => b.type !== 'context');
  const room = LIMITS.blocks - tail.length - 1;
  const note = context(`… and ${body.length - room} more section(s), not shown: Slack allows ${LIMITS.blocks} blocks.`);
  return [...body.slice(0, room), note, ...tail];
}
