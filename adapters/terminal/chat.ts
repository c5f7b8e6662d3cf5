import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { emptyContext, renderText, type Bot } from '../../src/index.js';
import { askSafely } from '../answering.js';
import { silentLogger, type Logger } from '../log.js';

/**
 * The terminal chat: one conversation, so follow-ups work. Like Hubot's Shell adapter, it is how a developer
 * talks to the bot without any chat platform. `help` is answered by the core; `reset` starts a new conversation.
 */
export async function runTerminalChat(
  bot: Bot,
  input: Readable = process.stdin,
  output: Writable = process.stdout,
  log: Logger = silentLogger,
): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output, terminal: interactive, prompt: 'you> ' });
  rl.on('SIGINT', () => rl.close()); // Ctrl-C ends the chat like Ctrl-D
  // Piped input gets answers only; a prompt is for a person typing.
  const prompt = () => interactive && rl.prompt();
  let context = emptyContext();
  output.write('results-bot terminal chat. Ask about a results announcement ("revenue 2023", "net margin", "营业收入"), type help, or press Ctrl-D to quit.\n');
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === 'quit' || text === 'exit') break;
    if (text === 'reset') {
      context = emptyContext();
      output.write('(new conversation)\n');
    } else if (text) {
      const answer = askSafely(bot, text, context, log); // a failure is an apology, never a stack trace
      context = answer.context;
      output.write(renderText(answer).replace(/^/gm, '  ') + '\n');
    }
    prompt();
  }
  rl.close();
  output.write('\n');
}
