import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { CatalogCommandCommand } from '../../../application/catalog/catalog.handlers.js';
import type { DocumentStore, Filter } from '../../../application/ports/document-store.js';
import { DOCUMENT_STORE, PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { DELIVERY_METHODS, ITEM_TYPES, STEP_KINDS, type CatalogCommand, type DeliveryMethod, type ItemType, type StepKind } from '../../../domain/catalog/index.js';
import { notFound } from '../../../domain/shared/errors.js';
import { Allow, Authenticated } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy } from '../commands.js';
import { DomainRefusal } from '../errors.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const itemTypes = Object.keys(ITEM_TYPES) as [ItemType, ...ItemType[]];
const stepKinds = Object.keys(STEP_KINDS) as [StepKind, ...StepKind[]];
const deliveryMethods = Object.keys(DELIVERY_METHODS) as [DeliveryMethod, ...DeliveryMethod[]];

/** A form schema is a JSON object of modest size: the server compiles it. */
const MAX_FORM_BYTES = 64 * 1024;

const Material = z.object({
  name: z.string().min(1).max(200),
  form: z.enum(['original', 'copy']),
  count: z.number().int().min(1).max(99),
  required: z.boolean(),
  condition: z.string().max(500).optional(),
  standIns: z.array(z.string().max(20)).max(20).default([]),
});

const Fee = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }),
  z.object({ kind: z.literal('fixed'), amountCents: z.number().int().min(0) }),
  z.object({ kind: z.literal('computed'), unitCents: z.number().int().min(0), field: z.string().min(1).max(100), capCents: z.number().int().min(0), unit: z.string().max(20).optional() }),
]);

const FormSchema = z
  .record(z.string(), z.unknown())
  .refine((schema) => JSON.stringify(schema).length <= MAX_FORM_BYTES, `at most ${MAX_FORM_BYTES / 1024} KB`);

/** Without a workflow, the shortest one a case can run: 受理 → 审查 → 决定. */
const DEFAULT_WORKFLOW = [
  { name: '受理', kind: 'accept' as const },
  { name: '审查', kind: 'review' as const },
  { name: '决定', kind: 'decide' as const },
];

const ItemDefinition = z.object({
  code: z.string().min(1).max(20),
  name: z.string().min(1).max(200),
  type: z.enum(itemTypes),
  department: z.string().min(2).max(32),
  legalBasis: z.string().min(1).max(2000),
  statutoryLimitDays: z.number().int().min(0).max(365),
  promisedLimitDays: z.number().int().min(0).max(365),
  handling: z.enum(['single', 'joint']).default('single'),
  fee: Fee,
  materials: z.array(Material).max(100),
  form: FormSchema.default({ type: 'object' }),
  workflow: z.array(z.object({ name: z.string().min(1).max(50), kind: z.enum(stepKinds) })).min(1).max(20).default(DEFAULT_WORKFLOW),
  delivery: z.array(z.enum(deliveryMethods)).min(1).max(3).default(['window']),
  onsiteVisits: z.number().int().min(0).max(10),
});

const Opinion = z.object({ opinion: z.string().max(2000).optional() });
const Reason = z.object({ reason: z.string().min(1).max(2000) });
const Listing = z.object({
  status: z.enum(['draft', 'in_review', 'approved', 'sent_back', 'published', 'suspended', 'retired']).optional(),
  department: z.string().max(32).optional(),
});

/** Roles that manage items (their own department's, except admins). */
const ITEM_EDITORS = ['department_head', 'admin'] as const;

const itemNotFound = () => notFound('catalog.not_found', '事项不存在', 'No such service item');

