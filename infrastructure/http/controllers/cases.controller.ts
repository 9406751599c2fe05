import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { CaseStepCommand, SubmitCaseCommand } from '../../../application/cases/cases.handlers.js';
import { CaseHistoryQuery, CaseInboxQuery, GetCaseQuery, ListCasesQuery } from '../../../application/cases/cases.queries.js';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { DELIVERY_METHODS, type DeliveryMethod } from '../../../domain/catalog/index.js';
import { CASE_ROLES, SPECIAL_PROCEDURES, type CaseCommand, type SpecialProcedure } from '../../../domain/cases/index.js';
import type { Role } from '../../../domain/identity/roles.js';
import { Allow } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy, orRefuse } from '../commands.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const deliveryMethods = Object.keys(DELIVERY_METHODS) as [DeliveryMethod, ...DeliveryMethod[]];
const procedures = Object.keys(SPECIAL_PROCEDURES) as [SpecialProcedure, ...SpecialProcedure[]];

/** A file named for one of the item's materials, by the SHA-256 digest it was uploaded under. */
const NamedFile = z.object({ material: z.string().min(1).max(200), digest: z.string().min(1).max(128) });
const Reasons = z.union([z.string().min(1).max(4000), z.array(z.string().max(2000)).min(1).max(20)]);
const Text = z.string().min(1).max(2000);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

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
  /** 项目代码 (e.g. P-2026-0001): links the approval with the project's others; checked by the domain. */
  projectCode: z.string().max(40).optional(),
  materials: z.array(NamedFile).max(100).default([]),
  deliveryMethod: z.enum(deliveryMethods).optional(),
});
const Decision = z.object({ granted: z.boolean(), reasons: z.union([z.string().max(4000), z.array(z.string().max(2000)).max(20)]).optional() });
const Refusal = z.object({ reasons: Reasons });
const SupplementNotice = z.object({
  missing: z.array(z.object({ material: z.string().min(1).max(200), reason: Text })).min(1).max(100),
  note: z.string().max(2000).optional(),
});
const Supplement = z.object({ materials: z.array(NamedFile).min(1).max(100) });
const PreReview = z.object({ opinion: Text });
const Review = z.object({ step: z.string().min(1).max(100), opinion: Text });
const Suspension = z.object({ procedure: z.enum(procedures), reason: Text });
const WithReason = z.object({ reason: Text });
const Payment = z.object({ amountCents: z.number().int().min(0), receiptNo: z.string().min(1).max(100) });
const Certificate = z.object({ validFrom: Day.optional(), validUntil: Day.nullable().optional() });
const Delivery = z.object({ method: z.enum(deliveryMethods).optional(), trackingNo: z.string().min(1).max(100).optional() });
const Withdrawal = z.object({ reason: z.string().max(2000).optional() });

const Listing = z.object({
  status: z
    .enum(['submitted', 'supplement_requested', 'refused', 'accepted', 'suspended', 'granted', 'denied', 'certificate_issued', 'delivered', 'completed', 'withdrawn', 'terminated'])
    .optional(),
  department: z.string().max(32).optional(),
  light: z.enum(['yellow', 'red']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  after: z.string().max(2000).optional(),
});
const InboxPage = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20), after: z.string().max(2000).optional() });

/** Who may read cases at all; each sees only their scope (department, own cases, or all read-only). */
const CASE_READERS: Role[] = ['applicant', 'window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor', 'leader', 'admin'];

/** Department roles with a work inbox. */
const INBOX_ROLES: Role[] = ['window_staff', 'reviewer', 'department_head'];

const viewer = (user: SessionUser) => ({ userId: user.userId, roles: user.roles, ...(user.department ? { department: user.department } : {}) });

/** The role the caller acts in for a step: the first of theirs the step allows. */
const roleFor = (user: SessionUser, allowed: readonly Role[]): Role => allowed.find((r) => user.roles.includes(r)) ?? allowed[0]!;

const asList = (reasons: string | readonly string[] | undefined) => (typeof reasons === 'string' ? reasons.split(/\n+/) : [...(reasons ?? [])]);

