/**
 * The rules of parallel approval (并联审批, 多证联办): one application to several departments'
 * items, coordinated by a lead department (牵头部门), under the joint limit of 行政许可法 art. 42(2).
 * The limit itself is named once, in domain/cases/rules.ts, and reused here.
 */
import type { Role } from '../identity/roles.js';
import { JOINT_DECISION_LIMIT } from '../cases/rules.js';

/** Art. 42(2): a bundle is decided within 45 working days of acceptance; the lead department's head may extend once by 15. */
export const BUNDLE_LIMIT = JOINT_DECISION_LIMIT;

/** *(DOMAIN §2)* A bundle joins items of several departments: at least two items, in at least two departments. */
export const MIN_BUNDLE_ITEMS = 2;
export const MIN_BUNDLE_DEPARTMENTS = 2;

/** Who may act on a bundle. The head and the window act only for the lead department. */
export const BUNDLE_ROLES = {
  submit: ['applicant', 'window_staff'],
  /** 延期: the lead department's head, once, with a reason. */
  extend: ['department_head'],
  /** 统一出件: at the lead department's window. */
  deliver: ['window_staff'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * The sub-cases' progress is recorded on the bundle by its process manager alone, which acts
 * under this role; no person holds it.
 */
export const BUNDLE_PROCESS_ROLE = 'process';
