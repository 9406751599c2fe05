import { randomUUID } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import type { Request } from 'express';
import { derivedId, type CommandOutcome } from '../../application/command-pipeline.js';
import type { Issued } from '../../application/identity/identity.handlers.js';
import type { Role } from '../../domain/identity/roles.js';
import { isDomainError, type DomainError } from '../../domain/shared/errors.js';
import { DomainRefusal } from './errors.js';
import { actorOf, type SessionUser } from './auth/session-user.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

/**
 * The command identity of a request: the client's `Idempotency-Key` (so a retried or double-clicked
 * action acts once), scoped to the user so two users' keys never collide; a fresh id otherwise.
 */
export function issuedBy(request: Request, user: SessionUser, role?: Role): Issued {
  const key = request.header('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new BadRequestException({
      code: 'bad_idempotency_key',
      message: { zh: 'Idempotency-Key 格式不正确', en: 'The Idempotency-Key header is malformed' },
    });
  }
  return { commandId: key ? derivedId(user.userId, key) : randomUUID(), actor: actorOf(user, role) };
}

/** The outcome of a command, or its refusal as a 4xx answer. */
export function accepted(outcome: CommandOutcome): Extract<CommandOutcome, { ok: true }> {
  if (!outcome.ok) throw new DomainRefusal(outcome.error);
  return outcome;
}

export function orRefuse<T>(value: T | DomainError): T {
  if (isDomainError(value)) throw new DomainRefusal(value);
  return value;
}
