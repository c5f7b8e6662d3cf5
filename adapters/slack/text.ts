// Slack's text conventions, both ways: markup in questions, escaping in replies. Pure functions.

/**
 * Turns a Slack message's text into the plain question a person typed: mentions and broadcasts (<@U…>, <!here>,
 * <!subteam^…>) are dropped, channel links and URLs keep their label, and Slack's own &amp; &lt; &gt; are undone.
 */
export function cleanQuestion(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return ' '; // a user, including the bot itself
      if (target.startsWith('!date^')) return label ?? ' ';
      if (target.startsWith('!')) return ' '; // <!channel>, <!here>, <!everyone>, <!subteam^…>
      if (target.startsWith('#')) return label ? `#${label}` : ' ';
      return label ?? target; // a link: what the person saw
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters. With every `<` escaped, no text we send
 * can form a mention, a broadcast (<!channel>) or a link, whatever the answer happens to quote.
 */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cuts escaped text to Slack's length limits without leaving half an entity (&am…) behind. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, max - 1).replace(/&[a-z]{0,3}$/, '') + '…';
}

/** A slash command's text: `public eps 2023` and `eps 2023 --public` post in the channel; anything else is private. */
export function parseCommand(text: string): { question: string; visibility: 'ephemeral' | 'in_channel' } {
  const words = cleanQuestion(text).split(' ').filter(Boolean);
  let visibility: 'ephemeral' | 'in_channel' = 'ephemeral';
  if (words.length > 1 && words[0]!.toLowerCase() === 'public') {
    words.shift();
    visibility = 'in_channel';
  }
  if (words.at(-1)?.toLowerCase() === '--public') {
    words.pop();
    visibility = 'in_channel';
  }
  return { question: words.join(' '), visibility };
}
