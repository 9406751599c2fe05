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

/**
 * Art. 38(2): a denial is written, gives its reasons and tells the applicant of the right to
 * administrative reconsideration or litigation. The periods are those of 行政复议法 art. 20
 * (60 days) and 行政诉讼法 art. 46 (6 months).
 */
export const DENIAL_STATEMENT = {
  source: '行政许可法 第三十八条第二款',
  appealRights: {
    zh: '申请人如不服本决定，可以自收到本决定之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。',
    en: 'If the applicant disagrees with this decision, they may apply for administrative reconsideration within 60 days of receiving it, or bring an administrative lawsuit before the people’s court within 6 months.',
  } satisfies Bilingual,
} as const;

/** *(default)* The warning light (黄灯) comes on this many working days before the due date. */
export const DEFAULT_WARNING_WORKING_DAYS = 2;

/** Who may act on a case. Staff act only for their own department. */
export const CASE_ROLES = {
  accept: ['window_staff'],
  decide: ['reviewer', 'department_head'],
  complete: ['window_staff', 'reviewer', 'department_head'],
} as const satisfies Record<string, readonly Role[]>;
