/**
 * discord.js retries a call that timed out, got a 5xx or a reset (ECONNRESET), but not one whose connection was closed
 * under it ("other side closed"), which is how a dropped connection usually shows. Sending again is safe for what the
 * bot sends: a reply carries its question's id as an enforced nonce (Discord creates it once), and an interaction
 * answered twice is refused with 40060, which here means "already answered".
 */
import type { Logger } from '../log.js';

const NETWORK = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT']);
const ALREADY_ACKNOWLEDGED = 40060;

export function isNetworkError(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return NETWORK.has(String(e?.code)) || NETWORK.has(String(e?.cause?.code));
}

const isAlreadyAcknowledged = (error: unknown) => (error as { code?: unknown })?.code === ALREADY_ACKNOWLEDGED;

/** Runs `send`, again after a network failure (up to `retries` more times, 100 ms then 300 ms… apart). */
export async function sendWithRetry<T>(send: () => Promise<T>, log: Logger, retries = 2): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt > 0 && isAlreadyAcknowledged(error)) {
        log.debug({ attempt }, 'the earlier try had reached Discord');
        return undefined;
      }
      if (!isNetworkError(error) || attempt >= retries) throw error;
      log.warn({ attempt: attempt + 1, error: (error as Error).message }, 'connection to Discord lost; sending again');
      await new Promise((resolve) => setTimeout(resolve, 100 * 3 ** attempt));
    }
  }
}
