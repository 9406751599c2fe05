import { CommandPipeline, type CommandOutcome } from '../../application/command-pipeline.js';
import { CaseStepCommand, CaseStepHandler, SubmitCaseCommand, SubmitCaseHandler } from '../../application/cases/cases.handlers.js';
import { CatalogCommandCommand, CatalogCommandHandler } from '../../application/catalog/catalog.handlers.js';
import {
  CreateDepartmentCommand,
  CreateDepartmentHandler,
  RegisterUserCommand,
  RegisterUserHandler,
  type Issued,
} from '../../application/identity/identity.handlers.js';
import type { ItemDefinition } from '../../domain/catalog/index.js';
import type { Role } from '../../domain/identity/roles.js';
import { localDate } from '../../domain/shared/calendar.js';
import type { Actor } from '../../domain/shared/decider.js';
import { citizenIdCheckCharacter, creditCodeCheckCharacter } from '../../domain/shared/identity-numbers.js';
import { ManualClock } from '../clock.js';
import { logger } from '../logging/logger.js';
import { argon2Hasher } from '../password-hasher.js';
import type { Server } from '../server.js';
import { SYSTEM } from './system.js';

const log = logger('seed');

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_DEPARTMENTS = [
  { code: 'market', name: '市场监督管理局', windows: [{ code: 'A01', name: 'A01 食品经营窗口' }, { code: 'A02', name: 'A02 企业登记窗口' }] },
  { code: 'housing', name: '住房和城乡建设局', windows: [{ code: 'B01', name: 'B01 施工许可窗口' }, { code: 'B02', name: 'B02 房产交易窗口' }] },
  { code: 'health', name: '卫生健康委员会', windows: [{ code: 'C01', name: 'C01 医疗机构窗口' }] },
];

/** One account per role (README "Demo logins"), all with DEMO_PASSWORD. */
export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; department?: string }[] = [
  { username: 'zhangsan', displayName: '张三', roles: ['applicant'] },
  { username: 'lisi', displayName: '李四', roles: ['applicant'] },
  { username: 'market.window', displayName: '王晓红', roles: ['window_staff'], department: 'market' },
  { username: 'market.reviewer', displayName: '赵建国', roles: ['reviewer'], department: 'market' },
  { username: 'market.head', displayName: '钱志强', roles: ['department_head'], department: 'market' },
  { username: 'market.handler', displayName: '孙丽', roles: ['department_handler'], department: 'market' },
  { username: 'housing.window', displayName: '周敏', roles: ['window_staff'], department: 'housing' },
  { username: 'housing.reviewer', displayName: '吴刚', roles: ['reviewer'], department: 'housing' },
  { username: 'housing.head', displayName: '郑伟', roles: ['department_head'], department: 'housing' },
  { username: 'health.window', displayName: '冯洁', roles: ['window_staff'], department: 'health' },
  { username: 'health.reviewer', displayName: '陈思远', roles: ['reviewer'], department: 'health' },
  { username: 'legal', displayName: '褚法明', roles: ['legal_office'] },
  { username: 'operator', displayName: '卫话务', roles: ['hotline_operator'] },
  { username: 'trading', displayName: '蒋交易', roles: ['trading_admin'] },
  { username: 'agency', displayName: '沈代理', roles: ['agency'] },
  { username: 'bidder', displayName: '韩投标', roles: ['bidder'] },
  { username: 'expert', displayName: '杨评审', roles: ['expert'] },
  { username: 'supervisor', displayName: '朱监察', roles: ['supervisor'] },
  { username: 'leader', displayName: '秦领导', roles: ['leader'] },
  { username: 'auditor', displayName: '尤审计', roles: ['auditor'] },
];

const ITEMS: ItemDefinition[] = [
  item('XK00101001', '食品经营许可', 'market', '《中华人民共和国食品安全法》第三十五条', 20, 10, [
    ['食品经营许可申请书', 'original'],
    ['营业执照', 'copy'],
    ['食品安全管理制度文本', 'original'],
  ]),
  item('XK00102001', '药品零售企业许可', 'market', '《中华人民共和国药品管理法》第五十一条', 20, 15, [
    ['药品经营许可证申请表', 'original'],
    ['执业药师资格证书', 'copy'],
  ]),
  item('XK00201001', '建筑工程施工许可', 'housing', '《中华人民共和国建筑法》第七条', 20, 7, [
    ['建筑工程施工许可证申请表', 'original'],
    ['建设工程规划许可证', 'copy'],
    ['施工合同', 'copy'],
  ]),
  item('XK00301001', '医疗机构执业登记', 'health', '《医疗机构管理条例》第十五条', 20, 12, [
    ['医疗机构执业登记申请书', 'original'],
    ['医疗机构设置批准书', 'copy'],
  ]),
];

