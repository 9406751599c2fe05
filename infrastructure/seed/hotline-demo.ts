/**
 * 12345 demo data: the category tree and the districts of a Chinese city, a hotline handler for
 * housing, and about forty tickets over the last 90 days at every stage — answered directly,
 * returned, redone after an unsatisfied callback, overdue, merged, published — so that the
 * center's lists, the dashboards and the dispatch suggestion have something to show.
 * Everything goes through the real handlers, with a clock the seed moves.
 */
import { CommandPipeline, type CommandOutcome } from '../../application/command-pipeline.js';
import { ClassificationCommandCommand, ClassificationCommandHandler } from '../../application/hotline/classification.js';
import { RegisterTicketCommand, RegisterTicketHandler, TicketStepCommand, TicketStepHandler, type NewTicket, type TicketStep } from '../../application/hotline/hotline.handlers.js';
import { RegisterUserCommand, RegisterUserHandler, type Issued } from '../../application/identity/identity.handlers.js';
import { classificationStreamId, type CallbackResult, type ClassificationCommand } from '../../domain/hotline/index.js';
import { localDate } from '../../domain/shared/calendar.js';
import type { Actor } from '../../domain/shared/decider.js';
import { ManualClock } from '../clock.js';
import { logger } from '../logging/logger.js';
import { argon2Hasher } from '../password-hasher.js';
import type { Server } from '../server.js';
import { SYSTEM } from './system.js';

const log = logger('seed');

/** [code, name, parent]: 城市管理 / 市容环境 / 噪音扰民 and its neighbours. */
export const DEMO_CATEGORIES: readonly (readonly [string, string, string | null])[] = [
  ['CG', '城市管理', null],
  ['CG.SR', '市容环境', 'CG'],
  ['CG.SR.ZY', '噪音扰民', 'CG.SR'],
  ['CG.SR.WS', '环境卫生', 'CG.SR'],
  ['CG.SR.ZD', '占道经营', 'CG.SR'],
  ['CG.SS', '市政设施', 'CG'],
  ['CG.SS.LD', '路灯照明', 'CG.SS'],
  ['ZF', '住房', null],
  ['ZF.WY', '物业', 'ZF'],
  ['ZF.SG', '建筑施工', 'ZF'],
  ['ZF.GZ', '老旧小区改造', 'ZF'],
  ['SC', '市场监管', null],
  ['SC.SP', '食品安全', 'SC'],
  ['SC.JG', '价格收费', 'SC'],
  ['SC.XF', '消费维权', 'SC'],
  ['JT', '交通', null],
  ['JT.GJ', '公交出行', 'JT'],
  ['JT.TC', '停车管理', 'JT'],
  ['SB', '社保', null],
  ['SB.YB', '医疗保险', 'SB'],
  ['SB.YL', '养老保险', 'SB'],
  ['WJ', '卫生健康', null],
  ['WJ.YL', '医疗服务', 'WJ'],
];

export const DEMO_DISTRICTS: readonly (readonly [string, string])[] = [
  ['DC', '东城区'],
  ['XC', '西城区'],
  ['GX', '高新区'],
  ['NH', '南湖区'],
  ['BJ', '滨江区'],
];

/** Who handles what in the demo city (the three demo departments). */
const HANDLER_OF: Record<string, string> = { CG: 'housing', ZF: 'housing', SC: 'market', JT: 'housing', SB: 'health', WJ: 'health' };

