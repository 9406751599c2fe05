import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { CaseStepCommand, SubmitCaseCommand } from '../../../application/cases/cases.handlers.js';
import { CaseHistoryQuery, GetCaseQuery, ListCasesQuery } from '../../../application/cases/cases.queries.js';
import type { Role } from '../../../domain/identity/roles.js';
import { CASE_ROLES } from '../../../domain/cases/index.js';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { Allow } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy, orRefuse } from '../commands.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const Application = z.object({
  itemCode: z.string().min(1).max(20),
  channel: z.enum(['online', 'window', 'kiosk']).default('online'),
  applicant: z.object({
    kind: z.enum(['person', 'enterprise']),
    name: z.string().min(1).max(200),
    idNumber: z.string().max(18).optional(),
    creditCode: z.string().max(18).optional(),
  }),
  formData: z.record(z.string(), z.unknown()).default({}),
});

const Decision = z.object({
  granted: z.boolean(),
  reasons: z.union([z.string().max(4000), z.array(z.string().max(2000)).max(20)]).optional(),
});

const Listing = z.object({
  status: z.enum(['submitted', 'accepted', 'granted', 'denied', 'completed']).optional(),
  department: z.string().max(32).optional(),
  light: z.enum(['yellow', 'red']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  after: z.string().max(2000).optional(),
});

/** Who may read cases at all; each sees only their scope (department, own cases, or all read-only). */
const CASE_READERS: Role[] = ['applicant', 'window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor', 'leader', 'admin'];

const viewer = (user: SessionUser) => ({ userId: user.userId, roles: user.roles, ...(user.department ? { department: user.department } : {}) });

@ApiTags('cases 办件')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Post()
  @Allow('applicant', 'window_staff')
  @BodySchema(Application)
  @ApiOperation({ summary: '提交申请 Apply for a published service item (online by the applicant, or at the window)' })
  async submit(@Body() body: z.infer<typeof Application>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const role: Role = user.roles.includes('applicant') ? 'applicant' : 'window_staff';
    const outcome = await this.commands.execute(new SubmitCaseCommand(issuedBy(request, user, role), body));
    accepted(outcome);
    return this.detail(user, outcome.caseId);
  }

  @Get()
  @Allow(...CASE_READERS)
  @QuerySchema(Listing)
  @ApiOperation({ summary: '办件列表 Cases in the caller’s scope, newest first, cursor-paged; applicant names masked' })
  list(@ValidQuery() query: z.infer<typeof Listing>, @CurrentUser() user: SessionUser) {
    return this.queries.execute(new ListCasesQuery(viewer(user), query));
  }

  @Get(':id')
  @Allow(...CASE_READERS)
  @ApiOperation({ summary: '办件详情 A case with its timeline and the steps the caller may take' })
  async get(@Param('id') id: string, @CurrentUser() user: SessionUser) {
    return orRefuse(await this.queries.execute(new GetCaseQuery(viewer(user), id)));
  }

  @Get(':id/history')
  @Allow('auditor', 'supervisor')
  @ApiOperation({ summary: '办件事件史 Every event of the case’s stream, with who, when and why, hash-chained (auditors)' })
  async history(@Param('id') id: string) {
    const events = orRefuse(await this.queries.execute(new CaseHistoryQuery(id)));
    return { events };
  }

  @Post(':id/accept')
  @Allow(...CASE_ROLES.accept)
  @ApiOperation({ summary: '受理 Accept a submitted case: the clock starts' })
  async accept(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    await this.visible(user, id);
    accepted(await this.commands.execute(new CaseStepCommand(issuedBy(request, user, 'window_staff'), { type: 'AcceptCase', data: { caseId: id } })));
    return this.detail(user, id);
  }

  @Post(':id/decide')
  @Allow(...CASE_ROLES.decide)
  @BodySchema(Decision)
  @ApiOperation({ summary: '作出决定 Grant or deny; a denial states its reasons (行政许可法第三十八条)' })
  async decide(@Param('id') id: string, @Body() body: z.infer<typeof Decision>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    await this.visible(user, id);
    const reasons = typeof body.reasons === 'string' ? body.reasons.split(/\n+/) : (body.reasons ?? []);
    const role: Role = user.roles.includes('reviewer') ? 'reviewer' : 'department_head';
    accepted(
      await this.commands.execute(
        new CaseStepCommand(issuedBy(request, user, role), { type: 'DecideCase', data: { caseId: id, decision: body.granted ? 'granted' : 'denied', reasons } }),
      ),
    );
    return this.detail(user, id);
  }

  @Post(':id/complete')
  @Allow(...CASE_ROLES.complete)
  @ApiOperation({ summary: '办结 Complete a decided case' })
  async complete(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    await this.visible(user, id);
    const role = (CASE_ROLES.complete as readonly Role[]).find((r) => user.roles.includes(r))!;
    accepted(await this.commands.execute(new CaseStepCommand(issuedBy(request, user, role), { type: 'CompleteCase', data: { caseId: id } })));
    return this.detail(user, id);
  }

  /** Acting on a case one cannot see answers 404, like reading it. */
  private async visible(user: SessionUser, id: string): Promise<void> {
    orRefuse(await this.queries.execute(new GetCaseQuery(viewer(user), id)));
  }

  /** The case as the caller now sees it, once the views have caught up with the command. */
  private async detail(user: SessionUser, id: string) {
    await this.runner.settle();
    return orRefuse(await this.queries.execute(new GetCaseQuery(viewer(user), id)));
  }
}
