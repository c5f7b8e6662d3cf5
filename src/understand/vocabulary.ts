import { stem } from './normalize.js';

/** A word set holding each word as typed and as stemmed, since questions are matched in stemmed form ("does" -> "doe"). */
const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean).flatMap((w) => [w, stem(w)]));

// Words of the question that are grammar rather than subject: filler, connectives, period and intent phrases.
// Subject words (metrics, companies, topics) are data and live in knowledge/catalogue.

/**
 * Glue words: dropped from aliases and questions alike when matching ("net profit attributable to shareholders of
 * the company" needs no "of" or "the"). Every other word of an alias must be found in the question.
 */
export const GLUE = words(`a an the of to for in on at by from with within into as and or nor but per is are was were be been being its it's it this that these those their`);

/** English filler: words of a question that name nothing, so they are never taken for an unknown company name. */
export const STOPWORDS = words(
  `a an the of to for in on at by from with within into as than then and or nor but so also too both either each all any some
  what whats what's which who whom whose when where how why is are was were be been being am do does did done doing has have had
  having can could would should will shall may might must it its it's itself this that these those there here their theirs they them
  i me my we us our you your he she his her him please pls plz kindly tell show give get got find fetch look lookup display list provide
  know let see say said says tell want need like just only about regarding re concerning per company company's companies firm group
  business corp corporation co ltd limited inc plc holding hk hkex sz szse sh sse figure figures
  amount amounted amounts data metric metrics info information reported report reporting post posted
  record recorded come came reach reached level levels achieve achieved make made generate generated earn earned deliver
  delivered booked log logged register registered see saw stand stood ended closed hit land landed rmb yuan renminbi
  cny million billion thousand mn bn m b k approximately approx around roughly about exact exactly precise latest current
  hey hi hello ok okay thanks thank thx bot results-bot yes no not did does doesn't didn't isn't wasn't was quick quickly
  calculate compute work out check confirm summarise summarize summary break down overall full whole
  year years yr annual annually period periods fiscal financial full-year much many some any more most percentage percent proportion
  yearly quarterly consolidated now actual actually headline question recent same entire calendar
  audited unaudited preliminary final expected estimated implied implicit derived computed calculated underlying normalised
  normalized comparable organic key main major average mean typical big small large high low good bad strong weak
  investors investor analysts shareholders holders owners parent stakeholders management according accordance
  basically honestly lastly firstly secondly thirdly really seriously briefly generally additionally frankly simply anyway
  go goes going went gone fare fared faring turn turned turning happen happened happening seem seemed looked`,
);

/** Chinese filler, removed from what is left once subjects, periods and intents are found. Longest first. */
export const ZH_STOPWORDS = [
  '谢谢', '感谢', '麻烦', '你好', '您好', '好的', '请问', '告诉我', '告诉', '一下', '多少钱', '是多少', '多少', '什么', '怎么样', '怎样', '如何', '情况', '公司的', '公司', '企业', '集团',
  '股份有限公司', '有限公司', '数据', '数字', '金额', '数值', '是', '的', '了', '吗', '呢', '吧', '啊', '呀', '请', '我', '想', '知道', '查询', '查', '看看', '看',
  '和', '与', '及', '以及', '还有', '分别', '为', '有', '在', '中', '年度', '全年', '年', '元', '亿', '万', '人民币', '大约', '约', '达到', '实现', '录得', '报告', '披露',
  '这家', '那家', '这个', '该公司', '本公司', '本', '该', '其', '这', '那', '个', '各', '多', '少', '对', '比', '较', '相比', '比较', '期间', '期', '时', '能', '可以', '帮我', '帮', '给我', '给', '列出', '说明',
  '是否', '经过', '有没有', '是不是', '哪一家', '哪家', '哪个', '哪些', '谁', '多大', '几', '多少个', '个百分点', '百分点', '百分比', '幅度', '变动幅度', '达', '共', '合计', '总共',
  '业绩', '财报', '财务', '经营', '平均',
].sort((a, b) => b.length - a.length);

