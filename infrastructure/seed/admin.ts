import { randomBytes } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterUserCommand } from '../../application/identity/identity.handlers.js';
import type { Config } from '../config.js';
import type { Server } from '../server.js';
import { SYSTEM } from './system.js';

/** Creates the `admin` account on first start; a generated password is returned to be shown once. */
export async function bootstrapAdmin(server: Server, config: Config): Promise<{ generatedPassword?: string }> {
  if (await server.engines.documents.get('users', 'admin')) return {};
  const generated = config.adminPassword ? undefined : randomBytes(12).toString('base64url');
  const password = config.adminPassword ?? generated!;
  const outcome = await server.app.get(CommandBus).execute(
    new RegisterUserCommand(
      { commandId: 'bootstrap-admin', actor: SYSTEM },
      { username: 'admin', displayName: '系统管理员', password, roles: ['admin'] },
    ),
  );
  if (!outcome.ok) throw new Error(`could not create the admin account: ${outcome.error.message.en}`);
  await server.runner.settle();
  return generated ? { generatedPassword: generated } : {};
}
