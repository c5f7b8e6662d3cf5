import { readFileSync } from 'node:fs';
import { ContextStore, emptyContext, toJson, type Bot } from '../../src/index.js';
import type { AnswerJson } from '../../src/answer/json.js';

/** One case of a question set: the question and what a right reply holds (the dev set's format). */
export interface Case {
  id: string;
  q: string;
  status: 'answered' | 'clarify' | 'not_found' | 'not_disclosed';
  values?: { v: number; kind: 'num' | 'pct'; rel?: number; tol?: number; abs?: boolean }[]; // abs: either sign
  text?: string[];
  text_not?: string[];
  thread?: string;
}

export const readCases = (path: string): Case[] =>
  readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case);

/** Why a reply does not satisfy a case (empty when it does). Numbers are compared as the evaluation does. */
export function check(c: Case, r: AnswerJson): string[] {
  const why: string[] = [];
  if (c.status === 'answered') {
    if (r.status !== 'answered') why.push(`status ${r.status}, wanted answered`);
    for (const e of c.values ?? []) {
      const hit = r.answers.some((a) => {
        const v = e.abs ? Math.abs(Number(a.value)) : Number(a.value);
        const x = e.abs ? Math.abs(e.v) : e.v;
        return e.kind === 'pct' ? Math.abs(v - x) <= e.tol! : Math.abs(v - x) <= e.rel! * Math.abs(x);
      });
      if (!hit) why.push(`no answer value near ${e.v}`);
    }
  } else if (c.status === 'clarify') {
    if (!['clarify', 'not_found'].includes(r.status)) why.push(`status ${r.status}, wanted clarify`);
    if (r.answers.length) why.push('gave answers, wanted none');
  } else {
    if (!['not_found', 'not_disclosed'].includes(r.status)) why.push(`status ${r.status}, wanted ${c.status}`);
    if (r.answers.length) why.push('gave answers, wanted none');
  }
  for (const pat of c.text ?? []) if (!new RegExp(pat, 'i').test(r.text)) why.push(`text lacks /${pat}/`);
  for (const lit of c.text_not ?? []) if (r.text.includes(lit)) why.push(`text contains ${lit}`);
  return why;
}

/** A wrong number: figures given where none were due, or figures that miss. Far worse than "not found". */
export const wrongFigure = (c: Case, r: AnswerJson): boolean =>
  r.status === 'answered' && r.answers.length > 0 && (c.status !== 'answered' || check(c, r).some((w) => w.startsWith('no answer value')));

export function runCases(bot: Bot, cases: Case[]) {
  const threads = new ContextStore();
  return cases.map((c) => {
    const context = c.thread ? threads.get(c.thread) : emptyContext();
    const answer = bot.ask(c.q, context);
    if (c.thread) threads.set(c.thread, answer.context);
    const reply = toJson(answer);
    return { case: c, reply, why: check(c, reply), wrong: wrongFigure(c, reply) };
  });
}
