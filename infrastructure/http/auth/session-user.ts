import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../../../domain/shared/decider.js';
import type { Role } from '../../../domain/identity/roles.js';

/** The logged-in user as every handler sees it. */
export interface SessionUser {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly department?: string;
  readonly sessionId: string;
}

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): SessionUser | undefined => {
  return context.switchToHttp().getRequest<{ user?: SessionUser }>().user;
});

/** The actor recorded on events: the user, acting in the role that the route allowed. */
export function actorOf(user: SessionUser, role?: Role): Actor {
  return { id: user.userId, role: role ?? user.roles[0]!, ...(user.department ? { department: user.department } : {}) };
}
