import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { RateServiceCommand, RatingStepCommand } from '../../../application/ratings/ratings.handlers.js';
import { GetRatingQuery, ListRatingsQuery } from '../../../application/ratings/ratings.queries.js';
import type { Role } from '../../../domain/identity/roles.js';
import { MAX_RATING_TEXT_LENGTH, RATING_CHANNELS, RATING_ROLES, RATING_SCALE, type RatingCommand } from '../../../domain/ratings/index.js';
import { Allow } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy, orRefuse } from '../commands.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const Rating = z.object({
  score: z.number().int().min(RATING_SCALE.min).max(RATING_SCALE.max),
  channel: z.enum(RATING_CHANNELS),
  comment: z.string().max(MAX_RATING_TEXT_LENGTH).optional(),
});

const Verification = z.object({ finding: z.enum(['verified', 'unfounded']), reason: z.string().min(1).max(MAX_RATING_TEXT_LENGTH) });
const Rectification = z.object({ measures: z.string().min(1).max(MAX_RATING_TEXT_LENGTH) });
const Callback = z.object({ satisfied: z.boolean(), note: z.string().max(MAX_RATING_TEXT_LENGTH).optional() });

const Listing = z.object({
  department: z.string().max(32).optional(),
  bad: z.stringbool().optional(),
  overdue: z.stringbool().optional(),
  status: z.enum(['rated', 'awaiting_verification', 'awaiting_rectification', 'awaiting_callback', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  after: z.string().max(2000).optional(),
});

/** Who may read ratings at all; each sees only their scope, as with cases. */
const RATING_READERS: Role[] = ['applicant', 'window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor', 'leader', 'admin'];

const viewer = (user: SessionUser) => ({ userId: user.userId, roles: user.roles, ...(user.department ? { department: user.department } : {}) });

@ApiTags('ratings 好差评')
@Controller()
export class RatingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Post('cases/:id/rating')
  @Allow(...RATING_ROLES.rate)
  @BodySchema(Rating)
  @ApiOperation({ summary: '评价 Rate a case 1–5 (applicant; window staff record a window-tablet rating); a bad rating opens a rectification' })
  async rate(@Param('id') id: string, @Body() body: z.infer<typeof Rating>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const role: Role = user.roles.includes('applicant') ? 'applicant' : 'window_staff';
    const { comment, ...rest } = body;
    accepted(await this.commands.execute(new RateServiceCommand(issuedBy(request, user, role), { caseId: id, ...rest, ...(comment !== undefined ? { comment } : {}) })));
    return this.detail(user, id);
  }

  @Get('ratings')
  @Allow(...RATING_READERS)
  @QuerySchema(Listing)
  @ApiOperation({ summary: '评价列表 Ratings in the caller’s scope, newest first; filters: department, bad only, rectification overdue' })
  list(@ValidQuery() query: z.infer<typeof Listing>, @CurrentUser() user: SessionUser) {
    return this.queries.execute(new ListRatingsQuery(viewer(user), query));
  }

  @Post('ratings/:caseId/verify')
  @Allow(...RATING_ROLES.verify)
  @BodySchema(Verification)
  @ApiOperation({ summary: '差评核实 Verify a bad rating: verified (属实) or unfounded (不属实), with the reason' })
  verify(@Param('caseId') caseId: string, @Body() body: z.infer<typeof Verification>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(RATING_ROLES.verify, user, request, { type: 'VerifyComplaint', data: { caseId, ...body } });
  }

  @Post('ratings/:caseId/rectify')
  @Allow(...RATING_ROLES.rectify)
  @BodySchema(Rectification)
  @ApiOperation({ summary: '差评整改 Record what was done about a verified bad rating' })
  rectify(@Param('caseId') caseId: string, @Body() body: z.infer<typeof Rectification>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(RATING_ROLES.rectify, user, request, { type: 'Rectify', data: { caseId, ...body } });
  }

  @Post('ratings/:caseId/callback')
  @Allow(...RATING_ROLES.callBack)
  @BodySchema(Callback)
  @ApiOperation({ summary: '回访 Record the callback to the applicant: satisfied or not' })
  callBack(@Param('caseId') caseId: string, @Body() body: z.infer<typeof Callback>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const { note, satisfied } = body;
    return this.step(RATING_ROLES.callBack, user, request, { type: 'CallBack', data: { caseId, satisfied, ...(note !== undefined ? { note } : {}) } });
  }

  /** Acting on a rating one cannot see answers 404, like reading it. */
  private async step(roles: readonly Role[], user: SessionUser, request: Request, command: Exclude<RatingCommand, { type: 'RateService' }>) {
    orRefuse(await this.queries.execute(new GetRatingQuery(viewer(user), command.data.caseId)));
    const role = roles.find((r) => user.roles.includes(r))!;
    accepted(await this.commands.execute(new RatingStepCommand(issuedBy(request, user, role), command)));
    return this.detail(user, command.data.caseId);
  }

  /** The rating as the caller now sees it, once the views have caught up with the command. */
  private async detail(user: SessionUser, caseId: string) {
    await this.runner.settle();
    return orRefuse(await this.queries.execute(new GetRatingQuery(viewer(user), caseId)));
  }
}