/**
 * Places that open Chinese company names and drop out when people name them: 青海湖畔锂业 is "湖畔锂业", 广东粤海能源 is
 * "粤海能源". Provinces, regions and the cities most companies are named after. Longest first.
 */
export const ZH_PLACES = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北',
  '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏', '宁夏', '新疆', '香港', '澳门',
  '深圳', '广州', '杭州', '南京', '苏州', '无锡', '常州', '宁波', '温州', '合肥', '武汉', '长沙', '成都', '西安', '厦门', '福州', '青岛',
  '济南', '郑州', '大连', '沈阳', '哈尔滨', '长春', '昆明', '南昌', '珠海', '佛山', '东莞', '中山', '绍兴', '嘉兴', '烟台', '潍坊',
].sort((a, b) => b.length - a.length);

/**
 * Connectives that mean "leaving out" (net profit excluding / after deducting / before / net of non-recurring items):
 * all become one token, so a single alias covers every wording.
 */
export const EXCLUDING = new Set(['excluding', 'exclude', 'excludes', 'excl', 'ex', 'deducting', 'deduct', 'deducted', 'less', 'minus', 'without', 'before', 'net-of', 'stripping', 'after-deducting']);
export const EXCLUDING_TOKEN = 'excl';

/** Irregular forms that aliases are written in one way only ("tonnes sold" also matches "did they sell"). */
export const LEMMAS: Record<string, string> = { sold: 'sell', sells: 'sell', selling: 'sell', sale: 'sale', earnt: 'earn', op: 'operating', avg: 'average', pro: 'proforma' };

/** Words that only make sense as "how did it change". */
export const CHANGE_WORDS =
  /\b(chang(e|es|ed|ing)|grow(th|s|n|ing)?|grew|increas(e|es|ed|ing)|decreas(e|es|ed|ing)|ris(e|es|en|ing)|rose|fall(s|en|ing)?|fell|drop(s|ped|ping)?|declin(e|es|ed|ing)|yoy|y-?o-?y|y\/y|yr\/yr|chg|pct chg|year[- ](on|over)[- ]year|jump(s|ed)?|surg(e|ed|es)|slump(s|ed)?|plung(e|ed|es)|shr[aiu]nk|shrink(s|ing)?|improv(e|ed|es|ement)|deteriorat(e|ed|ion)|narrow(s|ed|ing)?|widen(s|ed|ing)?|go(es)? (up|down)|went (up|down)|gone (up|down)|up or down|differen(ce|t)|delta|swing|movement|moved?|variance|cagr|vs\.? (last|prior|previous) year|compared (with|to) (last|the prior|the previous) year|how (much|many) (more|less|fewer|higher|lower|bigger|smaller))\b|同比|环比|增长|增加|上升|下降|减少|下滑|变动|变化|增减|上涨|下跌|增幅|降幅|提高|降低|提升|多了|少了|涨|跌|百分点|收窄|扩大|增速|增长速度|变动率|变化率/;

/** "A as a percentage of B", "A to B ratio": a ratio of the two metrics named. */
export const RATIO_WORDS = /\b(as an? (percentage|percent|proportion|share|fraction|multiple) of|as % of|(percentage|percent|proportion|share|fraction) of|how much of|divided by|over|to .{1,40} ratio|ratio of|ratio)\b|占.{1,20}(比例|比重|百分比)|之比|除以/;
/** "How did it perform?", "key figures", "业绩如何": the results as a whole, answered with the key figures. */
export const OVERVIEW_WORDS =
  /\b(perform(s|ed|ing|ance)?|how did (it|they|we|the (company|group|business)) do|overview|highlights?|(key|main|headline|important|major|top|core|all( the)?) (figures|numbers|data|metrics|financials|results)|everything|(the|its|their) results|results summary|financial summary|summary of (the )?results|better or worse|(results?|performance|business|year) (improv(e|ed|ing)|deteriorat(e|ed|ing)|got (better|worse))|(was|were|is|did)\s+(\S+\s+){0,3}(better|worse)|(do|did|doing) (better|worse|well|badly)|(?<=\bhow (did|was|were|has|have)\b.{0,40})\b(go|gone|fare|fared|turn(ed)? out)|(?<=\bwhat (did|has|have|does)\b.{1,40})\breport(s|ed)?(?=\s*(\?|$|in\b|for (the )?(year|period|fy|h1|h2|q[1-4]|20\d\d)\b)))\b|业绩(情况|概况|表现|如何|怎么样)|经营(情况|业绩)|主要(财务)?数据|财务概况/;

