import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { BundleStepCommand, SubmitBundleCommand } from '../../../application/bundles/bundles.handlers.js';
import { GetBundleQuery, ListBundlesQuery } from '../../../application/bundles/bundles.queries.js';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { BUNDLE_ROLES, type BundleCommand, type SubmitBundle } from '../../../domain/bundles/index.js';
import type { Role } from '../../../domain/identity/roles.js';
import { Allow } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy, orRefuse } from '../commands.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const NamedFile = z.object({ material: z.string().min(1).max(200), digest: z.string().min(1).max(128) });

const Application = z.object({
  itemCodes: z.array(z.string().min(1).max(20)).min(1).max(20),
  leadDepartment: z.string().min(1).max(32),
  channel: z.enum(['online', 'window', 'kiosk']).default('online'),
  applicant: z.object({
    kind: z.enum(['person', 'enterprise']),
    name: z.string().min(1).max(200),
    idNumber: z.string().max(18).optional(),
    creditCode: z.string().max(18).optional(),
  }),
  formData: z.record(z.string(), z.unknown()).default({}),
  materials: z.array(NamedFile).max(200).default([]),
});
const WithReason = z.object({ reason: z.string().min(1).max(2000) });
const Listing = z.object({
  status: z.enum(['submitted', 'accepted', 'completed', 'delivered']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  after: z.string().max(2000).optional(),
});

/** Who may read bundles at all; each sees only their scope. */
const BUNDLE_READERS: Role[] = ['applicant', 'window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor', 'leader', 'admin'];

/** How long a new bundle's answer waits for its sub-cases to be filed; after it, they show as pending. */
const SUB_CASES_WAIT_MS = 5_000;

const viewer = (user: SessionUser) => ({ userId: user.userId, roles: user.roles, ...(user.department ? { department: user.department } : {}) });
const roleFor = (user: SessionUser, allowed: readonly Role[]): Role => allowed.find((r) => user.roles.includes(r)) ?? allowed[0]!;

/** 并联审批: every answer is the bundle as the caller now sees it (the GET /api/bundles/:id shape). */
@ApiTags('bundles 并联审批')
@Controller('bundles')
export class BundlesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Post()
  @Allow(...BUNDLE_ROLES.submit)
  @BodySchema(Application)
  @ApiOperation({
    summary: '一表申请 Apply for several departments’ items at once (并联审批), with one form and one set of materials',
    description:
      'At least two published items in at least two departments; the lead department (牵头部门) is one of them. Each item gets its own sub-case, filed as any case is; the files named for an item’s materials go to its sub-case. The bundle is decided within 45 working days of its first acceptance, extendable once by 15 (行政许可法第四十二条第二款).',
  })
  async submit(@Body() body: z.infer<typeof Application>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const outcome = await this.commands.execute(new SubmitBundleCommand(issuedBy(request, user, roleFor(user, BUNDLE_ROLES.submit)), body));
    accepted(outcome);
    // The process manager files the sub-cases right after the bundle: answer once they show, so the caller sees their numbers.
    const deadline = Date.now() + SUB_CASES_WAIT_MS;
    for (;;) {
      const bundle = await this.detail(user, outcome.bundleId);
      if (bundle.items.every((i) => i.caseId !== null || i.status === 'not_opened') || Date.now() > deadline) return bundle;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  @Get()
  @Allow(...BUNDLE_READERS)
  @QuerySchema(Listing)
  @ApiOperation({ summary: '联办件列表 Bundles in the caller’s scope (their department’s, their own, or all read-only), newest first' })
  list(@ValidQuery() query: z.infer<typeof Listing>, @CurrentUser() user: SessionUser) {
    return this.queries.execute(new ListBundlesQuery(viewer(user), query));
  }

  @Get(':id')
  @Allow(...BUNDLE_READERS)
  @ApiOperation({ summary: '联办件详情 A bundle: its items with their sub-cases and statuses, the joint clock, the outcome per item and the steps the caller may take' })
  async get(@Param('id') id: string, @CurrentUser() user: SessionUser) {
    return orRefuse(await this.queries.execute(new GetBundleQuery(viewer(user), id)));
  }

  @Post(':id/extend')
  @Allow(...BUNDLE_ROLES.extend)
  @BodySchema(WithReason)
  @ApiOperation({ summary: '延期 The lead department’s head extends the joint limit once by 15 working days, with a reason (行政许可法第四十二条第二款)' })
  extend(@Param('id') id: string, @Body() body: z.infer<typeof WithReason>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, BUNDLE_ROLES.extend, { type: 'ExtendBundleLimit', data: { bundleId: id, reason: body.reason } });
  }

  @Post(':id/deliver')
  @Allow(...BUNDLE_ROLES.deliver)
  @ApiOperation({ summary: '统一出件 The lead department’s window hands over the results together, once every sub-case has ended' })
  deliver(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, BUNDLE_ROLES.deliver, { type: 'DeliverBundle', data: { bundleId: id } });
  }

  /** A step on a bundle the caller can see (one they cannot see answers 404, like reading it). */
  private async step(id: string, user: SessionUser, request: Request, roles: readonly Role[], command: Exclude<BundleCommand, SubmitBundle>) {
    orRefuse(await this.queries.execute(new GetBundleQuery(viewer(user), id)));
    accepted(await this.commands.execute(new BundleStepCommand(issuedBy(request, user, roleFor(user, roles)), command)));
    return this.detail(user, id);
  }

  /** The bundle as the caller now sees it, once the views have caught up with the command. */
  private async detail(user: SessionUser, id: string) {
    await this.runner.settle();
    return orRefuse(await this.queries.execute(new GetBundleQuery(viewer(user), id)));
  }
}
