import type { Decimal } from 'decimal.js';
import type { Change, Resolved } from '../compute/lookup.js';
import { averageOf, changeOf, valueOf } from '../compute/lookup.js';
import { parseFormula, printFormula } from '../compute/formula.js';
import type { Context } from '../conversation/context.js';
import type { Company, DocumentInfo, Knowledge, MetricDef, UnitKind } from '../knowledge/model.js';
import { unitOf } from '../knowledge/model.js';
import { isBalanceDate, nextPeriod, periodForKind, periodLabel, priorPeriod } from '../periods.js';
import type { CatalogueIndex } from '../understand/catalogue-index.js';
import { stem } from '../understand/normalize.js';
import { MAX_QUESTION, type Query } from '../understand/parse.js';
import { STOPWORDS } from '../understand/vocabulary.js';
import { formatChange, formatDate, formatExact, formatPlain, formatSigned, formatValue, listWords } from './format.js';
import { latestPeriod, resolvePeriods } from './period-resolve.js';
import type { Answer, Card, Figure, SourceRef, Status, Unit } from './types.js';

/** What composing an answer needs: the knowledge and its index. */
export interface Core {
  knowledge: Knowledge;
  index: CatalogueIndex;
}

type Draft = Omit<Answer, 'context'> & { context?: Partial<Context> };

const SEGMENTS = 'segments'; // the concept of figures broken down by segment, product, customer or region
const title = (c: Company) => `${c.shortName} (${c.code})`;
const KEY_METRICS = ['total_revenue', 'net_profit', 'basic_eps'];

/** Turns a parsed question into an answer, given the conversation so far. Pure: no I/O. */
export function compose(core: Core, q: Query, context: Context): Answer {
  const draft = draftAnswer(core, q, context);
  if (q.truncated) draft.details.push(`Your message was long: I read only its first ${MAX_QUESTION.toLocaleString('en')} characters.`);
  // (A company we have no results for is remembered for the next question only, and only by the answer saying so.)
  const next: Context = {
    metrics: context.metrics,
    ...(context.company ? { company: context.company } : {}),
    ...(context.companies ? { companies: context.companies } : {}),
    ...(context.period ? { period: context.period } : {}),
    ...draft.context,
  };
  if (!draft.context?.unknown) delete next.unknown;
  // An answer about several companies has no single one to follow up on; undefined keys are dropped, not kept.
  for (const key of ['company', 'companies'] as const) if (next[key] === undefined) delete next[key];
  return { ...draft, context: next };
}

