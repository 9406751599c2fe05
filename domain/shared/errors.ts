import type { Bilingual } from './messages.js';

/**
 * Why a command was refused. Domain errors are values the decider returns, never exceptions,
 * so the HTTP edge can answer them as 4xx with a stable code.
 *  - `conflict`: the command does not fit the current state (a transition out of order) → 409
 *  - `invalid`: the command itself breaks a rule (a bad ID number, a limit out of range) → 422
 *  - `not_found`: the subject does not exist → 404
 *  - `forbidden`: the actor may not do this to this subject → 403
 *  - `unauthenticated`: who is asking could not be established (a wrong password) → 401
 */
export type DomainErrorKind = 'conflict' | 'invalid' | 'not_found' | 'forbidden' | 'unauthenticated';

export class DomainError {
  readonly isDomainError = true as const;
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable, machine-readable, e.g. `case.not_accepted`. */
    readonly code: string,
    readonly message: Bilingual,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {}
}

export function isDomainError(value: unknown): value is DomainError {
  return typeof value === 'object' && value !== null && (value as DomainError).isDomainError === true;
}

export const conflict = (code: string, zh: string, en: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, { zh, en }, details);
export const invalid = (code: string, zh: string, en: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', code, { zh, en }, details);
export const notFound = (code: string, zh: string, en: string, details?: Record<string, unknown>) =>
  new DomainError('not_found', code, { zh, en }, details);
export const forbidden = (code: string, zh: string, en: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', code, { zh, en }, details);
