import type { CommandOutcome } from '../../application/command-pipeline.js';
import { ArticleCommandCommand, ArticleCommandHandler, newArticleId } from '../../application/knowledge/knowledge.handlers.js';
import type { ArticleCommand, WrittenKind } from '../../domain/knowledge/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import { logger } from '../logging/logger.js';
import type { Server } from '../server.js';
import { SYSTEM } from './system.js';

const log = logger('seed');

interface DemoArticle {
  readonly kind: WrittenKind;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
}

/**
 * What callers ask the 12345 hotline most, as the operators' knowledge base answers it. Demo text:
 * a city's own rules (fees, places, numbers) go in its real articles.
 */
export const DEMO_ARTICLES: readonly DemoArticle[] = [
  {
    kind: 'faq',
    title: '社保卡丢失了怎么补办？',
    body: [
      '社会保障卡（社保卡）丢失后，请先挂失，再申请补办。',
      '一、挂失：拨打 12333 人社服务热线，或通过当地人社部门网站、手机App、合作银行网点办理临时挂失；临时挂失有效期一般为 5 天，请及时办理正式挂失。',
      '二、补办：持本人有效身份证件到社保卡服务网点或合作银行网点申请补卡，也可在线上申请并选择邮寄。',
      '三、时限：即时制卡网点可当场领卡；非即时制卡的，一般 10 至 15 个工作日后领卡。',
      '四、费用：补卡工本费按当地标准收取，部分地区减免。',
      '委托他人办理的，需提供双方身份证件及授权委托书。',
    ].join('\n'),
    tags: ['社保卡', '补办', '挂失'],
  },
  {
    kind: 'faq',
    title: '住房公积金提取需要什么条件和材料？',
    body: [
      '职工有下列情形之一的，可以提取住房公积金账户内的存储余额：购买、建造、翻建、大修自住住房的；离休、退休的；完全丧失劳动能力并与单位终止劳动关系的；出境定居的；偿还购房贷款本息的；房租超出家庭工资收入规定比例的（《住房公积金管理条例》第二十四条）。',
      '常见材料：本人身份证件；购房合同或不动产权证书；贷款合同及还款明细；租房提取提供租赁合同或租赁备案证明；退休提取提供退休证明。',
      '办理渠道：住房公积金管理中心服务大厅、网上服务大厅、手机公积金App；租房提取和按月还贷提取多数可线上办理，资金一般 1 至 3 个工作日到账。',
    ].join('\n'),
    tags: ['公积金', '提取', '住房'],
  },
  {
    kind: 'faq',
    title: '噪音扰民投诉多久处理？',
    body: [
      '通过 12345 热线反映噪音扰民（施工噪声、社会生活噪声、商业经营噪声等），话务员登记工单后派发至属地街道或主管部门。',
      '处理时限：紧急诉求（如夜间施工正在进行）2 小时内签收、1 日内办结；一般诉求 1 个工作日内签收、5 个工作日内办结并反馈。',
      '分工：建筑施工噪声由住房城乡建设部门处理；工业噪声由生态环境部门处理；商业经营、娱乐场所噪声由市场监管、文化执法或公安部门按职责处理；邻里生活噪声由街道、社区调解，必要时由公安机关依法处理。',
      '办结后热线将回访，您可以对办理结果评价满意、基本满意或不满意。',
    ].join('\n'),
    tags: ['噪音', '投诉', '时限', '扰民'],
  },
  {
    kind: 'policy',
    title: '夜间施工噪声的规定（《中华人民共和国噪声污染防治法》）',
    body: [
      '夜间是指晚上十点至次日早晨六点之间的期间；设区的市级以上人民政府可以另行规定本行政区域夜间的起止时间，夜间时段长度为八小时。',
      '在噪声敏感建筑物集中区域，禁止夜间进行产生噪声的建筑施工作业，但抢修、抢险施工作业，因生产工艺要求或者其他特殊需要必须连续施工作业的除外。',
      '因特殊需要必须连续施工作业的，应当取得地方人民政府住房和城乡建设、生态环境主管部门或者地方人民政府指定的部门的证明，并在施工现场显著位置公示或者以其他方式公告附近居民。',
      '市民发现未经许可的夜间施工，可拨打 12345 热线投诉，热线按紧急诉求派单。',
    ].join('\n'),
    tags: ['噪声污染防治法', '夜间施工', '噪音'],
  },
  {
    kind: 'faq',
    title: '户口迁移怎么办理？',
    body: [
      '市内迁移：持迁入地合法稳定住所证明（不动产权证书或购房合同）、户口簿、居民身份证，到迁入地派出所户籍窗口申请，符合条件的当场办结。',
      '跨省迁入：已全面推行户口迁移“跨省通办”，申请人可直接向迁入地公安机关提出申请，无需再回迁出地开具准予迁入证明和户口迁移证。',
      '投靠类迁移（夫妻、子女投靠父母、父母投靠子女）还需提供结婚证、出生医学证明等亲属关系证明。',
      '具体条件以当地落户政策为准，可拨打 12345 热线或咨询辖区派出所。',
    ].join('\n'),
    tags: ['户口', '迁移', '落户', '跨省通办'],
  },
  {
    kind: 'faq',
    title: '新生儿怎么落户（出生登记）？',
    body: [
      '婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。',
      '材料：出生医学证明；父母双方的居民户口簿、居民身份证；父母结婚证（非婚生育的按当地规定提供相关材料）。',
      '多地已推行“出生一件事”联办：出生医学证明、预防接种证、户口登记、医保参保和社保卡申领一次办结，可在医院或线上申请。',
    ].join('\n'),
    tags: ['新生儿', '落户', '出生登记', '户口'],
  },
  {
    kind: 'faq',
    title: '居住证怎么办理？',
    body: [
      '公民离开常住户口所在地，到其他城市居住半年以上，有合法稳定就业、合法稳定住所、连续就读条件之一的，可以申领居住证（《居住证暂行条例》第二条）。',
      '办理：先到居住地派出所或社区办理居住登记，满半年后持身份证、住所证明（租赁合同或房产证明）及就业或就读证明申领居住证。',
      '居住证持有人在居住地享受义务教育、基本公共就业服务、基本公共卫生服务等基本公共服务和办事便利。',
    ].join('\n'),
    tags: ['居住证', '居住登记'],
  },
  {
    kind: 'faq',
    title: '医保异地就医怎么备案？',
    body: [
      '跨省异地长期居住人员（异地安置退休人员、异地长期居住人员、常驻异地工作人员）和跨省临时外出就医人员，就医前可办理异地就医备案，备案后在就医地定点医疗机构直接结算。',
      '备案渠道：国家医保服务平台App、国家异地就医备案微信小程序、参保地医保经办机构窗口。',
      '材料：医保电子凭证或社保卡、有效身份证件；长期居住人员需提供居住证明或承诺书。',
      '急诊抢救人员视同已备案。',
    ].join('\n'),
    tags: ['医保', '异地就医', '备案'],
  },
  {
    kind: 'faq',
    title: '不动产权证书（房产证）办理需要多长时间？',
    body: [
      '按照国务院关于压缩不动产登记办理时间的要求，一般登记、抵押登记业务办理时间压缩至 5 个工作日以内，多数城市已实现一般登记 3 个工作日、抵押登记 1 个工作日办结。',
      '办理地点：不动产登记中心或政务服务中心不动产登记窗口，可“一窗受理、并行办理”，交易、缴税、登记一次办结。',
      '新建商品房“交房即交证”的，可在交房时同步领取不动产权证书。',
    ].join('\n'),
    tags: ['不动产登记', '房产证', '时限'],
  },
  {
    kind: 'faq',
    title: '养老保险关系怎么转移接续？',
    body: [
      '跨省流动就业的，参保人向新就业地社保经办机构提出转移接续申请，也可通过国家社会保险公共服务平台、掌上12333 App 在线申请，无需回原参保地。',
      '转出地和转入地经办机构按规定办理基本养老保险关系和资金的转移，一般 45 个工作日内办结。',
      '城乡居民养老保险与职工养老保险之间的衔接，按《城乡养老保险制度衔接暂行办法》执行。',
    ].join('\n'),
    tags: ['养老保险', '转移接续', '社保'],
  },
  {
    kind: 'policy',
    title: '公租房申请条件',
    body: [
      '公共租赁住房（公租房）主要面向城镇中等偏下收入住房困难家庭、新就业无房职工和在城镇稳定就业的外来务工人员。',
      '一般条件：申请人及家庭成员在本市无住房或人均住房面积低于规定标准；家庭收入、财产符合规定标准；外来务工人员需在本市连续缴纳社会保险满规定年限。',
      '申请流程：向户籍或工作所在地街道（乡镇）提出申请 → 审核、公示 → 轮候 → 配租或发放租赁补贴。',
      '具体标准由住房保障部门每年公布，请以最新公告为准。',
    ].join('\n'),
    tags: ['公租房', '住房保障'],
  },
  {
    kind: 'policy',
    title: '12345 热线诉求办理时限规定',
    body: [
      '根据《国务院办公厅关于进一步优化地方政务服务便民热线的指导意见》（国办发〔2020〕53号），12345 热线实行“一号对外、接诉即办”。',
      '本市办理时限：紧急诉求 2 小时内签收、1 日内办结；一般诉求 1 个工作日内签收、5 个工作日内办结；承办单位反馈办理结果后 2 个工作日内回访。',
      '承办单位对不属于本单位职责的工单，应在签收前退回并说明理由；同一工单退回两次后，由热线中心协调确定承办单位。',
      '确需延期办理的，承办单位在办理时限内提出延期申请，经热线中心同意后延期。',
    ].join('\n'),
    tags: ['接诉即办', '办理时限', '12345热线'],
  },
  {
    kind: 'faq',
    title: '物业服务纠纷找谁投诉？',
    body: [
      '物业服务企业不履行物业服务合同约定（如卫生、安保、维修不到位）的，可先向业主委员会或社区居委会反映，协商不成可拨打 12345 热线，由住房城乡建设（物业主管）部门和属地街道处理。',
      '涉及物业收费的，由市场监管部门按价格管理职责处理；涉及违法搭建的，由城市管理综合执法部门处理。',
      '业主也可依照物业服务合同向人民法院提起诉讼或申请仲裁。',
    ].join('\n'),
    tags: ['物业', '纠纷', '投诉'],
  },
  {
    kind: 'faq',
    title: '电动自行车怎么登记上牌？',
    body: [
      '电动自行车须符合《电动自行车安全技术规范》（GB 17761—2018）并在产品合格证上标注，方可登记上牌。',
      '材料：车主身份证件、购车发票、产品合格证（CCC 认证）、车辆实物。',
      '地点：公安交通管理部门车管所或指定的登记服务站点；多地支持在销售门店“带牌销售”，购车时即可登记。',
      '登记免费，当场核发号牌和行驶证。',
    ].join('\n'),
    tags: ['电动自行车', '上牌', '登记'],
  },
  {
    kind: 'policy',
    title: '失业保险金申领条件',
    body: [
      '具备下列条件的失业人员，可以领取失业保险金：按照规定参加失业保险，所在单位和本人已按照规定履行缴费义务满 1 年的；非因本人意愿中断就业的；已办理失业登记，并有求职要求的（《失业保险条例》第十四条）。',
      '申领渠道：户籍地或常住地公共就业服务机构窗口，或通过人社部门网上服务平台、电子社保卡在线申领。',
      '失业保险金按月发放，领取期限根据累计缴费时间确定，最长不超过 24 个月。',
    ].join('\n'),
    tags: ['失业保险', '失业保险金'],
  },
];

