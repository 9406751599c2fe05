import { Body, Controller, Get, Param, Post, Req, Inject } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { ArticleCommandCommand, newArticleId } from '../../../application/knowledge/knowledge.handlers.js';
import { GetArticleQuery, ListArticlesQuery, SearchArticlesQuery } from '../../../application/knowledge/knowledge.queries.js';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import type { Role } from '../../../domain/identity/roles.js';
import {
  ARTICLE_KINDS,
  ARTICLE_LIMITS,
  ARTICLE_STATUSES,
  HAND_WRITERS,
  KNOWLEDGE_STAFF,
  WRITTEN_KINDS,
  type ArticleCommand,
  type ArticleKind,
  type ArticleStatus,
} from '../../../domain/knowledge/index.js';
import { Allow, Public } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy, orRefuse } from '../commands.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const kinds = Object.keys(ARTICLE_KINDS) as [ArticleKind, ...ArticleKind[]];
const statuses = Object.keys(ARTICLE_STATUSES) as [ArticleStatus, ...ArticleStatus[]];

const Search = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  kind: z.enum(kinds).optional(),
});

const Listing = z.object({
  kind: z.enum(kinds).optional(),
  status: z.enum(statuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(2000).optional(),
});

const Title = z.string().max(ARTICLE_LIMITS.titleMax);
const Text = z.string().max(ARTICLE_LIMITS.bodyMax);
const CategoryCode = z.string().max(ARTICLE_LIMITS.categoryCodeMax);
const Tags = z.array(z.string().max(ARTICLE_LIMITS.tagMax)).max(ARTICLE_LIMITS.tagsMax);

const NewArticle = z.object({ kind: z.enum(WRITTEN_KINDS), title: Title, body: Text, categoryCode: CategoryCode.optional(), tags: Tags.optional() });

const Revision = z
  .object({ title: Title.optional(), body: Text.optional(), categoryCode: CategoryCode.optional(), tags: Tags.optional() })
  .refine((r) => Object.values(r).some((v) => v !== undefined), 'give at least one of title, body, categoryCode, tags');

const Retirement = z.object({ reason: z.string().max(ARTICLE_LIMITS.reasonMax).optional() });

const isStaff = (user: SessionUser | undefined) => !!user && user.roles.some((r) => KNOWLEDGE_STAFF.includes(r));

/** The role a writer acts in: as the hotline's operator when they are one, otherwise as admin. */
const writerRole = (user: SessionUser): Role => (user.roles.includes('hotline_operator') ? 'hotline_operator' : 'admin');

/** Every change answers the article as staff see it (with its versions), once the views have caught up. */
@ApiTags('knowledge 知识库')
@Controller('knowledge')
export class KnowledgeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Get('search')
  @Public()
  @QuerySchema(Search)
  @ApiOperation({
    summary: '知识库检索 Search the published knowledge base in Chinese (word segmentation, BM25 ranking with a title boost)',
    description: 'Answers [{id, version, kind, title, titleHighlights, snippet, highlights, terms, score}], best first; highlights are UTF-16 offsets into the snippet (or title).',
  })
  search(@ValidQuery() query: z.infer<typeof Search>) {
    return this.queries.execute(new SearchArticlesQuery(query.q, query.limit, query.kind ? [query.kind] : undefined));
  }

  @Get('articles')
  @Allow(...KNOWLEDGE_STAFF)
  @QuerySchema(Listing)
  @ApiOperation({ summary: '文章列表 Every article for the editors, newest change first; filters: kind, status' })
  list(@ValidQuery() query: z.infer<typeof Listing>) {
    return this.queries.execute(new ListArticlesQuery(query));
  }

  @Get('articles/:id')
  @Public()
  @ApiOperation({ summary: '文章 An article: its published version for everyone; drafts, retired articles and every version for hotline staff' })
  async get(@Param('id') id: string, @CurrentUser() user: SessionUser | undefined) {
    return orRefuse(await this.queries.execute(new GetArticleQuery(id, isStaff(user))));
  }

  @Post('articles')
  @Allow(...HAND_WRITERS)
  @BodySchema(NewArticle)
  @ApiOperation({ summary: '编写文章 Write an FAQ or a policy (version 1, a draft); service guides come from the catalog' })
  async write(@Body() body: z.infer<typeof NewArticle>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const issued = issuedBy(request, user, writerRole(user));
    const articleId = newArticleId(issued.commandId);
    return this.change(issued, { type: 'WriteArticle', data: { articleId, ...body } });
  }

  @Post('articles/:id/revise')
  @Allow(...HAND_WRITERS)
  @BodySchema(Revision)
  @ApiOperation({ summary: '修订 Write the next version; the published version stays in search until this one is published' })
  revise(@Param('id') id: string, @Body() body: z.infer<typeof Revision>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(issuedBy(request, user, writerRole(user)), { type: 'ReviseArticle', data: { articleId: id, ...body } });
  }

  @Post('articles/:id/publish')
  @Allow(...HAND_WRITERS)
  @ApiOperation({ summary: '发布 Publish the latest version: search and the hotline see it from now on' })
  publish(@Param('id') id: string, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(issuedBy(request, user, writerRole(user)), { type: 'PublishArticle', data: { articleId: id } });
  }

  @Post('articles/:id/retire')
  @Allow(...HAND_WRITERS)
  @BodySchema(Retirement)
  @ApiOperation({ summary: '下架 Retire an article for good: out of search and of the hotline’s answers' })
  retire(@Param('id') id: string, @Body() body: z.infer<typeof Retirement>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    return this.change(issuedBy(request, user, writerRole(user)), { type: 'RetireArticle', data: { articleId: id, ...(body.reason ? { reason: body.reason } : {}) } });
  }

  private async change(issued: ReturnType<typeof issuedBy>, command: ArticleCommand) {
    accepted(await this.commands.execute(new ArticleCommandCommand(issued, command)));
    await this.runner.settle();
    return orRefuse(await this.queries.execute(new GetArticleQuery(command.data.articleId, true)));
  }
}
