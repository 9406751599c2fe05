import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { logger } from '../../logging/logger.js';
import { POLICY, type Policy } from './policy.js';
import type { SessionUser } from './session-user.js';
import { ControlToken, Sessions } from './sessions.js';

const log = logger('access');

/** Checks every route's policy; a route that declares none is refused (deny by default). */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: Sessions,
    private readonly control: ControlToken,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<Request & { user?: SessionUser }>();
    if (!policy) {
      log.warn({ route: `${context.getClass().name}.${context.getHandler().name}` }, 'route has no access policy; refused');
      throw new ForbiddenException();
    }
    const user = await this.sessions.authenticate(request);
    if (user) request.user = user;
    if (policy.kind === 'public') return true;
    if (policy.kind === 'control' && this.control.matches(request.header('x-control-token'))) return true;
    if (!user) throw new UnauthorizedException();
    if (policy.kind === 'authenticated') return true;
    const allowed: readonly string[] = policy.kind === 'control' ? ['admin'] : policy.roles;
    if (user.roles.some((role) => allowed.includes(role))) return true;
    throw new ForbiddenException();
  }
}