/**
 * The knowledge base on first start, through the real command handler as the hotline operator:
 * FAQs and policies, all published; one revised after publication (version 2), one retired and one
 * left as a draft, so that the editor shows every state. Service guides need nothing here: they
 * follow the catalog items the demo publishes (application/knowledge/service-guides.ts).
 */
export async function seedKnowledgeDemo(server: Server): Promise<void> {
  const { engines, runner } = server;
  if ((await engines.documents.count('articles', { kind: { $in: ['faq', 'policy'] } })) > 0) return;
  const operator = await engines.documents.get<{ userId: string }>('users', 'operator');
  const by: Actor = operator ? { id: operator.userId, role: 'hotline_operator' } : SYSTEM;
  const handler = new ArticleCommandHandler(server.pipeline);
  let sequence = 0;
  const run = async (command: ArticleCommand) => {
    const outcome: CommandOutcome = await handler.execute(new ArticleCommandCommand({ commandId: `demo-knowledge-${++sequence}`, actor: by }, command));
    if (!outcome.ok) throw new Error(`demo knowledge: ${command.type} ${command.data.articleId}: ${outcome.error.message.en}`);
  };

  const ids: string[] = [];
  for (const article of DEMO_ARTICLES) {
    const articleId = newArticleId(`demo-knowledge-article-${ids.length + 1}`);
    ids.push(articleId);
    await run({ type: 'WriteArticle', data: { articleId, ...article } });
    await run({ type: 'PublishArticle', data: { articleId } });
  }
  // The social security card answer gains the electronic card, published as version 2.
  const card = DEMO_ARTICLES[0]!;
  await run({ type: 'ReviseArticle', data: { articleId: ids[0]!, body: `${card.body}\n补卡期间可先申领电子社保卡，在国家政务服务平台或掌上12333 App 中使用。` } });
  await run({ type: 'PublishArticle', data: { articleId: ids[0]! } });
  // An old notice, superseded and retired.
  const old = newArticleId('demo-knowledge-article-retired');
  await run({ type: 'WriteArticle', data: { articleId: old, kind: 'policy', title: '2025 年度公租房集中受理公告', body: '2025 年度公租房集中受理期为 3 月 1 日至 3 月 31 日。', tags: ['公租房'] } });
  await run({ type: 'PublishArticle', data: { articleId: old } });
  await run({ type: 'RetireArticle', data: { articleId: old, reason: '受理期已过，以 2026 年度公告为准' } });
  // A draft an operator is still writing.
  await run({
    type: 'WriteArticle',
    data: { articleId: newArticleId('demo-knowledge-article-draft'), kind: 'faq', title: '燃气费在哪里缴纳？', body: '可通过燃气公司营业厅、网上银行、支付宝或微信生活缴费缴纳。（待核实各渠道到账时间）', tags: ['燃气', '缴费'] },
  });
  await runner.settle();
  log.info({ articles: DEMO_ARTICLES.length + 2 }, 'demo knowledge base seeded');
}
