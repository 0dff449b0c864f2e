/**
 * Content the bank's back ends return, deterministic per (seed, key): transaction history,
 * payees, wealth products, branches. Shared by the benign applications and the scenarios (a
 * dumper pages through the same history a customer sees).
 */
import { type Customer, amount, chineseName, otherBankCard } from '../people.js';
import { type Rng, rngFor } from '../rng.js';

const MERCHANTS = ['美团外卖', '滴滴出行', '京东商城', '拼多多', '星巴克', '中石化加油站', '国网电费', '中国移动话费充值', '盒马鲜生', '瑞幸咖啡', '携程旅行', '物业管理费', '华润万家', '12306铁路客票'];
const SUMMARIES = ['消费', '转账', '工资', '还款', '代发', '退款', '利息', '快捷支付', '跨行转出', '跨行转入'];
const CHANNELS = ['MB', 'EB', 'POS', 'ATM', 'WX', 'ALIPAY', 'UPOP', 'CNT'];

export interface TxnRecord {
  txnNo: string;
  txnTime: string;
  summary: string;
  direction: 'D' | 'C';
  amount: string;
  balance: string;
  currency: 'CNY';
  channel: string;
  counterName: string;
  counterAcctNo: string | null;
  counterBank: string | null;
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time, as Chinese back ends print times. */
export function cnTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** One page of an account's history (newest first), as of `asOfMs`. */
export function transactions(seed: number, acctId: string, page: number, size: number, total: number, asOfMs: number): TxnRecord[] {
  const out: TxnRecord[] = [];
  const first = (page - 1) * size;
  for (let k = first; k < Math.min(total, first + size); k++) {
    const r = rngFor(seed, `txn:${acctId}:${k}`);
    const transfer = r.chance(0.35);
    const cp = transfer ? otherBankCard(r) : undefined;
    const direction = r.chance(0.3) ? 'C' : 'D';
    out.push({
      txnNo: `${20240000 + (k % 9999)}${r.digits(10)}`,
      txnTime: cnTime(asOfMs - k * 9_700_000 - r.int(0, 9_000_000)),
      summary: transfer ? (direction === 'C' ? '跨行转入' : '跨行转出') : r.pick(SUMMARIES),
      direction,
      amount: amount(r, 1, 30_000),
      balance: amount(r, 100, 500_000),
      currency: 'CNY',
      channel: r.pick(CHANNELS),
      counterName: transfer ? chineseName(r) : r.pick(MERCHANTS),
      counterAcctNo: cp ? cp.cardNo : null,
      counterBank: cp ? cp.bank : null,
    });
  }
  return out;
}

/** How many records an account's history holds. */
export function historySize(seed: number, acctId: string): number {
  return 30 + (rngFor(seed, `hist:${acctId}`).int(0, 400));
}

export function payees(seed: number, c: Customer): Array<{ payeeName: string; payeeAcctNo: string; payeeBank: string; alias: string }> {
  const r = rngFor(seed, `payees:${c.index}`);
  const n = r.int(1, 6);
  const out = [];
  for (let i = 0; i < n; i++) {
    const cp = otherBankCard(r);
    const name = chineseName(r);
    out.push({ payeeName: name, payeeAcctNo: cp.cardNo, payeeBank: cp.bank, alias: r.chance(0.5) ? name : r.pick(['房东', '妈妈', '老婆', '公司', '装修师傅', '同事']) });
  }
  return out;
}

const PRODUCT_KINDS = ['稳健理财', '天天利', '季季盈', '悦享定开', '安心养老', '智能存款'];
/** Wealth product codes published on internet banking. */
export const PRODUCT_CODES: string[] = Array.from({ length: 240 }, (_, i) => `WM${String(2024001 + i * 7)}`);
export function product(seed: number, code: string): { code: string; name: string; riskLevel: string; rate: string; term: number; minAmount: string } {
  const r = rngFor(seed, `product:${code}`);
  return { code, name: `${r.pick(PRODUCT_KINDS)}${r.int(1, 99)}号`, riskLevel: r.pick(['R1', 'R2', 'R2', 'R3']), rate: `${(1.6 + r.next() * 2.4).toFixed(2)}%`, term: r.pick([7, 30, 90, 180, 365]), minAmount: r.pick(['1.00', '1000.00', '10000.00']) };
}

const CITIES: ReadonlyArray<readonly [string, string]> = [
  ['beijing', '北京'], ['shanghai', '上海'], ['guangzhou', '广州'], ['shenzhen', '深圳'], ['hangzhou', '杭州'], ['nanjing', '南京'],
  ['chengdu', '成都'], ['wuhan', '武汉'], ['xian', '西安'], ['chongqing', '重庆'], ['tianjin', '天津'], ['suzhou', '苏州'],
];
export const CITY_CODES = CITIES.map((c) => c[0]);
export function branches(seed: number, city: string): Array<{ id: string; name: string; address: string; phone: string; hours: string }> {
  const r = rngFor(seed, `branches:${city}`);
  const cn = CITIES.find((c) => c[0] === city)?.[1] ?? '北京';
  return Array.from({ length: r.int(6, 18) }, (_, i) => ({
    id: `${city}-${101 + i}`,
    name: `${cn}${r.pick(['中心', '开发区', '高新', '城南', '城北', '滨江', '大学城', '金融街'])}支行`,
    address: `${cn}市${r.pick(['人民路', '建设大道', '中山路', '解放路'])}${r.int(1, 500)}号`,
    phone: `0${r.int(10, 29)}-${r.digits(8)}`,
    hours: r.chance(0.7) ? '周一至周五 09:00-17:00' : '周一至周日 09:00-17:00',
  }));
}

/** A page of some size of plausible text, for HTML pages and assets (cached per size). */
export function filler(r: Rng, words: number): string {
  const W = ['个人金融', '公司金融', '信用卡', '理财产品', '贵金属', '外汇', '存款利率', '贷款', '跨境汇款', '安全提示', '网点查询', '关于我们', '客服热线95xxx', '隐私政策'];
  let s = '';
  for (let i = 0; i < words; i++) s += r.pick(W) + (i % 9 === 8 ? '。' : '，');
  return s;
}
