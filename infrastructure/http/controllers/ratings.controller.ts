import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { derivedId } from '../../../application/command-pipeline.js';
import type { DocumentStore } from '../../../application/ports/document-store.js';
import { DOCUMENT_STORE, PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import { conflict, invalid, notFound } from '../../../domain/shared/errors.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { RateServiceCommand, RatingStepCommand } from '../../../application/ratings/ratings.handlers.js';
import { GetRatingQuery, ListRatingsQuery } from '../../../application/ratings/ratings.queries.js';
import type { Role } from '../../../domain/identity/roles.js';
import { MAX_RATING_TEXT_LENGTH, RATING_CHANNELS, RATING_ROLES, RATING_SCALE, type RatingCommand } from '../../../domain/ratings/index.js';
import { Allow, Public } from '../auth/policy.js';
import { RatingLinks } from '../auth/rating-links.js';
import { DomainRefusal } from '../errors.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy, orRefuse } from '../commands.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const Rating = z.object({
  score: z.number().int().min(RATING_SCALE.min).max(RATING_SCALE.max),
  channel: z.enum(RATING_CHANNELS),
  comment: z.string().max(MAX_RATING_TEXT_LENGTH).optional(),
});

const RatingByLink = z.object({
  token: z.string().min(10).max(1000),
  score: z.number().int().min(RATING_SCALE.min).max(RATING_SCALE.max),
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
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    private readonly links: RatingLinks,
  ) {}

  @Get('cases/:id/rating-link')
  @Allow('window_staff')
  @ApiOperation({ summary: '评价短信链接 The signed link for the rating SMS of one of the department’s cases (valid 30 days, one rating per case)' })
  async ratingLink(@Param('id') id: string, @CurrentUser() user: SessionUser) {
    const doc = await this.documents.get<{ applicantId: string | null; department: string }>('cases', id);
    // Another department's case answers as if it did not exist, as everywhere else.
    if (!doc || doc.department !== user.department) throw new DomainRefusal(notFound('case.not_found', '办件不存在', 'No such case'));
    if (!doc.applicantId) {
      throw new DomainRefusal(conflict('rating.no_applicant_account', '该办件的申请人没有账户，无法发送评价短信', 'The applicant has no account to rate with'));
    }
    const { token, expiresAt } = this.links.issue({ caseId: id, applicantId: doc.applicantId });
    return { path: `/rate/${token}`, token, expiresAt };
  }

  @Get('ratings/by-link/:token')
  @Public()
  @ApiOperation({ summary: '短信评价页 What the rating SMS link is about: the case number, the service and whether it is rated (no personal data)' })
  async linkInfo(@Param('token') token: string) {
    const subject = this.readLink(token);
    const doc = await this.documents.get<{ caseNo: string; itemName: string; departmentName?: string; department: string }>('cases', subject.caseId);
    if (!doc) throw new DomainRefusal(notFound('case.not_found', '办件不存在', 'No such case'));
    const rated = (await this.documents.get('ratings', subject.caseId)) !== undefined;
    return { caseNo: doc.caseNo, itemName: doc.itemName, department: doc.department, rated };
  }

  @Post('ratings/by-link')
  @Public()
  @BodySchema(RatingByLink)
  @ApiOperation({ summary: '短信评价 Rate 1–5 through the link of the rating SMS, without logging in; a case is rated once' })
  async rateByLink(@Body() body: z.infer<typeof RatingByLink>) {
    const { caseId, applicantId } = this.readLink(body.token);
    const issued = { commandId: derivedId(applicantId, `sms-rating/${caseId}`), actor: { id: applicantId, role: 'applicant' } };
    const data = { caseId, score: body.score, channel: 'sms' as const, ...(body.comment !== undefined ? { comment: body.comment } : {}) };
    const outcome = await this.commands.execute(new RateServiceCommand(issued, data));
    if (!outcome.ok) throw new DomainRefusal(outcome.error);
    if (outcome.duplicate) throw new DomainRefusal(conflict('rating.already_rated', '该办件已评价', 'This case has already been rated'));
    await this.runner.settle();
    return { caseId, score: body.score, channel: 'sms' };
  }

  private readLink(token: string) {
    const subject = this.links.read(token);
    if (!subject) throw new DomainRefusal(invalid('rating.link_invalid', '评价链接无效或已过期', 'The rating link is not valid or has expired'));
    return subject;
  }

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
