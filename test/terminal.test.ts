import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createBot, loadKnowledge } from '../src/index.js';
import { runTerminalChat } from '../adapters/terminal/chat.js';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Runs `ask` as npm does, feeding stdin. */
function ask(args: string[], stdin = '', env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(tsx, ['adapters/terminal/ask.ts', ...args], { cwd: root, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describe('npm run ask', () => {
  it('--jsonl answers one JSON object a line, in order, keeping threads apart', async () => {
    const input = [
      JSON.stringify({ text: 'What was EPS in 2023?', thread: 'a' }),
      JSON.stringify({ text: 'operating profit 2023', thread: 'b' }),
      JSON.stringify({ text: 'and the year before?', thread: 'a' }),
      'revenue 2023',
      '{"text": broken json',
      '',
    ].join('\n');
    const { code, stdout } = await ask(['--jsonl'], input + '\n');
    expect(code).toBe(0);
    const replies = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(replies).toHaveLength(6);
    expect(replies.map((r) => r.answers[0]?.value ?? r.status)).toEqual(['0.52', '618803687.94', '0.84', '6687864421.33', 'not_found', 'clarify']);
    expect(Object.keys(replies[0]).sort()).toEqual(['answers', 'status', 'suggestions', 'text']);
  });

  it('--json prints one object with values in base units', async () => {
    const { stdout } = await ask(['--json', 'revenue 2023']);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'answered', answers: [{ company: '06680', metric: 'total_revenue', period: 'FY2023', value: '6687864421.33', unit: 'RMB', derived: false }] });
  });

  it('prints the text answer', async () => {
    const { stdout } = await ask(['net', 'margin']);
    expect(stdout).toMatch(/^JL MAG \(06680\) net margin, FY2023: 8.43% \(computed\)/);
  });

  it('stops with the file and field when the knowledge is broken', async () => {
    const { code, stderr, stdout } = await ask(['revenue'], '', { KNOWLEDGE_DIR: '/nonexistent' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot load knowledge: knowledge folder not found: \/nonexistent/);
  });
});

describe('terminal chat', () => {
  it('keeps one conversation, answers help, and ends at end of input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += d));
    const done = runTerminalChat(createBot(loadKnowledge(join(root, 'knowledge'))), input, output);
    input.end('net profit 2023\nand in 2022?\nhelp\n');
    await done;
    expect(text).toMatch(/RMB 563.69 million/);
    expect(text).toMatch(/net profit attributable to shareholders, FY2022: RMB 702.69 million/);
    expect(text).toMatch(/Ask me about a listed company/);
  });
});
