import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  departmentDecider,
  sessionDecider,
  userDecider,
  type Role,
  type Window,
} from '../../domain/identity/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import { DomainError, invalid } from '../../domain/shared/errors.js';
import { CommandPipeline, type CommandOutcome } from '../command-pipeline.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore } from '../ports/document-store.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import { CLOCK, COMMAND_PIPELINE, DOCUMENT_STORE, PASSWORD_HASHER } from '../ports/tokens.js';

/** Identifies a request as a command: its idempotency key and who sends it. */
export interface Issued {
  readonly commandId: string;
  readonly actor: Actor;
}

export const SESSION_HOURS = 8;
export const MIN_PASSWORD_LENGTH = 8;

export class CreateDepartmentCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly data: { code: string; name: string; windows: Window[] },
  ) {
    super();
  }
}

@CommandHandler(CreateDepartmentCommand)
export class CreateDepartmentHandler implements ICommandHandler<CreateDepartmentCommand> {
  constructor(@Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline) {}

  execute({ issued, data }: CreateDepartmentCommand) {
    return this.pipeline.handle({ decider: departmentDecider }, `department-${data.code}`, {
      ...issued,
      command: { type: 'CreateDepartment', data },
    });
  }
}

export class OpenWindowCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly data: { code: string; window: Window },
  ) {
    super();
  }
}

@CommandHandler(OpenWindowCommand)
export class OpenWindowHandler implements ICommandHandler<OpenWindowCommand> {
  constructor(@Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline) {}

  execute({ issued, data }: OpenWindowCommand) {
    return this.pipeline.handle({ decider: departmentDecider }, `department-${data.code}`, { ...issued, command: { type: 'OpenWindow', data } });
  }
}

export class RegisterUserCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly data: { username: string; displayName: string; password: string; roles: Role[]; department?: string },
  ) {
    super();
  }
}

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  async execute({ issued, data }: RegisterUserCommand): Promise<CommandOutcome> {
    const { password, ...rest } = data;
    const weak = passwordProblem(password);
    if (weak) return { ok: false, error: weak };
    const departmentExists = data.department ? (await this.documents.get('departments', data.department)) !== undefined : false;
    return this.pipeline.handle({ decider: userDecider }, `user-${data.username}`, {
      ...issued,
      command: { type: 'RegisterUser', data: { ...rest, passwordHash: await this.hasher.hash(password), departmentExists } },
    });
  }
}

export function passwordProblem(password: string): DomainError | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return invalid('user.weak_password', `密码至少 ${MIN_PASSWORD_LENGTH} 位`, `A password has at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return undefined;
}

/** A user as the `identity` projection keeps it in the `users` collection. */
export interface UserDoc {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  department?: string;
  active: boolean;
  passwordHash: string;
}

export interface LoggedIn {
  readonly user: Omit<UserDoc, 'passwordHash' | 'active'>;
  readonly sessionId: string;
  readonly expiresAt: Date;
}

export class LoginCommand extends Command<LoggedIn | DomainError> {
  constructor(
    readonly username: string,
    readonly password: string,
  ) {
    super();
  }
}

/** A wrong username and a wrong password get the same answer, so usernames cannot be probed. */
const WRONG_CREDENTIALS = { code: 'auth.invalid_credentials', zh: '用户名或密码错误', en: 'Wrong username or password' };
/** Verifying against a fixed hash when the user is unknown keeps the answer's timing the same. */
let decoyHash: Promise<string> | undefined;

@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ username, password }: LoginCommand): Promise<LoggedIn | DomainError> {
    const user = await this.documents.get<UserDoc>('users', username.trim().toLowerCase());
    decoyHash ??= this.hasher.hash('decoy password for timing');
    const valid = await this.hasher.verify(user?.passwordHash ?? (await decoyHash), password);
    if (!user || !valid || !user.active) {
      return new DomainError('unauthenticated', WRONG_CREDENTIALS.code, { zh: WRONG_CREDENTIALS.zh, en: WRONG_CREDENTIALS.en });
    }
    const now = this.clock.now();
    const sessionId = randomUUID();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
    const outcome = await this.pipeline.handle({ decider: sessionDecider }, `session-${sessionId}`, {
      commandId: sessionId,
      actor: { id: user.userId, role: user.roles[0]!, ...(user.department ? { department: user.department } : {}) },
      command: { type: 'StartSession', data: { sessionId, userId: user.userId, username: user.username, expiresAt: expiresAt.toISOString() } },
    });
    if (!outcome.ok) return outcome.error;
    const { passwordHash: _hash, active: _active, ...visible } = user;
    return { user: visible, sessionId, expiresAt };
  }
}

export class LogoutCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly sessionId: string,
  ) {
    super();
  }
}

@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand> {
  constructor(@Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline) {}

  execute({ issued, sessionId }: LogoutCommand) {
    return this.pipeline.handle({ decider: sessionDecider }, `session-${sessionId}`, {
      ...issued,
      command: { type: 'EndSession', data: { reason: 'logout' } },
    });
  }
}

export const identityHandlers = [CreateDepartmentHandler, OpenWindowHandler, RegisterUserHandler, LoginHandler, LogoutHandler];
