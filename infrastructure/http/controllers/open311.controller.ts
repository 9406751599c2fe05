import { Controller, Get, Inject, Optional, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { derivedId } from '../../../application/command-pipeline.js';
import { AuthenticateApiKeyQuery } from '../../../application/open311/api-keys.js';
import { GetServiceRequestQuery, ListServiceRequestsQuery, NOTICE_ON_REGISTRATION, ResolveTokenQuery } from '../../../application/open311/requests.js';
import { GetServiceDefinitionQuery, ListServicesQuery } from '../../../application/open311/services.js';
import { DEFAULT_OPEN311_SETTINGS, OPEN311_SETTINGS, type Open311Settings } from '../../../application/open311/settings.js';
import { SubmitServiceRequestCommand } from '../../../application/open311/submit.js';
import { PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../../application/projection-runner.js';
import { orRefuse } from '../commands.js';
import { Public } from '../auth/policy.js';
import { DomainRefusal } from '../errors.js';
import { discovery } from '../open311/discovery.js';
import { Open311Error } from '../open311/errors.js';
import { reply, splitExtension, type Open311Format } from '../open311/format.js';
import { JurisdictionQuery, NewServiceRequest, parseOpen311, readArguments, RequestsQuery } from '../open311/params.js';

/** `services.xml` → xml; anything else is not a resource of this API. */
function knownFormat(format: string): Open311Format {
  if (format === 'json' || format === 'xml') return format;
  throw new Open311Error(404, { zh: `不支持的格式：${format}，请用 xml 或 json`, en: `Unsupported format ${format}: use xml or json` });
}

/** `{id}.{format}` in one path segment: ids may hold dots, the format is what follows the last. */
function resourceOf(file: string): { name: string; format: Open311Format } {
  const split = splitExtension(file);
  if (!split) throw new Open311Error(404, { zh: '请在路径末尾注明格式 .xml 或 .json', en: 'End the path with the format, .xml or .json' });
  return split;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the 12345 hotline: the leaf
 * categories as services, tickets as service requests. Public, outside /api; a new request needs
 * an API key. Answers and errors are XML or JSON by the path's extension; no personal data leaves.
 */
@ApiTags('open311 GeoReport v2')
@ApiProduces('text/xml', 'application/json')
@Controller('open311/v2')
export class Open311Controller {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Optional() @Inject(OPEN311_SETTINGS) private readonly settings: Open311Settings = DEFAULT_OPEN311_SETTINGS,
  ) {}

  @Get('discovery.:format')
  @Public()
  @ApiOperation({ summary: '服务发现 Service discovery: this endpoint’s address and formats, whom to contact, where API keys come from' })
  discover(@Param('format') format: string, @Req() request: Request, @Res() response: Response) {
    const as = knownFormat(format);
    // The address the client used: behind the local reverse proxy, its scheme and host ('trust proxy').
    const url = `${request.protocol}://${request.host}/open311/v2`;
    reply(response, as, { root: 'discovery', value: discovery(this.settings, url) });
  }

  @Get('services.:format')
  @Public()
  @ApiOperation({ summary: '服务列表 GET Service List: the hotline’s leaf categories as services' })
  async services(@Param('format') format: string, @Query() query: unknown, @Res() response: Response) {
    const as = knownFormat(format);
    parseOpen311(JurisdictionQuery, query);
    reply(response, as, { root: 'services', items: await this.queries.execute(new ListServicesQuery()) });
  }

  @Get('services/:file')
  @Public()
  @ApiOperation({ summary: '服务定义 GET Service Definition: the attributes a request for this service may carry' })
  async serviceDefinition(@Param('file') file: string, @Query() query: unknown, @Res() response: Response) {
    const { name: code, format } = resourceOf(file);
    parseOpen311(JurisdictionQuery, query);
    reply(response, format, { root: 'service_definition', value: orRefuse(await this.queries.execute(new GetServiceDefinitionQuery(code))) });
  }

  @Post('requests.:format')
  @Public()
  @ApiOperation({ summary: '提交诉求 POST Service Request (api_key; a location: lat and long, address_string or address_id) → a hotline ticket' })
  async create(@Param('format') format: string, @Req() request: Request, @Res() response: Response) {
    const as = knownFormat(format);
    const args = await readArguments(request);
    const client = typeof args.api_key === 'string' && args.api_key ? await this.queries.execute(new AuthenticateApiKeyQuery(args.api_key)) : undefined;
    if (!client) throw new Open311Error(403, { zh: 'api_key 缺失或无效，无法提交诉求', en: 'Missing or invalid api_key: the request cannot be created' });
    const submission = parseOpen311(NewServiceRequest, args);
    const key = request.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new Open311Error(400, { zh: 'Idempotency-Key 格式不正确', en: 'The Idempotency-Key header is malformed' });
    const commandId = key ? derivedId(client.keyId, key) : randomUUID();
    const outcome = await this.commands.execute(new SubmitServiceRequestCommand(client, commandId, submission));
    if (!outcome.ok) throw new DomainRefusal(outcome.error);
    if (this.settings.serviceType === 'batch') {
      reply(response, as, { root: 'service_requests', items: [{ token: outcome.ticketId, service_notice: NOTICE_ON_REGISTRATION, account_id: null }] });
      return;
    }
    await this.runner.settle();
    const created = orRefuse(await this.queries.execute(new GetServiceRequestQuery(outcome.number)));
    reply(response, as, { root: 'service_requests', items: [{ service_request_id: created.service_request_id, service_notice: created.service_notice, account_id: null }] });
  }

  @Get('requests.:format')
  @Public()
  @ApiOperation({ summary: '诉求列表 GET Service Requests: filters service_request_id, service_code, start_date, end_date, status; by default the last 90 days, at most 1000' })
  async list(@Param('format') format: string, @Query() query: unknown, @Res() response: Response) {
    const as = knownFormat(format);
    const q = parseOpen311(RequestsQuery, query);
    const found = orRefuse(
      await this.queries.execute(
        new ListServiceRequestsQuery({
          ...(q.service_request_id ? { ids: q.service_request_id } : {}),
          ...(q.service_code ? { serviceCodes: q.service_code } : {}),
          ...(q.start_date ? { start: q.start_date } : {}),
          ...(q.end_date ? { end: q.end_date } : {}),
          ...(q.status ? { statuses: q.status } : {}),
        }),
      ),
    );
    reply(response, as, { root: 'service_requests', items: found });
  }

  @Get('requests/:file')
  @Public()
  @ApiOperation({ summary: '诉求详情 GET Service Request by its number' })
  async one(@Param('file') file: string, @Query() query: unknown, @Res() response: Response) {
    const { name: id, format } = resourceOf(file);
    parseOpen311(JurisdictionQuery, query);
    reply(response, format, { root: 'service_requests', items: [orRefuse(await this.queries.execute(new GetServiceRequestQuery(id)))] });
  }

  @Get('tokens/:file')
  @Public()
  @ApiOperation({ summary: '令牌查询 GET service_request_id from a token (batch mode)' })
  async token(@Param('file') file: string, @Query() query: unknown, @Res() response: Response) {
    const { name: token, format } = resourceOf(file);
    parseOpen311(JurisdictionQuery, query);
    reply(response, format, { root: 'service_requests', items: [orRefuse(await this.queries.execute(new ResolveTokenQuery(token)))] });
  }
}