/** What people call about: category, type, the request and the department's reply. */
const MATTERS: readonly { category: string; type: NewTicket['type']; content: string; reply: string }[] = [
  { category: 'CG.SR.ZY', type: 'complaint', content: '小区楼下烧烤店每天营业到凌晨，噪音扰民，油烟很大', reply: '已联合执法，责令烧烤店22点后停止室外经营，并加装油烟净化设备' },
  { category: 'CG.SR.ZY', type: 'complaint', content: '附近广场舞音响声音太大，晚上九点后还在跳', reply: '已协调社区与广场舞队约定音量和结束时间，晚上九点前结束' },
  { category: 'CG.SR.WS', type: 'report', content: '小区门口垃圾桶满溢多日无人清运，气味很大', reply: '已督促环卫公司每日清运两次，并对垃圾桶周边进行消杀' },
  { category: 'CG.SR.ZD', type: 'complaint', content: '菜市场门口流动摊贩占道经营，造成交通拥堵', reply: '已组织集中整治，引导摊贩入市经营，并安排人员巡查' },
  { category: 'CG.SS.LD', type: 'help', content: '小区东侧道路路灯已经坏了一个多星期，晚上出行不安全', reply: '已安排维修，路灯已恢复照明' },
  { category: 'ZF.WY', type: 'complaint', content: '物业公司长期不维修电梯，电梯经常停运，老人上下楼困难', reply: '已约谈物业公司，电梯已完成维修并加强日常维保' },
  { category: 'ZF.WY', type: 'consultation', content: '业主委员会换届选举需要哪些程序', reply: '已告知业主委员会换届的程序和所需材料' },
  { category: 'ZF.SG', type: 'complaint', content: '旁边工地夜间施工，打桩声音很大，影响休息', reply: '经核查该工地无夜间施工许可，已责令停止夜间施工' },
  { category: 'ZF.GZ', type: 'suggestion', content: '建议老旧小区改造时加装电梯和无障碍坡道', reply: '建议已转相关部门，纳入下一批老旧小区改造方案研究' },
  { category: 'SC.SP', type: 'report', content: '某超市销售过期食品，购买的酸奶已过保质期三天', reply: '经现场检查属实，已下架过期食品并依法立案查处' },
  { category: 'SC.SP', type: 'complaint', content: '外卖餐品中吃出异物，商家拒绝退款', reply: '已约谈商家，商家已退款并整改后厨卫生' },
  { category: 'SC.JG', type: 'complaint', content: '停车场收费标准未公示，收费明显偏高', reply: '已责令停车场公示收费标准，并退还多收费用' },
  { category: 'SC.XF', type: 'help', content: '在健身房办了年卡，健身房突然关门，无法退费', reply: '已组织调解，经营者同意分期退还剩余费用' },
  { category: 'JT.GJ', type: 'suggestion', content: '建议增加早高峰公交班次，车上太拥挤', reply: '已转公交集团，早高峰将加密该线路班次' },
  { category: 'JT.TC', type: 'complaint', content: '小区周边车辆乱停乱放，消防通道被堵', reply: '已联合交警开展整治，并施划停车位' },
  { category: 'SB.YB', type: 'consultation', content: '异地就医如何办理医保备案', reply: '已告知可通过国家医保服务平台办理异地就医备案' },
  { category: 'SB.YL', type: 'consultation', content: '灵活就业人员如何缴纳养老保险', reply: '已告知灵活就业人员参保缴费的渠道和标准' },
  { category: 'WJ.YL', type: 'complaint', content: '医院挂号难，专家号一放出就没了', reply: '已督促医院优化预约挂号规则，增加专家号源' },
  { category: 'WJ.YL', type: 'praise', content: '表扬社区卫生服务中心的医生，上门为老人服务很耐心', reply: '已将表扬转达社区卫生服务中心' },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '建华'];

/** What becomes of a demo ticket. */
type Plan = 'answered' | 'closed' | 'returned' | 'redo' | 'coordination' | 'registered' | 'dispatched' | 'signed' | 'extension' | 'replied' | 'merged';

/** Older tickets have run their course (some returned, some redone); the last ten days hold one of every open stage. */
const OLDER: readonly Plan[] = ['closed', 'closed', 'answered', 'closed', 'returned', 'redo', 'closed', 'answered', 'closed', 'closed'];
const RECENT: readonly Plan[] = ['replied', 'dispatched', 'signed', 'coordination', 'extension', 'redo', 'replied', 'dispatched', 'merged', 'answered', 'signed', 'registered', 'dispatched', 'registered'];
const OLDER_COUNT = 26;

/** Days back a ticket was registered: the older ones over 12 to 90 days, the recent ones over the last ten. */
function daysAgoOf(i: number): number {
  if (i < OLDER_COUNT) return 12 + Math.round(((OLDER_COUNT - i) / OLDER_COUNT) * 78);
  return Math.round((OLDER_COUNT + RECENT.length - 1 - i) * 0.7);
}

const planFor = (i: number): Plan => (i < OLDER_COUNT ? OLDER[i % OLDER.length]! : RECENT[i - OLDER_COUNT]!);

function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]! };
}

const HOUR = 3_600_000;

