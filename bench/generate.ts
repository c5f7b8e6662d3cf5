/**
 * A deterministic generator of knowledge bases for the benchmark: N companies x Y fiscal years x every reported
 * metric of the shipped catalogue, written in the knowledge format (catalogue/ copied as is, companies/<code>-<slug>/
 * with company.json and one annual results document per year) to a folder under os.tmpdir().
 *
 * Names are realistic and distinct, and share words the way real ones do ("China Lithium Holdings", "China Lithium
 * Group", "Jiangsu Hengrui Pharmaceutical"), with Chinese names and stock codes (HKEX five digits, SSE/SZSE six,
 * some dual-listed). Aliases never collide with each other or with the catalogue, by the loader's own rules.
 *
 * Companies are the same at every size: the base of N companies is the first N of the 2,000-company model, so the
 * scale runs (1, 10, 100, 1,000, 2,000) differ only in how many there are. Folders of the smaller bases are
 * symbolic links into the largest one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalWord, splitWords } from '../src/understand/catalogue-index.js';
import { HAN } from '../src/understand/normalize.js';
import { toSimplified } from '../src/understand/traditional.js';
import { GLUE } from '../src/understand/vocabulary.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHIPPED = join(REPO, 'knowledge');
const GENERATOR_VERSION = 3; // bump when the output changes, so cached bases are rebuilt
export const DEFAULT_SEED = 20240314;
export const MAX_COMPANIES = 2000;
export const FIRST_YEAR = 2014;
export const YEARS = 10; // FY2014 .. FY2023; each document also gives the year before

// ---- seeded randomness ----

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const between = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();

// ---- name parts ----

const PLACES: [string, string][] = [
  ['China', '中国'], ['China', '中国'], ['China', '中国'], ['Jiangsu', '江苏'], ['Zhejiang', '浙江'], ['Guangdong', '广东'],
  ['Shanghai', '上海'], ['Beijing', '北京'], ['Shenzhen', '深圳'], ['Sichuan', '四川'], ['Anhui', '安徽'], ['Hunan', '湖南'],
  ['Hubei', '湖北'], ['Fujian', '福建'], ['Shandong', '山东'], ['Henan', '河南'], ['Hebei', '河北'], ['Yunnan', '云南'],
  ['Guangxi', '广西'], ['Tianjin', '天津'], ['Chongqing', '重庆'], ['Liaoning', '辽宁'], ['Jilin', '吉林'], ['Shanxi', '山西'],
  ['Shaanxi', '陕西'], ['Hainan', '海南'], ['Guizhou', '贵州'], ['Gansu', '甘肃'], ['Xinjiang', '新疆'], ['Qingdao', '青岛'],
  ['Xiamen', '厦门'], ['Suzhou', '苏州'], ['Hangzhou', '杭州'], ['Nanjing', '南京'], ['Wuhan', '武汉'], ['Dalian', '大连'],
  ['Harbin', '哈尔滨'], ['Zhuhai', '珠海'], ['Foshan', '佛山'], ['Dongguan', '东莞'], ['Hong Kong', '香港'], ['Inner Mongolia', '内蒙古'],
];

// [English, short English, Chinese]
const INDUSTRIES: [string, string, string][] = [
  ['Lithium', 'Lithium', '锂业'], ['Cement', 'Cement', '水泥'], ['Pharmaceutical', 'Pharma', '医药'], ['Steel', 'Steel', '钢铁'],
  ['Securities', 'Securities', '证券'], ['Energy', 'Energy', '能源'], ['Power', 'Power', '电力'], ['Gas', 'Gas', '燃气'],
  ['Water', 'Water', '水务'], ['Expressway', 'Expressway', '高速'], ['Logistics', 'Logistics', '物流'], ['Shipping', 'Shipping', '航运'],
  ['Airlines', 'Airlines', '航空'], ['Properties', 'Properties', '置业'], ['Technology', 'Tech', '科技'], ['Electronics', 'Electronics', '电子'],
  ['Semiconductor', 'Semi', '半导体'], ['Software', 'Software', '软件'], ['Media', 'Media', '传媒'], ['Foods', 'Foods', '食品'],
  ['Dairy', 'Dairy', '乳业'], ['Beverage', 'Beverage', '饮料'], ['Brewery', 'Brewery', '啤酒'], ['Textile', 'Textile', '纺织'],
  ['Chemical', 'Chemical', '化工'], ['New Materials', 'Materials', '新材料'], ['Mining', 'Mining', '矿业'], ['Gold', 'Gold', '黄金'],
  ['Copper', 'Copper', '铜业'], ['Aluminium', 'Aluminium', '铝业'], ['Coal', 'Coal', '煤业'], ['Solar', 'Solar', '光伏'],
  ['Wind Power', 'Wind', '风电'], ['Automobile', 'Auto', '汽车'], ['Motor', 'Motor', '电机'], ['Machinery', 'Machinery', '机械'],
  ['Construction', 'Construction', '建设'], ['Engineering', 'Engineering', '工程'], ['Healthcare', 'Healthcare', '健康'],
  ['Medical', 'Medical', '医疗'], ['Biotech', 'Biotech', '生物'], ['Insurance', 'Insurance', '保险'], ['Retail', 'Retail', '零售'],
  ['Tourism', 'Tourism', '旅游'], ['Hotels', 'Hotels', '酒店'], ['Education', 'Education', '教育'], ['Environmental', 'Enviro', '环保'],
  ['Port', 'Port', '港口'], ['Railway', 'Railway', '铁路'], ['Telecom', 'Telecom', '通信'], ['Optical', 'Optical', '光学'],
  ['Display', 'Display', '显示'], ['Battery', 'Battery', '电池'], ['Agriculture', 'Agri', '农业'], ['Paper', 'Paper', '纸业'],
  ['Glass', 'Glass', '玻璃'], ['Tyre', 'Tyre', '轮胎'], ['Appliances', 'Appliances', '电器'], ['Home Furnishing', 'Home', '家居'],
  ['Apparel', 'Apparel', '服饰'], ['Sportswear', 'Sportswear', '体育'], ['Cable', 'Cable', '电缆'], ['Rubber', 'Rubber', '橡胶'],
  ['Fertilizer', 'Fertilizer', '化肥'], ['Seed', 'Seed', '种业'], ['Silicon', 'Silicon', '硅业'], ['Tea', 'Tea', '茶业'],
];

const SUFFIXES: [string, string][] = [
  ['Holdings', '控股'], ['Group', '集团'], ['International', '国际'], ['Development', '发展'], ['Industrial', '实业'],
];

// Characters for brand names, with their pinyin: "恒瑞" is "Hengrui".
const BRAND_CHARS: [string, string][] = (
  '恒heng 瑞rui 华hua 能neng 升sheng 龙long 湖hu 海hai 信xin 希xi 望wang 天tian 元yuan 宏hong 达da 盛sheng 泰tai 鑫xin 源yuan ' +
  '安an 康kang 永yong 兴xing 隆long 嘉jia 祥xiang 富fu 德de 鼎ding 博bo 远yuan 晨chen 光guang 星xing 辰chen 鸿hong 宇yu 正zheng ' +
  '通tong 联lian 创chuang 凯kai 旋xuan 科ke 佳jia 东dong 方fang 明ming 晶jing 峰feng 岳yue 澜lan 舜shun 禹yu 尧yao 振zhen 腾teng ' +
  '飞fei 骏jun 驰chi 锦jin 江jiang 云yun 松song 柏bai 桐tong 枫feng 梅mei 兰lan 竹zhu 荣rong 昌chang 茂mao 丰feng 裕yu 威wei ' +
  '豪hao 杰jie 朗lang 逸yi 卓zhuo 越yue 宝bao 钧jun 铭ming 辉hui 旭xu 展zhan 拓tuo 启qi 航hang 诚cheng 毅yi 弘hong 阳yang 晟sheng'
)
  .split(' ')
  .map((s) => [s[0]!, s.slice(1)]);

const SURNAMES =
  'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Zhong Cui Tan Fan Qian Qin Dai Mo Kong Bai Shi'.split(' ');
const GIVEN =
  'wei fang na min jing li qiang lei jun yang yong yan jie tao ming chao xiu hua hong ping gang bin hui long feng kai bo yu xin yi dong lin jian zhi qing ning rui yun peng fei hao xiang cheng guang an da de en'.split(' ');

// ---- the model ----

export interface CompanyModel {
  index: number;
  code: string;
  codes: string[];
  listings: { exchange: string; code: string }[];
  folder: string;
  nameEn: string;
  nameZh: string;
  shortName: string;
  shortZh: string;
  aliases: string[];
  people: { name: string; roles: string[] }[];
  /** metric id -> period -> plain decimal string; flows by FY, balances by year-end date */
  values: Record<string, Record<string, string>>;
  preliminaryLatest: boolean;
}

