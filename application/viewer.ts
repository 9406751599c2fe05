import type { Filter } from './ports/document-store.js';
import { DEPARTMENT_ROLES, READ_ALL_ROLES, type Role } from '../domain/identity/roles.js';

/** Who is asking, for scoping what a query returns. */
export interface Viewer {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly department?: string;
}

export const readsEverything = (viewer: Viewer) => viewer.roles.some((r) => READ_ALL_ROLES.includes(r) || r === 'admin');

/**
 * The cases a viewer may see, as a filter: supervisors, auditors, leaders and admins every case;
 * department staff their department's; applicants their own. `undefined`: none at all.
 */
export function caseScope(viewer: Viewer): Filter | undefined {
  if (readsEverything(viewer)) return {};
  const ors: Filter[] = [];
  if (viewer.department && viewer.roles.some((r) => DEPARTMENT_ROLES.includes(r))) ors.push({ department: viewer.department });
  if (viewer.roles.includes('applicant')) ors.push({ applicantId: viewer.userId });
  if (ors.length === 0) return undefined;
  return ors.length === 1 ? ors[0] : { $or: ors };
}
