import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { derivedId } from '../../../application/command-pipeline.js';
import { ApiKeyCommandMessage, ListApiKeysQuery, newApiKey } from '../../../application/open311/api-keys.js';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { MAX_CLIENT_NAME_LENGTH, MAX_REVOKE_REASON_LENGTH } from '../../../domain/open311/index.js';
import { conflict } from '../../../domain/shared/errors.js';
import { Allow } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy } from '../commands.js';
import { DomainRefusal } from '../errors.js';
import { BodySchema } from '../validation.js';

const NewKey = z.object({ client: z.string().min(1).max(MAX_CLIENT_NAME_LENGTH) });
const Revocation = z.object({ reason: z.string().min(1).max(MAX_REVOKE_REASON_LENGTH) });

/** API keys of the Open311 clients (civic apps, partner platforms): issued, listed and revoked by an admin. */
@ApiTags('open311 接口密钥')
@Controller('open311/keys')
export class Open311KeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Post()
  @Allow('admin')
  @BodySchema(NewKey)
  @ApiOperation({ summary: '签发密钥 Issue an API key to an Open311 client; the key is shown in this answer only, and stored as a digest' })
  async issue(@Body() body: z.infer<typeof NewKey>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const issued = issuedBy(request, user, 'admin');
    const keyId = derivedId(issued.commandId, 'open311-key');
    const { key, keyHash, keyPrefix } = newApiKey();
    const outcome = accepted(await this.commands.execute(new ApiKeyCommandMessage(issued, { type: 'IssueApiKey', data: { keyId, client: body.client, keyHash, keyPrefix } })));
    // A retried request cannot show the first key again: it was never stored.
    if (outcome.duplicate) {
      throw new DomainRefusal(conflict('open311_key.already_shown', '该密钥已签发并显示过，无法再次显示；如已遗失请作废后重新签发', 'This key was issued and shown once already; revoke it and issue a new one if it was lost'));
    }
    await this.runner.settle();
    const { issuedAt } = outcome.events[0]!.data as { issuedAt: string };
    return { id: keyId, client: body.client.trim(), key, keyPrefix, issuedAt };
  }

  @Get()
  @Allow('admin')
  @ApiOperation({ summary: '密钥列表 The Open311 API keys, newest first (never the keys themselves)' })
  list() {
    return this.queries.execute(new ListApiKeysQuery());
  }

  @Post(':id/revoke')
  @Allow('admin')
  @BodySchema(Revocation)
  @ApiOperation({ summary: '作废密钥 Revoke an Open311 API key; requests sent with it are refused from now on' })
  async revoke(@Param('id') id: string, @Body() body: z.infer<typeof Revocation>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    const outcome = accepted(await this.commands.execute(new ApiKeyCommandMessage(issuedBy(request, user, 'admin'), { type: 'RevokeApiKey', data: { keyId: id, reason: body.reason } })));
    await this.runner.settle();
    const revokedAt = (outcome.events[0]?.data as { revokedAt?: string } | undefined)?.revokedAt;
    return { id, active: false, ...(revokedAt ? { revokedAt } : {}) };
  }
}
