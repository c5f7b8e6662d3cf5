/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time and the most total
 * (inclusive) time, with their file and line, so a profile can be read without a browser.
 *
 *   tsx bench/profile-summary.ts <file.cpuprofile> [--top 25] [--filter src/]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Row {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

export function summarise(path: string): { totalMs: number; rows: Row[] } {
  const p = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const key = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'node_modules/').replace(/.*\/(src|adapters|bench|test)\//, '$1/');
    return `${n.callFrame.functionName || '(anonymous)'}\u0000${url}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    self.set(key(node), (self.get(key(node)) ?? 0) + us);
    // Inclusive: every distinct function on the stack gets the sample once (recursion counted once).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const rows = [...total.keys()].map((k) => {
    const [name, where] = k.split('\u0000') as [string, string];
    return { name, where, selfMs: (self.get(k) ?? 0) / 1000, totalMs: (total.get(k) ?? 0) / 1000 };
  });
  return { totalMs: (p.endTime - p.startTime) / 1000, rows };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'))!;
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const top = Number(opt('top') ?? 25);
  const filter = opt('filter');
  const { totalMs, rows } = summarise(file);
  const show = (title: string, list: Row[], field: 'selfMs' | 'totalMs') => {
    console.log(`\n${title} (profile ${totalMs.toFixed(0)} ms)`);
    for (const r of list.slice(0, top)) console.log(`${r[field].toFixed(1).padStart(9)} ms  ${r.name.padEnd(34).slice(0, 34)} ${r.where}`);
  };
  const chosen = filter ? rows.filter((r) => r.where.includes(filter)) : rows;
  show('self time', [...chosen].sort((a, b) => b.selfMs - a.selfMs), 'selfMs');
  show('total time', [...chosen].sort((a, b) => b.totalMs - a.totalMs), 'totalMs');
}
