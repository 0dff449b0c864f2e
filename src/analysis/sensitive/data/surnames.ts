/**
 * Chinese surnames for the person-name shape check: the single-character surnames that cover the
 * overwhelming majority of the population (after the classic 百家姓 list and modern frequency
 * rankings, written out here by hand) and the compound surnames still in use.
 * A name needs a key hint anyway; the list only keeps `name: "理财产品"` from counting as a person.
 */
export const SINGLE_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤' +
  '常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝' +
  '官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭' +
  '郗双闪锁尔东滑竺卜桓操邴郦蔚荀乜厍聂琚瞿鄂通宦訾谷庾弓牧隗山谷郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东殴殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶曾毋沙乜养鞠须丰巢关蒯相查荆红游竺权逯盖益桓公' +
  '岳帅缑亢况後琴梁丘左丘东门西门商牟佘佴伯赏南宫墨哈谯笪年爱阳佟言福';

export const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '令狐', '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '呼延',
  '百里', '东郭', '闻人', '万俟', '澹台', '公冶', '宗政', '濮阳', '淳于', '单于', '太叔', '申屠', '仲孙', '钟离', '赫连', '拓跋', '第五', '左丘', '谷梁', '司空',
];

/** Romanised (Hanyu Pinyin) forms of the commonest surnames, for `Zhang San` / `ZHANG SAN`. */
export const PINYIN_SURNAMES =
  'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng cao peng ' +
  'zeng xiao tian dong yuan pan yu jiang cai du ye cheng su wei lv lu ding ren shen yao cui zhong tan wang fan jin shi liao jia xia fu ' +
  'fang bai zou meng xiong qin qiu hou shao mao hao gong wan qian yan qin kong xiang chang wen kang shi niu fan ge xing an qi qiao wu ' +
  'pang yan zhuang nie zhang lu yue zhai yin zhan shen ou geng guan lan jiao yu zuo liu gan zhu bao ning shang fu shu ruan ke ji mei tong ' +
  'ling bi shan ji pei huo tu cheng miao gu sheng qu weng ran luo lan jin guan chai meng bao hua yu qi pu fang teng qu rao jie mu ai you yang ' +
  'ouyang sima shangguan zhuge dongfang huangfu murong situ linghu xiahou duanmu';
