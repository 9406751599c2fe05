/** The roles of DOMAIN.md "People". */
export const ROLES = [
  'applicant', // 申请人: citizens and enterprises
  'window_staff', // 窗口人员
  'reviewer', // 审核、审批人
  'department_head', // 部门负责人
  'legal_office', // 法制办
  'hotline_operator', // 话务员
  'department_handler', // 承办人 (a department's hotline desk)
  'trading_admin', // 交易中心
  'agency', // 代理机构
  'bidder', // 投标人
  'expert', // 评标专家
  'supervisor', // 监察人员 (discipline inspection)
  'leader', // 领导
  'auditor', // 审计
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles whose work belongs to one department, and whose every read and act is scoped to it. */
export const DEPARTMENT_ROLES: readonly Role[] = ['window_staff', 'reviewer', 'department_head', 'department_handler'];

/** Roles that read every department and change nothing. */
export const READ_ALL_ROLES: readonly Role[] = ['supervisor', 'auditor', 'leader'];
