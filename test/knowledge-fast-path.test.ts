// The loader's fast path for documents (src/knowledge/load-document.ts) must never accept what the zod schema
// rejects, and must read what it accepts exactly as the schema does.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastDocument } from '../src/knowledge/load-document.js';
import { documentFile } from '../src/knowledge/schema.js';

const DOCS = join(import.meta.dirname, '..', 'knowledge', 'companies', '06680-jlmag', 'documents');
const shipped = JSON.parse(readFileSync(join(DOCS, readdirSync(DOCS).find((f) => f.endsWith('.json'))!), 'utf8')) as Record<string, unknown>;

/** The schema's reading of a document the fast path accepted: the same, with each fact's measure filled in. */
const asSchemaReads = (doc: NonNullable<ReturnType<typeof fastDocument>>) => ({ ...doc, facts: doc.facts.map((f) => ({ ...f, measure: f.measure ?? 'value' })) });

const oddValue = fc.oneof(
  fc.constantFrom('', ' ', '1,000', '-', '1.', '.5', 'FY23', '2023-13-01', 'Q5-2023', 'RMB', '%', 'rmb', 'value', 'change', null, true, 0, -1.5, [], {}),
  fc.jsonValue(),
);

/** A copy of `value` with one thing changed somewhere inside it: a key removed, added or replaced. */
function mutate(value: unknown, path: number[], replacement: unknown, action: number): unknown {
  if (Array.isArray(value)) {
    if (!value.length || !path.length) return action % 2 ? [...value, replacement] : replacement;
    const i = path[0]! % value.length;
    return value.map((v, j) => (j === i ? mutate(v, path.slice(1), replacement, action) : v));
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (!keys.length || !path.length) return replacement;
    const key = keys[path[0]! % keys.length]!;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    if (path.length === 1 && action % 3 === 0) delete copy[key];
    else if (path.length === 1 && action % 3 === 1) copy[`extra${action}`] = replacement;
    else copy[key] = mutate(copy[key], path.slice(1), replacement, action);
    return copy;
  }
  return replacement;
}

describe('the loader fast path for documents', () => {
  it('reads the shipped documents exactly as the schema does', () => {
    const fast = fastDocument(shipped);
    expect(fast).toBeDefined();
    expect(asSchemaReads(fast!)).toEqual(documentFile.parse(shipped));
  });

  it('never accepts a document the schema rejects, and agrees with it on those it accepts', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), oddValue, fc.nat(), (path, replacement, action) => {
        const doc = mutate(shipped, path, replacement, action);
        const fast = fastDocument(doc);
        if (fast === undefined) return; // the schema decides, as before
        const schema = documentFile.safeParse(doc);
        expect(schema.success).toBe(true);
        expect(asSchemaReads(fast)).toEqual(schema.data);
      }),
      { numRuns: 3000 },
    );
  });
});
