import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { CreateDepartmentCommand, OpenWindowCommand, RegisterUserCommand } from '../../../application/identity/identity.handlers.js';
import type { DocumentStore } from '../../../application/ports/document-store.js';
import { DOCUMENT_STORE } from '../../../application/ports/tokens.js';
import { ROLES } from '../../../domain/identity/roles.js';
import { maskName } from '../../../domain/shared/masking.js';
import { Allow, Authenticated } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy } from '../commands.js';
import { BodySchema } from '../validation.js';

const NewDepartment = z.object({
  code: z.string().min(2).max(32),
  name: z.string().min(1).max(100),
  windows: z.array(z.object({ code: z.string().min(1).max(20), name: z.string().min(1).max(100) })).max(100).default([]),
});

const NewWindow = z.object({ code: z.string().min(1).max(20), name: z.string().min(1).max(100) });

const NewUser = z.object({
  username: z.string().min(3).max(32),
  displayName: z.string().min(1).max(100),
  password: z.string().min(1).max(256),
  roles: z.array(z.enum(ROLES)).min(1),
  department: z.string().min(2).max(32).optional(),
});

@ApiTags('admin 机构与用户')
@Controller()
export class AdminController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  @Post('admin/departments')
  @Allow('admin')
  @BodySchema(NewDepartment)
  @ApiOperation({ summary: '新建部门 Create a department with its windows' })
  async createDepartment(@Body() body: z.infer<typeof NewDepartment>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    accepted(await this.commands.execute(new CreateDepartmentCommand(issuedBy(request, user, 'admin'), body)));
    return { code: body.code, name: body.name, windows: body.windows };
  }

  @Post('admin/departments/:code/windows')
  @Allow('admin')
  @BodySchema(NewWindow)
  @ApiOperation({ summary: '开设窗口 Open a window in a department' })
  async openWindow(@Param('code') code: string, @Body() body: z.infer<typeof NewWindow>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    accepted(await this.commands.execute(new OpenWindowCommand(issuedBy(request, user, 'admin'), { code, window: body })));
    return { code, window: body };
  }

  @Post('admin/users')
  @Allow('admin')
  @BodySchema(NewUser)
  @ApiOperation({ summary: '新建用户 Create a user with roles and a department' })
  async createUser(@Body() body: z.infer<typeof NewUser>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const outcome = accepted(await this.commands.execute(new RegisterUserCommand(issuedBy(request, user, 'admin'), body)));
    const registered = outcome.events[0]?.data as { userId: string } | undefined;
    return { id: registered?.userId, username: body.username, roles: body.roles, department: body.department };
  }

  @Get('admin/users')
  @Allow('admin')
  @ApiOperation({ summary: '用户列表 Users (names masked)' })
  async users() {
    const page = await this.documents.find<{ userId: string; username: string; displayName: string; roles: string[]; department?: string; active: boolean }>(
      'users',
      {},
      { sort: { username: 1 }, limit: 1000, fields: ['userId', 'username', 'displayName', 'roles', 'department', 'active'] },
    );
    return {
      items: page.items.map((u) => ({ id: u.userId, username: u.username, displayName: maskName(u.displayName), roles: u.roles, department: u.department, active: u.active })),
    };
  }

  @Get('departments')
  @Authenticated()
  @ApiOperation({ summary: '部门 Departments and their windows' })
  async departments() {
    const page = await this.documents.find<{ code: string; name: string; windows: unknown[] }>('departments', {}, { sort: { code: 1 }, limit: 1000 });
    return { items: page.items.map(({ code, name, windows }) => ({ code, name, windows })) };
  }
}
