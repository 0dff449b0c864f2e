/**
 * The bank's customers, made up from a seed: Chinese names, resident ID numbers with a real
 * division code and a valid GB 11643 check character, mobile numbers of real carrier prefixes,
 * bank cards that pass Luhn, e-mails and addresses. Customer #i is a pure function of (seed, i),
 * so nothing is held in memory and any actor can meet any customer.
 *
 *   const c = customer(1, 42);   // { name: '林晓东', idNo: '440305198807160418', mobile: '13912345678', … }
 */
import { gb11643Check, luhnCheckDigit } from '../analysis/sensitive/checksum.js';
import { type Rng, rngFor } from './rng.js';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文';
const DOUBLE_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '皇甫', '令狐'];
const GIVEN_M = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳晨立国建志成';
const GIVEN_F = '芳娜敏静丽艳娟霞秀玲桂英梅琳颖慧婷雪倩洁佳怡欣悦璐瑶晶妍蕾薇岚';

/** Real division codes (validated against the recognisers' table in the tests). */
export const AREAS: ReadonlyArray<readonly [string, string]> = [
  ['110101', '北京市东城区'], ['110108', '北京市海淀区'], ['310101', '上海市黄浦区'], ['310115', '上海市浦东新区'],
  ['440106', '广州市天河区'], ['440305', '深圳市南山区'], ['330106', '杭州市西湖区'], ['320106', '南京市鼓楼区'],
  ['510104', '成都市锦江区'], ['420106', '武汉市武昌区'], ['500103', '重庆市渝中区'], ['610113', '西安市雁塔区'],
  ['370202', '青岛市市南区'], ['350203', '厦门市思明区'], ['430104', '长沙市岳麓区'], ['120101', '天津市和平区'],
  ['210102', '沈阳市和平区'], ['410105', '郑州市金水区'], ['530102', '昆明市五华区'], ['230102', '哈尔滨市道里区'],
];
const ROADS = ['解放路', '人民大道', '建国路', '中山北路', '学府街', '滨河路', '长安街', '和平里', '新华路', '光明大道', '工业园路', '湖滨路'];
const MOBILE_PREFIXES = ['134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183', '187', '188', '198', '130', '131', '132', '155', '156', '166', '175', '176', '185', '186', '133', '153', '173', '177', '180', '181', '189', '191', '199'];
const MAIL = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'aliyun.com', 'outlook.com'];
/** Our bank's debit and credit BINs (fictional bank, UnionPay-style numbers) */
const OWN_BINS: ReadonlyArray<readonly [string, number, 'DEBIT' | 'CREDIT']> = [['621785', 19, 'DEBIT'], ['623668', 19, 'DEBIT'], ['625971', 16, 'CREDIT']];
/** Other banks, for counterparties */
export const OTHER_BANKS: ReadonlyArray<readonly [string, string, number]> = [
  ['622202', '中国工商银行', 19], ['621700', '中国建设银行', 19], ['622848', '中国农业银行', 19], ['621661', '中国银行', 19],
  ['622260', '交通银行', 19], ['621485', '招商银行', 16], ['622909', '兴业银行', 18], ['621771', '中信银行', 16],
];

export function chineseName(r: Rng, male = r.chance(0.5)): string {
  const sur = r.chance(0.015) ? r.pick(DOUBLE_SURNAMES) : r.pick(SURNAMES.split(''));
  const pool = male ? GIVEN_M : GIVEN_F;
  return sur + pool[r.int(0, pool.length - 1)] + (r.chance(0.7) ? pool[r.int(0, pool.length - 1)] : '');
}

