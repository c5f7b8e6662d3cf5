import { formatDate, listWords } from './format.js';
import type { ChatAnswer, SourceRef } from './types.js';

/** "Source: JL MAG preliminary annual results 2023 (unaudited), 14 Mar 2024." */
export function sourceLine(sources: SourceRef[]): string | undefined {
  if (!sources.length) return undefined;
  const parts = sources.map((s) => `${s.title} (${s.audited ? 'audited' : 'unaudited'}), ${formatDate(s.date)}`);
  return `Source: ${listWords(parts)}.`;
}

/** The plain-text rendering every platform can show: headline, details, source, suggestions. */
export function renderText(answer: ChatAnswer): string {
  const lines = [answer.headline, ...answer.details];
  const source = sourceLine(answer.sources);
  if (source) lines.push(source);
  if (answer.suggestions.length && answer.status !== 'answered') lines.push(`Try: ${answer.suggestions.map((s) => `“${s}”`).join(', ')}`);
  return lines.join('\n');
}
