// The Slack adapter's HTTP transport (the fetch it gives Bolt's Web API client): fetch's contract, on kept-alive
// connections, against a real HTTP server on 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createSlackFetch, type SlackFetch } from '../adapters/slack/transport.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
let received: Received[];
let connections: number;
let closedConnections: number;
let reply: (req: IncomingMessage, res: ServerResponse) => void;
let transport: SlackFetch;

beforeEach(async () => {
  received = [];
  connections = 0;
  closedConnections = 0;
  reply = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': 'chat:write' });
    res.end('{"ok":true}');
  };
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      reply(req, res);
    });
  });
  server.on('connection', (socket) => {
    connections++;
    socket.on('close', () => closedConnections++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = createSlackFetch({ timeoutMs: 300 });
});

afterEach(async () => {
  transport.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const until = async (condition: () => boolean, ms = 2000) => {
  for (const end = Date.now() + ms; !condition() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
};

describe('the Slack transport', () => {
  it('sends the method, headers and body, and answers with a Response carrying status, headers, body and URL', async () => {
    const response = await transport.fetch(`${base}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-1' },
      body: 'channel=C1&text=caf%C3%A9',
    });
    expect(received).toEqual([
      expect.objectContaining({ method: 'POST', url: '/api/chat.postMessage', body: 'channel=C1&text=caf%C3%A9' }),
    ]);
    expect(received[0]!.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer xoxb-1', 'content-length': '25' });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-oauth-scopes')).toBe('chat:write');
    expect(response.url).toBe(`${base}/api/chat.postMessage`);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('counts the body in bytes, not characters', async () => {
    await transport.fetch(`${base}/x`, { method: 'POST', headers: new Headers({ 'content-type': 'application/json' }), body: '{"text":"营业收入"}' });
    expect(received[0]!.headers['content-length']).toBe(String(Buffer.byteLength('{"text":"营业收入"}')));
    expect(received[0]!.body).toBe('{"text":"营业收入"}');
  });

  it('resolves for any HTTP status, as fetch does: the Web API client reads 429s and 5xx itself', async () => {
    reply = (_req, res) => {
      res.writeHead(429, 'Too Many Requests', { 'retry-after': '7' });
      res.end('slow down');
    };
    const limited = await transport.fetch(`${base}/api/chat.postMessage`, { method: 'POST', body: '' });
    expect([limited.status, limited.statusText, limited.headers.get('retry-after'), await limited.text()]).toEqual([429, 'Too Many Requests', '7', 'slow down']);
    reply = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    const empty = await transport.fetch(`${base}/respond/1`, { method: 'POST', body: '{}' });
    expect([empty.status, await empty.text()]).toEqual([204, '']);
  });

  it('reuses one kept-alive connection for calls one after another, and close() ends it', async () => {
    for (let i = 0; i < 5; i++) await (await transport.fetch(`${base}/api/chat.postMessage`, { method: 'POST', body: `n=${i}` })).text();
    expect(received.map((r) => r.body)).toEqual(['n=0', 'n=1', 'n=2', 'n=3', 'n=4']);
    expect(connections).toBe(1);
    transport.close();
    await until(() => closedConnections === 1);
  });

  it('rejects with "fetch failed" and the network error as its cause when Slack cannot be reached', async () => {
    const port = (server.address() as AddressInfo).port;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.listen(0, '127.0.0.1'); // for afterEach to close
    const error = await transport.fetch(`http://127.0.0.1:${port}/api/auth.test`, { method: 'POST', body: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it("rejects with the signal's reason when aborted, and gives up by itself after timeoutMs when given no signal", async () => {
    reply = () => {}; // never answers
    const timedOut = await transport.fetch(`${base}/api/chat.postMessage`, { method: 'POST', body: 'a=1', signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((timedOut as Error).name).toBe('TimeoutError');
    const aborted = new AbortController();
    aborted.abort(new Error('stopping'));
    await expect(transport.fetch(`${base}/x`, { method: 'POST', body: 'a=2', signal: aborted.signal })).rejects.toThrow('stopping');
    const unsignalled = await transport.fetch(`${base}/respond/1`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect((unsignalled as Error).name).toBe('TimeoutError');
    await until(() => closedConnections >= 2); // each abandoned call closed its connection
  });

  it('leaves what it was not written for (a multipart body) to Node’s fetch', async () => {
    const form = new FormData();
    form.append('file', new Blob(['abc']), 'a.txt');
    await transport.fetch(`${base}/upload`, { method: 'POST', body: form });
    expect(received[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(received[0]!.body).toContain('abc');
  });

  it("carries the Web API client's calls, with its parsed result", async () => {
    reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true,"channel":"C1","ts":"1700000000.000100"}');
    };
    const client = new webApi.WebClient('xoxb-1', { slackApiUrl: `${base}/api/`, fetch: transport.fetch, retryConfig: { retries: 0 } });
    const result = await client.chat.postMessage({ channel: 'C1', text: 'ok', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*ok*' } }] });
    expect(result).toMatchObject({ ok: true, ts: '1700000000.000100' });
    const params = new URLSearchParams(received[0]!.body);
    expect(JSON.parse(params.get('blocks')!)).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*ok*' } }]);
    expect(received[0]!.headers.authorization).toBe('Bearer xoxb-1');
  });
});
