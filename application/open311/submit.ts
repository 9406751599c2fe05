import { Inject, Optional } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PUBLIC_ACTOR_ROLE, TICKET_TYPES, type TicketType } from '../../domain/hotline/index.js';
import { invalid, type DomainError } from '../../domain/shared/errors.js';
import { loadClassification, type Classification } from '../hotline/classification.js';
import { RegisterTicketCommand, type NewTicket } from '../hotline/hotline.handlers.js';
import type { DocumentStore } from '../ports/document-store.js';
import { DOCUMENT_STORE } from '../ports/tokens.js';
import { ATTRIBUTES, DEFAULT_TICKET_TYPE, serviceCategory, unknownService } from './services.js';
import { DEFAULT_OPEN311_SETTINGS, OPEN311_SETTINGS, type Open311Settings } from './settings.js';

/** POST Service Request, as its arguments arrive (GeoReport v2 names, already checked for form). */
export interface ServiceRequestSubmission {
  readonly service_code: string;
  readonly lat?: number;
  readonly long?: number;
  readonly address_string?: string;
  readonly address_id?: string;
  readonly first_name?: string;
  readonly last_name?: string;
  readonly phone?: string;
  readonly device_id?: string;
  readonly description?: string;
  readonly attribute: Readonly<Record<string, string | readonly string[]>>;
}

/** The Open311 client whose API key sent the request: it is the actor the ticket records. */
export interface Open311Client {
  readonly keyId: string;
  readonly client: string;
}

export type SubmitOutcome = { readonly ok: true; readonly ticketId: string; readonly number: string } | { readonly ok: false; readonly error: DomainError };

export class SubmitServiceRequestCommand extends Command<SubmitOutcome> {
  constructor(
    readonly client: Open311Client,
    readonly commandId: string,
    readonly submission: ServiceRequestSubmission,
  ) {
    super();
  }
}

const refuse = (code: string, zh: string, en: string): SubmitOutcome => ({ ok: false, error: invalid(code, zh, en) });

/**
 * A GeoReport service request becomes a hotline ticket (工单), registered as a citizen's own
 * submission: channel `app` when a device id came with it, `web` otherwise; urgency normal.
 * Everything is checked before the ticket is registered, so a refused request writes nothing.
 */
@CommandHandler(SubmitServiceRequestCommand)
export class SubmitServiceRequestHandler implements ICommandHandler<SubmitServiceRequestCommand> {
  constructor(
    private readonly commands: CommandBus,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Optional() @Inject(OPEN311_SETTINGS) private readonly settings: Open311Settings = DEFAULT_OPEN311_SETTINGS,
  ) {}

  async execute({ client, commandId, submission: s }: SubmitServiceRequestCommand): Promise<SubmitOutcome> {
    const hasPoint = s.lat !== undefined && s.long !== undefined;
    if ((s.lat === undefined) !== (s.long === undefined)) {
      return refuse('open311.lat_long_pair', 'lat 和 long 须同时提供', 'lat and long must be sent together');
    }
    if (!hasPoint && !s.address_string && !s.address_id) {
      return refuse('open311.location_required', '请提供位置：lat 和 long、address_string 或 address_id', 'A location is required: lat and long, address_string or address_id');
    }
    if (!s.description) return refuse('open311.description_required', '请填写诉求内容（description）', 'Describe the request (description)');
    const classification = await loadClassification(this.documents);
    if (!serviceCategory(classification, s.service_code)) return { ok: false, error: unknownService(s.service_code) };
    const district = this.districtOf(classification, s);
    if (typeof district !== 'string') return district;
    const type = single(s.attribute[ATTRIBUTES.ticketType]) ?? DEFAULT_TICKET_TYPE;
    if (!(TICKET_TYPES as readonly string[]).includes(type)) {
      return refuse('open311.bad_ticket_type', `ticket_type 须为 ${TICKET_TYPES.join('、')} 之一`, `ticket_type must be one of ${TICKET_TYPES.join(', ')}`);
    }
    const title = single(s.attribute[ATTRIBUTES.title])?.trim();
    const name = callerName(s.first_name, s.last_name);
    const ticket: NewTicket = {
      type: type as TicketType,
      channel: s.device_id ? 'app' : 'web',
      urgency: 'normal',
      caller: { ...(name ? { name } : {}), ...(s.phone ? { phone: s.phone } : {}) },
      ...(title ? { title } : {}),
      content: s.description,
      categoryCode: s.service_code,
      districtCode: district,
      ...(s.address_string ? { address: s.address_string } : {}),
      ...(hasPoint ? { location: { lat: s.lat!, long: s.long! } } : {}),
    };
    const actor = { id: `open311:${client.keyId}`, role: PUBLIC_ACTOR_ROLE };
    const outcome = await this.commands.execute(new RegisterTicketCommand({ commandId, actor }, ticket));
    if (!outcome.ok) return outcome;
    return { ok: true, ticketId: outcome.ticketId, number: outcome.number! };
  }

  /**
   * The district (区县) of a request, in this order: the district_code attribute; address_id, which
   * this city's address repository — its district list — gives as a district code; the district
   * named in address_string (the longest name found); the configured default district.
   */
  private districtOf(classification: Classification, s: ServiceRequestSubmission): string | SubmitOutcome {
    const active = Object.values(classification.districts).filter((d) => d.active);
    const known = (code: string) => active.some((d) => d.code === code);
    const attribute = single(s.attribute[ATTRIBUTES.district]);
    if (attribute !== undefined) {
      return known(attribute) ? attribute : refuse('open311.unknown_district', `没有这个区县：${attribute}`, `No such district: ${attribute}`);
    }
    if (s.address_id !== undefined) {
      return known(s.address_id) ? s.address_id : refuse('open311.unknown_address_id', `address_id 须为区县编码，没有：${s.address_id}`, `address_id is a district code; there is none ${s.address_id}`);
    }
    const named = s.address_string ? active.filter((d) => s.address_string!.includes(d.name)).sort((a, b) => b.name.length - a.name.length)[0] : undefined;
    if (named) return named.code;
    if (this.settings.defaultDistrict && known(this.settings.defaultDistrict)) return this.settings.defaultDistrict;
    return refuse(
      'open311.district_required',
      '无法确定诉求所在区县：请在 attribute[district_code] 中注明，或在 address_string 中写明区县名称',
      'The district cannot be told: give attribute[district_code], or name the district in address_string',
    );
  }
}

const single = (value: string | readonly string[] | undefined): string | undefined => (typeof value === 'string' ? value : value?.[0]);

/** 姓 then 名 for Chinese names (张 + 三 = 张三); given name first, with a space, otherwise. */
function callerName(first?: string, last?: string): string | undefined {
  if (!first || !last) return first || last || undefined;
  return /^[\p{Script=Han}·]+$/u.test(first + last) ? last + first : `${first} ${last}`;
}

export const submitHandlers = [SubmitServiceRequestHandler];
