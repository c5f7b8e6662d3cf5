/**
 * Knowledge faults at start, end to end: `npm start` (tsx adapters/main.ts) with KNOWLEDGE_DIR pointing at a broken
 * copy of the shipped knowledge, and Slack configured. Each time: one clear line naming the file and the field,
 * exit code 2, nothing on stdout, and nothing started (no port, no call to Slack): never a half-loaded bot. That holds
 * when an earlier start noted the files it checked (KNOWLEDGE_CACHE_DIR) and one was damaged since.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/index.js';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, startFakeSlack, type FakeSlack } from './fakes/slack.js';
import { freePort, ROOT, startBot } from './support/reliability.js';

const DOCUMENT = join('companies', '06680-jlmag', 'documents', 'FY2023-preliminary_annual.json');
let work: string;
let fake: FakeSlack;
let configRuns: Promise<{ code: number | string; stderr: string }[]>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'results-bot-knowledge-'));
  fake = await startFakeSlack();
  // Started now, so that they run alongside the knowledge cases: each child costs a Node start-up.
  configRuns = Promise.all(
    [{ LOG_LEVEL: 'loud' }, { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret1', RATE_LIMIT_USER_BURST: 'many' }].map(async (env) => {
      const child = startBot(env);
      return { code: await child.exited, stderr: child.stderr() };
    }),
  );
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await fake.close();
});

const cacheDir = () => join(work, 'cache');

/** A copy of the shipped knowledge, broken by `breakIt`. */
function brokenCopy(name: string, breakIt: (dir: string) => void): string {
  const dir = join(work, name);
  cpSync(join(ROOT, 'knowledge'), dir, { recursive: true });
  breakIt(dir);
  return dir;
}

const editJson = (file: string, edit: (data: any) => void) => {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  edit(data);
  writeFileSync(file, JSON.stringify(data, null, 2));
};

const CASES: [string, (dir: string) => void, RegExp][] = [
  ['a missing file', (dir) => unlinkSync(join(dir, 'catalogue', 'metrics.json')), /catalogue\/metrics\.json: file is missing$/],
  [
    'a truncated file',
    (dir) => {
      const file = join(dir, DOCUMENT);
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    },
    /documents\/FY2023-preliminary_annual\.json: not valid JSON \(.+\)$/,
  ],
  ['an invalid field', (dir) => editJson(join(dir, DOCUMENT), (d) => (d.facts[3].value = '12,3x')), /documents\/FY2023-preliminary_annual\.json: facts\[3\]\.value: .+$/],
  [
    'a field that does not fit the catalogue',
    (dir) => editJson(join(dir, DOCUMENT), (d) => (d.facts[0].metric = 'turnover_of_dreams')),
    /documents\/FY2023-preliminary_annual\.json: facts\[0\]\.metric: "turnover_of_dreams" is not a reported metric of the catalogue$/,
  ],
  [
    'a file damaged after a good start',
    (dir) => {
      loadKnowledge(dir, { cacheDir: cacheDir() }); // a start that checked everything and noted it in the cache
      const file = join(dir, DOCUMENT);
      writeFileSync(file, readFileSync(file, 'utf8').replace('"value": "6687864421.33"', '"value": "6,687,864,421.33"'));
    },
    /documents\/FY2023-preliminary_annual\.json: facts\[\d+\]\.value: .+$/,
  ],
  ['a missing folder', () => {}, /knowledge folder not found: .*does-not-exist/],
];

describe('knowledge faults at start', () => {
  it('stop with one line naming the file and field, exit 2, and start nothing', async () => {
    const runs = await Promise.all(
      CASES.map(async ([name, breakIt, expected]) => {
        const dir = name === 'a missing folder' ? join(work, 'does-not-exist') : brokenCopy(name.replace(/\W+/g, '-'), breakIt);
        const port = await freePort();
        const child = startBot({
          KNOWLEDGE_DIR: dir,
          KNOWLEDGE_CACHE_DIR: cacheDir(),
          SLACK_BOT_TOKEN: 'xoxb-knowledge-test-token',
          SLACK_SIGNING_SECRET: 'knowledge-test-secret',
          SLACK_API_URL: fake.apiUrl,
          SLACK_BOT_ID: FAKE_BOT_ID,
          SLACK_BOT_USER_ID: FAKE_BOT_USER_ID,
          PORT: String(port),
          HOST: '127.0.0.1',
        });
        return { name, expected, port, code: await child.exited, stderr: child.stderr(), stdout: child.stdout() };
      }),
    );
    for (const run of runs) {
      const lines = run.stderr.split('\n').filter(Boolean);
      expect(lines, run.name).toHaveLength(1);
      expect(lines[0], run.name).toMatch(/^results-bot: cannot load knowledge: /);
      expect(lines[0], run.name).toMatch(run.expected);
      expect(run.code, run.name).toBe(2);
      expect(run.stdout, run.name).toBe('');
      // Nothing was started: the port is free and Slack never heard from the bot.
      const listening = await fetch(`http://127.0.0.1:${run.port}/`).then(() => true, () => false);
      expect(listening, run.name).toBe(false);
    }
    expect(fake.calls).toEqual([]);
  }, 30_000);

  it('and a bad LOG_LEVEL or rate limit is a configuration error, not a crash', async () => {
    const [level, limits] = await configRuns;
    expect(level).toEqual({ code: 2, stderr: 'results-bot: configuration error: LOG_LEVEL must be one of debug, info, warn, error, silent, not "loud".\n' });
    expect(limits!.code).toBe(2);
    expect(limits!.stderr).toMatch(/^results-bot: configuration error: Rate limits are not configured correctly:\n- RATE_LIMIT_USER_BURST must be a number of at least 1, not "many"\.\n$/);
  }, 30_000);
});
