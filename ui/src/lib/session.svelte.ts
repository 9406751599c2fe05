import { api, ApiError } from './api';
import type { Role, User } from './types';

/** The signed-in user; `checked` once GET /api/auth/me has answered. */
export const session = $state<{ user: User | null; checked: boolean }>({ user: null, checked: false });

export async function ensureSession(fetchFn?: typeof fetch): Promise<User | null> {
  if (session.checked) return session.user;
  try {
    const { user } = await api<{ user: User }>('/auth/me', { fetch: fetchFn, allow401: true });
    session.user = user;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    session.user = null;
  }
  session.checked = true;
  return session.user;
}

export function signedIn(user: User): void {
  session.user = user;
  session.checked = true;
}

export function signedOut(): void {
  session.user = null;
  session.checked = true;
}

export function hasAnyRole(user: User | null, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}

/** Roles that see cases of every department, and so get a department filter. */
const CROSS_DEPARTMENT: readonly Role[] = ['supervisor', 'auditor', 'leader', 'admin'];

export function seesSeveralDepartments(user: User | null): boolean {
  return !!user && (!user.department || hasAnyRole(user, CROSS_DEPARTMENT));
}
