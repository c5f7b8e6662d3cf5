import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBot, loadKnowledge, renderText, toJson } from '../src/index.js';

const bot = createBot(loadKnowledge(join(import.meta.dirname, '..', 'knowledge')));

describe('answers', () => {
  it('give the figure with its period, the year-on-year change and the source', () => {
    const a = bot.ask("What was JL MAG's revenue in 2023?");
    expect(a.status).toBe('answered');
    expect(a.headline).toBe('JL MAG (06680) total revenue, FY2023: RMB 6,687.86 million, down 6.66% from RMB 7,165.19 million in FY2022.');
    expect(renderText(a)).toContain('Source: preliminary annual results 2023 (unaudited), 14 Mar 2024.');
    expect(renderText(a)).toContain('Exact total revenue, FY2023: RMB 6,687,864,421.33.');
  });

  it('lay out a card per metric with current value, prior value and change', () => {
    const a = bot.ask('total assets');
    expect(a.cards).toEqual([
      {
        title: 'JL MAG (06680) · total assets',
        fields: [
          { name: '31 Dec 2023', value: 'RMB 11,825.95 million' },
          { name: '31 Dec 2022', value: 'RMB 11,220.46 million' },
          { name: 'Change', value: '+5.40% · +RMB 605.50 million' },
        ],
      },
    ]);
  });

  it('stay in RMB when another currency is asked for, and say that nothing is converted', () => {
    const a = toJson(bot.ask('Revenue in USD'));
    expect(a.answers[0]).toMatchObject({ metric: 'total_revenue', value: '6687864421.33', unit: 'RMB' });
    expect(a.text).toContain('Figures are in RMB, as the announcements report them: I do not convert them to USD.');
    expect(toJson(bot.ask('营业收入是多少港元')).text).toContain('I do not convert them to 港元.');
    expect(toJson(bot.ask('revenue')).text).not.toContain('convert');
  });

  it('say interest figures are not disclosed rather than reading "net interest income" as net income', () => {
    for (const q of ['net interest income', 'interest coverage', '利息保障倍数', 'interest expense 2023']) {
      const a = toJson(bot.ask(q));
      expect(a.status, q).toBe('not_disclosed');
      expect(a.answers, q).toEqual([]);
    }
  });

  it('never read a metric across a word that means something else, nor do arithmetic with a figure not disclosed', () => {
    const both = toJson(bot.ask('net profit and gross margin'));
    expect(both.answers.map((x) => x.metric)).toEqual(['net_profit']);
    expect(both.text).toContain('Not disclosed in the announcement: gross margin and gross profit.');
    for (const q of ['cost of revenue', 'revenue minus costs in 2023', 'dividend as a percentage of net profit', 'cost per tonne']) {
      const a = toJson(bot.ask(q));
      expect([a.status, a.answers.length], q).toEqual(['not_disclosed', 0]);
    }
    expect(toJson(bot.ask("shareholders' funds")).answers[0]).toMatchObject({ metric: 'equity_attributable' });
  });

  it('say a part of a figure (a market, a product, a customer) or a restated figure is not disclosed, rather than give the whole', () => {
    for (const q of ['revenue from wind power', 'sales in Europe', 'revenue in China', 'pro forma revenue', 'non-GAAP net profit', 'like-for-like revenue']) {
      const a = toJson(bot.ask(q));
      expect([a.status, a.answers.length], q).toEqual(['not_disclosed', 0]);
    }
    expect(toJson(bot.ask('revenue in China')).text).toContain('They give the figure for the company as a whole, not for “China”.');
    for (const q of ['revenue in 2023', 'revenue in RMB', 'cash flow from operating activities', 'revenue in USD']) expect(toJson(bot.ask(q)).status, q).toBe('answered');
  });

  it('show how a computed figure was computed', () => {
    const a = bot.ask('net margin');
    expect(a.figures[0]).toMatchObject({ metric: 'net_margin', derived: true, unit: '%' });
    expect(a.details[0]).toBe('Net margin, FY2023 = net profit attributable to shareholders ÷ total revenue = 563,692,826.17 ÷ 6,687,864,421.33 × 100 = 8.43%.');
  });

  it('show a prior-year value implied by a reported growth rate, and say so', () => {
    const a = bot.ask('sales volume 2022');
    expect(a.headline).toMatch(/about 12,039.81 tonnes \(implied\)/);
    expect(a.details[0]).toMatch(/15,122 ÷ \(1 \+ 25.60%\) = 12,039.81 tonnes/);
  });

  it('state a change as reported, with the amount computed, and the two figures it is between', () => {
    const json = toJson(bot.ask('How much lower was operating profit than in 2022, in RMB?'));
    expect(json.answers.map((x) => [x.metric, x.period, x.value, x.unit, x.derived])).toEqual([
      ['operating_profit.change_abs', 'FY2023', '-150006145.81', 'RMB', true],
      ['operating_profit.change_pct', 'FY2023', '-19.51', '%', false],
      ['operating_profit', 'FY2023', '618803687.94', 'RMB', false],
      ['operating_profit', 'FY2022', '768809833.75', 'RMB', false],
    ]);
  });

  it('give ratio changes in percentage points', () => {
    const json = toJson(bot.ask('change in ROE'));
    expect(json.answers[0]).toEqual({ company: '06680', metric: 'weighted_roe.change_pp', period: 'FY2023', value: '-3.24', unit: 'pp', derived: false });
    expect(json.answers.slice(1).map((x) => [x.metric, x.period, x.value])).toEqual([['weighted_roe', 'FY2023', '8.11'], ['weighted_roe', 'FY2022', '11.35']]);
    expect(json.text).toMatch(/down 3.24 percentage points/);
  });

  it('say what is not disclosed and name what is known', () => {
    const a = bot.ask('gross margin');
    expect(a.status).toBe('not_disclosed');
    expect(a.headline).toMatch(/does not disclose gross margin/);
    expect(a.details.join(' ')).toMatch(/It gives: total revenue, operating profit/);
    const q1 = bot.ask('revenue in Q1 2023');
    expect(q1.status).toBe('not_disclosed');
    expect(renderText(q1)).toMatch(/gives it for FY2023 and FY2022/);
    expect(renderText(q1)).toMatch(/profit for the fourth quarter was lower/);
  });

  it('compute the difference of two figures in the same unit, showing how', () => {
    const json = toJson(bot.ask('what is revenue minus operating profit in 2023'));
    expect(json.answers).toEqual([expect.objectContaining({ metric: 'total_revenue_minus_operating_profit', period: 'FY2023', value: '6069060733.39', derived: true })]);
    expect(json.text).toMatch(/= total revenue − operating profit = 6,687,864,421.33 − 618,803,687.94/);
    // A difference the catalogue already defines is answered as that metric.
    expect(toJson(bot.ask('the gap between total profit and net profit in 2022')).answers[0]).toMatchObject({ metric: 'tax_and_minorities', value: '64007312.29' });
    // Percentages do not subtract into a figure of the same unit: both are given instead.
    expect(toJson(bot.ask('ROE minus net margin')).answers.map((a) => a.metric)).toEqual(['weighted_roe', 'net_margin']);
  });

  it('read "A excluding B" as A without that part, and say so when it cannot be taken out', () => {
    // Net profit less its non-recurring part is the reported recurring net profit, not a new computation.
    for (const question of ['profit excluding one-offs', 'net profit before one-off items', 'earnings ex one-offs']) {
      expect(toJson(bot.ask(question)).answers, question).toEqual([expect.objectContaining({ metric: 'net_profit_recurring', value: '493403386.86' })]);
    }
    // A per-share or percentage figure cannot lose a money amount: not the unadjusted figure under the asked name.
    const eps = toJson(bot.ask('EPS excluding one-offs'));
    expect(eps.status).toBe('not_disclosed');
    expect(eps.answers).toEqual([]);
    expect(eps.text).toMatch(/do not give basic earnings per share excluding non-recurring gains and losses/);
  });

  it('divide by the unit named after "per": per tonne is computed, per share is not given beyond EPS and NAV', () => {
    const tonne = toJson(bot.ask('operating profit per tonne'));
    expect(tonne.answers).toEqual([expect.objectContaining({ period: 'FY2023', value: '40920.76', unit: 'RMB/tonne', derived: true })]);
    expect(tonne.text).toMatch(/operating profit per tonne sold/);
    expect(toJson(bot.ask('How much revenue did JL MAG generate per tonne of magnets sold?')).answers).toEqual([
      expect.objectContaining({ metric: 'revenue_per_tonne', value: '442260.58' }),
    ]);
    // Per share means over the weighted average shares, which the announcement does not give.
    const perShare = toJson(bot.ask('revenue per share'));
    expect(perShare.status).toBe('not_disclosed');
    expect(perShare.text).toMatch(/do not give total revenue per share[\s\S]*basic earnings per share and net assets per share/);
    expect(toJson(bot.ask('net profit per share')).answers).toEqual([expect.objectContaining({ metric: 'basic_eps', value: '0.52' })]);
    expect(toJson(bot.ask('EPS per share')).answers).toEqual([expect.objectContaining({ metric: 'basic_eps' })]);
  });

  it('compute an average balance from the opening and closing figures, showing how', () => {
    const json = toJson(bot.ask('average total assets'));
    expect(json.answers).toEqual([expect.objectContaining({ metric: 'average_total_assets', period: 'FY2023', value: '11523205022.08', derived: true })]);
    expect(json.text).toMatch(/= \(closing at 31 Dec 2023 \+ opening at 31 Dec 2022\) ÷ 2 = \(11,825,954,292.65 \+ 11,220,455,751.51\) ÷ 2/);
    expect(toJson(bot.ask('平均总资产')).answers[0]?.value).toBe('11523205022.08');
    // The opening balance of 2022 is not given: not the year-end figure instead.
    const earlier = toJson(bot.ask('average equity in 2022'));
    expect(earlier.status).toBe('not_disclosed');
    expect(earlier.answers).toEqual([]);
    // "Weighted average" belongs to the ROE's name: no average of it is taken.
    expect(toJson(bot.ask('weighted average return on net assets')).answers[0]).toMatchObject({ metric: 'weighted_roe', value: '8.11' });
  });

  it('say a part of a figure is not disclosed, never give the whole figure for it', () => {
    for (const question of ['revenue by segment', 'revenue by region', 'net profit from continuing operations', 'production volume']) {
      const json = toJson(bot.ask(question));
      expect(json.status, question).toBe('not_disclosed');
      expect(json.answers, question).toEqual([]);
    }
    // A concept beside a figure it does not narrow: the figure, and a note.
    const json = toJson(bot.ask('revenue and R&D expense'));
    expect(json.answers.map((a) => a.metric)).toEqual(['total_revenue']);
    expect(json.text).toMatch(/Not disclosed in the announcement: R&D expense/);
  });

  it('read "was 2023 better than 2022?" as the key figures compared', () => {
    for (const question of ['Was 2023 better than 2022?', 'did the company do better or worse than last year?', 'did results improve?']) {
      const json = toJson(bot.ask(question));
      expect(json.status, question).toBe('answered');
      expect(json.answers.filter((a) => a.unit === '%').map((a) => a.metric), question).toEqual(['total_revenue.change_pct', 'net_profit.change_pct', 'basic_eps.change_pct']);
    }
  });

  it('answer a question about the results as a whole with the key figures', () => {
    for (const question of ['how did the company perform in 2023', 'what are the results?', 'key figures', '公司业绩如何']) {
      expect(toJson(bot.ask(question)).answers.map((a) => a.metric), question).toEqual(['total_revenue', 'net_profit', 'basic_eps']);
    }
  });

  it('say it is the change that is missing when the figure itself is there', () => {
    const a = bot.ask('revenue growth in 2022');
    expect(a).toMatchObject({ status: 'not_disclosed', figures: [] });
    expect(a.headline).toBe('JL MAG (06680): the announcements I have do not give the change in total revenue for FY2022.');
    expect(bot.ask('how did Q4 revenue change').headline).toMatch(/do not give total revenue for Q4 2023/);
  });

  it('point from a figure the announcement does not give to its closest one that it does', () => {
    const a = bot.ask('diluted EPS 2022');
    expect(a).toMatchObject({ status: 'not_disclosed', figures: [] });
    expect(a.details.join(' ')).toMatch(/does not give it; it gives basic earnings per share/);
    expect(a.suggestions).toEqual(['basic earnings per share FY2022']);
    expect(bot.ask(a.suggestions[0]!).status).toBe('answered');
  });

  it('never answer with another company’s figures', () => {
    const a = bot.ask('BYD revenue 2023');
    expect(a).toMatchObject({ status: 'not_found', figures: [] });
    expect(a.headline).toBe('I have no results for BYD.');
    expect(a.details[0]).toMatch(/JL MAG \(06680\)/);
  });

  it('take a name typed in lower case for a company it does not know, not for the one it does', () => {
    for (const [question, name] of [
      ['byd revenue', 'byd'],
      ['what was tesla net profit in 2023', 'tesla'],
      ['revenue of zijin mining', 'zijin mining'],
      ['northern rare earth revenue', 'northern rare earth'],
      ['compare revenue with byd', 'byd'],
    ]) {
      expect(bot.ask(question!), question).toMatchObject({ status: 'not_found', figures: [], headline: `I have no results for ${name}.` });
    }
    // Chinese names before the figure, or set apart after it.
    for (const question of ['比亚迪的营业收入', '营业收入，比亚迪', '净利润（宁德时代）']) {
      expect(bot.ask(question), question).toMatchObject({ status: 'not_found', figures: [] });
    }
    expect(bot.ask('营业收入的变化趋势').status).toBe('answered');
    // Nor when the question leans on the conversation, or asks about the results as a whole.
    const context = bot.ask('revenue 2023').context;
    expect(bot.ask('and for byd in 2022?', context)).toMatchObject({ status: 'not_found', figures: [], headline: 'I have no results for byd.' });
    expect(bot.ask('how did alibaba perform')).toMatchObject({ status: 'not_found', figures: [], headline: 'I have no results for alibaba.' });
    expect(bot.ask('and in 2022?', context).status).toBe('answered');
    // Words that are not names, in the same places, still get the answer.
    for (const question of ['how big was the drop in profit before tax', 'implied sales volume in 2022', 'consolidated revenue 2023', 'revenue for the year', 'revenue compared with last year']) {
      expect(bot.ask(question).status, question).toBe('answered');
    }
  });

  it('answer what the announcement says about itself', () => {
    expect(bot.ask('Who signed the announcement?').headline).toMatch(/signed by Cai Baogui, Chairman/);
    expect(bot.ask('Is this the audited result?').headline).toMatch(/unaudited/);
    expect(bot.ask('Who are the executive directors?').headline).toMatch(/Cai Baogui and Lyu Feng/);
    expect(renderText(bot.ask('why did net profit fall?'))).toMatch(/Ningbo production base/);
  });

  it('offer help for an empty or meaningless question', () => {
    for (const q of ['', '   ', 'help', '<@U123>']) {
      const a = bot.ask(q);
      expect(a.status).toBe('clarify');
      expect(renderText(a)).toMatch(/revenue 2023/);
    }
    const nonsense = bot.ask('asdfgh qwerty');
    expect(nonsense.status).toBe('not_found');
    expect(nonsense.suggestions.length).toBeGreaterThan(0);
  });

  it('read only the start of an over-long message, and say so', () => {
    const a = bot.ask('revenue 2023 ' + 'blah '.repeat(8000));
    expect(a.status).toBe('answered');
    expect(a.details.at(-1)).toBe('Your message was long: I read only its first 2,000 characters.');
  });

  it('never echo a mention or broadcast back', () => {
    for (const q of ['<!channel> net profit', '@everyone @here revenue', '<@U999> <!subteam^S1> eps', "<!here>'s revenue"]) {
      const text = renderText(bot.ask(q));
      expect(text).not.toMatch(/<!|<@|@everyone|@here/);
    }
  });
});
