import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { RevokeLicenseCommand } from '../../../application/registry/registry.handlers.js';
import { GetLicenseQuery, GetProjectQuery, ListLicensesQuery, ListPartiesQuery, PrefillQuery } from '../../../application/registry/registry.queries.js';
import type { Role } from '../../../domain/identity/roles.js';
import { LICENSE_ROLES } from '../../../domain/licenses/index.js';
import { invalid, notFound } from '../../../domain/shared/errors.js';
import { Allow } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { accepted, issuedBy, orRefuse } from '../commands.js';
import { DomainRefusal } from '../errors.js';
import { BodySchema, QuerySchema, ValidQuery } from '../validation.js';

/** An identity number as typed: spaces dropped, a lower-case check character accepted. */
const IdentityNumber = z.string().trim().max(40).toUpperCase();

const Prefill = z.object({ idNumber: IdentityNumber.optional(), creditCode: IdentityNumber.optional() });
const Page = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20), after: z.string().max(2000).optional() });
const LicenseListing = Page.extend({ holder: IdentityNumber.optional(), type: z.string().min(1).max(20).optional() });
const Revocation = z.object({ reason: z.string().min(1).max(2000) });

/** A license number is a stream name's tail: anything else names no license. */
const LICENSE_NUMBER = /^[A-Za-z0-9_.:-]{1,150}$/;

/** Who may read licenses at all; each sees only their scope (their own, their department's, or all read-only). */
const LICENSE_READERS: Role[] = ['applicant', 'window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor', 'leader', 'admin'];
/** Who reads the person and enterprise registries (masked). */
const REGISTRY_READERS: Role[] = ['window_staff', 'supervisor', 'admin'];
const PROJECT_READERS: Role[] = ['applicant', 'window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor', 'leader', 'admin'];

const viewer = (user: SessionUser) => ({ userId: user.userId, roles: user.roles, ...(user.department ? { department: user.department } : {}) });

const noSuchLicense = () => new DomainRefusal(notFound('license.not_found', '证照不存在', 'No such license'));

/** The registries that fill themselves from cases (沉淀): persons, enterprises, projects and the license library. */
@ApiTags('registry 库')
@Controller('registry')
export class RegistryController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Get('prefill')
  @Allow('applicant', 'window_staff')
  @QuerySchema(Prefill)
  @ApiOperation({
    summary: '预填 What the registries know of a citizen ID number or credit code: name, kind, contact, and the holder’s valid licenses',
    description: 'Give exactly one of idNumber (GB 11643) and creditCode (GB 32100); a number failing its check character is 422. Window staff look up anyone they serve; an applicant only a number they have applied with before (403 otherwise).',
  })
  async prefill(@ValidQuery() query: z.infer<typeof Prefill>, @CurrentUser() user: SessionUser) {
    const { idNumber, creditCode } = query;
    if ((idNumber === undefined) === (creditCode === undefined)) {
      throw new DomainRefusal(invalid('registry.identity_required', '请提供身份证号码或统一社会信用代码中的一项', 'Give either a citizen ID number or a unified social credit code', { fields: ['idNumber', 'creditCode'] }));
    }
    return orRefuse(await this.queries.execute(new PrefillQuery(viewer(user), idNumber !== undefined ? { idNumber } : { creditCode: creditCode! })));
  }

  @Get('persons')
  @Allow(...REGISTRY_READERS)
  @QuerySchema(Page)
  @ApiOperation({ summary: '自然人库 People who have applied, by citizen ID number, most recently seen first; names, numbers and phones masked' })
  persons(@ValidQuery() query: z.infer<typeof Page>) {
    return this.queries.execute(new ListPartiesQuery('persons', query));
  }

  @Get('enterprises')
  @Allow(...REGISTRY_READERS)
  @QuerySchema(Page)
  @ApiOperation({ summary: '法人库 Enterprises that have applied, by unified social credit code, most recently seen first; masked' })
  enterprises(@ValidQuery() query: z.infer<typeof Page>) {
    return this.queries.execute(new ListPartiesQuery('enterprises', query));
  }

  @Get('projects/:code')
  @Allow(...PROJECT_READERS)
  @ApiOperation({ summary: '项目库 A project (项目代码, e.g. P-2026-0001) with every approval filed for it and its status; applicants see their own approvals only' })
  async project(@Param('code') code: string, @CurrentUser() user: SessionUser) {
    return orRefuse(await this.queries.execute(new GetProjectQuery(viewer(user), code)));
  }

  @Get('licenses')
  @Allow(...LICENSE_READERS)
  @QuerySchema(LicenseListing)
  @ApiOperation({
    summary: '证照库 Licenses, newest first, each with its standing today (valid, not yet valid, expired, revoked)',
    description: 'Holders see their own (the numbers they applied with); department staff the licenses their department issued; supervisors, auditors, leaders and admins all. `holder` filters by citizen ID number or credit code (checked: 422 when invalid), `type` by license type (item code).',
  })
  async licenses(@ValidQuery() query: z.infer<typeof LicenseListing>, @CurrentUser() user: SessionUser) {
    return orRefuse(await this.queries.execute(new ListLicensesQuery(viewer(user), query)));
  }

  @Get('licenses/:number')
  @Allow(...LICENSE_READERS)
  @ApiOperation({ summary: '证照详情 One license and its standing today, within the caller’s scope' })
  async license(@Param('number') number: string, @CurrentUser() user: SessionUser) {
    if (!LICENSE_NUMBER.test(number)) throw noSuchLicense();
    return orRefuse(await this.queries.execute(new GetLicenseQuery(viewer(user), number)));
  }

  @Post('licenses/:number/revoke')
  @Allow(...LICENSE_ROLES.revoke)
  @BodySchema(Revocation)
  @ApiOperation({ summary: '撤销证照 The head of the issuing department revokes a license, with the reason (行政许可法第六十九条); it no longer stands in for materials' })
  async revoke(@Param('number') number: string, @Body() body: z.infer<typeof Revocation>, @CurrentUser() user: SessionUser, @Req() request: Request) {
    if (!LICENSE_NUMBER.test(number)) throw noSuchLicense();
    orRefuse(await this.queries.execute(new GetLicenseQuery(viewer(user), number)));
    accepted(await this.commands.execute(new RevokeLicenseCommand(issuedBy(request, user, 'department_head'), { number, reason: body.reason })));
    await this.runner.settle();
    return orRefuse(await this.queries.execute(new GetLicenseQuery(viewer(user), number)));
  }
}