/** Every change answers `{ code, status, version, revision? }`: the item's status, its published version (null before the first) and the version in review. */
@ApiTags('catalog 事项库')
@Controller('catalog/items')
export class CatalogController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Post()
  @Allow(...ITEM_EDITORS)
  @BodySchema(ItemDefinition)
  @ApiOperation({
    summary: '起草事项 Draft a service item, redraft one in draft or sent back, or draft the next version of a published item (a revision)',
    description:
      'The form is a JSON Schema (type object) that must compile; a computed fee counts a required number field of it. A revision goes through legal review again while the published version keeps taking applications. Defaults: handling single, form {type: object}, workflow 受理 → 审查 → 决定, delivery at the window.',
  })
  async draft(@Body() body: z.infer<typeof ItemDefinition>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(user, request, { type: 'DraftItem', data: body });
  }

  @Post(':code/submit')
  @Allow(...ITEM_EDITORS)
  @ApiOperation({ summary: '提交法制审核 Submit an item (or its new version) for legal review' })
  async submit(@Param('code') code: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(user, request, { type: 'SubmitItemForReview', data: { code } });
  }

  @Post(':code/approve')
  @Allow('legal_office')
  @BodySchema(Opinion)
  @ApiOperation({ summary: '法制审核通过 The legal office approves an item (or its new version)' })
  async approve(@Param('code') code: string, @Body() body: z.infer<typeof Opinion>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(user, request, { type: 'ApproveItem', data: { code, ...(body.opinion ? { opinion: body.opinion } : {}) } }, 'legal_office');
  }

  @Post(':code/send-back')
  @Allow('legal_office')
  @BodySchema(Reason)
  @ApiOperation({ summary: '退回修改 The legal office sends an item (or its new version) back, saying why' })
  async sendBack(@Param('code') code: string, @Body() body: z.infer<typeof Reason>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(user, request, { type: 'SendBackItem', data: { code, reason: body.reason } }, 'legal_office');
  }

  @Post(':code/publish')
  @Allow(...ITEM_EDITORS)
  @ApiOperation({ summary: '发布 Publish the approved version: new applications are filed under it; cases filed earlier keep theirs' })
  async publish(@Param('code') code: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(user, request, { type: 'PublishItem', data: { code } });
  }

  @Post(':code/suspend')
  @Allow(...ITEM_EDITORS)
  @BodySchema(Reason)
  @ApiOperation({ summary: '暂停受理 Suspend a published item, saying why: no new applications until it is resumed; cases already filed go on' })
  async suspend(@Param('code') code: string, @Body() body: z.infer<typeof Reason>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(user, request, { type: 'SuspendItem', data: { code, reason: body.reason } });
  }

  @Post(':code/resume')
  @Allow(...ITEM_EDITORS)
  @ApiOperation({ summary: '恢复受理 Resume a suspended item' })
  async resume(@Param('code') code: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(user, request, { type: 'ResumeItem', data: { code } });
  }

  @Post(':code/retire')
  @Allow(...ITEM_EDITORS)
  @BodySchema(Reason)
  @ApiOperation({ summary: '取消事项 Retire a published or suspended item for good, saying why' })
  async retire(@Param('code') code: string, @Body() body: z.infer<typeof Reason>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(user, request, { type: 'RetireItem', data: { code, reason: body.reason } });
  }

  @Get()
  @Authenticated()
  @QuerySchema(Listing)
  @ApiOperation({ summary: '事项列表 Service items; applicants see published items only. `status=in_review` also finds published items whose new version is in review' })
  async list(@ValidQuery() query: z.infer<typeof Listing>, @CurrentUser() user: SessionUser) {
    const clauses: Filter[] = [];
    const staff = isStaff(user);
    if (!staff) clauses.push({ status: 'published' });
    if (query.status) {
      const revisable = ['draft', 'in_review', 'approved', 'sent_back'].includes(query.status);
      clauses.push(revisable ? { $or: [{ status: query.status }, { 'revision.status': query.status }] } : { status: query.status });
    }
    if (query.department) clauses.push({ department: query.department });
    const [items, names] = await Promise.all([
      this.documents.find<Record<string, unknown> & { department: string }>('catalog_items', clauses.length ? { $and: clauses } : {}, { sort: { code: 1 }, limit: 1000 }),
      this.departmentNames(),
    ]);
    return { items: items.items.map((item) => this.present(item, staff, names)) };
  }

  @Get(':code')
  @Authenticated()
  @ApiOperation({
    summary: '事项详情 One item: the published version’s fields (form, materials, fee, workflow, delivery), its status and versions; staff also see the revision in progress',
  })
  async get(@Param('code') code: string, @CurrentUser() user: SessionUser) {
    const staff = isStaff(user);
    const item = await this.documents.get<Record<string, unknown> & { department: string; status: string }>('catalog_items', code);
    if (!item || (!staff && item.status !== 'published')) throw new DomainRefusal(itemNotFound());
    const versions = await this.documents.find<{ version: number; publishedAt: string }>('catalog_item_versions', { code }, { sort: { version: 1 }, limit: 1000, fields: ['version', 'publishedAt'] });
    return { ...this.present(item, staff, await this.departmentNames()), versions: versions.items.map(({ version, publishedAt }) => ({ version, publishedAt })) };
  }

  @Get(':code/versions/:version')
  @Authenticated()
  @ApiOperation({ summary: '事项版本 A published version as it was published: the rules and the form a case filed under it runs by' })
  async version(@Param('code') code: string, @Param('version') version: string) {
    const found = await this.documents.get<Record<string, unknown>>('catalog_item_versions', `${code}@${Number.parseInt(version, 10)}`);
    if (!found) throw new DomainRefusal(itemNotFound());
    const { _id, _pos, ...rest } = found;
    return rest;
  }

  private async change(user: SessionUser, request: Request, command: CatalogCommand, role?: 'legal_office') {
    accepted(await this.commands.execute(new CatalogCommandCommand(issuedBy(request, user, role ?? editorRole(user)), command)));
    await this.runner.settle();
    const item = await this.documents.get<{ status: string; version?: number; revision?: { version: number; status: string } }>('catalog_items', command.data.code);
    return {
      code: command.data.code,
      status: item?.status ?? null,
      version: item?.version ?? null,
      ...(item?.revision ? { revision: { version: item.revision.version, status: item.revision.status } } : {}),
    };
  }

  private present(item: Record<string, unknown>, staff: boolean, names: ReadonlyMap<string, string>) {
    const { _id, _pos, revision, ...rest } = item;
    const department = rest['department'] as string;
    return { ...rest, version: rest['version'] ?? null, departmentName: names.get(department) ?? department, ...(staff && revision ? { revision } : {}) };
  }

  private async departmentNames() {
    const departments = await this.documents.find<{ code: string; name: string }>('departments', {}, { limit: 1000 });
    return new Map(departments.items.map((d) => [d.code, d.name]));
  }
}

const isStaff = (user: SessionUser) => user.roles.some((r) => r !== 'applicant');

/** The role an item editor acts in: a department head for their department, otherwise as admin. */
function editorRole(user: SessionUser) {
  return user.roles.includes('department_head') ? 'department_head' : 'admin';
}
