// Turns raw chat text into something safe to match: platform markup removed, widths, quotes and scripts unified.
import { toSimplified } from './traditional.js';

const HAN_DIGITS = '零一二三四五六七八九〇';
const ZERO_WIDTH_AND_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Removes Slack and Discord markup: user, channel and role mentions, broadcast mentions (<!channel>, @here,
 * @everyone), and links (keeping their label). What remains is plain text that can be matched and never pings.
 */
export function stripMarkup(text: string): string {
  return text
    .replace(/<([#@!][^>|]*)\|([^>]*)>/g, (_, target: string, label: string) => (target.startsWith('#') ? ` ${label} ` : ' '))
    .replace(/<(?:https?|mailto):[^>|]*\|([^>]*)>/g, ' $1 ')
    .replace(/<(?:[@#!][^>]*|(?:https?|mailto):[^>]*|a?:\w+:\d+|t:\d+(?::\w)?)>/g, ' ')
    .replace(/@(?:everyone|here|channel)\b/gi, ' ');
}

/**
 * Unicode compatibility form (full-width digits and letters become ASCII), simplified Chinese, unified quotes and
 * dashes, no control or zero-width characters.
 */
export function cleanText(text: string): string {
  return toSimplified(stripMarkup(text.normalize('NFKC')))
    .replace(ZERO_WIDTH_AND_CONTROL, '')
    .replace(/[\u2018\u2019\u02bc\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u300c\u300d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u3001\uff64]/g, ',')
    // A year in Chinese numerals: 二零二三年, 二〇二三年度.
    .replace(/[零〇一二三四五六七八九]{4}(?=年)/g, (year) => [...year].map((c) => HAN_DIGITS.indexOf(c) % 10).join(''))
    .replace(/\s+/g, ' ')
    .trim();
}

export const HAN = /\p{Script=Han}/u;

/** Light English stemming, applied alike to aliases and questions so that plurals and possessives meet. */
export function stem(word: string): string {
  if (word.length <= 3 || /ss$|us$|is$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}
