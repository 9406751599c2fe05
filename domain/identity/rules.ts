import { invalid, type DomainError } from '../shared/errors.js';
import { DEPARTMENT_ROLES, isRole, type Role } from './roles.js';

export const USERNAME = /^[a-z][a-z0-9_.-]{2,31}$/;
export const DEPARTMENT_CODE = /^[a-z][a-z0-9_]{1,31}$/;

/** A user with a department-scoped role must belong to an existing department. */
export function checkRoles(roles: readonly string[], department: string | undefined, departmentExists: boolean): DomainError | undefined {
  if (roles.length === 0) return invalid('user.no_roles', '至少需要一个角色', 'At least one role is required');
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) return invalid('user.unknown_role', `未知角色：${unknown.join('、')}`, `Unknown role: ${unknown.join(', ')}`);
  const scoped = roles.some((r) => DEPARTMENT_ROLES.includes(r as Role));
  if (scoped && !department) return invalid('user.department_required', '部门岗位的用户必须属于一个部门', 'A user with a department role must belong to a department');
  if (department && !departmentExists) return invalid('user.unknown_department', `部门不存在：${department}`, `No such department: ${department}`);
  return undefined;
}
