/**
 * The legal rules of a case (办件) under the Administrative License Law (行政许可法, 2019 text),
 * each named once with its source. *(default)* marks a city setting, passed in through the context.
 */
import type { Role } from '../identity/roles.js';
import type { Bilingual } from '../shared/messages.js';

/** Art. 82: the law's time limits count working days, statutory holidays excluded. */
export const LIMITS_IN_WORKING_DAYS = { source: '行政许可法 第八十二条' } as const;

/** Art. 42(1): decide within 20 working days of acceptance; the department head may extend once by 10, giving the reason. */
export const DECISION_LIMIT = { workingDays: 20, extensionWorkingDays: 10, source: '行政许可法 第四十二条第一款' } as const;

/** Art. 42(2): joint or centralised handling (统一办理、联合办理、集中办理): 45 working days, extendable by 15. */
export const JOINT_DECISION_LIMIT = { workingDays: 45, extensionWorkingDays: 15, source: '行政许可法 第四十二条第二款' } as const;

/** Art. 32(1)4: tell the applicant all missing materials at once, within 5 working days, or the case counts as accepted on receipt. */
export const SUPPLEMENT_NOTICE_LIMIT = { workingDays: 5, source: '行政许可法 第三十二条第一款第四项' } as const;

/** Art. 44: after a grant, issue and deliver the certificate within 10 working days. */
export const CERTIFICATE_DELIVERY_LIMIT = { workingDays: 10, source: '行政许可法 第四十四条' } as const;

/** Art. 45: hearings, tendering, auctions, inspection, testing, quarantine, appraisal and expert review do not count toward the limit. */
export const SPECIAL_PROCEDURES_EXCLUDED = { source: '行政许可法 第四十五条' } as const;

/** *(city rule, DOMAIN §2)* Time the applicant takes to supplement materials during review does not count either. */
export const SUPPLEMENT_DURING_REVIEW_EXCLUDED = { source: '行政许可法 第四十五条；审查中补正材料的时间不计入办理时限' } as const;

/**
 * Art. 45: time for hearings, tendering, auctions, inspection, testing, quarantine, appraisal and
 * expert review (特别程序) does not count toward the limit; the agency tells the applicant in writing.
 */
export const SPECIAL_PROCEDURES = {
  hearing: { zh: '听证', en: 'hearing' },
  tendering: { zh: '招标', en: 'tendering' },
  auction: { zh: '拍卖', en: 'auction' },
  inspection: { zh: '检验', en: 'inspection' },
  testing: { zh: '检测', en: 'testing' },
  quarantine: { zh: '检疫', en: 'quarantine' },
  appraisal: { zh: '鉴定', en: 'appraisal' },
  expert_review: { zh: '专家评审', en: 'expert review' },
} as const satisfies Record<string, Bilingual>;

export type SpecialProcedure = keyof typeof SPECIAL_PROCEDURES;

/** Why a clock stands still: a special procedure (art. 45), or materials asked for during review (补正期间). */
export type SuspensionCause = SpecialProcedure | 'supplement';

export const SUSPENSION_CAUSES: Record<SuspensionCause, Bilingual> = { ...SPECIAL_PROCEDURES, supplement: { zh: '补正材料', en: 'supplementing materials' } };

export const isSpecialProcedure = (value: unknown): value is SpecialProcedure => typeof value === 'string' && Object.hasOwn(SPECIAL_PROCEDURES, value);

/**
 * The appeal rights an applicant is told of with every refusal and denial: administrative
 * reconsideration within 60 days (行政复议法 art. 20) or a lawsuit within 6 months (行政诉讼法 art. 46).
 */
const APPEAL_RIGHTS = {
  zh: '申请人如不服本决定，可以自收到本决定之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。',
  en: 'If the applicant disagrees with this decision, they may apply for administrative reconsideration within 60 days of receiving it, or bring an administrative lawsuit before the people’s court within 6 months.',
} as const satisfies Bilingual;

/** Art. 38(2): a denial is written, gives its reasons and tells the applicant of the right to reconsideration or litigation. */
export const DENIAL_STATEMENT = { source: '行政许可法 第三十八条第二款', appealRights: APPEAL_RIGHTS } as const;

/** Art. 32(1), (2): a refusal to accept (不予受理) is written, dated and gives its reasons; the same appeal rights apply. */
export const REFUSAL_STATEMENT = { source: '行政许可法 第三十二条', appealRights: APPEAL_RIGHTS } as const;

/** The extension a department head may grant once: 10 working days, or 15 under joint handling (art. 42). */
export function extensionDays(handling: 'single' | 'joint'): number {
  return handling === 'joint' ? JOINT_DECISION_LIMIT.extensionWorkingDays : DECISION_LIMIT.extensionWorkingDays;
}

/** The source of the extension rule that applies. */
export function extensionSource(handling: 'single' | 'joint'): string {
  return handling === 'joint' ? JOINT_DECISION_LIMIT.source : DECISION_LIMIT.source;
}

/**
 * 证照编号: the license type (item code) and the case number, unique because case numbers are
 * and a case issues one certificate.
 */
export function certificateNumber(licenseType: string, caseNo: string): string {
  return `${licenseType}-${caseNo}`;
}

/**
 * 项目代码: human-readable, unique and never reused (DOMAIN.md "Case numbers, ticket numbers,
 * project codes"): `P-`, the year, and a serial of 4 to 6 digits, e.g. P-2026-0001.
 */
export const PROJECT_CODE = { pattern: /^P-\d{4}-\d{4,6}$/, example: 'P-2026-0001' } as const;

/** *(default)* The warning light (黄灯) comes on this many working days before the due date. */
export const DEFAULT_WARNING_WORKING_DAYS = 2;

/** Who may act on a case. Staff act only for their own department; applicants only on their own cases. */
export const CASE_ROLES = {
  /** 网上预审 of online applications, by the window that accepts them. */
  preReview: ['window_staff'],
  accept: ['window_staff'],
  refuse: ['window_staff'],
  /** The supplement notice before acceptance (art. 32) comes from the window. */
  requestSupplement: ['window_staff'],
  /** During review, the reviewer asks for materials (the clock stops). */
  requestSupplementInReview: ['reviewer', 'department_head'],
  /** The applicant hands materials in online, or at the window. */
  supplement: ['applicant', 'window_staff'],
  review: ['reviewer', 'department_head'],
  suspend: ['reviewer', 'department_head'],
  extend: ['department_head'],
  decide: ['reviewer', 'department_head'],
  fee: ['window_staff'],
  certify: ['window_staff', 'department_head'],
  deliver: ['window_staff'],
  complete: ['window_staff', 'reviewer', 'department_head'],
  /** By the applicant, online or in writing at the window. */
  withdraw: ['applicant', 'window_staff'],
  terminate: ['department_head'],
} as const satisfies Record<string, readonly Role[]>;

/** The steps on a case, by the names the API gives them (POST /api/cases/:id/<action>; grant and deny go to /decide). */
export type CaseAction =
  | 'pre-review'
  | 'accept'
  | 'refuse'
  | 'request-supplement'
  | 'supplement'
  | 'review'
  | 'suspend'
  | 'resume'
  | 'extend'
  | 'grant'
  | 'deny'
  | 'assess-fee'
  | 'pay-fee'
  | 'issue-certificate'
  | 'deliver'
  | 'complete'
  | 'withdraw'
  | 'terminate';
