// One-shot questions from the command line, and the JSON contract the evaluation reads.
//   npm run ask -- "question"            the text answer
//   npm run --silent ask -- --json "q"   one JSON object
//   npm run --silent ask -- --jsonl      one question a line on stdin ({"text", "thread"} or plain), one JSON object a line out
import { createInterface } from 'node:readline';
import { ContextStore, emptyContext, renderText, toJson, type Answer, type Bot, type Context } from '../../src/index.js';
import { askSafely } from '../answering.js';
import { loadBotOrExit } from '../knowledge-dir.js';
import { createLogger, readLevel } from '../log.js';

const USAGE = `usage: npm run ask -- "what was revenue in 2023?"
       npm run --silent ask -- --json "net margin"
       npm run --silent ask -- --jsonl < questions.jsonl`;

// Errors go to stderr as one JSON line (the stack only with LOG_LEVEL=debug); stdout stays the contract.
const log = createLogger(safeLevel(process.env.LOG_LEVEL));

function safeLevel(raw: string | undefined) {
  try {
    return readLevel(raw);
  } catch {
    return 'info';
  }
}

/** Never lets one bad line or a bug cost the other answers: the failure becomes an answer of its own. */
export function safeAsk(bot: Bot, text: string, context: Context): Answer {
  return askSafely(bot, text, context, log);
}

/** A jsonl line: a JSON object with text (and thread), or the plain question itself. */
export function readLine(line: string): { text: string; thread?: string } {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as { text?: unknown; thread?: unknown };
      const text = typeof value.text === 'string' ? value.text : '';
      const thread = typeof value.thread === 'string' || typeof value.thread === 'number' ? String(value.thread) : undefined;
      return thread ? { text, thread } : { text };
    } catch {
      // Not JSON after all: treat it as the question.
    }
  }
  return { text: line };
}

async function jsonl(bot: Bot): Promise<void> {
  const threads = new ContextStore({ maxEntries: 100_000, ttlMs: Number.POSITIVE_INFINITY });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) {
      process.stdout.write(JSON.stringify(toJson(safeAsk(bot, '', emptyContext()))) + '\n');
      continue;
    }
    const { text, thread } = readLine(line);
    const context = thread ? threads.get(thread) : emptyContext();
    const answer = safeAsk(bot, text, context);
    if (thread) threads.set(thread, answer.context);
    process.stdout.write(JSON.stringify(toJson(answer)) + '\n');
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const bot = loadBotOrExit();
  if (argv.includes('--jsonl')) return jsonl(bot);
  const json = argv.includes('--json');
  const question = argv.filter((a) => a !== '--json').join(' ');
  if (!question.trim() && !json) {
    process.stderr.write(USAGE + '\n');
    process.exitCode = 2;
    return;
  }
  const answer = safeAsk(bot, question, emptyContext());
  process.stdout.write((json ? JSON.stringify(toJson(answer)) : renderText(answer)) + '\n');
}

await main(process.argv.slice(2));