/** An 18-character resident ID: division code, birth date, sequence (odd = male), check character. */
export function residentId(r: Rng, male = r.chance(0.5), area = r.pick(AREAS)[0]): string {
  const y = r.int(1958, 2004);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  let seq = r.int(0, 499) * 2 + (male ? 1 : 0);
  if (seq > 999) seq -= 2;
  const first17 = `${area}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + gb11643Check(first17);
}

export function mobileNumber(r: Rng): string {
  return r.pick(MOBILE_PREFIXES) + r.digits(8);
}

/** A card number of this BIN and length that passes Luhn. */
export function cardNumber(r: Rng, bin: string, length: number): string {
  const partial = bin + r.digits(length - bin.length - 1);
  return partial + luhnCheckDigit(partial);
}

export function otherBankCard(r: Rng): { cardNo: string; bank: string } {
  const [bin, bank, len] = r.pick(OTHER_BANKS);
  return { cardNo: cardNumber(r, bin, len), bank };
}

export const maskCard = (c: string): string => `${c.slice(0, 4)} **** **** ${c.slice(-4)}`;
export const maskMobile = (m: string): string => `${m.slice(0, 3)}****${m.slice(-4)}`;
export const maskId = (id: string): string => `${id.slice(0, 4)}**********${id.slice(-4)}`;
export const maskName = (n: string): string => `*${n.slice(1)}`;

export function address(r: Rng, area?: string): string {
  const a = AREAS.find((x) => x[0] === area) ?? r.pick(AREAS);
  return `${a[1]}${r.pick(ROADS)}${r.int(1, 888)}号${r.int(1, 32)}栋${r.int(1, 28)}0${r.int(1, 8)}室`;
}

/** Amount in yuan as banks send it: a string with two decimals; log-uniform between lo and hi. */
export function amount(r: Rng, lo = 1, hi = 20_000): string {
  return Math.exp(Math.log(lo) + r.next() * (Math.log(hi) - Math.log(lo))).toFixed(2);
}

export interface Card {
  acctId: string;
  cardNo: string;
  type: 'DEBIT' | 'CREDIT';
  branch: string;
}

export type Device =
  | { os: 'iOS'; osVersion: string; model: string; appVersion: string; deviceId: string }
  | { os: 'Android'; osVersion: string; model: string; appVersion: string; deviceId: string };

export interface Customer {
  index: number;
  /** numeric customer number as the back end sends it */
  custNo: string;
  /** numeric user id of the app's `/users/{id}` (sequential with gaps, as legacy systems issue them) */
  userId: number;
  name: string;
  male: boolean;
  idNo: string;
  mobile: string;
  email: string;
  address: string;
  cards: Card[];
  device: Device;
  /** browser of internet banking */
  browser: string;
  /** the password this customer types (what the client encrypts) */
  password: string;
  /** how often this customer uses each channel (sessions per day) */
  mobilePerDay: number;
  webPerDay: number;
}

const BRANCHES = ['北京分行营业部', '上海浦东支行', '深圳南山支行', '杭州西湖支行', '广州天河支行', '成都锦江支行', '武汉武昌支行', '南京鼓楼支行'];
const IOS_MODELS = ['iPhone14,2', 'iPhone14,5', 'iPhone15,2', 'iPhone15,3', 'iPhone16,1', 'iPhone16,2', 'iPhone13,2'];
const ANDROID_MODELS = ['HUAWEI NOH-AN00', 'Xiaomi 2211133C', 'OPPO PGT-AN10', 'vivo V2227A', 'HONOR ALI-AN00', 'Redmi 23013RK75C', 'HUAWEI ALN-AL00'];
const APP_VERSIONS = ['7.2.0', '7.2.1', '7.3.0', '7.1.5'];
export const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0',
  'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.5359.125 Safari/537.36 QIHU 360EE',
];

export function makeDevice(r: Rng): Device {
  const deviceId = r.hex(8).toUpperCase() + '-' + r.hex(4).toUpperCase() + '-' + r.hex(4).toUpperCase() + '-' + r.hex(12).toUpperCase();
  return r.chance(0.45)
    ? { os: 'iOS', osVersion: r.pick(['16.7.8', '17.4.1', '17.5.1', '17.6']), model: r.pick(IOS_MODELS), appVersion: r.pick(APP_VERSIONS), deviceId }
    : { os: 'Android', osVersion: r.pick(['11', '12', '13', '14']), model: r.pick(ANDROID_MODELS), appVersion: r.pick(APP_VERSIONS), deviceId };
}

/** User-Agent of the bank's app on this device (Alamofire on iOS, okhttp on Android). */
export function appUserAgent(d: Device): string {
  return d.os === 'iOS'
    ? `BankApp/${d.appVersion} (cn.example.bank.mobile; build:${d.appVersion.replace(/\./g, '')}1; iOS ${d.osVersion}) Alamofire/5.8.1`
    : `okhttp/4.12.0 BankApp/${d.appVersion} (Android ${d.osVersion}; ${d.model})`;
}

/** Customer #i of the bank simulated with `seed`. */
export function customer(seed: number, i: number): Customer {
  const r = rngFor(seed, `customer:${i}`);
  const male = r.chance(0.5);
  const area = r.pick(AREAS)[0];
  const mobile = mobileNumber(r);
  const nCards = r.weighted([[1, 5], [2, 3], [3, 1]] as const);
  const cards: Card[] = [];
  for (let k = 0; k < nCards; k++) {
    const [bin, len, type] = k === 0 ? OWN_BINS[r.int(0, 1)] : r.pick(OWN_BINS);
    cards.push({ acctId: `${String(100000 + i).padStart(8, '0')}${k + 1}`, cardNo: cardNumber(r, bin, len), type, branch: r.pick(BRANCHES) });
  }
  const channel = r.weighted([['mobile', 6], ['web', 1], ['both', 3]] as const);
  return {
    index: i,
    custNo: `8${String(1_000_000_000 + i * 13 + r.int(0, 9)).slice(1)}`,
    userId: 30_000_000 + i * 3 + (i % 2),
    name: chineseName(r, male),
    male,
    idNo: residentId(r, male, area),
    mobile,
    email: r.chance(0.5) ? `${mobile.slice(3)}@${r.pick(MAIL)}` : `${r.chars(r.int(4, 8), 'abcdefghijklmnopqrstuvwxyz')}${r.digits(r.int(0, 4))}@${r.pick(MAIL)}`,
    address: address(r, area),
    cards,
    device: makeDevice(r),
    browser: r.pick(BROWSERS),
    password: r.chars(r.int(8, 12), 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
    mobilePerDay: channel === 'web' ? 0 : r.logNormal(1.1, 0.6),
    webPerDay: channel === 'mobile' ? 0 : r.logNormal(0.5, 0.6),
  };
}

/** Which customer index a user id belongs to, or undefined for a gap. */
export function customerOfUserId(userId: number, users: number): number | undefined {
  const off = userId - 30_000_000;
  if (off < 0) return undefined;
  const i = Math.floor(off / 3);
  return i < users && 30_000_000 + i * 3 + (i % 2) === userId ? i : undefined;
}
