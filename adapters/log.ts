/**
 * A small structured logger: one JSON object per line on stderr, so stdout stays free for the `ask` contract.
 * Its shape (level methods taking fields then a message) matches pino's, so swapping it in later is a one-line change.
 */
export type Fields = Record<string, unknown>;
export interface Logger {
  debug(fields: Fields, msg: string): void;
  info(fields: Fields, msg: string): void;
  warn(fields: Fields, msg: string): void;
  error(fields: Fields, msg: string): void;
  child(fields: Fields): Logger;
}

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50, silent: 100 } as const;
export type Level = keyof typeof LEVELS;

export function createLogger(
  level: Level = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  bound: Fields = {},
): Logger {
  const threshold = LEVELS[level] ?? LEVELS.info;
  const at = (name: Exclude<Level, 'silent'>) => (fields: Fields, msg: string) => {
    if (LEVELS[name] < threshold) return;
    write(JSON.stringify({ level: name, time: new Date().toISOString(), ...bound, ...fields, msg }));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => createLogger(level, write, { ...bound, ...fields }),
  };
}

export const silentLogger: Logger = createLogger('silent');