/** "A minus B", "the gap between A and B": the difference of the two metrics named. */
export const DIFFERENCE_WORDS = /\b(minus|less(?! than)|difference between|gap between)\b|减去|之差|差额/;
/** The grammatical part of a ratio phrase, blanked so "share of" is not read as share capital. */
export const RATIO_GLUE = /\b(as an? (percentage|percent|proportion|share|fraction|multiple) of|as % of|(percentage|percent|proportion|share|fraction) of|how much of|divided by)\b|占|比例|比重|之比|除以/;

/** Comparatives: a change for one company ("how much lower was profit"), a ranking for two ("which was higher"). */
export const COMPARATIVE_WORDS = /\b(higher|lower|bigger|smaller|larger|greater|better|worse|stronger|weaker|more|less|fewer)\b|更高|更低|更多|更少|较高|较低/;

/** "Highest", "最大": with "which", a ranking like a comparative's; alone ("most revenue") no change is asked for. */
export const SUPERLATIVE_WORDS = /\b(highest|lowest|biggest|smallest|largest|greatest|best|worst|strongest|weakest|most|least|fewest)\b|最高|最低|最多|最少|最大|最小/;

/** "Which one", "who": asks to pick among the companies in play. */
export const WHICH_WORDS = /\b(which|who|whose)\b|哪个|哪家|哪一|谁/;
/** "How much bigger", "by how much higher": a gap, between two companies when several are in play. */
export const HOW_MUCH_MORE = /\b(how (much|many)|by what (amount|margin))( \w+)? (more|less|fewer|higher|lower|bigger|smaller|larger|greater)\b|\bby how much\b|(高|低|大|多)出多少|(高|低|大)多少/;

/** A currency other than the announcements' RMB: named in a question, it gets a note that nothing is converted. */
export const FOREIGN_CURRENCY = /\b(usd|us\$|us dollars?|dollars?|hkd|hk\$|hong kong dollars?|eur|euros?|gbp|pounds?|jpy|yen)\b|美元|港元|港币|欧元|英镑|日元/;

/** "In RMB" style: the change as an amount, not a percentage. */
export const ABSOLUTE_WORDS =
  /\b(in (rmb|yuan|renminbi|cny|money|cash|value|absolute|monetary)( terms)?|absolute|how many (more |fewer )?(rmb|yuan)|how many (more|fewer) (tonnes|tons|shares)|in (tonnes|tons)|by how much money|amount of (the )?(change|increase|decrease))\b|多少元|多少吨|多少股|金额|增减额|增加额|减少额|变动额/;

/** "In percent?" after a change given in RMB: the change as a percentage (a follow-up naming no figure). */
export const PERCENT_WORDS = /\b(in|as an?) (percent(age)?|per cent)( terms)?\b(?! of)|\bpercentage-?wise\b|\bin %|百分比(?!.{0,2}(是|为))/;

/** "How was that computed?": the conversation's last figure again, with its working. */
export const WORKING_WORDS =
  /\bhow (was|were|is|are|did you|do you) (that|this|it|these|those|they )?\s*(computed|calculated|derived|worked out|get|got|arrive[d]? at|obtain(ed)?|figured? out)\b|\b(show|explain|give)( me)? (the|your) (working|workings|calculation|calculations|math|maths|formula|method)\b|\b(working|workings|calculation|formula) (for|behind) (that|this|it)\b|怎么算|如何计算|计算过程|怎么得出/;

/** Two periods side by side. */
export const COMPARE_WORDS = /\b(vs\.?|versus|compar(e|ed|ing|ison)|against|relative to|side by side|both (years|periods)|(the )?two years'?|each year)\b|对比|比较|相比|两年/;
