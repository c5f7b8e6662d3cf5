import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Card, ChatAnswer, SourceRef } from '../../src/index.js';

/** Discord's message and embed limits, in characters. */
export const LIMITS = {
  content: 2000,
  embeds: 10, // per message
  total: 6000, // all embeds of a message together
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
} as const;

/** What to send: the headline as content (seen in notifications and by people who hide embeds), the rest as embeds. */
export interface DiscordReply {
  content: string;
  embeds: APIEmbed[];
}

const ELLIPSIS = '…';

/**
 * Shortens text to at most `max` characters, at a line break or else a space, and marks the cut with an ellipsis.
 * A number is never cut in half: text with no space at all backs off to a character that is not part of a number.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  const room = text.slice(0, max - 1);
  const line = room.lastIndexOf('\n');
  if (line >= max / 2) return room.slice(0, line).trimEnd() + ELLIPSIS;
  const space = room.search(/\s\S*$/);
  if (space > 0) return room.slice(0, space).trimEnd() + ELLIPSIS;
  let end = room.length;
  const inNumber = (i: number) => isNumberChar(text[i - 1]) && isNumberChar(text[i]);
  while (end > 0 && (inNumber(end) || isHighSurrogate(text[end - 1]))) end--;
  return (end > 0 ? room.slice(0, end) : room) + ELLIPSIS;
}

const isNumberChar = (ch: string | undefined) => ch !== undefined && /[\d.,]/.test(ch);
const isHighSurrogate = (ch: string | undefined) => ch !== undefined && /[\uD800-\uDBFF]/.test(ch);

/** The answer as a Discord message: one embed per card (title: company and metric; fields: value, prior, change). */
export function toDiscordReply(answer: ChatAnswer): DiscordReply {
  const content = cut(answer.headline.trim(), LIMITS.content);
  const footer = sourcesFooter(answer.sources);

  let embeds: APIEmbed[] = answer.cards.slice(0, LIMITS.embeds).map(cardEmbed);
  fitTotal(embeds, Math.min(footer.length, LIMITS.footer));
  const hidden =
    answer.cards.reduce((sum, card) => sum + card.fields.length, 0) -
    embeds.reduce((sum, e) => sum + (e.fields?.length ?? 0), 0);
  const description = describe(answer, hidden);
  if (embeds.length === 0 && (description || footer)) embeds = [{}];
  if (embeds.length === 0) return { content: content || ELLIPSIS, embeds };
  if (footer) embeds[embeds.length - 1]!.footer = { text: cut(footer, LIMITS.footer) };

  const room = Math.min(LIMITS.description, LIMITS.total - totalLength(embeds));
  if (description && room > 0) {
    const text = cut(description, room);
    if (text) embeds[0]!.description = text;
  }
  return { content: content || ELLIPSIS, embeds };
}

/** A plain-text message, for where embeds cannot be shown (no Embed Links permission). */
export function toPlainReply(text: string): DiscordReply {
  return { content: cut(text.trim(), LIMITS.content) || ELLIPSIS, embeds: [] };
}

function cardEmbed(card: Card): APIEmbed {
  const fields: APIEmbedField[] = card.fields.slice(0, LIMITS.fields).map((field) => ({
    name: cut(field.name, LIMITS.fieldName) || '\u200b', // Discord rejects empty names and values
    value: cut(field.value, LIMITS.fieldValue) || '\u200b',
    inline: true,
  }));
  return { title: cut(card.title, LIMITS.title), fields };
}

function describe(answer: ChatAnswer, hiddenFields: number): string {
  const lines = [...answer.details];
  if (hiddenFields > 0) lines.unshift(`(${hiddenFields} more figures did not fit: ask about fewer at a time.)`);
  if (answer.suggestions.length > 0) lines.push('Try asking:', ...answer.suggestions.map((s) => `• ${s}`));
  return lines.join('\n').trim();
}

function sourcesFooter(sources: SourceRef[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const source of sources) {
    const part = `${source.title} (${source.date})${source.audited ? '' : ', unaudited'}`;
    if (seen.has(part)) continue;
    seen.add(part);
    parts.push(part);
  }
  if (parts.length === 0) return '';
  return `${parts.length === 1 ? 'Source' : 'Sources'}: ${parts.join('; ')}`;
}

/** The characters Discord counts towards the 6,000 total of a message's embeds. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

const totalLength = (embeds: APIEmbed[]) => embeds.reduce((sum, e) => sum + embedLength(e), 0);

// Drops trailing cards, then trailing fields, until the cards and the footer fit the total, with room for a short note.
function fitTotal(embeds: APIEmbed[], footerLength: number): void {
  const budget = LIMITS.total - footerLength - 100;
  while (totalLength(embeds) > budget && embeds.length > 1) embeds.pop();
  const fields = embeds[0]?.fields ?? [];
  while (totalLength(embeds) > budget && fields.length > 0) fields.pop();
}