export async function seedHotlineDemo(server: Server): Promise<void> {
  const { engines, runner, calendar } = server;
  if ((await engines.events.readStream(classificationStreamId(), { maxCount: 1 })).length > 0) return;
  const now = server.clock.now();
  const clock = new ManualClock(new Date(now.getTime() - 92 * 24 * HOUR));
  const pipeline = new CommandPipeline(engines.events, clock);
  let sequence = 0;
  const as = (actor: Actor): Issued => ({ commandId: `hotline-demo-${++sequence}`, actor });
  const must = (what: string) => (outcome: CommandOutcome) => {
    if (!outcome.ok) throw new Error(`hotline demo data: ${what}: ${outcome.error.code} ${outcome.error.message.en}`);
    return outcome;
  };

  const users = new RegisterUserHandler(pipeline, engines.documents, argon2Hasher);
  must('user housing.handler')(
    await users.execute(new RegisterUserCommand(as(SYSTEM), { username: 'housing.handler', displayName: '何静', password: 'demo1234', roles: ['department_handler'], department: 'housing' })),
  );
  must('user health.handler')(
    await users.execute(new RegisterUserCommand(as(SYSTEM), { username: 'health.handler', displayName: '林涛', password: 'demo1234', roles: ['department_handler'], department: 'health' })),
  );
  await runner.settle();
  const actorOf = async (username: string): Promise<Actor> => {
    const user = await engines.documents.get<{ userId: string; roles: string[]; department?: string }>('users', username);
    if (!user) throw new Error(`hotline demo data: no user ${username}`);
    return { id: user.userId, role: user.roles[0]!, ...(user.department ? { department: user.department } : {}) };
  };
  const operator = await actorOf('operator');
  const supervisor = await actorOf('supervisor');
  const handlers: Record<string, Actor> = { market: await actorOf('market.handler'), housing: await actorOf('housing.handler'), health: await actorOf('health.handler') };

  const classify = new ClassificationCommandHandler(pipeline);
  const define = (command: ClassificationCommand) => classify.execute(new ClassificationCommandCommand(as(operator), command)).then(must(`${command.type} ${command.data.code}`));
  for (const [code, name, parentCode] of DEMO_CATEGORIES) await define({ type: 'DefineCategory', data: { code, name, parentCode } });
  for (const [code, name] of DEMO_DISTRICTS) await define({ type: 'DefineDistrict', data: { code, name } });
  await runner.settle();

  const registerHandler = new RegisterTicketHandler(pipeline, engines.events, engines.documents, calendar, clock);
  const stepHandler = new TicketStepHandler(pipeline, engines.events, engines.documents, calendar, clock);
  const rnd = random(12345);
  const count = OLDER_COUNT + RECENT.length;
  const stages: Record<string, number> = {};
  const openInDistrict = new Map<string, { id: string; matter: (typeof MATTERS)[number] }>();

  for (let i = 0; i < count; i++) {
    const daysAgo = daysAgoOf(i);
    let date = localDate(new Date(now.getTime() - daysAgo * 24 * HOUR));
    if (!calendar.isWorkingDay(date) && daysAgo > 1) date = calendar.subtractWorkingDays(date, 1);
    let at = new Date(`${date}T${String(8 + rnd.int(9)).padStart(2, '0')}:${String(rnd.int(60)).padStart(2, '0')}:00+08:00`);
    if (at > now) at = new Date(now.getTime() - (1 + rnd.int(3)) * HOUR);
    clock.set(at);
    const plan = planFor(i);
    // A duplicate call is about a matter still open: the same district, much the same words.
    const merging = plan === 'merged' ? [...openInDistrict.entries()][0] : undefined;
    const districtCode = merging?.[0] ?? rnd.pick(DEMO_DISTRICTS)[0];
    const matter = merging?.[1].matter ?? rnd.pick(MATTERS);
    const department = HANDLER_OF[matter.category.split('.')[0]!]!;
    const wrong = department === 'market' ? 'housing' : 'market';
    const anonymous = rnd.next() < 0.1;
    const caller = anonymous ? {} : { name: `${rnd.pick([...SURNAMES])}${rnd.pick(GIVEN)}`, phone: `1${rnd.pick(['35', '38', '39', '58', '86'])}${String(10_000_000 + rnd.int(89_999_999))}` };
    const registered = await registerHandler.execute(
      new RegisterTicketCommand(as(operator), {
        type: matter.type,
        channel: rnd.pick(['phone', 'phone', 'phone', 'web', 'app', 'mini_program', 'email'] as const),
        urgency: rnd.next() < 0.12 ? 'urgent' : 'normal',
        caller,
        content: matter.content,
        categoryCode: matter.category,
        districtCode,
        ...(rnd.next() < 0.6 ? { address: `${DEMO_DISTRICTS.find(([c]) => c === districtCode)![1]}${rnd.pick(['人民路', '建设路', '科技路', '滨江大道', '解放街'])}${1 + rnd.int(200)}号` } : {}),
      }),
    );
    must(`register ticket ${i}`)(registered);
    const ticketId = registered.ticketId;
    let reached = 'registered';
    /** The next step `hours` on; false when that is still in the future, and the ticket stays where it is. */
    const after = (hours: number) => {
      const next = new Date(clock.now().getTime() + hours * HOUR);
      if (next > now) return false;
      clock.set(next);
      return true;
    };
    const step = async (by: Actor, command: TicketStep, label: string) => {
      must(`${command.type} (ticket ${i})`)(await stepHandler.execute(new TicketStepCommand(as(by), command)));
      reached = label;
    };
    const t = { ticketId };
    const run = async () => {
      if (plan === 'answered' || (matter.type === 'consultation' && plan === 'closed')) {
        if (!after(0.1)) return;
        await step(operator, { type: 'AnswerTicket', data: { ...t, answer: matter.reply } }, 'answered');
        if (daysAgo > 0 && after(0.2)) await step(operator, { type: 'CloseTicket', data: t }, 'closed');
        return;
      }
      if (plan === 'registered') return;
      if (merging) {
        if (!after(0.2)) return;
        await step(operator, { type: 'MergeTicket', data: { ...t, into: merging[1].id } }, 'merged');
        return;
      }
      if (plan === 'returned' || plan === 'coordination') {
        if (!after(0.5)) return;
        await step(operator, { type: 'DispatchTicket', data: { ...t, department: wrong } }, 'dispatched');
        if (!after(3)) return;
        await step(handlers[wrong]!, { type: 'ReturnTicket', data: { ...t, reason: '该事项不属于本部门职责，请重新派单' } }, 'returned');
        if (plan === 'coordination') {
          if (!after(1)) return;
          await step(operator, { type: 'DispatchTicket', data: { ...t, department: wrong, note: '请先行核实情况' } }, 'dispatched');
          if (!after(2)) return;
          await step(handlers[wrong]!, { type: 'ReturnTicket', data: { ...t, reason: '经核实仍不属于本部门职责' } }, 'needs_coordination');
          return;
        }
        if (!after(1)) return;
      }
      const coHandlers = rnd.next() < 0.2 ? [wrong] : [];
      if (!after(0.5)) return;
      await step(operator, { type: 'DispatchTicket', data: { ...t, department, coHandlers } }, 'dispatched');
      openInDistrict.set(districtCode, { id: ticketId, matter });
      if (plan === 'dispatched') {
        if (rnd.next() < 0.5 && after(0.5)) await step(supervisor, { type: 'SuperviseTicket', data: { ...t, kind: 'urge', note: '请尽快签收办理' } }, 'dispatched');
        return;
      }
      // Most sign the same day; now and then a department is late.
      if (!after(rnd.next() < 0.15 ? 30 : 1 + rnd.int(4))) return;
      await step(handlers[department]!, { type: 'SignTicket', data: t }, 'signed');
      for (const co of coHandlers) if (after(0.5)) await step(handlers[co]!, { type: 'SignTicket', data: t }, 'signed');
      if (plan === 'signed') return;
      if (plan === 'extension') {
        if (after(24)) await step(handlers[department]!, { type: 'RequestExtension', data: { ...t, workingDays: 3, reason: '需协调多个部门现场核查' } }, 'extension_requested');
        return;
      }
      const reply = async (content: string) => {
        if (!after(24 * (1 + rnd.int(rnd.next() < 0.1 ? 9 : 4)))) return false;
        await step(handlers[department]!, { type: 'ReplyTicket', data: { ...t, content } }, 'replied');
        return true;
      };
      const callBack = async (result: CallbackResult, resolved: boolean) => {
        if (!after(4 + rnd.int(30))) return false;
        await step(operator, { type: 'RecordCallback', data: { ...t, resolved, result } }, result === 'unsatisfied' ? 'redo' : 'called_back');
        return true;
      };
      if (!(await reply(plan === 'redo' ? '已现场查看并要求整改' : matter.reply))) return;
      if (plan === 'replied') return;
      if (plan === 'redo') {
        if (!(await callBack('unsatisfied', false))) return;
        if (!after(2 + rnd.int(4))) return;
        await step(handlers[department]!, { type: 'SignTicket', data: t }, 'signed');
        if (!(await reply(matter.reply))) return;
      }
      // Most callers are satisfied and solved; some are content with the answer though it did not solve the matter.
      const satisfied = rnd.next() < 0.8;
      if (!(await callBack(satisfied ? 'satisfied' : 'basically_satisfied', rnd.next() < (satisfied ? 0.95 : 0.6)))) return;
      if (!after(1)) return;
      await step(operator, { type: 'CloseTicket', data: t }, 'closed');
      openInDistrict.delete(districtCode);
      if (daysAgo > 30 && after(24)) await step(operator, { type: 'ArchiveTicket', data: t }, 'archived');
      if (i % 3 === 0 && after(2)) {
        await step(operator, { type: 'PublishTicket', data: { ...t, title: matter.content.slice(0, 12), content: `市民反映：${matter.content}`, reply: matter.reply } }, reached);
      }
    };
    await run();
    stages[reached] = (stages[reached] ?? 0) + 1;
  }
  await runner.settle();
  log.info({ stages }, 'demo 12345 tickets by stage');
}
