import type { Event } from '../shared/decider.js';
import type { Role } from './roles.js';

export interface Window {
  readonly code: string;
  readonly name: string;
}

export type DepartmentCreated = Event<'DepartmentCreated', { code: string; name: string; windows: Window[] }>;
export type WindowOpened = Event<'WindowOpened', { code: string; window: Window }>;
export type DepartmentEvent = DepartmentCreated | WindowOpened;

export type UserRegistered = Event<
  'UserRegistered',
  { userId: string; username: string; displayName: string; roles: Role[]; department?: string; passwordHash: string }
>;
export type UserPasswordChanged = Event<'UserPasswordChanged', { userId: string; passwordHash: string }>;
export type UserRolesChanged = Event<'UserRolesChanged', { userId: string; roles: Role[]; department?: string }>;
export type UserDisabled = Event<'UserDisabled', { userId: string; reason: string }>;
export type UserEvent = UserRegistered | UserPasswordChanged | UserRolesChanged | UserDisabled;

/** A login: kept as events so that supervisors and auditors can see who worked when. */
export type SessionStarted = Event<'SessionStarted', { sessionId: string; userId: string; username: string; expiresAt: string }>;
export type SessionEnded = Event<'SessionEnded', { sessionId: string; reason: 'logout' | 'revoked' }>;
export type SessionEvent = SessionStarted | SessionEnded;
