import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  coarseAddress,
  coarseLocation,
  redactPersonalData,
  ticketStreamId,
  type Caller,
  type Resolution,
  type TicketRegistered,
  type TicketStatus,
  type TicketType,
} from '../../domain/hotline/index.js';
import { REQUEST_QUERY_LIMITS, type Open311Status } from '../../domain/open311/index.js';
import { invalid, notFound, type DomainError } from '../../domain/shared/errors.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore, Filter } from '../ports/document-store.js';
import type { EventStore } from '../ports/event-store.js';
import { CLOCK, DOCUMENT_STORE, EVENT_STORE } from '../ports/tokens.js';

/** The `open311_requests` view (projections/open311-requests.ts). */
export interface ServiceRequestDoc {
  ticketId: string;
  number: string;
  type: TicketType;
  serviceCode: string;
  serviceName: string;
  content: string;
  districtCode: string;
  districtName: string;
  /** District level only (the district, perhaps its road): projections/open311-requests.ts never keeps the caller's address here. */
  address?: string;
  /** Rounded to about 100 m. */
  lat?: number;
  long?: number;
  requestedAt: string;
  updatedAt: string;
  ticketStatus: TicketStatus;
  status: Open311Status;
  round: number;
  department?: string;
  expectedAt?: string;
  answer?: string;
  reply?: string;
  resolution?: Resolution;
  intoNumber?: string;
  closedAt?: string;
  published?: { title: string; content: string; reply: string };
  /** Only to clear texts of the callers' names, numbers and addresses; never shown. */
  callers: (Caller & { address?: string })[];
}

/** A service request with the specification's field names; what it does not know is null. */
export interface ServiceRequest {
  service_request_id: string;
  status: Open311Status;
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: null;
}

/** Who holds a ticket before, or instead of, a department. */
const CENTER = '12345政务服务便民热线';

