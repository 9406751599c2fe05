import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ClassificationCommandCommand, ListCategoriesQuery, ListDistrictsQuery } from '../../../application/hotline/classification.js';
import { RegisterTicketCommand, TicketStepCommand, type TicketStep } from '../../../application/hotline/hotline.handlers.js';
import {
  CallerHistoryQuery,
  DispatchSuggestionQuery,
  FindDuplicatesQuery,
  GetTicketQuery,
  ListTicketsQuery,
  TicketHistoryQuery,
} from '../../../application/hotline/hotline.queries.js';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import {
  CALLBACK_RESULTS,
  MAX_TICKET_TEXT_LENGTH,
  SUPERVISION_KINDS,
  TICKET_CHANNELS,
  TICKET_ROLES,
  TICKET_STATUSES,
  TICKET_TYPES,
  URGENCIES,
} from '../../../domain/hotline/index.js';
import type { Role } from '../../../domain/identity/roles.js';
import { isDomainError } from '../../../domain/shared/errors.js';
import { Allow, Public } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy, orRefuse } from '../commands.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const text = (max = MAX_TICKET_TEXT_LENGTH) => z.string().max(max);
const code = z.string().trim().min(1).max(32);

const Caller = z.object({ name: z.string().max(50).optional(), phone: z.string().max(30).optional() });

const Registration = z.object({
  type: z.enum(TICKET_TYPES),
  channel: z.enum(TICKET_CHANNELS),
  urgency: z.enum(URGENCIES).default('normal'),
  caller: Caller.default({}),
  title: text(100).optional(),
  content: text(),
  categoryCode: code,
  districtCode: code,
  address: text(200).optional(),
  location: z.object({ lat: z.number().min(-90).max(90), long: z.number().min(-180).max(180) }).optional(),
});

const Listing = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  department: z.string().max(32).optional(),
  category: z.string().max(32).optional(),
  district: z.string().max(32).optional(),
  type: z.enum(TICKET_TYPES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  overdue: z.stringbool().optional(),
  returned: z.stringbool().optional(),
  unsatisfied: z.stringbool().optional(),
  needsCoordination: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  after: z.string().max(2000).optional(),
});

const PhoneQuery = z.object({ phone: z.string().trim().min(5).max(30) });
const DuplicateProbe = z.object({ phone: z.string().max(30).optional(), content: text().optional(), districtCode: z.string().max(32).optional() });
const SuggestionQuery = z.object({ category: code, district: code });

const Answer = z.object({ answer: text(), articleId: z.string().min(1).max(100).optional() });
const Dispatch = z.object({ department: code, coHandlers: z.array(code).max(10).optional(), note: text().optional() });
const Reason = z.object({ reason: text() });
const ExtensionRequest = z.object({ workingDays: z.number().int().min(1).max(60), reason: text() });
const ExtensionDecision = z.object({ approved: z.boolean(), note: text().optional() });
const Reply = z.object({ content: text() });
const Callback = z.object({ resolved: z.boolean(), result: z.enum(CALLBACK_RESULTS), note: text().optional() });
const Supervision = z.object({ kind: z.enum(SUPERVISION_KINDS), note: text() });
const Merge = z.object({ into: z.string().min(1).max(100) });
const Publication = z.object({ title: text(100), content: text(), reply: text() });

const CategoryDefinition = z.object({ code, name: z.string().max(40), parentCode: code.nullable().optional() });
const DistrictDefinition = z.object({ code, name: z.string().max(40) });
const IncludeRetired = z.object({ includeRetired: z.stringbool().optional() });

/** Who reads tickets; each sees their scope (the center and supervisors all, a department its own). */
const TICKET_READERS: Role[] = ['hotline_operator', 'department_handler', 'department_head', 'supervisor', 'auditor', 'leader', 'admin'];

const viewer = (user: SessionUser) => ({ userId: user.userId, roles: user.roles, ...(user.department ? { department: user.department } : {}) });

/** Drops the keys whose value is undefined: the domain's optional fields are absent, not undefined. */
const defined = <T extends Record<string, unknown>>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