function draftAnswer(core: Core, q: Query, ctx: Context): Draft {
  const k = core.knowledge;
  const topics = q.topics;
  if (topics.includes('help') && !q.metrics.length) return help(k);
  if (topics.includes('companies') && !q.metrics.length) return listCompanies(k);
  if (q.empty) return help(k);

  // Who: a named company, else the conversation's, else the only one.
  const named = q.companies.map((code) => k.companyByCode.get(code)!).filter(Boolean);
  if (!named.length && q.unknownCompanies.length) return unknownCompany(k, q.unknownCompanies);
  // "What about BYD?" then "and net profit?": still BYD, not the company talked about before it.
  if (!named.length && ctx.unknown && q.continues) return unknownCompany(k, [ctx.unknown]);
  const companies = whoIsAsked(k, q, named, ctx);
  if (!companies.length) {
    if (!k.companies.length) return simple('not_found', 'I have no results announcements loaded yet.', [], []);
    if (q.people.length && !q.metrics.length) return personAnswer(core, q.people); // a person names their own companies
    if (!q.metrics.length && !q.topics.length && !q.concepts.length && !q.companies.length && !q.overview) return notUnderstood(core, q);
    return clarifyCompany(k, q);
  }
  const sameCompany = companies.length === 1 && companies[0]!.code === ctx.company;
  const contextPeriod = sameCompany ? ctx.period : undefined;

  // What: the metrics asked for; a follow-up with no subject of its own reuses the conversation's.
  let metrics: (string | MetricDef)[] = q.metrics;
  const ranksCompanies = q.comparative && companies.length > 1;
  const followUp =
    !metrics.length && !q.concepts.length && !topics.length && !q.people.length && (q.change || q.compare || q.periods.length > 0 || q.absolute || q.percent || q.working || !!q.perUnit || named.length > 0 || ranksCompanies || (q.howMuchMore && ctx.intent === 'rank'));
  // "Per share?" after "net profit": the unit to divide by, not the share count itself.
  const perUnitOnly = !!q.perUnit && metrics.length === 1 && typeof metrics[0] === 'string' && k.metrics.get(metrics[0])?.unit === q.perUnit;
  if ((followUp || (perUnitOnly && sameCompany)) && ctx.metrics.length) metrics = ctx.metrics;
  // "How does that compare with revenue growth?" after net profit's: the conversation's figure beside the one named.
  else if (q.compare && !q.periods.length && metrics.length === 1 && ctx.metrics.length === 1 && ctx.metrics[0] !== metrics[0] && sameCompany && !q.ratioOf) {
    metrics = [ctx.metrics[0]!, metrics[0]!];
  }
  // "As a percentage of total assets?" after "and equity?": the conversation's figure over the one named.
  else if (q.ratioOf && metrics.length === 1 && ctx.metrics.length === 1 && ctx.metrics[0] !== metrics[0] && sameCompany) {
    metrics = [ctx.metrics[0]!, metrics[0]!];
    q = { ...q, ratio: true, ratioReversed: false };
  }
  // A company named on its own, or the results asked about as a whole: the key figures.
  else if (!metrics.length && (named.length || q.overview) && !q.concepts.length && !topics.length && !q.people.length) metrics = KEY_METRICS.filter((m) => k.metrics.has(m));

  const notes: string[] = [];
  const unknownNote = named.length && q.unknownCompanies.length ? `I have no results for ${listWords(q.unknownCompanies.map(safeName))}.` : undefined;
  if (unknownNote) notes.push(unknownNote);
  if (q.currency) notes.push(`Figures are in RMB, as the announcements report them: I do not convert them to ${safeName(q.currency) || 'other currencies'}.`);

  if (!metrics.length) {
    if (q.people.length) return personAnswer(core, q.people);
    if (q.concepts.length) return notDisclosedConcepts(core, companies[0]!, q.concepts);
    // The most specific topic wins: "公告是谁签署的" asks who signed, not which document.
    const topic = topics.filter((t) => t !== 'help' && t !== 'companies').sort((a, b) => Number(a === 'document') - Number(b === 'document'))[0];
    if (topic) return topicAnswer(core, companies[0]!, topic, q, contextPeriod);
    return notUnderstood(core, q);
  }
  // "Per-share net assets": "share" names the unit to divide by, not the share count as a second figure.
  if (q.perUnit && metrics.length === 2 && metrics.every((m) => typeof m === 'string')) {
    const counts = metrics.filter((m) => k.metrics.get(m as string)?.unit === q.perUnit);
    if (counts.length === 1) metrics = metrics.filter((m) => m !== counts[0]);
  }
  // "Operating profit per tonne": divided by the metric counted in tonnes.
  const single = metrics.length === 1 && typeof metrics[0] === 'string' ? k.metrics.get(metrics[0])! : undefined;
  if (q.perUnit && single && ADDITIVE.has(single.unit) && single.unit !== q.perUnit) {
    const counted = [...k.metrics.values()].filter((m) => m.unit === q.perUnit && !m.formula);
    if (counted.length === 1) {
      metrics = [single.id, counted[0]!.id];
      q = { ...q, ratio: true, per: true, ratioReversed: false };
    }
  }
  // "Profit per employee": a figure divided by a count no announcement gives; the figure itself would be another
  // number under the name asked for.
  if (q.perOther && !q.perUnit && metrics.length === 1 && typeof metrics[0] === 'string') {
    const label = k.metrics.get(metrics[0])!.label;
    if (q.concepts.length) return notDisclosedConcepts(core, companies[0]!, q.concepts);
    return notDisclosedBy(companies[0]!, `${title(companies[0]!)}: I cannot give ${label} per ${safeName(q.perOther)}: the announcements give no such count.`, [], [label]);
  }
  // "A as a percentage of B", "A minus B": one computed figure instead of two.
  const [top, bottom] = metrics;
  // "Net profit divided by average equity": an average inside a ratio or a difference is not computed (yet), and the
  // ratio over the year-end figure would be another number under the name asked for.
  if (q.average && (q.ratio || q.difference) && metrics.length === 2 && typeof top === 'string' && typeof bottom === 'string') {
    const [a, b] = [k.metrics.get(top)!, k.metrics.get(bottom)!];
    const balance = [a, b].find((m) => m.kind === 'balance');
    if (balance) {
      return notDisclosedBy(companies[0]!, `${title(companies[0]!)}: I cannot compute a ratio or a difference over an average yet.`, [`Ask for the average on its own (“average ${balance.label}”) and for the two figures.`], [`average ${balance.label}`, `${a.label} and ${b.label}`]);
    }
  }
  if (q.per && metrics.length === 2 && typeof top === 'string' && typeof bottom === 'string' && !ADDITIVE.has(k.metrics.get(top)!.unit)) {
    // "EPS per share": already a per-unit figure; the unit named is what it is per.
    metrics = [top];
  } else if (q.ratio && metrics.length === 2 && typeof top === 'string' && typeof bottom === 'string') {
    const ratio = q.ratioReversed ? ratioMetric(k, bottom, top) : ratioMetric(k, top, bottom);
    // "Revenue per share": a per-share figure is over the year's weighted average shares, which the announcements do
    // not give; dividing by the shares at the year end would be a different figure under the same name.
    if (q.per && ratio.unit === 'money_per_share' && !k.metrics.has(ratio.id)) {
      // Unless the catalogue names it: "net profit per share" is basic EPS, as reported.
      const named = perShareNamed(k, k.metrics.get(top)!);
      if (!named) return perShareNotGiven(core, companies[0]!, k.metrics.get(top)!);
      metrics = [named.id];
    } else metrics = [ratio];
  } else if (q.difference && metrics.length === 2 && typeof top === 'string' && typeof bottom === 'string') {
    const gap = differenceMetric(k, top, bottom);
    // The gap is what was asked ("difference" also reads as a change): its value, not how it moved.
    if (gap) {
      metrics = [gap];
      q = { ...q, change: false, comparative: false, compare: false };
    } else if (q.excluding) {
      // "EPS excluding one-offs": the figure as reported would answer a question not asked.
      return withoutPart(companies[0]!, k.metrics.get(top)!, k.metrics.get(bottom)!);
    }
  }
  // "Revenue by segment", "net profit from continuing operations": a part of the figure, which is not the figure.
  // "Revenue minus costs", "net profit as a share of dividends": arithmetic needing a concept cannot be done either.
  const arithmetic = (q.difference || q.ratio || q.per) && metrics.length < 2;
  const narrowing = q.concepts.filter((c) => arithmetic || k.concepts.find((x) => x.id === c)?.qualifies);
  if (narrowing.length) return notDisclosedConcepts(core, companies[0]!, narrowing);
  // "Revenue from wind power": a part of the figure, which the announcements give for the company as a whole only.
  if (q.parts.length && k.concepts.some((c) => c.id === SEGMENTS)) {
    const answer = notDisclosedConcepts(core, companies[0]!, [SEGMENTS]);
    answer.details.unshift(`They give the figure for the company as a whole, not for ${listWords(q.parts.map((p) => `“${safeName(p)}”`))}.`);
    return answer;
  }
  if (q.concepts.length) notes.push(`Not disclosed in the announcement: ${listWords(q.concepts.map((c) => k.concepts.find((x) => x.id === c)!.label))}.`);

  const result = metricAnswers(core, companies, metrics, q, contextPeriod, ctx.intent);
  result.context = { ...result.context, ...companiesInPlay(ctx, companies) };
  if (topics.includes('reasons')) {
    const reasons = statementsOf(companies[0]!, 'reasons', q, contextPeriod);
    // "Why was Q4 profit lower?": the figure is not given, but the reasons are an answer.
    if (result.status !== 'answered' && reasons.length) {
      return { ...topicAnswer(core, companies[0]!, 'reasons', q, contextPeriod), details: [...reasons.map((s) => `• ${s}`), result.headline, ...result.details] };
    }
    if (reasons.length) result.details.push('Reasons the announcement gives:', ...reasons.map((s) => `• ${s}`));
  }
  result.details.push(...notes);
  return result;
}

/**
 * Who a question is about: the companies named, else the conversation's, else the only one loaded. After several
 * companies were compared, a follow-up naming none is about them all; after one and then another ("how about B?"),
 * "which is bigger?" ranks the two, and "how much bigger is B?" sets B against the other.
 */
function whoIsAsked(k: Knowledge, q: Query, named: Company[], ctx: Context): Company[] {
  const inPlay = (ctx.companies ?? []).map((code) => k.companyByCode.get(code)).filter((c): c is Company => !!c);
  const ranking = q.comparative && inPlay.length > 1 && !q.metrics.length && !q.periods.length;
  if (named.length === 1 && ranking && inPlay.includes(named[0]!)) return [named[0]!, ...inPlay.filter((c) => c !== named[0])];
  if (named.length) return named;
  if (inPlay.length > 1 && (!ctx.company || (q.comparative && q.asksWhich && !q.periods.length))) return inPlay;
  if (ctx.company && k.companyByCode.has(ctx.company)) return [k.companyByCode.get(ctx.company)!];
  return k.companies.length === 1 ? [k.companies[0]!] : [];
}