/** The action to expect once a request is registered, before it is dispatched. */
export const NOTICE_ON_REGISTRATION = '12345热线已受理，将分派承办部门办理';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** W3C date-time in China's time zone, as the specification requires a zone: 2026-11-02T09:00:00+08:00. */
export function chinaDateTime(instant: string): string {
  return `${new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** A text for the public: every caller's name, number and address (merged callers too), and any phone or ID number, masked. */
function cleared(doc: ServiceRequestDoc, text: string): string {
  return doc.callers.reduce((t, { address, ...caller }) => redactPersonalData(t, { caller, ...(address ? { address } : {}) }), redactPersonalData(text));
}

/**
 * Where a request is, as coarse as the public may know it: the district (and road) and a point
 * to about 100 m. The view already keeps it so; applied again, it changes nothing.
 */
function coarsePlace(doc: ServiceRequestDoc): { address?: string; lat?: number; long?: number } {
  return {
    address: doc.address === undefined ? undefined : coarseAddress(doc.address, doc.districtName),
    ...(doc.lat !== undefined && doc.long !== undefined ? coarseLocation({ lat: doc.lat, long: doc.long }) : {}),
  };
}

/**
 * What the public may read of a ticket. 举报 (reports) stay confidential to protect whoever
 * reported: their text is shown only once the center has published it anonymised, their place never.
 */
function publicTexts(doc: ServiceRequestDoc) {
  const confidential = doc.type === 'report';
  const ownText = (text: string | undefined) => (text === undefined || confidential ? undefined : cleared(doc, text));
  return {
    description: doc.published ? doc.published.content : (ownText(doc.content) ?? null),
    outcome: doc.published ? doc.published.reply : ownText(doc.resolution === 'answered' || doc.ticketStatus === 'answered' ? doc.answer : doc.reply),
    place: confidential ? ({} as ReturnType<typeof coarsePlace>) : coarsePlace(doc),
  };
}

function statusNotes(doc: ServiceRequestDoc, agency: string | null, outcome: string | undefined): string | null {
  const withOutcome = (said: string) => (outcome ? `${said}：${outcome}` : said);
  switch (doc.ticketStatus) {
    case 'registered':
      return '已受理，等待分派承办部门';
    case 'answered':
      return withOutcome('热线已直接答复');
    case 'dispatched':
      return doc.round > 1 ? `回访不满意，已交${agency}重新办理` : `已派${agency}办理`;
    case 'signed':
      return `${agency}已签收，正在办理`;
    case 'replied':
      return withOutcome(`${agency}已办结反馈`);
    case 'closed':
    case 'archived':
      return withOutcome(doc.resolution === 'answered' ? '已直接答复并办结' : '已办结');
    case 'merged':
      return `与工单 ${doc.intoNumber} 为同一诉求，已合并办理`;
    default:
      return null;
  }
}

function serviceNotice(doc: ServiceRequestDoc, agency: string | null): string | null {
  if (doc.status === 'closed') return null;
  if (doc.expectedAt && doc.department) return `由${agency}办理，应于 ${chinaDateTime(doc.expectedAt).slice(0, 16).replace('T', ' ')} 前办结`;
  if (doc.ticketStatus === 'registered') return NOTICE_ON_REGISTRATION;
  return null;
}

async function departmentNames(documents: DocumentStore, docs: readonly ServiceRequestDoc[]): Promise<Map<string, string>> {
  const codes = [...new Set(docs.flatMap((d) => (d.department ? [d.department] : [])))];
  if (codes.length === 0) return new Map();
  const page = await documents.find<{ code: string; name: string }>('departments', { code: { $in: codes } }, { limit: codes.length, fields: ['code', 'name'] });
  return new Map(page.items.map((d) => [d.code, d.name]));
}

export function toServiceRequest(doc: ServiceRequestDoc, departments: ReadonlyMap<string, string>): ServiceRequest {
  const agency = doc.department ? (departments.get(doc.department) ?? doc.department) : doc.ticketStatus === 'merged' ? null : CENTER;
  const texts = publicTexts(doc);
  return {
    service_request_id: doc.number,
    status: doc.status,
    status_notes: statusNotes(doc, agency, texts.outcome),
    service_name: doc.serviceName,
    service_code: doc.serviceCode,
    description: texts.description,
    agency_responsible: agency,
    service_notice: serviceNotice(doc, agency),
    requested_datetime: chinaDateTime(doc.requestedAt),
    updated_datetime: chinaDateTime(doc.closedAt && doc.status === 'closed' ? doc.closedAt : doc.updatedAt),
    expected_datetime: doc.expectedAt ? chinaDateTime(doc.expectedAt) : null,
    address: texts.place.address ?? null,
    address_id: doc.districtCode,
    zipcode: null,
    lat: texts.place.lat ?? null,
    long: texts.place.long ?? null,
    media_url: null,
  };
}

export interface ServiceRequestFilter {
  /** Overrides every other argument. */
  readonly ids?: readonly string[];
  readonly serviceCodes?: readonly string[];
  readonly start?: Date;
  readonly end?: Date;
  readonly statuses?: readonly Open311Status[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The requested_datetime range: as given, or the most recent 90 days; never more than 90 days. */
export function requestedRange(filter: ServiceRequestFilter, now: Date): { from: Date; to: Date } | DomainError {
  const span = REQUEST_QUERY_LIMITS.spanDays * DAY_MS;
  const { start, end } = filter;
  if (start && end) {
    if (end < start) return invalid('open311.bad_range', 'end_date 不能早于 start_date', 'end_date must not be before start_date');
    if (end.getTime() - start.getTime() > span) {
      return invalid('open311.range_too_long', `查询范围不能超过 ${REQUEST_QUERY_LIMITS.spanDays} 天`, `The range may not span more than ${REQUEST_QUERY_LIMITS.spanDays} days`);
    }
    return { from: start, to: end };
  }
  if (start) return { from: start, to: new Date(start.getTime() + span) };
  const to = end ?? now;
  return { from: new Date(to.getTime() - span), to };
}

/** GET Service Requests: newest first, at most 1000, within 90 days unless ids are asked for. */
export class ListServiceRequestsQuery extends Query<ServiceRequest[] | DomainError> {
  constructor(readonly filter: ServiceRequestFilter) {
    super();
  }
}

@QueryHandler(ListServiceRequestsQuery)
export class ListServiceRequestsHandler implements IQueryHandler<ListServiceRequestsQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filter }: ListServiceRequestsQuery) {
    let where: Filter;
    if (filter.ids?.length) {
      where = { number: { $in: [...filter.ids] } };
    } else {
      const range = requestedRange(filter, this.clock.now());
      if (!('from' in range)) return range;
      const clauses: Filter[] = [{ requestedAt: { $gte: range.from.toISOString(), $lte: range.to.toISOString() } }];
      if (filter.serviceCodes?.length) clauses.push({ serviceCode: { $in: [...filter.serviceCodes] } });
      if (filter.statuses?.length) clauses.push({ status: { $in: [...filter.statuses] } });
      where = { $and: clauses };
    }
    const page = await this.documents.find<ServiceRequestDoc>('open311_requests', where, { sort: { requestedAt: -1 }, limit: REQUEST_QUERY_LIMITS.maxRequests });
    const departments = await departmentNames(this.documents, page.items);
    return page.items.map((doc) => toServiceRequest(doc, departments));
  }
}

const noSuchRequest = (id: string) => notFound('open311.request_not_found', `没有编号为 ${id} 的诉求`, `No service request ${id}`);

/** GET Service Request, by its number (the ticket number 12345-YYYYMMDD-NNNN). */
export class GetServiceRequestQuery extends Query<ServiceRequest | DomainError> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetServiceRequestQuery)
export class GetServiceRequestHandler implements IQueryHandler<GetServiceRequestQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ id }: GetServiceRequestQuery) {
    const doc = (await this.documents.find<ServiceRequestDoc>('open311_requests', { number: id }, { limit: 1 })).items[0];
    if (!doc) return noSuchRequest(id);
    return toServiceRequest(doc, await departmentNames(this.documents, [doc]));
  }
}

/** GET service_request_id from a token: the token is the ticket's id, given by POST in batch mode. */
export class ResolveTokenQuery extends Query<{ service_request_id: string; token: string } | DomainError> {
  constructor(readonly token: string) {
    super();
  }
}

@QueryHandler(ResolveTokenQuery)
export class ResolveTokenHandler implements IQueryHandler<ResolveTokenQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async execute({ token }: ResolveTokenQuery) {
    const unknownToken = notFound('open311.token_not_found', `没有这个令牌：${token}`, `No such token: ${token}`);
    if (!UUID.test(token)) return unknownToken;
    const doc = await this.documents.get<ServiceRequestDoc>('open311_requests', token);
    if (doc) return { service_request_id: doc.number, token };
    // Registered but not yet in the view: the ticket's own first event has its number.
    const [first] = await this.events.readStream(ticketStreamId(token), { maxCount: 1 });
    if (first?.type !== 'TicketRegistered') return unknownToken;
    return { service_request_id: (first.data as TicketRegistered['data']).number, token };
  }
}

export const serviceRequestHandlers = [ListServiceRequestsHandler, GetServiceRequestHandler, ResolveTokenHandler];
