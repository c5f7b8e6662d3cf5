// How the Slack adapter's Web API client (and Bolt's respond()) reach Slack: a `fetch` made of node:http(s) requests
// on kept-alive connections, given to Bolt as clientOptions.fetch. Over Node's own fetch (undici's WHATWG fetch, with
// its web streams, abort signals and header guards) a chat.postMessage through the Web API client costs about 0.4 ms of
// CPU on this machine, more than working out the answer; over this one about 0.25 ms. It keeps fetch's contract where
// the Web API client relies on it: a Response for every HTTP status, a rejection for a network failure ("fetch
// failed", the cause attached), the signal's reason when aborted. Anything it was not written for (a Request object,
// a multipart or streamed body) goes to Node's fetch.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface SlackFetchOptions {
  /** A call with no abort signal of its own (respond() gives none) gives up after this long. Default 10 s. */
  timeoutMs?: number;
  /** Node's fetch, for what this one does not handle. */
  fallback?: typeof fetch;
}

/** A fetch for the Slack Web API client, with its own pool of kept-alive connections (closed by `close()`). */
export interface SlackFetch {
  fetch: typeof fetch;
  /** Closes the idle kept-alive connections (those in use close when their call ends). */
  close(): void;
}

const NO_BODY_STATUS = new Set([101, 204, 205, 304]);

export function createSlackFetch({ timeoutMs = 10_000, fallback = globalThis.fetch }: SlackFetchOptions = {}): SlackFetch {
  // Idle connections are unref'd by Node's Agent, so they never keep the process alive; 30 s is under Slack's own
  // idle timeout, so a reused connection is rarely one the server has just closed.
  const agents = { http: new HttpAgent({ keepAlive: true, timeout: 30_000 }), https: new HttpsAgent({ keepAlive: true, timeout: 30_000 }) };

  const fetchFn = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = init.body ?? undefined;
    if (input instanceof Request || (body !== undefined && typeof body !== 'string')) return fallback(input, init);
    const url = typeof input === 'string' ? new URL(input) : input;
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return fallback(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);

    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (error: unknown, response?: Response) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (response) resolve(response);
        else reject(error);
      };
      const onAbort = () => {
        req.destroy();
        finish(signal!.reason);
      };
      const headers = plainHeaders(init.headers);
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      const req = (secure ? httpsRequest : httpRequest)(url, { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => finish(undefined, toResponse(res, Buffer.concat(chunks), url.href)));
        res.once('error', (error) => finish(new TypeError('fetch failed', { cause: error })));
      });
      req.once('error', (error) => finish(new TypeError('fetch failed', { cause: error })));
      if (signal) signal.addEventListener('abort', onAbort, { once: true });
      else
        timer = setTimeout(() => {
          req.destroy();
          finish(new DOMException(`The operation was aborted due to timeout (${timeoutMs} ms)`, 'TimeoutError'));
        }, timeoutMs);
      req.end(body);
    });
  };

  return {
    fetch: fetchFn as typeof fetch,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function plainHeaders(headers: RequestInit['headers']): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  if (!headers) return out;
  const pairs = headers instanceof Headers ? headers.entries() : Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of pairs) out[name.toLowerCase()] = typeof value === 'string' ? value : [...value];
  return out;
}

function toResponse(res: IncomingMessage, body: Buffer, url: string): Response {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const status = res.statusCode ?? 502;
  const response = new Response(NO_BODY_STATUS.has(status) ? null : body, { status, statusText: res.statusMessage ?? '', headers });
  Object.defineProperty(response, 'url', { value: url }); // as fetch sets it: the Web API client reads it
  return response;
}
