/**
 * The vocabulary that keeps path words literal: segments made of these words (after camelCase and
 * `-_.` splitting and simple English stemming) are never turned into parameters by learning.
 * Hand-made from API design and banking usage (English, plus the pinyin abbreviations Chinese
 * systems put in paths); extend per deployment with `discovery.words` in guanlan.yaml.
 * A word list, not a general dictionary: people's names and codes must stay out of it.
 */
const VOCABULARY = `
a about abort accept acceptance access account accounting ach ack acknowledge acl acquirer acquiring action activate
activation active activity actuator ad add additional address adjust adjustment admin administrator advance advice
agent aggregate agreement alert alias all allow allowed allowance alternative amend amount analysis analytics and
android announce announcement answer api apis app apple applicant application apply appointment approval approve
approver archive area article asset assign assignment associate association async attach attachment attempt attribute
audit auth authenticate authentication author authorisation authorise authorization authorize auto automatic
availability available avatar back backend backoffice backup badge balance bank banking banner base basic batch bearer
beneficiary benefit bill billing bin bind binding biometric blacklist blob block blog board body bond bonus book
booking bot branch brand broadcast broker browse bucket budget bulk bundle business buy cache calculate calculation
calendar call callback campaign cancel cancellation capability capacity captcha capture card cardholder cart case
cash cashback cashout catalog catalogue category certificate certification challenge change channel charge
chargeback chart chat check checkout child city claim class classification clean clear clearing click client close
cluster code collect collection column comment commission common community company compare compensation complaint
complete compliance component config configuration confirm confirmation connect connection connector consent console
consumer contact content context contract control conversation convert cookie copy core corporate correction cost
count counter counterparty country coupon course create credential credit criteria crypto currency current customer
customize daily dashboard data database date day deactivate deal debit debt debug decision decline decrypt default
definition delegate delete delivery demo deny department deploy deposit describe description design destination
detail device diagnostic dictionary digest digital direct directory disable disburse disbursement disclosure
discount discover discovery dispute distribution dividend do doc document domain domestic donation download draft
dynamic early edit education effective electronic element eligibility email embed emergency employee enable
encrypt end endpoint enquiry enroll enrollment enrolment entity entry enum environment equity error escrow estimate
evaluate event evidence exchange execute execution exist expense experience expire expiry export extend extension
external extract face facility factor fail failure family faq fare favorite favourite feature fee feed feedback
fetch field file filter finance financial find fingerprint finish firm flag flow folder follow forecast foreign
forget forgot form format forward fraud free freeze friend front fund funding gateway general generate get gift
global goal grant graph graphql group guarantee guest handle handler hash head header health healthz heartbeat help
history hmac hold holder holding home hook host hot hour id identification identifier identify identity image
import inbox income index individual industry info information initiate initiation input inquiry insight install
instalment installment instant institution instruction instrument insurance integration interest internal
international introspect invest investment investor invitation invite invoice issue issuer item job journal key
kyc label language last latest ledger legal lend lender lending level liability license licence limit line link
list live liveness load loan local locale locate location lock log login logo logout lookup loyalty main maintenance
manage management mandate manual map mark market marketing master match me mechanic media member membership menu
merchant message meta metadata method metric metrics migrate migration mine mobile mode model modify module money
monitor month monthly more mortgage move multi my name national native network new news next node notice notification
notify number oauth object offer office offline on onboard onboarding one online open openapi operation operator
opportunity option order organisation organization origin other outage outbound overview owner pack package page
paginate pair parameter param parent partner party pass passcode passport password patch pay payable payee payer
payment payout paypal pending period periodic permission person personal phone photo picture pin ping place plan
platform point policy pool portfolio position post postal preference premium prepaid preview price pricing primary
print privacy private process processing product profile program progress project promotion proof property
protocol provider proxy public publish purchase push qr qualification quality query question queue quick quota
quote rate rating raw read readiness ready real reason rebate receipt receivable receive recent recharge recipient
reconcile reconciliation record recover recovery recurring redeem redemption refer reference referral refresh
refund region register registration registry reject relation relationship release reminder remit remittance remote
remove renew renewal repay repayment replace reply report repository request require required requirement reserve
reset resolve resource response rest restore restrict result resume retail retrieve return revenue reversal reverse
review revoke reward risk role root route rule run safe salary sale sandbox save saving scan schedule schema scope
score screen sdk search secret section secure security segment select self sell send sequence server service
session setting settle settlement setup share shop shopper short sign signal signature signing signup simple single
site size sku slot sms snapshot social source spec special split spending stage standard standing start state
statement static statistic status step stock stop storage store strategy stream submit subscribe subscription
success suggest suggestion summary supplier support suspend sweep switch sync system tag target task tax team
template term terminal test text theme third thread ticket tier time timeline tip title to today token tool topic
total trace track trade trader trading transaction transfer translate transport trend trigger trust type unbind
unblock undo unfreeze unit unlink unlock unread unsubscribe update upgrade upload url usage use user utility valid
validate validation value vehicle vendor verification verify version video view virtual visit voucher wallet
watch watchlist web webhook week weekly welcome whitelist widget wire with withdraw withdrawal work workflow
worker workshop write year yield zone
json xml csv pdf xls xlsx html rpc soap grpc ws wss sse cdn img js css ui v ip otp pwd pw cvv iban bic swift sepa
pci aml cif crm erp ivr atm pos mcc sca tpp aisp pisp cbpii vrp cop cdr dcr sso saml oidc jwks wellknown
well known me my self today yesterday tomorrow latest current next previous first last
min max avg sum by for of in at from into via per get set put del id ids uid uuid no num nbr cnt qty amt bal acct
acc txn trx trans cust usr msg info desc addr tel mob img doc docs pic qry req resp res cfg conf env dev prod uat sit
app apps mgmt mgr admin sys svc srv ctl ops int ext pub pri biz fin inv
createdb dashboard userinfo signin signout logon logoff passwd username nickname hello
denglu zhuce dengchu mima zhmm yzm duanxin yanzheng zhanghu zhanghao kehu yonghu zhifu zhuanzhang daochu daoru
xiazai shangchuan chaxun liebiao xiangqing guanli xitong shouye gonggao jiaoyi licai daikuan xinyong hkzh yhk sfz
`;

/** Tokens that are words although they carry digits. */
const DIGIT_WORDS = `oauth2 oauth1 s3 ipv4 ipv6 md5 sha1 sha256 sha512 base64 utf8 x509 2fa mfa h5 i18n l10n k8s b2b b2c
b2b2c p2p o2o e2e iso20022 iso8583 pkcs12 pkcs7 sm2 sm3 sm4 3ds 3ds2 3dsecure http2 web3 4xx 5xx 404 500`;

export const WORDS: ReadonlySet<string> = new Set(VOCABULARY.split(/\s+/).filter(Boolean));
export const DIGIT_WORD_SET: ReadonlySet<string> = new Set(DIGIT_WORDS.split(/\s+/).filter(Boolean));

/** Segments that are path furniture wherever they appear (never parameters, never parameter names). */
export const RESERVED: ReadonlySet<string> = new Set(
  'api apis rest open openapi v web app h5 m mobile service services gateway gw public private internal inner ext'.split(' '),
);
