import type { Core } from './answer/compose.js';
import type { Suggestion } from './bot.js';
import { KnowledgeError } from './knowledge/load.js';
import type { Company } from './knowledge/model.js';
import { periodLabel } from './periods.js';

/**
 * Autocomplete: catalogue metrics closest to what was typed (the same Fuse.js index the matcher uses), each with
 * the company and latest period it can be answered for.
 */
export function suggest(core: Core, partial: string, limit: number): Suggestion[] {
  const k = core.knowledge;
  const text = partial.trim();
  const metrics = text ? core.index.closest(text, limit, ['metric']).map((e) => k.metrics.get(e.id)!) : [...k.metrics.values()].slice(0, limit);
  const out: Suggestion[] = [];
  for (const metric of metrics) {
    for (const company of k.companies) {
      const period = latestReadable(company);
      if (!period) continue;
      const name = `${metric.names.en} · ${company.shortName} (${company.code}) · ${periodLabel(period)}`;
      out.push({ name: name.slice(0, 100), value: `${company.shortName} ${metric.label} ${periodLabel(period)}`.slice(0, 100) });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** A company's latest period; none when its documents cannot be read (asking about it says why). */
function latestReadable(company: Company): string | undefined {
  try {
    return company.documents[0]?.period;
  } catch (e) {
    if (e instanceof KnowledgeError) return undefined;
    throw e;
  }
}
