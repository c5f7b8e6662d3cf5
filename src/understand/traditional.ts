// Traditional Chinese characters of the financial vocabulary and their simplified forms, so a question typed in
// Hong Kong or Taiwan ("請問營業收入") meets the catalogue's simplified aliases ("请问营业收入"). Matching only:
// nothing is shown back to the user in converted form.
const TRADITIONAL = '營業總潤淨歸屬於東權資產額稅後經損價報間問請這個們麼為與現動應帳賬貨幣銷費務財負債較減長漲變審計師會簽發佈時誰裡裏嗎說數據億萬噸單鋼鐵電車風機廠區國際開關係聯標準則預測劃紅員職運貸項實獲擬導響續虧餘專門戶場競爭寧甯贛廈內兩歲點類幾賣買轉換匯兌稱詢覽參驗證號碼簡訊紀錄議決書壓廣蘇興華鄭陳劉張楊黃趙吳孫馬豐銀險團體極質優勢術網絡倉儲邊進過還樣來對濟環條紡織藥醫療衛檢試劑礎溫熱氣煉鋁銅鋰鎳鈷礦擴線設備裝製築橋軌陸輸貿錢賺蝕';
const SIMPLIFIED = '营业总润净归属于东权资产额税后经损价报间问请这个们么为与现动应账账货币销费务财负债较减长涨变审计师会签发布时谁里里吗说数据亿万吨单钢铁电车风机厂区国际开关系联标准则预测划红员职运贷项实获拟导响续亏余专门户场竞争宁宁赣厦内两岁点类几卖买转换汇兑称询览参验证号码简讯纪录议决书压广苏兴华郑陈刘张杨黄赵吴孙马丰银险团体极质优势术网络仓储边进过还样来对济环条纺织药医疗卫检试剂础温热气炼铝铜锂镍钴矿扩线设备装制筑桥轨陆输贸钱赚蚀';

const TO_SIMPLIFIED = new Map([...TRADITIONAL].map((c, i) => [c, SIMPLIFIED[i]!]));

export const toSimplified = (text: string): string => text.replace(/\p{Script=Han}/gu, (c) => TO_SIMPLIFIED.get(c) ?? c);
