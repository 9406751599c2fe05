import type { Command } from '../shared/decider.js';
import type { Window } from './events.js';
import type { Role } from './roles.js';

export type CreateDepartment = Command<'CreateDepartment', { code: string; name: string; windows: Window[] }>;
export type OpenWindow = Command<'OpenWindow', { code: string; window: Window }>;
export type DepartmentCommand = CreateDepartment | OpenWindow;

/** The password arrives already hashed: hashing is I/O-bound work done outside the domain. */
export type RegisterUser = Command<
  'RegisterUser',
  { username: string; displayName: string; roles: Role[]; department?: string; passwordHash: string; departmentExists: boolean }
>;
export type ChangePassword = Command<'ChangePassword', { passwordHash: string }>;
export type ChangeRoles = Command<'ChangeRoles', { roles: Role[]; department?: string; departmentExists: boolean }>;
export type DisableUser = Command<'DisableUser', { reason: string }>;
export type UserCommand = RegisterUser | ChangePassword | ChangeRoles | DisableUser;

export type StartSession = Command<'StartSession', { sessionId: string; userId: string; username: string; expiresAt: string }>;
export type EndSession = Command<'EndSession', { reason: 'logout' | 'revoked' }>;
export type SessionCommand = StartSession | EndSession;
