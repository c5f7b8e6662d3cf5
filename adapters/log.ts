/**
 * Structured logs: pino, one JSON object per line on stderr (stdout stays free for the `ask` contract).
 * Every line goes through a last filter that blanks secrets: the values it is given (tokens and the signing secret
 * from the environment) and anything shaped like a Slack or Discord token, an interaction or webhook token in a URL,
 * or a Slack response_url. Callers keep the small Logger interface below: level methods taking fields, then a message.
 */
import pino from 'pino';

export type Fields = Record<string, unknown>;
export interface Logger {
  debug(fields: Fields, msg: string): void;
  info(fields: Fields, msg: string): void;
  warn(fields: Fields, msg: string): void;
  error(fields: Fields, msg: string): void;
  child(fields: Fields): Logger;
}

export const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type Level = (typeof LEVELS)[number];

/** LOG_LEVEL, checked: undefined or empty is info; anything else unknown is a mistake worth saying. */
export function readLevel(raw: string | undefined): Level {
  const value = raw?.trim().toLowerCase();
  if (!value) return 'info';
  if ((LEVELS as readonly string[]).includes(value)) return value as Level;
  throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, not "${raw}".`);
}

export interface LoggerOptions {
  /** Exact values never to write (tokens, signing secrets). Values shorter than 6 characters are ignored. */
  secrets?: string[];
}

export const REDACTED = '[redacted]';

// Shapes of secrets, whatever their value: Slack tokens, Discord bot tokens (three base64url parts), the token in
// interaction and webhook URLs, and Slack's response_url (its path is a credential).
const SHAPES: [RegExp, string][] = [
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED],
  [/[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}/g, REDACTED],
  [/\/(interactions|webhooks)\/(\d+)\/[^/\s"?]+/g, `/$1/$2/${REDACTED}`],
  [/https:\/\/hooks\.slack\.com\/[^\s"]+/g, `https://hooks.slack.com/${REDACTED}`],
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Blanks the given secret values and anything shaped like a token. Used on every log line and on error messages. */
export function redact(text: string, secrets: readonly string[] = []): string {
  return redactor(secrets)(text);
}

/** A redact function for a fixed list of secrets, its pattern compiled once. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const values = secrets.filter((s) => s.length >= 6);
  // Also as JSON would escape them, so a secret inside a quoted string is caught too.
  const forms = [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))];
  const exact = forms.length > 0 ? new RegExp(forms.map(escapeRegExp).join('|'), 'g') : undefined;
  return (text) => {
    let out = exact ? text.replace(exact, REDACTED) : text;
    for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
    return out;
  };
}

/** The secret values in an environment: every variable whose name says it holds a token or a secret. */
export function secretsIn(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => /TOKEN|SECRET|PASSWORD|KEY$/i.test(name) && typeof value === 'string' && value.trim().length >= 6)
    .map(([, value]) => value!.trim());
}

/**
 * A logger at `level`, writing each JSON line with `write` (stderr by default, synchronously, so nothing is lost when
 * the process exits). `bound` fields go on every line.
 */
export function createLogger(
  level: Level = 'info',
  write?: (line: string) => void,
  bound: Fields = {},
  options: LoggerOptions = {},
): Logger {
  const scrub = redactor(options.secrets ?? []);
  const destination = write ? { write } : pino.destination({ fd: 2, sync: true });
  const logger = pino(
    {
      level,
      base: undefined, // no pid or hostname: the request id and platform say what matters
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: scrub },
    },
    destination,
  );
  return (Object.keys(bound).length > 0 ? logger.child(bound) : logger) as unknown as Logger;
}

export const silentLogger: Logger = createLogger('silent', () => {});