function item(code: string, name: string, department: string, legalBasis: string, statutory: number, promised: number, materials: [string, 'original' | 'copy'][]): ItemDefinition {
  return {
    code,
    name,
    type: 'license',
    department,
    legalBasis,
    statutoryLimitDays: statutory,
    promisedLimitDays: promised,
    fee: { kind: 'free' },
    materials: materials.map(([materialName, form]) => ({ name: materialName, form, count: 1, required: true })),
    onsiteVisits: 0,
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '建华'];
const COMPANIES = ['鑫源餐饮管理有限公司', '康宁大药房有限公司', '华城建设工程有限公司', '仁和门诊部有限公司', '味之道食品有限公司', '安居置业有限公司'];

/** A small deterministic generator: the same demo data on every fresh start. */
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

/**
 * Demo data on first start, through the real command handlers: departments and windows, one
 * account per role, published items, and cases at every stage over the last 90 days. The seed
 * moves its own clock, so events carry their past domain times.
 */
export async function seedDemo(server: Server): Promise<void> {
  const { engines, runner, calendar } = server;
  if (await engines.documents.get('departments', DEMO_DEPARTMENTS[0]!.code)) return;
  const started = Date.now();
  const now = server.clock.now();
  const clock = new ManualClock(new Date(now.getTime() - 100 * 86_400_000));
  const pipeline = new CommandPipeline(engines.events, clock);
  let sequence = 0;
  const as = (actor: Actor): Issued => ({ commandId: `demo-${++sequence}`, actor });
  const must = (what: string) => (outcome: CommandOutcome) => {
    if (!outcome.ok) throw new Error(`demo data: ${what}: ${outcome.error.message.en}`);
    return outcome;
  };

  const departments = new CreateDepartmentHandler(pipeline);
  for (const d of DEMO_DEPARTMENTS) await departments.execute(new CreateDepartmentCommand(as(SYSTEM), d)).then(must(`department ${d.code}`));
  await runner.settle();

  const users = new RegisterUserHandler(pipeline, engines.documents, argon2Hasher);
  const ids = new Map<string, Actor>();
  for (const u of DEMO_USERS) {
    const outcome = must(`user ${u.username}`)(await users.execute(new RegisterUserCommand(as(SYSTEM), { ...u, password: DEMO_PASSWORD })));
    const { userId } = outcome.events[0]!.data as { userId: string };
    ids.set(u.username, { id: userId, role: u.roles[0]!, ...(u.department ? { department: u.department } : {}) });
  }
  const actor = (username: string) => ids.get(username)!;

  const catalog = new CatalogCommandHandler(pipeline, engines.events);
  for (const definition of ITEMS) {
    const head = { id: 'system', role: 'admin' } satisfies Actor;
    await catalog.execute(new CatalogCommandCommand(as(head), { type: 'DraftItem', data: definition })).then(must(`draft ${definition.code}`));
    await catalog.execute(new CatalogCommandCommand(as(head), { type: 'SubmitItemForReview', data: { code: definition.code } })).then(must('submit item'));
    await catalog.execute(new CatalogCommandCommand(as(actor('legal')), { type: 'ApproveItem', data: { code: definition.code } })).then(must('approve item'));
    await catalog.execute(new CatalogCommandCommand(as(head), { type: 'PublishItem', data: { code: definition.code } })).then(must('publish item'));
  }
  // One item still waiting for the legal office, so its queue is not empty.
  const pending = item('XK00103001', '食品生产许可', 'market', '《食品生产许可管理办法》第二条', 20, 10, [['食品生产许可申请书', 'original']]);
  await catalog.execute(new CatalogCommandCommand(as(actor('market.head')), { type: 'DraftItem', data: pending })).then(must('draft pending'));
  await catalog.execute(new CatalogCommandCommand(as(actor('market.head')), { type: 'SubmitItemForReview', data: { code: pending.code } })).then(must('submit pending'));

  const submit = new SubmitCaseHandler(pipeline, engines.events, calendar, clock);
  const step = new CaseStepHandler(pipeline, calendar);
  const rnd = random(20261127);
  const count = 140;
  for (let i = 0; i < count; i++) {
    const definition = rnd.pick(ITEMS);
    const department = definition.department;
    const daysAgo = Math.floor(((count - i) / count) * 90);
    const submittedAt = workingMoment(calendar, new Date(now.getTime() - daysAgo * 86_400_000), rnd);
    if (submittedAt > now) continue;
    clock.set(submittedAt);
    const enterprise = rnd.next() < 0.5;
    const applicantUser = rnd.next() < 0.3 ? 'zhangsan' : 'lisi';
    const applicant = enterprise
      ? { kind: 'enterprise' as const, name: `${rnd.pick(['鑫', '华', '康', '仁', '安', '泰'])}${rnd.pick(COMPANIES)}`, creditCode: creditCode(rnd) }
      : { kind: 'person' as const, name: `${rnd.pick([...SURNAMES])}${rnd.pick(GIVEN)}`, idNumber: citizenId(rnd) };
    const channel = rnd.pick(['online', 'online', 'window', 'kiosk'] as const);
    const submitter = channel === 'window' ? actor(`${department}.window`) : actor(applicantUser);
    const submitted = await submit.execute(
      new SubmitCaseCommand(as(submitter), { itemCode: definition.code, channel, applicant, formData: { 联系地址: '示例市人民路1号', 经营场所面积: 20 + rnd.int(300) } }),
    );
    must('submit case')(submitted);
    const { caseId } = submitted;
    // The older the case, the further along it is; some run late on purpose.
    const acceptAfter = 1 + rnd.int(2);
    const acceptedAt = afterWorkingDays(calendar, submittedAt, acceptAfter, rnd);
    if (acceptedAt > now || rnd.next() < 0.04) continue;
    clock.set(acceptedAt);
    await step.execute(new CaseStepCommand(as(actor(`${department}.window`)), { type: 'AcceptCase', data: { caseId } })).then(must('accept'));
    const late = rnd.next() < 0.15;
    const decideAfter = late ? definition.promisedLimitDays + 1 + rnd.int(4) : 1 + rnd.int(Math.max(1, definition.promisedLimitDays - 1));
    const decidedAt = afterWorkingDays(calendar, acceptedAt, decideAfter, rnd);
    if (decidedAt > now) continue;
    clock.set(decidedAt);
    const granted = rnd.next() < 0.85;
    const decision = granted
      ? { type: 'DecideCase' as const, data: { caseId, decision: 'granted' as const } }
      : { type: 'DecideCase' as const, data: { caseId, decision: 'denied' as const, reasons: [rnd.pick(['申请材料与实际情况不符', '经营场所不符合卫生要求', '不符合法定条件'])] } };
    await step.execute(new CaseStepCommand(as(actor(`${department}.reviewer`)), decision)).then(must('decide'));
    const completedAt = afterWorkingDays(calendar, decidedAt, 1 + rnd.int(2), rnd);
    if (completedAt > now) continue;
    clock.set(completedAt);
    await step.execute(new CaseStepCommand(as(actor(`${department}.window`)), { type: 'CompleteCase', data: { caseId } })).then(must('complete'));
  }
  await runner.settle();
  log.info({ ms: Date.now() - started, cases: count }, 'demo data seeded');
}

/** A moment during office hours (09:00–17:00 China time) on the first working day from `day`. */
function workingMoment(calendar: Server['calendar'], day: Date, rnd: ReturnType<typeof random>): Date {
  let date = localDate(day);
  if (!calendar.isWorkingDay(date)) date = calendar.addWorkingDays(date, 1);
  const minutes = 9 * 60 + rnd.int(8 * 60);
  return new Date(`${date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`);
}

function afterWorkingDays(calendar: Server['calendar'], from: Date, days: number, rnd: ReturnType<typeof random>): Date {
  return workingMoment(calendar, new Date(`${calendar.addWorkingDays(localDate(from), days)}T12:00:00+08:00`), rnd);
}

function citizenId(rnd: ReturnType<typeof random>): string {
  const birth = `19${60 + rnd.int(40)}${String(1 + rnd.int(12)).padStart(2, '0')}${String(1 + rnd.int(28)).padStart(2, '0')}`;
  const first17 = `350102${birth}${String(rnd.int(1000)).padStart(3, '0')}`;
  return first17 + citizenIdCheckCharacter(first17);
}

function creditCode(rnd: ReturnType<typeof random>): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = Array.from({ length: 9 }, () => chars[rnd.int(chars.length)]).join('');
  const first17 = `91350102${body}`;
  return first17 + creditCodeCheckCharacter(first17);
}