/** The conversation's companies after an answer about `companies` (see Context.companies). */
function companiesInPlay(ctx: Context, companies: Company[]): Pick<Context, 'company' | 'companies'> {
  const codes = companies.map((c) => c.code);
  if (codes.length > 1) return { company: undefined, companies: codes };
  const [code] = codes;
  if (!code) return {};
  if (ctx.company && ctx.company !== code) return { company: code, companies: [ctx.company, code] };
  return { company: code, companies: ctx.companies?.includes(code) ? ctx.companies : undefined };
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

interface Built {
  sentence: string;
  figures: Figure[];
  card: Card;
  details: string[];
  sources: SourceRef[];
}

/** A figure asked for and not found: its value, or (`change`) how it changed into that period. */
interface Missing {
  company: Company;
  metric: MetricDef;
  period: string;
  change?: boolean;
}

function metricAnswers(core: Core, companies: Company[], metrics: (string | MetricDef)[], q: Query, contextPeriod?: string, lastIntent?: string): Draft {
  const k = core.knowledge;
  // "in RMB?" after a change question asks for that change as an amount; on its own it is just the unit.
  // "Higher" or "lower" asks how one company's figure moved, but which of several companies is ahead.
  // "By how much?" after "which is bigger?" asks for the gap of that ranking.
  const ranking = (q.comparative || (q.howMuchMore && lastIntent === 'rank')) && companies.length > 1;
  // "How much bigger is B?" with two companies asks for the gap between them, not how each one moved.
  // "In percent?" and "how was that computed?" after a change ask for that change again (as a percentage, or with its
  // working).
  const again = lastIntent === 'change' && !q.metrics.length && (q.percent || q.working);
  // "Revenue 2022 minus revenue 2023": one figure in two periods, so the gap between them.
  const gapOfPeriods = q.difference && q.periods.length === 2 && metrics.length === 1;
  const wantsChange = (q.change && !(ranking && q.howMuchMore)) || (q.comparative && !ranking) || (q.absolute && lastIntent === 'change') || again || gapOfPeriods;
  const built: Built[] = [];
  const missing: Missing[] = [];
  let firstPeriod: string | undefined;
  for (const company of companies) {
    for (const id of metrics) {
      const metric = typeof id === 'string' ? k.metrics.get(id)! : id;
      let periods = resolvePeriods(q.periods, metric, company, contextPeriod);
      // "lower than in 2022": when the only period named is the comparison base, the change is into the period after it.
      const only = q.periods.length === 1 ? q.periods[0]! : undefined;
      if (only?.base && wantsChange) periods = [nextPeriod(periods[0]!)];
      // Two companies named: "compare" puts them side by side, each for the period asked (or its latest).
      const compare = periods.length > 1 || (q.compare && !wantsChange && companies.length === 1);
      let b: Built | undefined;
      if (compare) {
        // "versus last year" names the earlier side; "2023 compared" names the later one.
        const list = periods.length > 1 ? periods : only?.rel === 'prior' || only?.base ? [nextPeriod(periods[0]!), periods[0]!] : [periods[0]!, priorPeriod(periods[0]!)];
        b = comparison(k, company, metric, list, missing, wantsChange);
      } else if (wantsChange) {
        b = changeAnswer(k, company, metric, periods[0]!, q.absolute);
        // A follow-up "how did it change?" while the thread sits on the earlier year means the change out of it.
        if (!b && !q.periods.length && contextPeriod) b = changeAnswer(k, company, metric, nextPeriod(periods[0]!), q.absolute);
        if (!b) missing.push({ company, metric, period: periods[0]!, change: !!valueOf(k, company.code, metric, periods[0]!) });
      } else if (q.average && metric.kind === 'balance') {
        // "Average total assets": the mean of the opening and closing balance of the year, computed.
        const r = averageOf(k, company.code, metric, periods[0]!);
        b = r && resolvedAnswer(company, r);
        // Missing, it reads as a computed figure: "can be computed for the periods its inputs are reported for".
        const average = { ...metric, id: `average_${metric.id}`, label: `average ${metric.label}`, formula: { expr: parseFormula(metric.id), text: metric.id, explain: `mean of opening and closing ${metric.label}` } };
        if (!b) missing.push({ company, metric: average, period: periodForKind('flow', periods[0]!) });
      } else {
        b = valueAnswer(k, company, metric, periods[0]!);
        if (!b) missing.push({ company, metric, period: periods[0]! });
      }
      if (b) {
        // With two companies in one answer, each detail line says whose figure it explains.
        if (companies.length > 1) b.details = b.details.map((line) => `${company.shortName}: ${line}`);
        built.push(b);
        firstPeriod ??= periods[0];
      }
    }
  }
  const context: Partial<Context> = {
    // A ratio asked for in words ("as a percentage of total assets?") is followed up by its id when the catalogue has it.
    metrics: metrics.map((m) => (typeof m === 'string' ? m : k.metrics.has(m.id) ? m.id : undefined)).filter((m): m is string => !!m),
    intent: wantsChange ? 'change' : ranking ? 'rank' : 'value',
    ...(companies.length === 1 ? { company: companies[0]!.code } : {}),
    ...(firstPeriod ? { period: firstPeriod } : {}),
  };
  if (!built.length) return notDisclosedPeriods(core, missing, context);

  const details = built.flatMap((b) => b.details);
  const gap = ranking && !wantsChange ? gapBetween(built, q.companies.length === 1) : undefined;
  if (ranking || (companies.length > 1 && q.compare)) details.unshift(...rankingLine(built), ...(gap ? [gap.line] : []));
  // "Did revenue or net profit fall more?": the changes of one company's figures set against each other.
  if (wantsChange && (q.comparative || q.asksWhich || q.compare) && companies.length === 1 && built.length > 1) details.unshift(...changeRanking(built));
  details.push(...supersededNotes(companies, built.flatMap((b) => b.sources)));
  for (const m of missing) details.push(`Not disclosed: ${m.metric.label} for ${periodLabel(m.period)} (${availability(k, m.company, m.metric)}).`);
  const headline = built.length === 1 ? built[0]!.sentence : built.map((b) => b.sentence).join(' ');
  return {
    status: 'answered',
    headline,
    figures: [...(gap ? [gap.figure] : []), ...built.flatMap((b) => b.figures)],
    cards: built.map((b) => b.card),
    details,
    sources: uniqueSources(built.flatMap((b) => b.sources)),
    suggestions: [],
    context,
  };
}

/** The percentage changes of several figures, largest move first: "Net profit moved most: down 19.78% (total revenue: down 6.66%)". */
function changeRanking(built: Built[]): string[] {
  const moves = built
    // A change answer's figures hold the values it is between, each with its metric's label.
    .map((b) => ({ label: b.figures.find((f) => !f.metric.includes('.'))?.label ?? '', pct: b.figures.find((f) => f.metric.endsWith('.change_pct')) }))
    .filter((m): m is { label: string; pct: Figure } => !!m.pct);
  if (moves.length < 2) return [];
  moves.sort((a, b) => b.pct.value.abs().comparedTo(a.pct.value.abs()));
  const [first, ...rest] = moves;
  return [`${cap(first!.label)} moved most: ${formatChange(first!.pct.value, '%')} (${rest.map((m) => `${m.label}: ${formatChange(m.pct.value, '%')}`).join('; ')}).`];
}

function valueAnswer(k: Knowledge, company: Company, metric: MetricDef, period: string): Built | undefined {
  const r = valueOf(k, company.code, metric, period);
  return r && resolvedAnswer(company, r, changeOf(k, company.code, metric, period));
}

/** A resolved figure as an answer part: the sentence (with its trend when a change is known), card, working, sources. */
function resolvedAnswer(company: Company, r: Resolved, change?: Change): Built {
  const unit = unitOf(r.metric.unit);
  let sentence = `${title(company)} ${r.metric.label}${at(r.period)}: ${approx(r)}${formatValue(r.value, unit)}`;
  if (r.derived) sentence += r.implied ? ' (implied)' : ' (computed)';
  sentence += trend(change, unit) + '.';
  const details = [...working(r), ...exactLine(r, unit), ...approximateNote(r)];
  return { sentence, figures: [figureOf(company, r)], card: cardOf(company, r.metric, change ?? { current: r }), details, sources: sourcesOf(r) };
}

function changeAnswer(k: Knowledge, company: Company, metric: MetricDef, period: string, absoluteFirst: boolean): Built | undefined {
  const c = changeOf(k, company.code, metric, period);
  if (!c || (!c.pct && !c.pp && !c.abs)) return undefined;
  const unit = unitOf(metric.unit);
  const figures: Figure[] = [];
  const details: string[] = [];
  const cur = c.current;
  const prior = c.prior;
  const base = { company: company.code, companyName: company.shortName, period, periodLabel: periodLabel(period) };
  const label = `change in ${metric.label}`;
  const make = (suffix: string, value: Decimal, u: Unit, reported: { document: DocumentInfo; source: { where: string } } | undefined, work?: string): Figure => ({
    ...base, metric: `${metric.id}.${suffix}`, label, value, unit: u, derived: !reported,
    ...(reported ? { source: sourceRef(reported.document, reported.source.where) } : {}),
    ...(work ? { working: work } : {}),
  });
  const pctFig = c.pct ? make('change_pct', c.pct.value, '%', c.pct.reported, c.pct.reported ? undefined : pctWorking(cur, prior!)) : undefined;
  const ppFig = c.pp ? make('change_pp', c.pp.value, 'pp', c.pp.reported, c.pp.reported ? undefined : `${formatPlain(cur.value, '%')} − ${formatPlain(prior!.value, '%')}`) : undefined;
  const absFig = c.abs && prior ? make('change_abs', c.abs, unit, undefined, `${formatPlain(cur.value, unit)} − ${formatPlain(prior.value, unit)} = ${formatPlain(c.abs, unit)}`) : undefined;
  if (ppFig) figures.push(ppFig);
  else if (absoluteFirst) figures.push(...[absFig, pctFig].filter((f): f is Figure => !!f));
  else figures.push(...[pctFig, absFig].filter((f): f is Figure => !!f));

  const moved = ppFig ? formatChange(ppFig.value, 'pp') : pctFig ? formatChange(pctFig.value, '%') : absFig ? (absFig.value.isNegative() ? 'down' : 'up') + ' ' + formatValue(absFig.value.abs(), unit) : '';
  let sentence = `${title(company)} ${metric.label} was ${moved}${at(period, ' in ')}${prior && MONEY.has(unit) ? lossNote(cur.value, prior.value) : ''}`;
  if (prior) sentence += `: ${approx(cur)}${formatValue(cur.value, unit)}, against ${approx(prior)}${formatValue(prior.value, unit)}${at(prior.period, ' in ')}`;
  else sentence += ` (${approx(cur)}${formatValue(cur.value, unit)}${at(period, ' in ')}; the prior-period figure is not given)`;
  if (absFig && !ppFig && pctFig) sentence += ` (${formatSigned(absFig.value, unit)})`;
  sentence += '.';
  if (pctFig?.derived === false && pctFig.source) details.push(`The ${formatChange(pctFig.value, '%').replace(/^(up|down) /, '')} change is as reported (${pctFig.source.location}).`);
  if (pctFig?.derived && pctFig.working) details.push(`Change in %: ${pctFig.working} = ${formatSigned(pctFig.value, '%')} (computed).`);
  if (ppFig) details.push(ppFig.derived ? `Change in percentage points: ${ppFig.working} (computed).` : `Change in percentage points as reported (${ppFig.source!.location}).`);
  if (absFig) details.push(`Change in ${unitName(unit)}: ${absFig.working} (computed).`);
  // A percentage change from a loss reads backwards (a smaller loss would be "down"): the announcements give none.
  if (!pctFig && !ppFig && prior?.value.isNegative()) details.push(`No percentage change: against a loss in ${periodLabel(prior.period)} a percentage would mislead, and the announcement gives none.`);
  details.push(...working(cur), ...(prior ? working(prior) : []), ...approximateNote(cur));
  // The two figures the sentence sets side by side are answers too, after the change.
  figures.push(figureOf(company, cur), ...(prior ? [figureOf(company, prior)] : []));
  return { sentence, figures, card: cardOf(company, metric, c), details, sources: [...sourcesOf(cur), ...(prior ? sourcesOf(prior) : [])] };
}

function comparison(k: Knowledge, company: Company, metric: MetricDef, periods: string[], missing: Missing[], withChange: boolean): Built | undefined {
  const unit = unitOf(metric.unit);
  const found: Resolved[] = [];
  for (const p of periods) {
    const r = valueOf(k, company.code, metric, p);
    if (r) found.push(r);
    else missing.push({ company, metric, period: p });
  }
  if (!found.length) return undefined;
  const [a, b] = found;
  const parts = found.map((r) => `${approx(r)}${formatValue(r.value, unit)}${at(r.period, ' in ')}`);
  let sentence = `${title(company)} ${metric.label}: ${parts.join(' vs ')}`;
  const figures = found.map((r) => figureOf(company, r));
  const details = found.flatMap((r) => [...working(r), ...exactLine(r, unit)]);
  let change: Change | undefined;
  if (a && b) {
    const [later, earlier] = a.period > b.period ? [a, b] : [b, a];
    change = priorPeriod(later.period) === earlier.period ? changeOf(k, company.code, metric, later.period) : undefined;
    // "2023 revenue fell how much from 2022?": the change is the answer, the two values its context; otherwise the
    // change the sentence states comes after the values.
    const moves = change ? (changeAnswer(k, company, metric, later.period, false)?.figures ?? []).filter((f) => /\.change_(pct|pp|abs)$/.test(f.metric)) : [];
    if (withChange) figures.unshift(...moves);
    else figures.push(...moves);
    if (change?.pp) sentence += `, ${formatChange(change.pp.value, 'pp')}`;
    else if (change?.pct) sentence += `, ${formatChange(change.pct.value, '%')}`;
    if (change?.abs !== undefined && unit !== '%') sentence += ` (${formatSigned(change.abs, unit)})`;
  }
  sentence += '.';
  return { sentence, figures, card: cardOf(company, metric, change ?? { current: found[0]!, prior: found[1] }), details, sources: found.flatMap(sourcesOf) };
}

const MONEY = new Set<Unit>(['RMB', 'RMB/share', 'RMB/tonne']);

/** " (a smaller loss)": what a change means when either side is a loss, where "up" and "down" alone mislead. */
function lossNote(current: Decimal, prior: Decimal): string {
  if (current.isNegative() && prior.isNegative()) return current.gt(prior) ? ' (a smaller loss)' : current.lt(prior) ? ' (a larger loss)' : '';
  if (prior.isNegative()) return ' (from a loss to a profit)';
  if (current.isNegative()) return ' (from a profit to a loss)';
  return '';
}

/** ", down 6.66% from RMB 7,165.19 million in FY2022" */
function trend(c: Change | undefined, unit: Unit): string {
  if (!c) return '';
  const prior = c.prior ? ` from ${approx(c.prior)}${formatValue(c.prior.value, unit)}${at(c.prior.period, ' in ')}` : ' year on year';
  if (c.pp) return `, ${formatChange(c.pp.value, 'pp')}${c.prior ? prior : ''}`;
  if (c.pct) return `, ${formatChange(c.pct.value, '%')}${prior}`;
  if (c.prior) return `, against ${formatValue(c.prior.value, unit)}${at(c.prior.period, ' in ')}`;
  return '';
}

function cardOf(company: Company, metric: MetricDef, c: Change): Card {
  const unit = unitOf(metric.unit);
  const fields = [{ name: periodLabel(c.current.period), value: `${approx(c.current)}${formatValue(c.current.value, unit)}${c.current.derived ? ' (computed)' : ''}` }];
  if (c.prior) fields.push({ name: periodLabel(c.prior.period), value: `${approx(c.prior)}${formatValue(c.prior.value, unit)}${c.prior.derived ? ' (computed)' : ''}` });
  const change = [c.pp && formatSigned(c.pp.value, 'pp'), c.pct && formatSigned(c.pct.value, '%'), c.abs !== undefined && !c.pp && formatSigned(c.abs, unit)].filter(Boolean);
  if (change.length) fields.push({ name: 'Change', value: change.join(' · ') });
  return { title: `${title(company)} · ${metric.label}`, fields };
}

function figureOf(company: Company, r: Resolved): Figure {
  const source = r.fact ? sourceRef(r.fact.document, r.fact.source.where) : sourcesOf(r)[0];
  const work = working(r)[0];
  return {
    company: company.code,
    companyName: company.shortName,
    metric: r.metric.id,
    label: r.metric.label,
    period: r.period,
    periodLabel: periodLabel(r.period),
    value: r.value,
    unit: unitOf(r.metric.unit),
    derived: r.derived,
    ...(r.approximate ? { approximate: true } : {}),
    ...(work ? { working: work } : {}),
    ...(source ? { source } : {}),
  };
}

/** How a computed value came about, one line per computed step. */
function working(r: Resolved): string[] {
  const unit = unitOf(r.metric.unit);
  if (r.implied) {
    const { later, growth } = r.implied;
    return [`${cap(r.metric.label)}${at(r.period)}, implied by the ${periodLabel(later.period)} figure and its reported growth: ${formatPlain(later.value, unit)} ÷ (1 + ${formatPlain(growth.value, '%')}) = ${formatPlain(r.value, unit)} ${unitName(unit)}.`];
  }
  if (r.averaged) {
    const { opening, closing } = r.averaged;
    return [`${cap(r.metric.label)}${at(r.period)} = (closing ${at(closing.period, '').trim()} + opening ${at(opening.period, '').trim()}) ÷ 2 = (${formatPlain(closing.value, unit)} + ${formatPlain(opening.value, unit)}) ÷ 2 = ${formatValue(r.value, unit)}.`];
  }
  if (!r.inputs || !r.metric.formula) return [];
  const byId = new Map(r.inputs.map((i) => [i.metric.id, i]));
  const numbers = printFormula(r.metric.formula.expr, (id) => formatPlain(byId.get(id)!.value, unitOf(byId.get(id)!.metric.unit)));
  const line = `${cap(r.metric.label)}${at(r.period)} = ${r.metric.formula.explain} = ${numbers} = ${formatValue(r.value, unit)}.`;
  return [line, ...r.inputs.flatMap((i) => (i.derived ? working(i) : []))];
}

const pctWorking = (cur: Resolved, prior: Resolved) => `(${formatPlain(cur.value, unitOf(cur.metric.unit))} − ${formatPlain(prior.value, unitOf(prior.metric.unit))}) ÷ ${formatPlain(prior.value.abs(), unitOf(prior.metric.unit))} × 100`;

function exactLine(r: Resolved, unit: Unit): string[] {
  const exact = formatExact(r.value, unit);
  return exact && !r.derived ? [`Exact ${r.metric.label}${at(r.period)}: ${exact}.`] : [];
}

function approximateNote(r: Resolved): string[] {
  return r.fact?.approximate ? [`The announcement gives this figure as “${r.fact.source.quote}”.`] : [];
}

/** "preliminary annual results 2023 announcement": a title that reads as one thing in a sentence. */
const docName = (doc: DocumentInfo) => `${doc.shortTitle} announcement`;
const approx = (r: Resolved) => (r.fact?.approximate || r.implied ? 'about ' : '');
const at = (period: string, flowWord = ', ') => (isBalanceDate(period) ? ` at ${periodLabel(period)}` : `${flowWord}${periodLabel(period)}`);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const unitName = (u: Unit) => ({ RMB: 'RMB', 'RMB/share': 'RMB per share', 'RMB/tonne': 'RMB per tonne', '%': 'percent', pp: 'percentage points', shares: 'shares', tonnes: 'tonnes', x: 'times' })[u];

function sourceRef(doc: DocumentInfo, location?: string): SourceRef {
  return { company: doc.company, document: doc.id, title: doc.shortTitle, date: doc.date, audited: doc.audited, file: doc.file, ...(location ? { location } : {}) };
}

function sourcesOf(r: Resolved): SourceRef[] {
  if (r.fact) return [sourceRef(r.fact.document)];
  if (r.averaged) return [...sourcesOf(r.averaged.closing), ...sourcesOf(r.averaged.opening)];
  if (r.implied) return [sourceRef(r.implied.growth.document), ...sourcesOf(r.implied.later)];
  return (r.inputs ?? []).flatMap(sourcesOf);
}

function uniqueSources(list: SourceRef[]): SourceRef[] {
  const seen = new Map<string, SourceRef>();
  for (const s of list) if (!seen.has(s.document)) seen.set(s.document, { ...s, location: undefined } as SourceRef);
  return [...seen.values()].map(({ location: _l, ...rest }) => rest);
}

/** "Ranked: Sansure RMB 2,006.77 million (FY2022), Gongda Gaoke RMB 20.04 million (FY2023)." for one metric. */
function rankingLine(built: Built[]): string[] {
  const figures = built.map((b) => b.figures[0]).filter((f): f is Figure => !!f);
  if (figures.length < 2 || new Set(figures.map((f) => f.metric)).size > 1) return [];
  const ranked = [...figures].sort((a, b) => b.value.comparedTo(a.value));
  return [`Highest first: ${ranked.map((f) => `${f.companyName} ${formatValue(f.value, f.unit)} (${f.periodLabel})`).join(', ')}.`];
}

/**
 * "Which is bigger?", "how much bigger is B?" for two companies: the first company's figure minus the other's, in the
 * metric's unit (percentage points for ratios), with the working: the higher first, or (`askedFirst`) the company the
 * question named, against the one the conversation had.
 */
function gapBetween(built: Built[], askedFirst: boolean): { line: string; figure: Figure } | undefined {
  const figures = built.map((b) => b.figures[0]).filter((f): f is Figure => !!f);
  if (figures.length !== 2 || figures[0]!.metric !== figures[1]!.metric) return undefined;
  const [a, b] = (askedFirst ? figures : [...figures].sort((x, y) => y.value.comparedTo(x.value))) as [Figure, Figure];
  const unit: Unit = a.unit === '%' ? 'pp' : a.unit;
  const gap = a.value.minus(b.value);
  const periods = a.periodLabel === b.periodLabel ? '' : ` (note the periods: ${a.periodLabel} against ${b.periodLabel})`;
  const working = `${formatPlain(a.value, a.unit)} − ${formatPlain(b.value, b.unit)} = ${formatPlain(gap, unit)}`;
  const line = `${a.companyName}'s ${a.label} is ${gap.isNegative() ? 'lower' : 'higher'} than ${b.companyName}'s by ${formatValue(gap.abs(), unit)}${periods}: ${working} (computed).`;
  const { source: _source, approximate: _approximate, ...shared } = a;
  const approximate = a.approximate || b.approximate ? { approximate: true } : {};
  return { line, figure: { ...shared, ...approximate, metric: `${a.metric}.gap`, label: `${a.label}, ${a.companyName} less ${b.companyName}`, value: gap, unit, derived: true, working } };
}

/** Which document an answer used when another one covers the same period: final figures replace preliminary ones. */
function supersededNotes(companies: Company[], used: SourceRef[]): string[] {
  const notes: string[] = [];
  for (const s of uniqueSources(used)) {
    const company = companies.find((c) => c.code === s.company);
    const doc = company?.documents.find((d) => d.id === s.document);
    if (!company || !doc) continue;
    for (const other of company.documents.filter((d) => d.period === doc.period && d.id !== doc.id)) {
      notes.push(`Figures for ${periodLabel(doc.period)} are from the ${docName(doc)} (${doc.audited ? 'audited' : 'unaudited'}, ${formatDate(doc.date)}), which supersedes the ${docName(other)} of ${formatDate(other.date)}.`);
    }
  }
  return notes;
}

/** "reported for FY2023 and FY2022" */
function availability(k: Knowledge, company: Company, metric: MetricDef): string {
  const direct = k.facts.periodsOf(company.code, metric.id);
  if (direct?.length) return `the announcement gives it for ${listWords(direct.map(periodLabel))}`;
  if (metric.formula) {
    const latest = latestPeriod(company);
    return latest ? `it can be computed for the periods its inputs are reported for, such as ${periodLabel(latest)}` : 'its inputs are not reported';
  }
  const kin = reportedKin(k, company, metric);
  return kin ? `the announcement does not give it; it gives ${kin.label}` : 'the announcement does not give it';
}

/**
 * The closest figure the company does report to one it does not: a reported metric of the same unit and kind whose
 * label shares the most words with it (diluted EPS -> basic EPS), if any shares one.
 */
function reportedKin(k: Knowledge, company: Company, metric: MetricDef): MetricDef | undefined {
  const words = (m: MetricDef) => new Set(m.label.toLowerCase().split(/\W+/).filter((w) => w.length > 2));
  const own = words(metric);
  let best: { m: MetricDef; shared: number } | undefined;
  for (const m of k.metrics.values()) {
    if (m.id === metric.id || m.formula || m.unit !== metric.unit || m.kind !== metric.kind) continue;
    const shared = [...words(m)].filter((w) => own.has(w)).length;
    if (shared > (best?.shared ?? 0) && k.facts.periodsOf(company.code, m.id).length) best = { m, shared };
  }
  return best?.m;
}

// Units whose figures add up: a difference of two is a figure of the same unit (unlike % or per-share figures).
const ADDITIVE = new Set(['money', 'shares', 'tonnes']);

/**
 * The difference of two metrics in the same additive unit and of the same kind (flows, or balances on a date), as a
 * catalogue metric when one has that very formula (net profit minus its recurring part is non-recurring gains and
 * losses), or when the second is the first less a third (net profit excluding non-recurring gains is the recurring
 * net profit); none otherwise.
 */
function differenceMetric(k: Knowledge, a: string, b: string): MetricDef | undefined {
  const first = k.metrics.get(a)!;
  const second = k.metrics.get(b)!;
  if (first.unit !== second.unit || !ADDITIVE.has(first.unit) || first.kind !== second.kind) return undefined;
  const text = `${a} - ${b}`;
  const known = metricWithFormula(k, text);
  if (known) return known;
  const rest = second.formula?.text.replace(/\s+/g, ' ').match(new RegExp(`^${a} - (\\w+)$`))?.[1];
  if (rest && k.metrics.has(rest)) return k.metrics.get(rest);
  return {
    id: `${a}_minus_${b}`,
    label: `${first.label} minus ${second.label}`,
    names: { en: `${first.names.en} minus ${second.names.en}`, zh: `${first.names.zh}减${second.names.zh}` },
    unit: first.unit,
    kind: first.kind,
    aliases: [],
    formula: { expr: parseFormula(text), text, explain: `${first.label} − ${second.label}` },
  };
}

/** The catalogue metric computed by exactly this formula, if there is one. */
const metricWithFormula = (k: Knowledge, text: string): MetricDef | undefined =>
  [...k.metrics.values()].find((m) => m.formula?.text.replace(/\s+/g, ' ') === text);

/** What one of a unit is called in a per-unit label: "operating profit per tonne sold". */
const PER_UNIT: Partial<Record<UnitKind, string>> = { tonnes: 'tonne sold', shares: 'share' };

/**
 * An ad-hoc ratio of two metrics. A catalogue metric with that very formula is used when there is one (operating
 * profit as a percentage of revenue is the operating margin); otherwise one is made: a percentage when both are in
 * the same unit, else a per-unit figure.
 */
function ratioMetric(k: Knowledge, a: string, b: string): MetricDef {
  const top = k.metrics.get(a)!;
  const bottom = k.metrics.get(b)!;
  const same = top.unit === bottom.unit;
  const text = same ? `${a} / ${b} * 100` : `${a} / ${b}`;
  const known = metricWithFormula(k, text);
  if (known) return known;
  const unit = same ? 'percent' : top.unit === 'money' && bottom.unit === 'tonnes' ? 'money_per_tonne' : top.unit === 'money' && bottom.unit === 'shares' ? 'money_per_share' : 'ratio';
  return {
    id: `${a}_to_${b}`,
    label: same ? `${top.label} as a percentage of ${bottom.label}` : `${top.label} per ${PER_UNIT[bottom.unit] ?? bottom.label}`,
    names: { en: `${top.names.en} to ${bottom.names.en}`, zh: `${top.names.zh}/${bottom.names.zh}` },
    unit,
    kind: top.kind === 'balance' && bottom.kind === 'balance' ? 'balance' : 'flow',
    aliases: [],
    formula: { expr: parseFormula(text), text, explain: `${top.label} ÷ ${bottom.label}` },
  };
}

/** "Who is Cai Baogui?": the roles the announcements give a person, on every board they sit on. */
function personAnswer(core: Core, people: string[]): Draft {
  const lines: string[] = [];
  const sources: SourceRef[] = [];
  for (const name of people) {
    for (const company of core.knowledge.companies.filter((c) => c.people.includes(name))) {
      const doc = company.documents.find((d) => d.people.some((p) => p.name === name))!;
      const person = doc.people.find((p) => p.name === name)!;
      const roles = person.roles.filter((r) => r !== 'director' && r !== 'signer');
      const signed = person.roles.includes('signer') ? `; signed the ${docName(doc)}` : '';
      lines.push(`${name}: ${listWords(roles.map((r) => (r === 'chairman' ? 'Chairman' : `${/^[aeiou]/.test(r) ? 'an' : 'a'} ${r}`)))} of ${title(company)} as at ${formatDate(doc.date)}${signed}.`);
      sources.push(sourceRef(doc));
    }
  }
  return { ...simple('answered', lines[0]!, lines.slice(1), []), sources: uniqueSources(sources) };
}

// ---------------------------------------------------------------------------------------------------------------
// Not disclosed, not found, clarify, help

function notDisclosedPeriods(core: Core, missing: Missing[], context: Partial<Context>): Draft {
  const k = core.knowledge;
  const first = missing[0]!;
  // "the change in net margin for FY2022" when the figure itself is there but the year before it is not.
  const what = listWords([...new Set(missing.map((m) => (m.change ? `the change in ${m.metric.label}` : m.metric.label)))]);
  const when = listWords([...new Set(missing.map((m) => periodLabel(m.period)))]);
  const details = [...new Set(missing.map((m) => `${cap(m.metric.label)}: ${availability(k, m.company, m.metric)}.`))];
  // The announcement may say something about a quarter it gives no figures for ("Q4 profit was lower ...").
  const quarter = /^Q/.test(first.period) ? (first.company.documents[0]?.statements ?? []).filter((s) => /quarter|季度/i.test(s.text)).map((s) => s.text) : [];
  details.push(...quarter);
  // Or say in words how a figure moved that it gives no change for ("net cash flow from operating activities
  // increased significantly"): its statements naming the metric, quoted.
  const said = missing.filter((m) => m.change).flatMap((m) => {
    const names = [m.metric.label, m.metric.names.en, m.metric.names.zh].map((n) => n.toLowerCase());
    return (m.company.documents[0]?.statements ?? []).filter((st) => names.some((n) => st.text.toLowerCase().includes(n))).map((st) => `The announcement says: “${st.text}”`);
  });
  details.push(...new Set(said));
  // Something that will answer: the metric for a period it is given for, else its closest reported kin.
  const suggestion = (m: (typeof missing)[number]) => {
    const given = k.facts.periodsOf(m.company.code, m.metric.id)[0];
    const kin = given || m.metric.formula ? undefined : reportedKin(k, m.company, m.metric);
    const metric = kin ?? m.metric;
    const kinPeriods = k.facts.periodsOf(m.company.code, metric.id);
    const period = given ?? (kinPeriods.includes(m.period) ? m.period : kinPeriods[0]) ?? latestPeriod(m.company)!;
    return `${metric.label} ${periodLabel(period)}`;
  };
  return {
    ...simple('not_disclosed', `${title(first.company)}: the announcements I have do not give ${what} for ${when}.`, details, [...new Set(missing.map(suggestion))]),
    sources: first.company.documents.slice(0, 1).map((d) => sourceRef(d)),
    context: { ...context, period: undefined },
  };
}

function notDisclosedConcepts(core: Core, company: Company, concepts: string[]): Draft {
  const k = core.knowledge;
  const labels = concepts.map((c) => k.concepts.find((x) => x.id === c)!.label);
  const reported = [...k.metrics.values()].filter((m) => !m.formula && k.facts.periodsOf(company.code, m.id).length > 0);
  const computed = [...k.metrics.values()].filter((m) => m.formula);
  const doc = company.documents[0];
  return notDisclosedBy(
    company,
    `${title(company)}: the ${doc ? docName(doc) : 'announcement'} does not disclose ${listWords(labels)}.`,
    [`It gives: ${listWords(reported.map((m) => m.label))}.`, `I can compute from those: ${listWords(computed.map((m) => m.label))}.`],
    computed.slice(0, 3).map((m) => m.label),
  );
}

/** "Not disclosed", citing the company's newest document as what was looked in. */
function notDisclosedBy(company: Company, headline: string, details: string[], suggestions: string[]): Draft {
  const doc = company.documents[0];
  return { ...simple('not_disclosed', headline, details, suggestions), ...(doc ? { sources: [sourceRef(doc)] } : {}) };
}

/** The reported per-share metric one of whose aliases is the numerator's name with "per share" ("net profit per share"). */
function perShareNamed(k: Knowledge, numerator: MetricDef): MetricDef | undefined {
  const phrases = new Set([numerator.label, ...numerator.aliases].map((a) => `${a.toLowerCase()} per share`));
  return [...k.metrics.values()].find((m) => m.unit === 'money_per_share' && !m.formula && m.aliases.some((a) => phrases.has(a.toLowerCase())));
}

function perShareNotGiven(core: Core, company: Company, numerator: MetricDef): Draft {
  const k = core.knowledge;
  const given = [...k.metrics.values()].filter((m) => m.unit === 'money_per_share' && k.facts.periodsOf(company.code, m.id).length > 0);
  return notDisclosedBy(
    company,
    `${title(company)}: the announcements I have do not give ${numerator.label} per share.`,
    [
      'A per-share figure divides by the weighted average number of shares in the year, which they do not give.',
      ...(given.length ? [`Per-share figures they give: ${listWords(given.map((m) => m.label))}.`] : []),
    ],
    given.map((m) => m.label),
  );
}

/** A figure asked for without a part of it that cannot be taken out of it (they differ in unit or kind). */
function withoutPart(company: Company, whole: MetricDef, part: MetricDef): Draft {
  return notDisclosedBy(
    company,
    `${title(company)}: the announcements I have do not give ${whole.label} excluding ${part.label}, and I cannot work it out from what they give.`,
    [`They give ${whole.label} as reported, and ${part.label}.`],
    [whole.label, part.label],
  );
}

function unknownCompany(k: Knowledge, names: string[]): Draft {
  return {
    ...simple(
      'not_found',
      `I have no results for ${listWords(names.map(safeName), 'or')}.`,
      [`Companies I know: ${knownList(k)}.`],
      k.companies.slice(0, 3).map((c) => `${c.shortName} net profit`),
    ),
    ...(names.length === 1 ? { context: { unknown: names[0]! } } : {}),
  };
}

function clarifyCompany(k: Knowledge, q: Query): Draft {
  const what = q.metrics[0] ? k.metrics.get(q.metrics[0])!.label : 'results';
  return simple('clarify', `Which company do you mean? I know ${k.companies.length}: ${knownList(k)}.`, [], k.companies.slice(0, 5).map((c) => `${c.shortName} ${what}`));
}

function notUnderstood(core: Core, q: Query): Draft {
  const words = q.unexplained.map(safeName).filter(Boolean);
  const closest = words.length ? core.index.nearMetrics(words, 3) : [];
  const head = words.length ? `I couldn't match “${words.join(' ')}” to a figure in the announcements.` : 'I couldn’t tell which figure you mean.';
  return simple(
    'not_found',
    head,
    [closest.length ? `Did you mean ${listWords(closest.map((e) => e.label), 'or')}?` : 'Ask for a figure such as revenue, net profit, EPS or ROE, a change, or a margin.'],
    closest.length ? closest.map((e) => e.label) : ['revenue 2023', 'how much did net profit fall?', 'net margin'],
  );
}

function help(k: Knowledge): Draft {
  return simple(
    'clarify',
    'Ask me about a listed company’s results announcement: a figure, how it changed, a ratio I can compute, or what the announcement says.',
    [
      'A figure: “revenue 2023”, “EPS in 2022”, “total assets at the beginning of the period”, “营业收入是多少”',
      'A change: “how much did net profit fall?”, “change in ROE”, “how much lower was operating profit in RMB?”',
      'A computed figure: “net margin”, “non-recurring gains and losses”, “revenue per tonne”, “equity ratio”',
      'The announcement: “why did profit fall?”, “who signed it?”, “is it audited?”',
      'Follow-ups keep the thread: “and the year before?”, “what about operating profit?”',
      `Companies I know: ${knownList(k)}.`,
    ],
    ['revenue 2023', 'how much did net profit fall?', 'net margin'],
  );
}

function listCompanies(k: Knowledge): Draft {
  // A 业绩快报 gives no English name: the short name then stands for it, and is not said twice.
  const fullName = (c: Company) => (c.name.en === c.shortName ? c.name.zh : `${c.name.en} (${c.name.zh})`);
  const lines = k.companies.slice(0, LISTED).map((c) => `${title(c)}, ${fullName(c)}: ${listWords(c.documents.map((d) => `${d.shortTitle} (${formatDate(d.date)}${d.audited ? '' : ', unaudited'})`))}`);
  return simple('answered', k.companies.length ? `I know ${k.companies.length} compan${k.companies.length === 1 ? 'y' : 'ies'}: ${knownList(k)}.` : 'I know no companies yet.', lines, []);
}

/** A chat message cannot hold two thousand companies: lists name the first few and count the rest. */
const LISTED = 20;
const knownList = (k: Knowledge) => {
  const named = k.companies.slice(0, LISTED).map((c) => `${title(c)} ${listWords([...new Set(c.documents.map((d) => periodLabel(d.period)))])}`);
  const more = k.companies.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more.toLocaleString('en')} more (ask for one by name or stock code)` : listWords(named);
};

/** Only letters, digits and spaces of a user's word go back into a reply: nothing that could be markup. */
const safeName = (s: string) => s.replace(/[^\p{L}\p{N} .&-]/gu, '').slice(0, 60).trim();

function simple(status: Status, headline: string, details: string[], suggestions: string[]): Draft {
  return { status, headline, figures: [], cards: [], details, sources: [], suggestions };
}

// ---------------------------------------------------------------------------------------------------------------
// Topics: what the announcement says about itself

function docFor(company: Company, q: Query, contextPeriod?: string): DocumentInfo | undefined {
  const year = q.periods.find((p) => p.year)?.year;
  return company.documents.find((d) => (year ? d.period.endsWith(String(year)) : contextPeriod ? d.period === contextPeriod : false)) ?? company.documents[0];
}

function statementsOf(company: Company, subject: string, q?: Query, contextPeriod?: string): string[] {
  const doc = q ? docFor(company, q, contextPeriod) : company.documents[0];
  return (doc?.statements ?? []).filter((s) => s.subject === subject).map((s) => s.text);
}

/** The question's own content words, singular, for finding the sentences that name them: "prices" -> "price". */
function questionWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => !STOPWORDS.has(w)).map(stem))];
}

function topicAnswer(core: Core, company: Company, topicId: string, q: Query, contextPeriod?: string): Draft {
  const topic = core.knowledge.topics.find((t) => t.id === topicId)!;
  const doc = docFor(company, q, contextPeriod);
  if (!doc) return simple('not_disclosed', `I have no announcement for ${title(company)}.`, [], []);
  const src = [sourceRef(doc)];
  const done = (headline: string, details: string[] = []): Draft => ({ ...simple('answered', headline, details, []), sources: src, context: { company: company.code } });
  const nothing = (what: string): Draft => ({
    ...simple('not_disclosed', `The ${title(company)} ${docName(doc)} does not state ${what}.`, [], ['who signed the announcement?', 'revenue', 'net profit']),
    sources: src,
  });
  const answer = topic.answer;
  if ('people' in answer) {
    const people = doc.people.filter((p) => p.roles.includes(answer.people));
    if (!people.length) return nothing(topic.label);
    if (answer.people === 'signer') {
      const p = people[0]!;
      const role = p.roles.includes('chairman') ? ', Chairman' : '';
      return done(`The ${title(company)} ${docName(doc)} was signed by ${p.name}${role}, by order of the Board${doc.place ? `, in ${doc.place}` : ''} on ${formatDate(doc.date)}.`);
    }
    if (answer.people === 'director') {
      const groups = ['executive director', 'non-executive director', 'independent non-executive director']
        .map((role) => ({ role, names: doc.people.filter((p) => p.roles.includes(role)).map((p) => p.name) }))
        .filter((g) => g.names.length)
        .map((g) => `${cap(g.role)}s: ${listWords(g.names)}`);
      return done(`The board of ${title(company)} as at ${formatDate(doc.date)} has ${people.length} directors.`, groups);
    }
    const roleName = answer.people === 'chairman' ? 'chairman' : `${answer.people}s`;
    return done(`${cap(roleName)} of ${title(company)} as at ${formatDate(doc.date)}: ${listWords(people.map((p) => p.name))}.`);
  }
  if ('statements' in answer) {
    // The statements on the topic, those naming a word of the question first ("rare earth prices": the sentences on
    // prices), whatever subject they were filed under.
    const words = questionWords(q.text);
    const names = (text: string) => words.some((w) => text.toLowerCase().includes(w));
    const all = doc.statements ?? [];
    const lines = [...new Set([...all.filter((s) => names(s.text)), ...all.filter((s) => s.subject === answer.statements)].map((s) => s.text))];
    if (!lines.length) return nothing(topic.label);
    return done(`${cap(topic.label)}, according to the ${title(company)} ${docName(doc)}:`, lines.map((l) => `• ${l}`));
  }
  switch (answer.field) {
    case 'date':
      return done(`The ${title(company)} ${docName(doc)} is dated ${formatDate(doc.date)}${doc.place ? ` (${doc.place})` : ''}.`);
    case 'place':
      return doc.place ? done(`The ${title(company)} ${docName(doc)} was issued in ${doc.place} on ${formatDate(doc.date)}.`) : nothing('where it was issued');
    case 'audited':
      return doc.audited
        ? done(`Yes: the figures in the ${title(company)} ${docName(doc)} are audited.`)
        : done(`No: the figures in the ${title(company)} ${docName(doc)} are unaudited (preliminary).`, doc.auditNote ? [doc.auditNote] : []);
    case 'identity': {
      const listings = company.listings?.map((l) => `${l.exchange} ${l.code}`) ?? company.codes;
      return done(`${company.name.en} (${company.name.zh}), “${company.shortName}”: ${listWords(listings)}.`);
    }
    default:
      return done(`Source: ${doc.title}, ${title(company)}, ${formatDate(doc.date)}${doc.audited ? '' : ' (unaudited)'}.`, [`File: ${doc.file}`]);
  }
}

