import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '../../../domain/identity/roles.js';

export const POLICY = 'access:policy';

/** Who may call a route. A route without a policy is refused to everyone (deny by default). */
export type Policy =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] }
  /** The local operator's command line (its control token), or an admin. */
  | { readonly kind: 'control' };

/** Anyone, logged in or not. */
export const Public = () => SetMetadata(POLICY, { kind: 'public' } satisfies Policy);

/** Any logged-in user; the handler scopes what they see. */
export const Authenticated = () =>
  applyDecorators(SetMetadata(POLICY, { kind: 'authenticated' } satisfies Policy), ApiCookieAuth(), ApiUnauthorizedResponse());

/** Users holding one of these roles. */
export const Allow = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(POLICY, { kind: 'roles', roles } satisfies Policy),
    ApiCookieAuth(),
    ApiUnauthorizedResponse(),
    ApiForbiddenResponse({ description: `roles: ${roles.join(', ')}` }),
  );

/** The `projections` command of the same installation (it holds the control token), or an admin. */
export const ControlOrAdmin = () =>
  applyDecorators(SetMetadata(POLICY, { kind: 'control' } satisfies Policy), ApiCookieAuth(), ApiUnauthorizedResponse(), ApiForbiddenResponse());