/** Every step answers with the case as the caller now sees it (the GET /api/cases/:id shape). */
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
  @ApiOperation({
    summary: '提交申请 Apply for a published service item (online by the applicant, or at the window)',
    description:
      'Checks the ID number (GB 11643) or credit code (GB 32100), the form against the item version’s JSON Schema, and each material: it must name a material of the item and the digest of an uploaded file. Missing required materials do not block the application; the window lists them in a supplement notice. Answers the case (201); 422 with a code for bad input, nothing written.',
  })
  async submit(@Body() body: z.infer<typeof Application>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const outcome = await this.commands.execute(new SubmitCaseCommand(issuedBy(request, user, roleFor(user, ['applicant', 'window_staff'])), body));
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

  @Get('inbox')
  @Allow(...INBOX_ROLES)
  @QuerySchema(InboxPage)
  @ApiOperation({
    summary: '待办 The caller’s work inbox: their department’s cases waiting for a step of their role, nearest deadline first',
    description: 'Reviewers and heads: accepted and suspended cases by due date. Window staff: cases to accept (by the art. 32 notice deadline), to charge, certify, deliver or complete. Each row has `deadline` and `allowedActions`.',
  })
  inbox(@ValidQuery() query: z.infer<typeof InboxPage>, @CurrentUser() user: SessionUser) {
    return this.queries.execute(new CaseInboxQuery(viewer(user), query));
  }

  @Get(':id')
  @Allow(...CASE_READERS)
  @ApiOperation({ summary: '办件详情 A case with its clock, notices, fees, certificate, delivery, timeline and the steps the caller may take (`allowedActions`)' })
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

  @Post(':id/pre-review')
  @Allow(...CASE_ROLES.preReview)
  @BodySchema(PreReview)
  @ApiOperation({
    summary: '网上预审 Pass an online application’s materials at the window, with an opinion, before it is accepted',
    description: 'Refused while required materials are missing (ask for them instead, 行政许可法第三十二条), for applications not made online, and once passed. Materials handed in later are pre-reviewed again.',
  })
  preReview(@Param('id') id: string, @Body() body: z.infer<typeof PreReview>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.preReview, { type: 'PreReviewCase', data: { caseId: id, opinion: body.opinion } });
  }

  @Post(':id/accept')
  @Allow(...CASE_ROLES.accept)
  @ApiOperation({
    summary: '受理 Accept a submitted case: the clock starts',
    description: 'An online application is pre-reviewed first. Refused while required materials are missing and the 5-working-day notice period runs (ask for them instead). After it, the case counts as accepted from receipt (行政许可法第三十二条) and the clock starts then.',
  })
  accept(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.accept, { type: 'AcceptCase', data: { caseId: id } });
  }

  @Post(':id/refuse')
  @Allow(...CASE_ROLES.refuse)
  @BodySchema(Refusal)
  @ApiOperation({ summary: '不予受理 Refuse to accept, with reasons; the applicant is told of the appeal rights (行政许可法第三十二条)' })
  refuse(@Param('id') id: string, @Body() body: z.infer<typeof Refusal>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.refuse, { type: 'RefuseCase', data: { caseId: id, reasons: asList(body.reasons) } });
  }

  @Post(':id/request-supplement')
  @Allow(...new Set([...CASE_ROLES.requestSupplement, ...CASE_ROLES.requestSupplementInReview]))
  @BodySchema(SupplementNotice)
  @ApiOperation({
    summary: '补正告知 Ask for materials, all at once',
    description:
      'Before acceptance (window): once, within 5 working days of receipt, listing every missing required material (行政许可法第三十二条); later it is refused. During review (reviewer, head): the clock stops until the applicant hands them in.',
  })
  requestSupplement(@Param('id') id: string, @Body() body: z.infer<typeof SupplementNotice>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const note = body.note?.trim();
    return this.step(id, user, request, [...CASE_ROLES.requestSupplement, ...CASE_ROLES.requestSupplementInReview], {
      type: 'RequestSupplement',
      data: { caseId: id, missing: body.missing, ...(note ? { note } : {}) },
    });
  }

  @Post(':id/supplement')
  @Allow(...CASE_ROLES.supplement)
  @BodySchema(Supplement)
  @ApiOperation({ summary: '补正材料 The applicant (or the window for them) hands in the materials the notice asked for, by uploaded digest' })
  supplement(@Param('id') id: string, @Body() body: z.infer<typeof Supplement>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.supplement, { type: 'SupplementMaterials', data: { caseId: id, materials: body.materials } });
  }

  @Post(':id/review')
  @Allow(...CASE_ROLES.review)
  @BodySchema(Review)
  @ApiOperation({ summary: '审查意见 Record an opinion at one of the item’s review steps' })
  review(@Param('id') id: string, @Body() body: z.infer<typeof Review>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.review, { type: 'RecordReview', data: { caseId: id, step: body.step, opinion: body.opinion } });
  }

  @Post(':id/suspend')
  @Allow(...CASE_ROLES.suspend)
  @BodySchema(Suspension)
  @ApiOperation({ summary: '中止计时 Stop the clock for a special procedure: hearing, tendering, auction, inspection, testing, quarantine, appraisal, expert review (行政许可法第四十五条)' })
  suspend(@Param('id') id: string, @Body() body: z.infer<typeof Suspension>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.suspend, { type: 'SuspendClock', data: { caseId: id, procedure: body.procedure, reason: body.reason } });
  }

  @Post(':id/resume')
  @Allow(...CASE_ROLES.suspend)
  @ApiOperation({ summary: '恢复计时 Resume the clock; the due date moves by the working days it stood still' })
  resume(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.suspend, { type: 'ResumeClock', data: { caseId: id } });
  }

  @Post(':id/extend')
  @Allow(...CASE_ROLES.extend)
  @BodySchema(WithReason)
  @ApiOperation({ summary: '延期 The department head extends the limit once, with a reason: 10 working days (15 for joint handling) (行政许可法第四十二条)' })
  extend(@Param('id') id: string, @Body() body: z.infer<typeof WithReason>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.extend, { type: 'ExtendTimeLimit', data: { caseId: id, reason: body.reason } });
  }

  @Post(':id/decide')
  @Allow(...CASE_ROLES.decide)
  @BodySchema(Decision)
  @ApiOperation({ summary: '作出决定 Grant or deny; a denial states its reasons and the appeal rights (行政许可法第三十八条)' })
  decide(@Param('id') id: string, @Body() body: z.infer<typeof Decision>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.decide, {
      type: 'DecideCase',
      data: { caseId: id, decision: body.granted ? 'granted' : 'denied', reasons: asList(body.reasons) },
    });
  }

  @Post(':id/assess-fee')
  @Allow(...CASE_ROLES.fee)
  @ApiOperation({ summary: '核定收费 Assess the fee of a granted case from its item version’s fee rule (fixed, or unit × form field, capped)' })
  assessFee(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.fee, { type: 'AssessFee', data: { caseId: id } });
  }

  @Post(':id/pay-fee')
  @Allow(...CASE_ROLES.fee)
  @BodySchema(Payment)
  @ApiOperation({ summary: '登记缴费 Record the payment of the assessed fee (the exact amount, in cents) with its receipt number' })
  payFee(@Param('id') id: string, @Body() body: z.infer<typeof Payment>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.fee, { type: 'RecordFeePayment', data: { caseId: id, amountCents: body.amountCents, receiptNo: body.receiptNo } });
  }

  @Post(':id/issue-certificate')
  @Allow(...CASE_ROLES.certify)
  @BodySchema(Certificate)
  @ApiOperation({ summary: '发证 Issue the certificate of a granted case (fee paid): number, holder, validity; on time when within 10 working days of the grant (行政许可法第四十四条)' })
  issueCertificate(@Param('id') id: string, @Body() body: z.infer<typeof Certificate>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.certify, {
      type: 'IssueCertificate',
      data: { caseId: id, ...(body.validFrom ? { validFrom: body.validFrom } : {}), ...(body.validUntil !== undefined ? { validUntil: body.validUntil } : {}) },
    });
  }

  @Post(':id/deliver')
  @Allow(...CASE_ROLES.deliver)
  @BodySchema(Delivery)
  @ApiOperation({ summary: '送达 Deliver the result by one of the item’s delivery options (the applicant’s choice by default); mail needs a tracking number' })
  deliver(@Param('id') id: string, @Body() body: z.infer<typeof Delivery>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.deliver, {
      type: 'DeliverCase',
      data: { caseId: id, ...(body.method ? { method: body.method } : {}), ...(body.trackingNo ? { trackingNo: body.trackingNo } : {}) },
    });
  }

  @Post(':id/complete')
  @Allow(...CASE_ROLES.complete)
  @ApiOperation({ summary: '办结 Complete a decided case (a granted one once its certificate is issued and delivered, where the item has those steps)' })
  complete(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.complete, { type: 'CompleteCase', data: { caseId: id } });
  }

  @Post(':id/withdraw')
  @Allow(...CASE_ROLES.withdraw)
  @BodySchema(Withdrawal)
  @ApiOperation({ summary: '撤回 The applicant withdraws the application before a decision (at the window, staff record it for them)' })
  withdraw(@Param('id') id: string, @Body() body: z.infer<typeof Withdrawal>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const reason = body.reason?.trim();
    return this.step(id, user, request, CASE_ROLES.withdraw, { type: 'WithdrawCase', data: { caseId: id, ...(reason ? { reason } : {}) } });
  }

  @Post(':id/terminate')
  @Allow(...CASE_ROLES.terminate)
  @BodySchema(WithReason)
  @ApiOperation({ summary: '终止 The department head ends an undecided case, with the reason' })
  terminate(@Param('id') id: string, @Body() body: z.infer<typeof WithReason>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(id, user, request, CASE_ROLES.terminate, { type: 'TerminateCase', data: { caseId: id, reason: body.reason } });
  }

  /** A step on a case the caller can see (acting on one they cannot see answers 404, like reading it). */
  private async step(id: string, user: SessionUser, request: Request, roles: readonly Role[], command: Exclude<CaseCommand, { type: 'SubmitCase' }>) {
    orRefuse(await this.queries.execute(new GetCaseQuery(viewer(user), id)));
    accepted(await this.commands.execute(new CaseStepCommand(issuedBy(request, user, roleFor(user, roles)), command)));
    return this.detail(user, id);
  }

  /** The case as the caller now sees it, once the views have caught up with the command. */
  private async detail(user: SessionUser, id: string) {
    await this.runner.settle();
    return orRefuse(await this.queries.execute(new GetCaseQuery(viewer(user), id)));
  }
}
