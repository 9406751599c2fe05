import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Throttle } from '@nestjs/throttler';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { LoginCommand, LogoutCommand, SESSION_HOURS } from '../../../application/identity/identity.handlers.js';
import type { DocumentStore } from '../../../application/ports/document-store.js';
import { DOCUMENT_STORE } from '../../../application/ports/tokens.js';
import { Authenticated, Public } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { SESSION_COOKIE, Sessions } from '../auth/sessions.js';
import { issuedBy, orRefuse } from '../commands.js';
import { BodySchema } from '../validation.js';

const Login = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: Sessions,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  // Ten tries a minute from one address: enough for a person, too few for guessing.
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @BodySchema(Login)
  @ApiOperation({ summary: '登录 Log in; sets an HttpOnly session cookie and returns a bearer token too' })
  async login(@Body() body: z.infer<typeof Login>, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const { user, sessionId, expiresAt } = orRefuse(await this.commands.execute(new LoginCommand(body.username, body.password)));
    const token = await this.sessions.issue(user.username, sessionId, expiresAt);
    response.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.secure,
      // A lifetime, not a date: the browser's clock need not agree with the domain clock.
      maxAge: SESSION_HOURS * 3600_000,
      path: '/',
    });
    return { user: await this.describe(user), token, expiresAt: expiresAt.toISOString() };
  }

  @Post('logout')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({ summary: '退出 Log out: ends the session everywhere' })
  async logout(@CurrentUser() user: SessionUser, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    await this.commands.execute(new LogoutCommand(issuedBy(request, user), user.sessionId));
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: '当前用户 The logged-in user' })
  async me(@CurrentUser() user: SessionUser) {
    return { user: await this.describe(user) };
  }

  private async describe(user: { userId: string; username: string; displayName: string; roles: readonly string[]; department?: string }) {
    const department = user.department ? await this.documents.get<{ name: string }>('departments', user.department) : undefined;
    return {
      id: user.userId,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      ...(user.department ? { department: user.department, departmentName: department?.name ?? user.department } : {}),
    };
  }
}
