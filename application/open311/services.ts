import { Inject, Optional } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { categoryRef, TICKET_TYPE_LABELS, TICKET_TYPES, type CategoryRef, type TicketType } from '../../domain/hotline/index.js';
import { notFound, type DomainError } from '../../domain/shared/errors.js';
import { loadClassification, type Classification } from '../hotline/classification.js';
import type { DocumentStore } from '../ports/document-store.js';
import { DOCUMENT_STORE } from '../ports/tokens.js';
import { DEFAULT_OPEN311_SETTINGS, OPEN311_SETTINGS, type Open311Settings } from './settings.js';

/** A service of GET Service List, with the specification's field names. */
export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch';
  keywords: string;
  group: string | null;
}

export interface ServiceAttribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

export interface ServiceDefinition {
  service_code: string;
  attributes: ServiceAttribute[];
}

/** The attributes every service asks for, beyond GeoReport's own arguments. */
export const ATTRIBUTES = { district: 'district_code', ticketType: 'ticket_type', title: 'title' } as const;

/** A request sent without ticket_type asks for something to be dealt with: 求助. */
export const DEFAULT_TICKET_TYPE: TicketType = 'help';

/**
 * The services are the leaves of the hotline's category tree that are in use: a ticket is
 * classified down to a leaf, and the branches above it group the services.
 */
export function serviceCategories(classification: Classification): CategoryRef[] {
  const active = Object.values(classification.categories).filter((c) => c.active);
  const parents = new Set(active.flatMap((c) => (c.parentCode ? [c.parentCode] : [])));
  return active
    .filter((c) => !parents.has(c.code))
    .flatMap((c) => categoryRef(classification.categories, c.code) ?? [])
    .sort((a, b) => a.code.localeCompare(b.code));
}

export function serviceCategory(classification: Classification, code: string): CategoryRef | undefined {
  return serviceCategories(classification).find((c) => c.code === code);
}

export const unknownService = (code: string) => notFound('open311.service_not_found', `没有这项服务：${code}`, `No such service: ${code}`);

export class ListServicesQuery extends Query<Service[]> {}

@QueryHandler(ListServicesQuery)
export class ListServicesHandler implements IQueryHandler<ListServicesQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Optional() @Inject(OPEN311_SETTINGS) private readonly settings: Open311Settings = DEFAULT_OPEN311_SETTINGS,
  ) {}

  async execute(): Promise<Service[]> {
    return serviceCategories(await loadClassification(this.documents)).map((category) => {
      const groups = category.pathNames.slice(0, -1);
      return {
        service_code: category.code,
        service_name: category.name,
        description: category.pathNames.join(' / '),
        metadata: true,
        type: this.settings.serviceType,
        keywords: category.pathNames.join(','),
        group: groups.length ? groups.join(' / ') : null,
      };
    });
  }
}

export class GetServiceDefinitionQuery extends Query<ServiceDefinition | DomainError> {
  constructor(readonly code: string) {
    super();
  }
}

@QueryHandler(GetServiceDefinitionQuery)
export class GetServiceDefinitionHandler implements IQueryHandler<GetServiceDefinitionQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ code }: GetServiceDefinitionQuery): Promise<ServiceDefinition | DomainError> {
    const classification = await loadClassification(this.documents);
    if (!serviceCategory(classification, code)) return unknownService(code);
    const districts = Object.values(classification.districts)
      .filter((d) => d.active)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((d) => ({ key: d.code, name: d.name }));
    return {
      service_code: code,
      attributes: [
        {
          variable: true,
          code: ATTRIBUTES.district,
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: '可不填：不填时按 address_id（区县编码）、address_string 中的区县名称、默认区县的顺序确定（Optional: otherwise taken from address_id, a district named in address_string, or the default district）',
          order: 1,
          description: '诉求事项所在区县（The district where the matter is）',
          values: districts,
        },
        {
          variable: true,
          code: ATTRIBUTES.ticketType,
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: `可不填，默认为“${TICKET_TYPE_LABELS[DEFAULT_TICKET_TYPE].zh}”（Optional; ${TICKET_TYPE_LABELS[DEFAULT_TICKET_TYPE].en} when not given）`,
          order: 2,
          description: '诉求类型（The kind of request）',
          values: TICKET_TYPES.map((t) => ({ key: t, name: `${TICKET_TYPE_LABELS[t].zh}（${TICKET_TYPE_LABELS[t].en}）` })),
        },
        {
          variable: true,
          code: ATTRIBUTES.title,
          datatype: 'string',
          required: false,
          datatype_description: null,
          order: 3,
          description: '诉求标题，一句话概括（A one-line title）',
        },
      ],
    };
  }
}

export const serviceHandlers = [ListServicesHandler, GetServiceDefinitionHandler];
