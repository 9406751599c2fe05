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
import type { CatalogCommand, ItemDefinition, Material } from '../../domain/catalog/index.js';
import type { CaseCommand } from '../../domain/cases/index.js';
import type { Role } from '../../domain/identity/roles.js';
import { localDate } from '../../domain/shared/calendar.js';
import type { Actor } from '../../domain/shared/decider.js';
import { citizenIdCheckCharacter, creditCodeCheckCharacter } from '../../domain/shared/identity-numbers.js';
import { ManualClock } from '../clock.js';
import { logger } from '../logging/logger.js';
import { argon2Hasher } from '../password-hasher.js';
import type { Server } from '../server.js';
import { seedHotlineDemo } from './hotline-demo.js';
import { seedKnowledgeDemo } from './knowledge-demo.js';
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

/** The form every demo item asks for: where the business is and how large, which a computed fee counts. */
const FORM = {
  type: 'object',
  properties: {
    联系地址: { type: 'string', minLength: 2, maxLength: 200, title: '联系地址' },
    经营场所面积: { type: 'number', minimum: 1, maximum: 100000, title: '经营场所面积（平方米）' },
    备注: { type: 'string', maxLength: 500, title: '备注' },
  },
  required: ['联系地址', '经营场所面积'],
};

const WORKFLOW: ItemDefinition['workflow'] = [
  { name: '受理', kind: 'accept' },
  { name: '材料审查', kind: 'review' },
  { name: '决定', kind: 'decide' },
  { name: '制证', kind: 'certify' },
  { name: '送达', kind: 'deliver' },
];

const PROXY: Material = { name: '授权委托书', form: 'original', count: 1, required: false, condition: '委托他人代为办理的', standIns: [] };

const ITEMS: ItemDefinition[] = [
  item('XK00101001', '食品经营许可', 'market', '《中华人民共和国食品安全法》第三十五条', 20, 10, { kind: 'free' }, [
    ['食品经营许可申请书', 'original'],
    ['营业执照', 'copy', ['XK00100001']],
    ['食品安全管理制度文本', 'original'],
  ]),
  item('XK00102001', '药品零售企业许可', 'market', '《中华人民共和国药品管理法》第五十一条', 20, 15, { kind: 'fixed', amountCents: 50_000 }, [
    ['药品经营许可证申请表', 'original'],
    ['执业药师资格证书', 'copy'],
  ]),
  item('XK00201001', '建筑工程施工许可', 'housing', '《中华人民共和国建筑法》第七条', 20, 7, { kind: 'computed', unitCents: 100, field: '经营场所面积', capCents: 2_000_000, unit: '平方米' }, [
    ['建筑工程施工许可证申请表', 'original'],
    ['建设工程规划许可证', 'copy'],
    ['施工合同', 'copy'],
  ]),
  item('XK00301001', '医疗机构执业登记', 'health', '《医疗机构管理条例》第十五条', 20, 12, { kind: 'free' }, [
    ['医疗机构执业登记申请书', 'original'],
    ['医疗机构设置批准书', 'copy'],
  ]),
];

/** 营业执照 (企业设立登记): the license the food business license's 营业执照 copy stands in for. */
const BUSINESS_LICENSE: ItemDefinition = item('XK00100001', '营业执照', 'market', '《中华人民共和国市场主体登记管理条例》第二十一条', 15, 3, { kind: 'free' }, [
  ['公司登记（备案）申请书', 'original'],
  ['公司章程', 'original'],
  ['住所使用证明', 'copy'],
]);

