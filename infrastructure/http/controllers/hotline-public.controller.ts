import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request } from 'express';
import { z } from 'zod';
import { derivedId } from '../../../application/command-pipeline.js';
import type { Issued } from '../../../application/identity/identity.handlers.js';
import { RegisterTicketCommand } from '../../../application/hotline/hotline.handlers.js';
import { ListPublishedTicketsQuery, PublicTicketStatusQuery } from '../../../application/hotline/hotline.queries.js';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { MAX_TICKET_TEXT_LENGTH, PUBLIC_ACTOR_ROLE, TICKET_TYPES } from '../../../domain/hotline/index.js';
import { Public } from '../auth/policy.js';
import { accepted, orRefuse } from '../commands.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

const Submission = z.object({
  type: z.enum(TICKET_TYPES),
  title: z.string().max(100).optional(),
  content: z.string().max(MAX_TICKET_TEXT_LENGTH),
  categoryCode: z.string().trim().min(1).max(32),
  districtCode: z.string().trim().min(1).max(32),
  name: z.string().max(50).optional(),
  phone: z.string().max(30).optional(),
  address: z.string().max(200).optional(),
});

const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().max(2000).optional(),
  category: z.string().max(32).optional(),
});

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

/** A citizen on the web, without an account: the actor the registration is recorded with. */
function citizen(request: Request): Issued {
  const key = request.header('idempotency-key');
  return { commandId: key && IDEMPOTENCY_KEY.test(key) ? derivedId('public-hotline', key) : randomUUID(), actor: { id: 'public', role: PUBLIC_ACTOR_ROLE } };
}

/** The public pages of the 12345 hotline: submit a request, follow it by its number, read published replies. Never personal data. */
@ApiTags('hotline 12345 热线 (public)')
@Controller('public/hotline')
export class HotlinePublicController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Post('requests')
  @Public()
  // Anyone may submit without an account: a ceiling per address keeps a script from flooding the center.
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @BodySchema(Submission)
  @ApiOperation({ summary: '网上提交诉求 Submit a request on the web; answers with its number to follow it by' })
  async submit(@Body() body: z.infer<typeof Submission>, @Req() request: Request) {
    const { name, phone, ...rest } = body;
    const data = Object.fromEntries(Object.entries({ ...rest, channel: 'web', urgency: 'normal', caller: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } }).filter(([, v]) => v !== undefined));
    const outcome = await this.commands.execute(new RegisterTicketCommand(citizen(request), data as never));
    accepted(outcome);
    await this.runner.settle();
    return orRefuse(await this.queries.execute(new PublicTicketStatusQuery(outcome.number!)));
  }

  @Get('requests/:number')
  @Public()
  // Numbers are sequential: a ceiling per address keeps a script from walking through every request.
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiOperation({ summary: '诉求查询 Where a request stands, by its number, and the reply once there is one (no personal data; a report shows only what was published)' })
  async status(@Param('number') number: string) {
    return orRefuse(await this.queries.execute(new PublicTicketStatusQuery(number)));
  }

  @Get('published')
  @Public()
  @QuerySchema(Paging)
  @ApiOperation({ summary: '公开答复 Published anonymised questions and replies, newest first' })
  published(@ValidQuery() query: z.infer<typeof Paging>) {
    return this.queries.execute(new ListPublishedTicketsQuery(query.limit, query.after, query.category));
  }
}