interface MetricInfo {
  id: string;
  label: string;
  names: { en: string; zh: string };
  unit: string;
  kind: 'flow' | 'balance';
}

/** How the loader compares aliases: content words, canonicalised, glue dropped; Chinese by its characters. */
export function aliasKey(text: string): string {
  if (HAN.test(text)) return text.replace(/\s+/g, '');
  return splitWords(text.replace(/'s\b/gi, ''))
    .map(canonicalWord)
    .filter((w) => !GLUE.has(w))
    .join(' ');
}

function readCatalogue(dir: string) {
  const read = (f: string) => JSON.parse(readFileSync(join(dir, 'catalogue', f), 'utf8'));
  const metrics = read('metrics.json').metrics as (MetricInfo & { aliases: string[] })[];
  const derived = read('derived.json').derived as { aliases: string[]; names: { en: string; zh: string }; label: string }[];
  const concepts = read('undisclosed.json').concepts as { aliases: string[]; label: string }[];
  const topics = read('topics.json').topics as { aliases: string[]; label: string }[];
  const filler = read('filler.json').phrases as string[];
  const reserved = new Set<string>();
  const words = new Set<string>();
  const addAll = (texts: string[]) => {
    for (const t of texts) {
      const key = aliasKey(t);
      reserved.add(key);
      if (!HAN.test(t)) key.split(' ').forEach((w) => words.add(w));
    }
  };
  for (const m of [...metrics, ...derived]) addAll([m.label, m.names.en, m.names.zh, ...m.aliases]);
  for (const c of [...concepts, ...topics]) addAll([c.label, ...c.aliases]);
  addAll(filler);
  const zhAliases = [...metrics, ...derived, ...concepts, ...topics].flatMap((m) => m.aliases.filter((a) => HAN.test(a)));
  return { metrics, reserved, words, zhAliases };
}

function codeFor(r: () => number, used: Set<string>): { code: string; codes: string[]; listings: { exchange: string; code: string }[] } {
  for (;;) {
    const kind = r();
    let hk: string | undefined;
    let a: string | undefined;
    let exchange = 'SSE';
    if (kind < 0.45) hk = '0' + String(1 + Math.floor(r() * 9998)).padStart(4, '0');
    else {
      const board = r();
      if (board < 0.4) a = String(600000 + Math.floor(r() * 6000));
      else if (board < 0.7) ((a = String(1 + Math.floor(r() * 3999)).padStart(6, '0')), (exchange = 'SZSE'));
      else if (board < 0.9) ((a = String(300001 + Math.floor(r() * 1999))), (exchange = 'SZSE'));
      else a = String(688001 + Math.floor(r() * 998));
      if (r() < 0.15) hk = '0' + String(1 + Math.floor(r() * 9998)).padStart(4, '0'); // dual-listed
    }
    const all = [hk, a].filter((c): c is string => !!c);
    const stripped = all.map((c) => c.replace(/^0+/, ''));
    // Codes must stay distinct without their leading zeros, and never read as a year ("02015").
    if (stripped.some((s) => used.has(s) || /^(19|20)\d\d$/.test(s))) continue;
    stripped.forEach((s) => used.add(s));
    const listings = [...(hk ? [{ exchange: 'HKEX', code: hk }] : []), ...(a ? [{ exchange, code: a }] : [])];
    return { code: all[0]!, codes: all, listings };
  }
}

const money = (cents: number) => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** Values for every metric and year, consistent with each other (EPS from profit and shares, ROE from equity...). */
function series(r: () => number, metrics: MetricInfo[]): Record<string, Record<string, string>> {
  const years = Array.from({ length: YEARS + 1 }, (_, i) => FIRST_YEAR - 1 + i);
  let revenue = Math.exp(between(r, Math.log(2e8), Math.log(1.5e11)));
  let margin = between(r, -0.03, 0.2);
  let shares = Math.round(between(r, 3e8, 1.2e10));
  let assets = revenue * between(r, 1.1, 3);
  let equityShare = between(r, 0.3, 0.7);
  const price = between(r, 2e4, 8e5); // RMB a tonne
  const raw: Record<string, number[]> = {};
  const put = (id: string, v: number) => (raw[id] ??= []).push(v);
  let prevEquity = 0;
  for (let i = 0; i < years.length; i++) {
    if (i > 0) {
      revenue *= 1 + between(r, -0.15, 0.28);
      margin = Math.min(0.3, Math.max(-0.12, margin + between(r, -0.04, 0.04)));
      if (r() < 0.12) shares = Math.round(shares * between(r, 1.05, 1.6));
      assets *= 1 + between(r, -0.05, 0.2);
      equityShare = Math.min(0.8, Math.max(0.2, equityShare + between(r, -0.05, 0.05)));
    }
    const rev = Math.round(revenue * 100);
    const net = Math.round(rev * margin);
    const recurring = Math.round(net * (net >= 0 ? between(r, 0.75, 1.05) : between(r, 1, 1.3)));
    const total = Math.round(net >= 0 ? net * between(r, 1.12, 1.35) : net * between(r, 0.9, 1.1));
    const operating = Math.round(total * between(r, 0.97, 1.03));
    const equity = Math.round(assets * 100 * equityShare);
    put('total_revenue', rev);
    put('net_profit', net);
    put('net_profit_recurring', recurring);
    put('total_profit', total);
    put('operating_profit', operating);
    put('total_assets', Math.round(assets * 100));
    put('equity_attributable', equity);
    put('share_capital', shares * 100);
    put('basic_eps', Math.round(net / shares)); // cents a share
    put('bvps', Math.round(equity / shares));
    put('weighted_roe', Math.round((net / ((equity + (prevEquity || equity)) / 2)) * 10000)); // hundredths of a percent
    put('sales_volume', Math.round(rev / price) * 100);
    put('operating_cash_flow', Math.round(net * between(r, 0.4, 1.8) + rev * 0.01));
    prevEquity = equity;
  }
  const out: Record<string, Record<string, string>> = {};
  for (const m of metrics) {
    const list = raw[m.id] ?? years.map(() => Math.round(raw.total_revenue![0]! * between(r, 0.01, 0.3)));
    const integer = m.unit === 'shares' || m.unit === 'tonnes';
    out[m.id] = Object.fromEntries(
      years.map((y, i) => [m.kind === 'balance' ? `${y}-12-31` : `FY${y}`, integer ? String(Math.round(list[i]! / 100)) : money(list[i]!)]),
    );
  }
  return out;
}

/** The full 2,000-company model (names, codes, people, values): cheap, in memory, the same on every call. */
export function buildModel(seed = DEFAULT_SEED, knowledgeDir = SHIPPED): { companies: CompanyModel[]; metrics: MetricInfo[] } {
  const r = rng(seed);
  const cat = readCatalogue(knowledgeDir);
  const okWord = (w: string) => aliasKey(w).split(' ').every((t) => !cat.words.has(t));
  const okZh = (s: string) => toSimplified(s) === s && !cat.zhAliases.some((a) => s.includes(a));
  const industries = INDUSTRIES.filter(([en, short, zh]) => okWord(en) && okWord(short) && okZh(zh));
  const places = PLACES.filter(([en, zh]) => okWord(en) && okZh(zh));
  const brands = BRAND_CHARS.filter(([zh]) => okZh(zh));

  const usedCodes = new Set<string>();
  const taken = new Map<string, number>([...cat.reserved].map((k) => [k, -1])); // alias key -> company index
  const usedSlugs = new Set<string>();
  const companies: CompanyModel[] = [];
  const optional: { company: CompanyModel; text: string }[] = [];
  const claim = (texts: string[], i: number) => {
    const keys = texts.map(aliasKey);
    if (keys.some((k) => !k || (taken.has(k) && taken.get(k) !== i))) return false;
    keys.forEach((k) => taken.set(k, i));
    return true;
  };

  while (companies.length < MAX_COMPANIES) {
    const i = companies.length;
    const [placeEn, placeZh] = pick(r, places);
    const [indEn, indShort, indZh] = pick(r, industries);
    const [sufEn, sufZh] = pick(r, SUFFIXES);
    const b1 = pick(r, brands);
    const b2 = pick(r, brands);
    if (b1[0] === b2[0] || !okZh(b1[0] + b2[0])) continue;
    const brandEn = b1[1][0]!.toUpperCase() + b1[1].slice(1) + b2[1];
    const brandZh = b1[0] + b2[0];
    const style = r();
    let nameEn: string, nameZh: string, shortName: string, shortZh: string;
    const must: string[] = [];
    const extra: string[] = [];
    if (style < 0.3) {
      // "China Lithium Holdings Limited" / 中国锂业控股有限公司
      shortName = `${placeEn} ${indEn} ${sufEn}`;
      nameEn = `${shortName} Limited`;
      shortZh = `${placeZh}${indZh}${sufZh}`;
      nameZh = `${shortZh}有限公司`;
    } else if (style < 0.75) {
      // "Jiangsu Hengrui Pharmaceutical Co., Ltd." / 江苏恒瑞医药股份有限公司, known as "Hengrui Pharma" / 恒瑞医药
      nameEn = `${placeEn} ${brandEn} ${indEn} Co., Ltd.`;
      nameZh = `${placeZh}${brandZh}${indZh}股份有限公司`;
      shortName = `${brandEn} ${indShort}`;
      shortZh = `${brandZh}${indZh}`;
      must.push(`${brandEn} ${indEn}`, `${placeEn} ${brandEn} ${indEn}`);
      extra.push(brandEn, `${placeEn} ${brandEn}`, `${placeZh}${brandZh}`, brandZh);
    } else {
      // "Tianyuan Energy Holdings Limited" / 天元能源控股有限公司
      shortName = `${brandEn} ${indEn} ${sufEn}`;
      nameEn = `${shortName} Limited`;
      shortZh = `${brandZh}${indZh}`;
      nameZh = `${brandZh}${indZh}${sufZh}有限公司`;
      must.push(`${brandEn} ${indEn}`);
      extra.push(brandEn, brandZh);
    }
    // No catalogue word inside a Chinese name ("展望" is guidance): the name would swallow the metric.
    if (![shortZh, `${placeZh}${brandZh}${indZh}`].every(okZh)) continue;
    if (!claim([shortName, nameEn, shortZh, nameZh, ...must], i)) continue;
    const { code, codes, listings } = codeFor(r, usedCodes);
    let slug = shortName.toLowerCase().replace(/[^a-z0-9]+/g, '');
    while (usedSlugs.has(slug)) slug += 'x';
    usedSlugs.add(slug);
    const company: CompanyModel = {
      index: i,
      code,
      codes,
      listings,
      folder: `${code}-${slug}`,
      nameEn,
      nameZh,
      shortName,
      shortZh,
      aliases: [...new Set([shortName, nameEn, ...must, shortZh, nameZh])],
      people: [],
      values: {},
      preliminaryLatest: r() < 0.3,
    };
    for (const text of extra) optional.push({ company, text });
    companies.push(company);
  }
  // A bare brand ("Hengrui", 恒瑞) is an alias only when no other company could claim it.
  const counts = new Map<string, number>();
  for (const o of optional) counts.set(aliasKey(o.text), (counts.get(aliasKey(o.text)) ?? 0) + 1);
  for (const o of optional) {
    const key = aliasKey(o.text);
    if (counts.get(key) === 1 && !taken.has(key)) {
      taken.set(key, o.company.index);
      o.company.aliases.push(o.text);
    }
  }
  // Boards: seven people each, every name distinct across the base (a person is an alias of their company).
  const roles: string[][] = [
    ['chairman', 'signer', 'executive director', 'director'],
    ['executive director', 'director'],
    ['executive director', 'director'],
    ['non-executive director', 'director'],
    ['non-executive director', 'director'],
    ['independent non-executive director', 'director'],
    ['independent non-executive director', 'director'],
  ];
  for (const c of companies) {
    for (const role of roles) {
      for (;;) {
        const g1 = pick(r, GIVEN);
        const g2 = r() < 0.7 ? pick(r, GIVEN) : '';
        const name = `${pick(r, SURNAMES)} ${g1[0]!.toUpperCase()}${g1.slice(1)}${g2}`;
        if (!claim([name], -2 - c.index)) continue;
        c.people.push({ name, roles: role });
        break;
      }
    }
    c.values = series(r, cat.metrics);
  }
  return { companies, metrics: cat.metrics };
}

// ---- documents ----

const group3 = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
function quoteOf(value: string, unit: string): string {
  const neg = value.startsWith('-');
  const [int, frac] = value.replace('-', '').split('.');
  const n = `${neg ? '-' : ''}${group3(int!)}${frac ? '.' + frac : ''}`;
  return unit === '%' ? `${n}%` : n;
}

function pctChange(cur: string, prior: string): string | undefined {
  const a = Number(cur);
  const b = Number(prior);
  if (b === 0) return undefined;
  return (Math.round(((a - b) / Math.abs(b)) * 10000) / 100).toFixed(2);
}

const UNIT: Record<string, string> = { money: 'RMB', money_per_share: 'RMB/share', money_per_tonne: 'RMB/tonne', percent: '%', shares: 'shares', tonnes: 'tonnes', ratio: 'x' };

function documentFor(c: CompanyModel, metrics: MetricInfo[], year: number) {
  const latest = year === FIRST_YEAR + YEARS - 1;
  const preliminary = latest && c.preliminaryLatest;
  const facts: object[] = [];
  for (const m of metrics) {
    const unit = UNIT[m.unit] ?? 'RMB';
    const key = (y: number) => (m.kind === 'balance' ? `${y}-12-31` : `FY${y}`);
    const cur = c.values[m.id]![key(year)]!;
    const prior = c.values[m.id]![key(year - 1)]!;
    const row = `row '${m.names.en}'`;
    facts.push({ metric: m.id, period: key(year), value: cur, unit, source: { where: `Table I, ${row}, column 'Current period'`, quote: quoteOf(cur, unit) } });
    facts.push({ metric: m.id, period: key(year - 1), value: prior, unit, source: { where: `Table I, ${row}, column 'Prior period'`, quote: quoteOf(prior, unit) } });
    if (m.unit === 'percent') {
      const pp = (Math.round((Number(cur) - Number(prior)) * 100) / 100).toFixed(2);
      facts.push({ metric: m.id, measure: 'change_pp', period: key(year), value: pp, unit: 'pp', source: { where: `Table I, ${row}, column 'Change'`, quote: `${pp} percentage points` } });
    } else {
      const pct = pctChange(cur, prior);
      if (pct !== undefined) facts.push({ metric: m.id, measure: 'change_pct', period: key(year), value: pct, unit: '%', source: { where: `Table I, ${row}, column 'Change (%)'`, quote: `${pct}%` } });
    }
  }
  const revenue = c.values.total_revenue?.[`FY${year}`];
  const revenuePrior = c.values.total_revenue?.[`FY${year - 1}`];
  const up = revenue && revenuePrior && Number(revenue) >= Number(revenuePrior);
  const where = { where: 'II Operating results', quote: up ? 'demand for our products grew' : 'demand for our products weakened' };
  return {
    id: `${c.code}-${year}-annual`,
    title: `${preliminary ? 'Preliminary announcement of' : 'Announcement of'} annual results for the year ended 31 December ${year}`,
    shortTitle: `${preliminary ? 'preliminary ' : ''}annual results ${year}`,
    type: preliminary ? 'preliminary_annual' : 'annual_results',
    period: `FY${year}`,
    date: `${year + 1}-03-${String(10 + (c.index % 19)).padStart(2, '0')}`,
    audited: !preliminary,
    ...(preliminary ? { auditNote: 'The figures are preliminary and have not been audited; the final figures are those in the annual report.' } : {}),
    language: 'en',
    file: `${c.code}-${year}-annual.en.txt`,
    people: c.people,
    facts,
    statements: [
      { subject: 'reasons', text: up ? `Revenue grew in ${year} as demand for the group's products grew.` : `Revenue fell in ${year} as demand for the group's products weakened.`, source: where },
      { subject: 'operations', text: `In ${year} the group ${up ? 'expanded capacity' : 'consolidated its operations'} and kept its cost base under control.`, source: where },
    ],
  };
}

// ---- writing ----

export interface Generated {
  dir: string;
  n: number;
  companies: CompanyModel[];
  seconds: number; // spent generating now (0 when reused)
}

function cacheKey(seed: number): string {
  const h = createHash('sha256').update(`${GENERATOR_VERSION}|${seed}|`);
  for (const f of readdirSync(join(SHIPPED, 'catalogue')).sort()) h.update(f).update(readFileSync(join(SHIPPED, 'catalogue', f)));
  return h.digest('hex').slice(0, 12);
}

/**
 * Writes (or reuses) the generated bases for the given sizes under os.tmpdir()/results-bot-bench/. The largest is
 * written in full; smaller ones link to its company folders. Returns one entry per size.
 */
export function generate(sizes: number[], seed = DEFAULT_SEED): Map<number, Generated> {
  const started = performance.now();
  const parent = join(tmpdir(), 'results-bot-bench');
  const root = join(parent, `kb-${cacheKey(seed)}`);
  // Bases made from an older catalogue or generator are of no more use.
  if (existsSync(parent)) for (const old of readdirSync(parent)) if (old.startsWith('kb-') && join(parent, old) !== root) rmSync(join(parent, old), { recursive: true, force: true });
  const max = Math.max(...sizes);
  if (max > MAX_COMPANIES) throw new Error(`at most ${MAX_COMPANIES} companies`);
  const model = buildModel(seed);
  const companies = model.companies;
  const full = join(root, `n${MAX_COMPANIES}`);
  const done = join(full, '.complete');
  let wrote = false;
  if (!existsSync(done)) {
    rmSync(full, { recursive: true, force: true });
    mkdirSync(join(full, 'catalogue'), { recursive: true });
    for (const f of readdirSync(join(SHIPPED, 'catalogue'))) writeFileSync(join(full, 'catalogue', f), readFileSync(join(SHIPPED, 'catalogue', f)));
    for (const c of companies) {
      const base = join(full, 'companies', c.folder);
      mkdirSync(join(base, 'documents'), { recursive: true });
      const info = { code: c.code, codes: c.codes, listings: c.listings, name: { en: c.nameEn, zh: c.nameZh }, shortName: c.shortName, aliases: c.aliases };
      writeFileSync(join(base, 'company.json'), JSON.stringify(info, null, 2));
      for (let y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y++) {
        writeFileSync(join(base, 'documents', `${y}-annual.json`), JSON.stringify(documentFor(c, model.metrics, y)));
      }
    }
    writeFileSync(done, new Date().toISOString());
    wrote = true;
  }
  const out = new Map<number, Generated>();
  for (const n of sizes) {
    let dir = full;
    if (n !== MAX_COMPANIES) {
      dir = join(root, `n${n}`);
      if (!existsSync(join(dir, '.complete'))) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(join(dir, 'companies'), { recursive: true });
        symlinkSync(join(full, 'catalogue'), join(dir, 'catalogue'), 'dir');
        for (const c of companies.slice(0, n)) symlinkSync(join(full, 'companies', c.folder), join(dir, 'companies', c.folder), 'dir');
        writeFileSync(join(dir, '.complete'), new Date().toISOString());
        wrote = true;
      }
    }
    out.set(n, { dir, n, companies: companies.slice(0, n), seconds: 0 });
  }
  const seconds = wrote ? (performance.now() - started) / 1000 : 0;
  for (const g of out.values()) g.seconds = seconds;
  return out;
}

// `tsx bench/generate.ts [N]`: writes the bases and prints where.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? MAX_COMPANIES);
  const g = generate([n]).get(n)!;
  console.log(JSON.stringify({ dir: g.dir, companies: g.n, seconds: g.seconds, sample: g.companies.slice(0, 8).map((c) => [c.code, c.shortName, c.shortZh, c.aliases]) }, null, 1));
}
