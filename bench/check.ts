/**
 * Correctness of the generated knowledge, not speed: the base loads, and questions naming companies across it (by
 * short name, code, Chinese name or full name) are answered with exactly that company's figure.
 *
 *   tsx bench/check.ts [--n 2000]                                 generate (or reuse) the base, check it, print
 *   node --import tsx bench/check.ts --kb <dir> --checks <file>    as run.ts calls it
 *
 * Prints one JSON object (CheckResult); exits 1 if any question fails.
 */
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { createBot, loadKnowledge, toJson } from '../src/index.js';
import { generate } from './generate.js';
import { isMain } from './lib.js';
import { checkedQuestions, type Checked } from './questions.js';

export interface CheckResult {
  kb: string;
  companies: number;
  total: number;
  passed: number;
  failures: { text: string; expected: string; got: string }[];
}

export function check(kb: string, checks: Checked[]): CheckResult {
  const knowledge = loadKnowledge(kb);
  const bot = createBot(knowledge);
  const failures: CheckResult['failures'] = [];
  for (const c of checks) {
    const json = toJson(bot.ask(c.text));
    const expected = `${c.company} ${c.metric} ${c.period} = ${c.value}`;
    const found = json.answers.find((a) => a.metric === c.metric && a.period === c.period);
    const wrongCompany = json.answers.some((a) => a.company !== c.company);
    const ok = !!found && found.company === c.company && new Decimal(found.value).eq(c.value) && !wrongCompany;
    if (!ok) {
      const got = json.answers.length ? json.answers.map((a) => `${a.company} ${a.metric} ${a.period} = ${a.value}`).join('; ') : `${json.status}: ${json.text.split('\n')[0]!.slice(0, 160)}`;
      failures.push({ text: c.text, expected, got });
    }
  }
  return { kb, companies: knowledge.companies.length, total: checks.length, passed: checks.length - failures.length, failures: failures.slice(0, 20) };
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  let kb = opt('kb');
  let checks: Checked[];
  if (kb) checks = JSON.parse(readFileSync(opt('checks')!, 'utf8')) as Checked[];
  else {
    const n = Number(opt('n') ?? 2000);
    const g = generate([n]).get(n)!;
    kb = g.dir;
    checks = checkedQuestions(g.companies);
  }
  const result = check(kb, checks);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = result.passed === result.total ? 0 : 1;
}