@ApiTags('hotline 12345 热线')
@Controller('hotline')
export class HotlineController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Post('tickets')
  @Allow(...TICKET_ROLES.register)
  @BodySchema(Registration)
  @ApiOperation({
    summary: '登记工单 Register a call or message as a ticket, with its number, a dispatch suggestion and likely duplicates',
    description: 'Category and district must be in use in the managed classification. Send an Idempotency-Key to register once however often the request is retried.',
  })
  async register(@Body() body: z.infer<typeof Registration>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const outcome = await this.commands.execute(new RegisterTicketCommand(issuedBy(request, user, 'hotline_operator'), defined({ ...body, caller: defined(body.caller) })));
    accepted(outcome);
    await this.runner.settle();
    return { id: outcome.ticketId, number: outcome.number, suggestion: outcome.suggestion, duplicates: outcome.duplicates };
  }

  @Get('tickets')
  @Allow(...TICKET_READERS)
  @QuerySchema(Listing)
  @ApiOperation({
    summary: '工单列表 Tickets in the caller’s scope, newest first, callers masked; filters: status, department, category (with subcategories), district, overdue, returned, unsatisfied',
    description: '`now` is the server’s clock (ISO), for the lights and countdowns.',
  })
  list(@ValidQuery() query: z.infer<typeof Listing>, @CurrentUser() user: SessionUser) {
    return this.queries.execute(new ListTicketsQuery(viewer(user), query));
  }

  @Get('tickets/:id')
  @Allow(...TICKET_READERS)
  @ApiOperation({
    summary: '工单详情 One ticket with its clocks and steps; the caller unmasked only for the operator handling the call (who took it or took it over) and the handling departments’ handlers',
    description: '`now` is the server’s clock (ISO); `signedBy` the departments that have signed this round; other operators find `take` among `allowedActions`.',
  })
  async detail(@Param('id') id: string, @CurrentUser() user: SessionUser) {
    return orRefuse(await this.queries.execute(new GetTicketQuery(viewer(user), id)));
  }

  @Get('tickets/:id/history')
  @Allow(...TICKET_READERS)
  @ApiOperation({ summary: '工单事件史 Every event of the ticket’s stream, who and when, hash-chained; callers masked as in the detail' })
  async history(@Param('id') id: string, @CurrentUser() user: SessionUser) {
    return { events: orRefuse(await this.queries.execute(new TicketHistoryQuery(viewer(user), id))) };
  }

  @Get('callers/history')
  @Allow('hotline_operator')
  @QuerySchema(PhoneQuery)
  @ApiOperation({ summary: '来电历史 The earlier tickets of the caller’s phone number, for the operator taking the call' })
  callerHistory(@ValidQuery() query: z.infer<typeof PhoneQuery>) {
    return this.queries.execute(new CallerHistoryQuery(query.phone));
  }

  @Get('duplicates')
  @Allow('hotline_operator')
  @QuerySchema(DuplicateProbe)
  @ApiOperation({ summary: '重复诉求 Open tickets likely to be the same matter: the same caller, or similar text in the same district within the window' })
  duplicates(@ValidQuery() query: z.infer<typeof DuplicateProbe>) {
    return this.queries.execute(new FindDuplicatesQuery(defined(query)));
  }

  @Get('dispatch-suggestion')
  @Allow('hotline_operator')
  @QuerySchema(SuggestionQuery)
  @ApiOperation({ summary: '派单建议 {department, count}: the department that signed for most tickets of this category in this district; null when none' })
  async suggestion(@ValidQuery() query: z.infer<typeof SuggestionQuery>, @Res({ passthrough: true }) response: Response) {
    const found = await this.queries.execute(new DispatchSuggestionQuery(query.category, query.district));
    if (found) return found;
    // JSON null, not an empty body: nothing to suggest is an answer too.
    response.type('application/json');
    return 'null';
  }

  @Post('tickets/:id/answer')
  @Allow(...TICKET_ROLES.answer)
  @BodySchema(Answer)
  @ApiOperation({ summary: '直办 Answer the caller directly, perhaps from a published knowledge base article (its id, version and title are recorded)' })
  answer(@Param('id') id: string, @Body() body: z.infer<typeof Answer>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.answer, user, request, { type: 'AnswerTicket', data: defined({ ticketId: id, ...body }) });
  }

  @Post('tickets/:id/dispatch')
  @Allow(...TICKET_ROLES.dispatch)
  @BodySchema(Dispatch)
  @ApiOperation({ summary: '派单 Dispatch to a lead department and co-handling departments; the sign and finish clocks start' })
  dispatch(@Param('id') id: string, @Body() body: z.infer<typeof Dispatch>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.dispatch, user, request, { type: 'DispatchTicket', data: defined({ ticketId: id, ...body }) });
  }

  @Post('tickets/:id/sign')
  @Allow(...TICKET_ROLES.sign)
  @ApiOperation({ summary: '签收 Sign for a ticket dispatched to the handler’s department (lead or co-handling)' })
  sign(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.sign, user, request, { type: 'SignTicket', data: { ticketId: id } });
  }

  @Post('tickets/:id/return')
  @Allow(...TICKET_ROLES.return)
  @BodySchema(Reason)
  @ApiOperation({ summary: '退单 Return a ticket before signing, with the reason (lead department; at most twice, then the center coordinates)' })
  giveBack(@Param('id') id: string, @Body() body: z.infer<typeof Reason>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.return, user, request, { type: 'ReturnTicket', data: { ticketId: id, reason: body.reason } });
  }

  @Post('tickets/:id/request-extension')
  @Allow(...TICKET_ROLES.requestExtension)
  @BodySchema(ExtensionRequest)
  @ApiOperation({ summary: '延期申请 Ask the center for more working days to finish' })
  requestExtension(@Param('id') id: string, @Body() body: z.infer<typeof ExtensionRequest>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.requestExtension, user, request, { type: 'RequestExtension', data: { ticketId: id, ...body } });
  }

  @Post('tickets/:id/decide-extension')
  @Allow(...TICKET_ROLES.decideExtension)
  @BodySchema(ExtensionDecision)
  @ApiOperation({ summary: '延期审批 Approve (the finish clock moves) or refuse an extension request' })
  decideExtension(@Param('id') id: string, @Body() body: z.infer<typeof ExtensionDecision>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.decideExtension, user, request, { type: 'DecideExtension', data: defined({ ticketId: id, ...body }) });
  }

  @Post('tickets/:id/reply')
  @Allow(...TICKET_ROLES.reply)
  @BodySchema(Reply)
  @ApiOperation({ summary: '办结反馈 The lead department’s reply: what was done; the callback clock starts' })
  reply(@Param('id') id: string, @Body() body: z.infer<typeof Reply>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.reply, user, request, { type: 'ReplyTicket', data: { ticketId: id, content: body.content } });
  }

  @Post('tickets/:id/callback')
  @Allow(...TICKET_ROLES.callBack)
  @BodySchema(Callback)
  @ApiOperation({ summary: '回访 Record the callback: solved or not (是否解决), and satisfied, basically satisfied, or unsatisfied (reopens the ticket for redo)' })
  callBack(@Param('id') id: string, @Body() body: z.infer<typeof Callback>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.callBack, user, request, { type: 'RecordCallback', data: defined({ ticketId: id, ...body }) });
  }

  @Post('tickets/:id/supervise')
  @Allow(...TICKET_ROLES.supervise)
  @BodySchema(Supervision)
  @ApiOperation({ summary: '督办/催办 A supervision order or a reminder on an open ticket' })
  supervise(@Param('id') id: string, @Body() body: z.infer<typeof Supervision>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.supervise, user, request, { type: 'SuperviseTicket', data: { ticketId: id, ...body } });
  }

  @Post('tickets/:id/merge')
  @Allow(...TICKET_ROLES.merge)
  @BodySchema(Merge)
  @ApiOperation({ summary: '合并 Merge this ticket into another about the same matter; its caller hears that ticket’s outcome' })
  merge(@Param('id') id: string, @Body() body: z.infer<typeof Merge>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.merge, user, request, { type: 'MergeTicket', data: { ticketId: id, into: body.into } });
  }

  @Post('tickets/:id/take')
  @Allow(...TICKET_ROLES.takeOver)
  @ApiOperation({
    summary: '接手 Take an open ticket over: from then on this operator sees the caller in full; recorded in the ticket’s history',
    description: 'The caller’s name and phone are shown only to the operator who took the call, operators who took the ticket over, and the handling departments’ handlers.',
  })
  take(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.takeOver, user, request, { type: 'TakeOverTicket', data: { ticketId: id } });
  }

  @Post('tickets/:id/close')
  @Allow(...TICKET_ROLES.close)
  @ApiOperation({ summary: '办结 Close an answered ticket, or a replied one once the caller was called back' })
  close(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.close, user, request, { type: 'CloseTicket', data: { ticketId: id } });
  }

  @Post('tickets/:id/archive')
  @Allow(...TICKET_ROLES.archive)
  @ApiOperation({ summary: '归档 Archive a closed ticket' })
  archive(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.archive, user, request, { type: 'ArchiveTicket', data: { ticketId: id } });
  }

  @Post('tickets/:id/publish')
  @Allow(...TICKET_ROLES.publish)
  @BodySchema(Publication)
  @ApiOperation({ summary: '公开 Publish an anonymised question and reply; text with phone or ID numbers, or the caller’s name or address, is refused' })
  publish(@Param('id') id: string, @Body() body: z.infer<typeof Publication>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.step(TICKET_ROLES.publish, user, request, { type: 'PublishTicket', data: { ticketId: id, ...body } });
  }

  @Get('categories')
  @Public()
  @QuerySchema(IncludeRetired)
  @ApiOperation({ summary: '诉求分类 The category tree (with each category’s path)' })
  categories(@ValidQuery() query: z.infer<typeof IncludeRetired>) {
    return this.queries.execute(new ListCategoriesQuery(query.includeRetired ?? false));
  }

  @Post('categories')
  @Allow(...TICKET_ROLES.classify)
  @BodySchema(CategoryDefinition)
  @ApiOperation({ summary: '维护分类 Add a category, or rename or move one (by its code)' })
  async defineCategory(@Body() body: z.infer<typeof CategoryDefinition>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.classify(user, request, { type: 'DefineCategory', data: { code: body.code, name: body.name, parentCode: body.parentCode ?? null } });
  }

  @Post('categories/:code/retire')
  @Allow(...TICKET_ROLES.classify)
  @HttpCode(200)
  @ApiOperation({ summary: '停用分类 Retire a category without subcategories in use; old tickets keep it' })
  retireCategory(@Param('code') code: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.classify(user, request, { type: 'RetireCategory', data: { code } });
  }

  @Get('districts')
  @Public()
  @QuerySchema(IncludeRetired)
  @ApiOperation({ summary: '区域 The districts of the city' })
  districts(@ValidQuery() query: z.infer<typeof IncludeRetired>) {
    return this.queries.execute(new ListDistrictsQuery(query.includeRetired ?? false));
  }

  @Post('districts')
  @Allow(...TICKET_ROLES.classify)
  @BodySchema(DistrictDefinition)
  @ApiOperation({ summary: '维护区域 Add a district or rename one' })
  defineDistrict(@Body() body: z.infer<typeof DistrictDefinition>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.classify(user, request, { type: 'DefineDistrict', data: body });
  }

  @Post('districts/:code/retire')
  @Allow(...TICKET_ROLES.classify)
  @HttpCode(200)
  @ApiOperation({ summary: '停用区域 Retire a district; old tickets keep it' })
  retireDistrict(@Param('code') code: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.classify(user, request, { type: 'RetireDistrict', data: { code } });
  }

  private async classify(user: SessionUser, request: Request, command: ClassificationCommandCommand['command']) {
    const role = TICKET_ROLES.classify.find((r) => user.roles.includes(r))!;
    accepted(await this.commands.execute(new ClassificationCommandCommand(issuedBy(request, user, role), command)));
    await this.runner.settle();
    return command.type === 'DefineCategory' || command.type === 'RetireCategory'
      ? this.queries.execute(new ListCategoriesQuery(true))
      : this.queries.execute(new ListDistrictsQuery(true));
  }

  /** Acting on a ticket one cannot see answers 404, like reading it. */
  private async step(roles: readonly Role[], user: SessionUser, request: Request, step: TicketStep) {
    orRefuse(await this.queries.execute(new GetTicketQuery(viewer(user), step.data.ticketId)));
    const role = roles.find((r) => user.roles.includes(r))!;
    const outcome = accepted(await this.commands.execute(new TicketStepCommand(issuedBy(request, user, role), step)));
    await this.runner.settle();
    const after = await this.queries.execute(new GetTicketQuery(viewer(user), step.data.ticketId));
    // A department that returned a ticket no longer sees it: it is told what it did, and no more.
    if (isDomainError(after)) return { id: step.data.ticketId, visible: false, events: outcome.events.map((e) => e.type) };
    return after;
  }
}