function item(
  code: string,
  name: string,
  department: string,
  legalBasis: string,
  statutory: number,
  promised: number,
  fee: ItemDefinition['fee'],
  materials: [string, 'original' | 'copy', string[]?][],
): ItemDefinition {
  return {
    code,
    name,
    type: 'license',
    department,
    legalBasis,
    statutoryLimitDays: statutory,
    promisedLimitDays: promised,
    handling: 'single',
    fee,
    materials: [...materials.map(([materialName, form, standIns]) => ({ name: materialName, form, count: 1, required: true, standIns: standIns ?? [] })), PROXY],
    form: FORM,
    workflow: WORKFLOW,
    delivery: ['window', 'mail', 'electronic'],
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
  const admin = { id: 'system', role: 'admin' } satisfies Actor;
  const itemStep = (by: Actor, command: CatalogCommand) => catalog.execute(new CatalogCommandCommand(as(by), command)).then(must(`${command.type} ${command.data.code}`));
  const publishThroughReview = async (by: Actor, definition: ItemDefinition) => {
    await itemStep(by, { type: 'DraftItem', data: definition });
    await itemStep(by, { type: 'SubmitItemForReview', data: { code: definition.code } });
    await itemStep(actor('legal'), { type: 'ApproveItem', data: { code: definition.code } });
    await itemStep(by, { type: 'PublishItem', data: { code: definition.code } });
  };
  for (const definition of ITEMS) await publishThroughReview(admin, definition);
  // One item still waiting for the legal office, so its queue is not empty.
  const pending = item('XK00103001', '食品生产许可', 'market', '《食品生产许可管理办法》第二条', 20, 10, { kind: 'free' }, [['食品生产许可申请书', 'original']]);
  await itemStep(actor('market.head'), { type: 'DraftItem', data: pending });
  await itemStep(actor('market.head'), { type: 'SubmitItemForReview', data: { code: pending.code } });

  // The business license (营业执照), whose licenses stand in for the copy other items ask for (免提交).
  await publishThroughReview(actor('market.head'), BUSINESS_LICENSE);

  // Every material as a small PDF in the material store, so that cases hand in real digests.
  const digests = new Map<string, string>();
  for (const material of new Set([...ITEMS, pending, BUSINESS_LICENSE].flatMap((d) => d.materials.map((m) => m.name)))) {
    const stored = await engines.blobs.put(new TextEncoder().encode(`%PDF-1.4\n% 示例材料 demo material: ${material}\n%%EOF\n`), 'application/pdf');
    digests.set(material, stored.digest);
  }
  const files = (names: readonly string[]) => names.map((material) => ({ material, digest: digests.get(material)! }));

  // With the license library, so that a license the applicant holds stands in for its material.
  const submit = new SubmitCaseHandler(pipeline, engines.events, calendar, clock, engines.blobs, undefined, engines.documents);
  const step = new CaseStepHandler(pipeline, calendar, engines.blobs);
  /**
   * 免提交, told once: an enterprise is granted its business license at the market window; when it
   * applies for the food business license online two days ago, the license library hands in the
   * license instead of a copy (the case waits for the window's pre-review).
   */
  const seedLicenseStandIn = async () => {
    const own = random(1001);
    const applicant = { kind: 'enterprise' as const, name: '鑫源餐饮管理有限公司', creditCode: creditCode(own) };
    const window = actor('market.window');
    const reviewer = actor('market.reviewer');
    const caseStep = (by: Actor, command: Exclude<CaseCommand, { type: 'SubmitCase' }>) => step.execute(new CaseStepCommand(as(by), command)).then(must(command.type));
    let at = workingMoment(calendar, new Date(now.getTime() - 40 * 86_400_000), own);
    clock.set(at);
    const registration = await submit.execute(
      new SubmitCaseCommand(as(window), {
        itemCode: BUSINESS_LICENSE.code,
        channel: 'window',
        applicant,
        formData: { 联系地址: '示例市人民路8号', 经营场所面积: 120 },
        materials: files(BUSINESS_LICENSE.materials.filter((m) => m.required).map((m) => m.name)),
        deliveryMethod: 'window',
      }),
    );
    must('submit business license')(registration);
    const { caseId } = registration;
    /** `days` working days on (0: later the same day), never back in time. */
    const later = async (days: number, by: Actor, command: Exclude<CaseCommand, { type: 'SubmitCase' }>) => {
      const next = afterWorkingDays(calendar, at, days, own);
      clock.set((at = next > at ? next : new Date(at.getTime() + 20 * 60_000)));
      await caseStep(by, command);
    };
    await caseStep(window, { type: 'AcceptCase', data: { caseId } });
    await later(1, reviewer, { type: 'RecordReview', data: { caseId, step: '材料审查', opinion: '材料齐全，符合法定形式' } });
    await later(1, reviewer, { type: 'DecideCase', data: { caseId, decision: 'granted' } });
    await later(1, window, { type: 'IssueCertificate', data: { caseId, validUntil: null } });
    await later(0, window, { type: 'DeliverCase', data: { caseId, method: 'window' } });
    await later(0, window, { type: 'CompleteCase', data: { caseId } });
    // The license registered from the certificate is in the library before the next application.
    await runner.settle();
    const food = ITEMS[0]!;
    // Two working days before today, in office hours (never after now).
    clock.set(workingMoment(calendar, new Date(`${calendar.subtractWorkingDays(localDate(now), 2)}T12:00:00+08:00`), own));
    must('submit with a license standing in')(
      await submit.execute(new SubmitCaseCommand(as(actor('lisi')), {
        itemCode: food.code,
        channel: 'online',
        applicant,
        formData: { 联系地址: '示例市人民路8号', 经营场所面积: 120 },
        materials: files(food.materials.filter((m) => m.required && m.name !== '营业执照').map((m) => m.name)),
        deliveryMethod: 'electronic',
      })),
    );
  };

  const rnd = random(20261127);
  const count = 140;
  // Halfway through, the food business license is revised: later cases are filed under version 2, earlier ones keep version 1.
  const revisionAt = Math.floor(count / 2);
  const stages: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const definition = rnd.pick(ITEMS);
    const department = definition.department;
    const daysAgo = Math.floor(((count - i) / count) * 90);
    const submittedAt = workingMoment(calendar, new Date(now.getTime() - daysAgo * 86_400_000), rnd);
    if (submittedAt > now) continue;
    clock.set(submittedAt);
    if (i === revisionAt) {
      const food = ITEMS[0]!;
      await publishThroughReview(actor('market.head'), { ...food, promisedLimitDays: 8, legalBasis: `${food.legalBasis}；《食品经营许可和备案管理办法》第十条` });
    }
    const enterprise = rnd.next() < 0.5;
    const applicantUser = rnd.next() < 0.3 ? 'zhangsan' : 'lisi';
    const applicant = enterprise
      ? { kind: 'enterprise' as const, name: `${rnd.pick(['鑫', '华', '康', '仁', '安', '泰'])}${rnd.pick(COMPANIES)}`, creditCode: creditCode(rnd) }
      : { kind: 'person' as const, name: `${rnd.pick([...SURNAMES])}${rnd.pick(GIVEN)}`, idNumber: citizenId(rnd) };
    const channel = rnd.pick(['online', 'online', 'window', 'kiosk'] as const);
    const submitter = channel === 'window' ? actor(`${department}.window`) : actor(applicantUser);
    const window = actor(`${department}.window`);
    const reviewer = actor(`${department}.reviewer`);
    const head = ids.get(`${department}.head`);
    const required = definition.materials.filter((m) => m.required).map((m) => m.name);
    // Some applications come without one of their materials: the window asks for it (补正) the next
    // working day. The newest cases all came complete, so each one still waiting can be accepted.
    const forgotten = daysAgo > 10 && rnd.next() < 0.15 ? rnd.pick(required) : undefined;
    // Now and then the window takes more than 5 working days: the case counts as accepted from receipt (art. 32).
    const slowWindow = rnd.next() < 0.05;
    // Recent cases under a special procedure are still waiting for it.
    const recent = daysAgo < 20;
    const submitted = await submit.execute(
      new SubmitCaseCommand(as(submitter), {
        itemCode: definition.code,
        channel,
        applicant,
        formData: { 联系地址: '示例市人民路1号', 经营场所面积: 20 + rnd.int(300) },
        materials: files(required.filter((m) => m !== forgotten)),
        deliveryMethod: rnd.pick(definition.delivery),
      }),
    );
    must('submit case')(submitted);
    const { caseId } = submitted;
    let at = submittedAt;
    let stage = 'submitted';
    /** The next step, n working days on; false when that is still in the future (the case stays where it is). */
    const next = (days: number) => {
      const moment = afterWorkingDays(calendar, at, days, rnd);
      if (moment > now) return false;
      clock.set((at = moment));
      return true;
    };
    const act = async (by: Actor, command: Exclude<CaseCommand, { type: 'SubmitCase' }>, reached: string) => {
      await step.execute(new CaseStepCommand(as(by), command)).then(must(`${command.type} (${reached})`));
      stage = reached;
    };
    const record = () => {
      stages[stage] = (stages[stage] ?? 0) + 1;
    };
    if (forgotten) {
      if (!next(1)) {
        record();
        continue;
      }
      await act(window, { type: 'RequestSupplement', data: { caseId, missing: [{ material: forgotten, reason: '未提交，请补充提交' }] } }, 'supplement_requested');
      if (rnd.next() < 0.15 || !next(1 + rnd.int(3))) {
        record();
        continue;
      }
      await act(submitter, { type: 'SupplementMaterials', data: { caseId, materials: files([forgotten]) } }, 'submitted');
    }
    if (!next(slowWindow ? 6 + rnd.int(2) : 1 + rnd.int(2))) {
      record();
      continue;
    }
    if (rnd.next() < 0.05) {
      await act(window, { type: 'RefuseCase', data: { caseId, reasons: ['申请事项不属于本机关职权范围，请向所在区市场监督管理局申请'] } }, 'refused');
      record();
      continue;
    }
    if (channel === 'online') {
      await act(window, { type: 'PreReviewCase', data: { caseId, opinion: rnd.pick(['材料齐全，符合法定形式', '网上材料完整，请携带原件到窗口核验']) } }, 'submitted');
    }
    await act(window, { type: 'AcceptCase', data: { caseId } }, 'accepted');
    if (rnd.next() < 0.04) {
      if (next(1)) await act(submitter, { type: 'WithdrawCase', data: { caseId, reason: '经营计划调整，申请撤回' } }, 'withdrawn');
      record();
      continue;
    }
    if (head && rnd.next() < 0.03) {
      if (next(1)) await act(head, { type: 'TerminateCase', data: { caseId, reason: '申请人（企业）已注销，终止办理' } }, 'terminated');
      record();
      continue;
    }
    if (!next(1)) {
      record();
      continue;
    }
    await act(reviewer, { type: 'RecordReview', data: { caseId, step: '材料审查', opinion: rnd.pick(['材料齐全，符合法定形式', '经现场核查，与申请材料一致']) } }, 'accepted');
    if (rnd.next() < (recent ? 0.35 : 0.12)) {
      await act(reviewer, { type: 'SuspendClock', data: { caseId, procedure: rnd.pick(['expert_review', 'inspection', 'hearing'] as const), reason: '需组织专家评审及现场核查' } }, 'suspended');
      if (!next(recent ? 10 + rnd.int(5) : 2 + rnd.int(4))) {
        record();
        continue;
      }
      await act(reviewer, { type: 'ResumeClock', data: { caseId } }, 'accepted');
    }
    if (head && rnd.next() < 0.1) {
      await act(head, { type: 'ExtendTimeLimit', data: { caseId, reason: '案情复杂，需进一步核实，经负责人批准延长' } }, 'accepted');
    }
    const late = rnd.next() < 0.15;
    if (!next(late ? definition.promisedLimitDays + 1 + rnd.int(4) : 1 + rnd.int(Math.max(1, definition.promisedLimitDays - 3)))) {
      record();
      continue;
    }
    const granted = rnd.next() < 0.85;
    if (!granted) {
      const reasons = [rnd.pick(['申请材料与实际情况不符', '经营场所不符合卫生要求', '不符合法定条件'])];
      await act(reviewer, { type: 'DecideCase', data: { caseId, decision: 'denied', reasons } }, 'denied');
      if (next(1 + rnd.int(2))) await act(window, { type: 'CompleteCase', data: { caseId } }, 'completed');
      record();
      continue;
    }
    await act(reviewer, { type: 'DecideCase', data: { caseId, decision: 'granted' } }, 'granted');
    if (definition.fee.kind !== 'free') {
      if (!next(1)) {
        record();
        continue;
      }
      const assessed = must('assess fee')(await step.execute(new CaseStepCommand(as(window), { type: 'AssessFee', data: { caseId } })));
      const { amountCents } = assessed.events[0]!.data as { amountCents: number };
      await act(window, { type: 'RecordFeePayment', data: { caseId, amountCents, receiptNo: `PJ${String(100000 + i)}` } }, 'granted');
    }
    // Now and then the certificate is late (art. 44 allows 10 working days).
    if (!next(rnd.next() < 0.05 ? 11 + rnd.int(3) : 1 + rnd.int(3))) {
      record();
      continue;
    }
    await act(window, { type: 'IssueCertificate', data: { caseId, validUntil: addYears(localDate(at), 5) } }, 'certificate_issued');
    if (!next(1 + rnd.int(2))) {
      record();
      continue;
    }
    const method = rnd.pick(definition.delivery);
    await act(window, { type: 'DeliverCase', data: { caseId, method, ...(method === 'mail' ? { trackingNo: `EMS${String(1_000_000 + i)}CN` } : {}) } }, 'delivered');
    if (next(1)) await act(window, { type: 'CompleteCase', data: { caseId } }, 'completed');
    record();
  }
  await seedLicenseStandIn();
  // A revision of another item waits for the legal office while its published version takes applications.
  const clinic = ITEMS[3]!;
  await itemStep(admin, { type: 'DraftItem', data: { ...clinic, promisedLimitDays: 10 } });
  await itemStep(admin, { type: 'SubmitItemForReview', data: { code: clinic.code } });
  await seedKnowledgeDemo(server);
  await seedHotlineDemo(server);
  log.info({ stages }, 'demo cases by stage');
  await runner.settle();
  log.info({ ms: Date.now() - started, cases: count }, 'demo data seeded');
}

/** The same calendar day some years on. */
function addYears(date: string, years: number): string {
  const [y, rest] = [Number(date.slice(0, 4)), date.slice(4)];
  return `${y + years}${rest === '-02-29' ? '-02-28' : rest}`;
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
