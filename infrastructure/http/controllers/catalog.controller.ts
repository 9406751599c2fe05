import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { CatalogCommandCommand } from '../../../application/catalog/catalog.handlers.js';
import type { DocumentStore, Filter } from '../../../application/ports/document-store.js';
import { DOCUMENT_STORE } from '../../../application/ports/tokens.js';
import { ITEM_TYPES, type ItemType } from '../../../domain/catalog/index.js';
import { Allow, Authenticated } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy } from '../commands.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const itemTypes = Object.keys(ITEM_TYPES) as [ItemType, ...ItemType[]];

const ItemDefinition = z.object({
  code: z.string().min(1).max(20),
  name: z.string().min(1).max(200),
  type: z.enum(itemTypes),
  department: z.string().min(2).max(32),
  legalBasis: z.string().min(1).max(2000),
  statutoryLimitDays: z.number().int().min(0).max(365),
  promisedLimitDays: z.number().int().min(0).max(365),
  fee: z.discriminatedUnion('kind', [z.object({ kind: z.literal('free') }), z.object({ kind: z.literal('fixed'), amountCents: z.number().int().min(0) })]),
  materials: z
    .array(z.object({ name: z.string().min(1).max(200), form: z.enum(['original', 'copy']), count: z.number().int().min(1).max(99), required: z.boolean() }))
    .max(100),
  onsiteVisits: z.number().int().min(0).max(10),
});

const Opinion = z.object({ opinion: z.string().max(2000).optional() });
const Reason = z.object({ reason: z.string().min(1).max(2000) });
const Listing = z.object({
  status: z.enum(['draft', 'in_review', 'approved', 'sent_back', 'published']).optional(),
  department: z.string().max(32).optional(),
});

/** Roles that manage items (their own department's, except admins). */
const ITEM_EDITORS = ['department_head', 'admin'] as const;

@ApiTags('catalog 事项库')
@Controller('catalog/items')
export class CatalogController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  @Post()
  @Allow(...ITEM_EDITORS)
  @BodySchema(ItemDefinition)
  @ApiOperation({ summary: '起草事项 Draft a service item (or redraft one still in draft or sent back)' })
  async draft(@Body() body: z.infer<typeof ItemDefinition>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    accepted(await this.commands.execute(new CatalogCommandCommand(issuedBy(request, user, editorRole(user)), { type: 'DraftItem', data: body })));
    return { code: body.code, status: 'draft' };
  }

  @Post(':code/submit')
  @Allow(...ITEM_EDITORS)
  @ApiOperation({ summary: '提交法制审核 Submit an item for legal review' })
  async submit(@Param('code') code: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    accepted(await this.commands.execute(new CatalogCommandCommand(issuedBy(request, user, editorRole(user)), { type: 'SubmitItemForReview', data: { code } })));
    return { code, status: 'in_review' };
  }

  @Post(':code/approve')
  @Allow('legal_office')
  @BodySchema(Opinion)
  @ApiOperation({ summary: '法制审核通过 The legal office approves an item' })
  async approve(@Param('code') code: string, @Body() body: z.infer<typeof Opinion>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const data = { code, ...(body.opinion ? { opinion: body.opinion } : {}) };
    accepted(await this.commands.execute(new CatalogCommandCommand(issuedBy(request, user, 'legal_office'), { type: 'ApproveItem', data })));
    return { code, status: 'approved' };
  }

  @Post(':code/send-back')
  @Allow('legal_office')
  @BodySchema(Reason)
  @ApiOperation({ summary: '退回修改 The legal office sends an item back, saying why' })
  async sendBack(@Param('code') code: string, @Body() body: z.infer<typeof Reason>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    accepted(await this.commands.execute(new CatalogCommandCommand(issuedBy(request, user, 'legal_office'), { type: 'SendBackItem', data: { code, reason: body.reason } })));
    return { code, status: 'sent_back' };
  }

  @Post(':code/publish')
  @Allow(...ITEM_EDITORS)
  @ApiOperation({ summary: '发布 Publish an approved item: it starts accepting applications' })
  async publish(@Param('code') code: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    accepted(await this.commands.execute(new CatalogCommandCommand(issuedBy(request, user, editorRole(user)), { type: 'PublishItem', data: { code } })));
    return { code, status: 'published' };
  }

  @Get()
  @Authenticated()
  @QuerySchema(Listing)
  @ApiOperation({ summary: '事项列表 Service items; applicants see published items only' })
  async list(@ValidQuery() query: z.infer<typeof Listing>, @CurrentUser() user: SessionUser) {
    const clauses: Filter[] = [];
    const staff = user.roles.some((r) => r !== 'applicant');
    if (!staff) clauses.push({ status: 'published' });
    if (query.status) clauses.push({ status: query.status });
    if (query.department) clauses.push({ department: query.department });
    const [items, departments] = await Promise.all([
      this.documents.find<Record<string, unknown> & { department: string }>('catalog_items', clauses.length ? { $and: clauses } : {}, { sort: { code: 1 }, limit: 1000 }),
      this.documents.find<{ code: string; name: string }>('departments', {}, { limit: 1000 }),
    ]);
    const names = new Map(departments.items.map((d) => [d.code, d.name]));
    return {
      items: items.items.map(({ _id, _pos, ...item }) => ({ ...item, version: item.version ?? null, departmentName: names.get(item.department) ?? item.department })),
    };
  }
}

/** The role an item editor acts in: a department head for their department, otherwise as admin. */
function editorRole(user: SessionUser) {
  return user.roles.includes('department_head') ? 'department_head' : 'admin';
}
