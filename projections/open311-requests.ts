import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import { coarseAddress, coarseLocation, type Caller, type TicketEvent } from '../domain/hotline/index.js';
import { open311StatusOf } from '../domain/open311/index.js';

const collection = 'open311_requests';

/**
 * Hotline tickets as Open311 service requests (GeoReport v2): one document per ticket, indexed for
 * the specification's filters (ids, service codes, a date range, open|closed). The place is kept
 * only coarse — the district (and road), the point to about 100 m — so the exact one cannot leak.
 * The callers (with their addresses) are kept only so that the texts shown can be cleared of
 * their names, numbers and addresses; they never leave.
 */
export const open311Requests: DocumentProjection = {
  kind: 'documents',
  name: 'open311-requests',
  version: 2,
  categories: ['ticket'],
  collections: [collection],
  indexes: {
    [collection]: [{ fields: ['number'], unique: true }, { fields: ['requestedAt'] }, { fields: ['serviceCode', 'requestedAt'] }, { fields: ['status', 'requestedAt'] }],
  },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as TicketEvent;
    const at = recorded.metadata.occurredAt ?? recorded.recordedAt;
    const patch = (set: Record<string, unknown>, more: { unset?: string[]; push?: Record<string, unknown> } = {}): WriteOp[] => [
      { op: 'patch', collection, id: event.data.ticketId, set: { ...set, updatedAt: at }, ...more },
    ];
    const moveTo = (ticketStatus: Parameters<typeof open311StatusOf>[0]) => ({ ticketStatus, status: open311StatusOf(ticketStatus) });
    switch (event.type) {
      case 'TicketRegistered': {
        const { ticketId, number, type, channel, caller, content, category, district, address, location, registeredAt } = event.data;
        const doc = {
          ticketId,
          number,
          type,
          channel,
          serviceCode: category.code,
          serviceName: category.name,
          content,
          districtCode: district.code,
          districtName: district.name,
          ...(address ? { address: coarseAddress(address, district.name) } : {}),
          ...(location ? coarseLocation(location) : {}),
          requestedAt: registeredAt,
          updatedAt: at,
          ...moveTo('registered'),
          round: 1,
          callers: [callerFacts(caller, address)],
        };
        return [{ op: 'upsert', collection, id: ticketId, doc }];
      }
      case 'TicketAnswered':
        return patch({ ...moveTo('answered'), answer: event.data.answer });
      case 'TicketDispatched': {
        const { department, round, finish } = event.data;
        return patch({ ...moveTo('dispatched'), department, round, expectedAt: finish.dueAt });
      }
      case 'TicketSigned':
        return event.data.lead ? patch(moveTo('signed')) : patch({});
      case 'TicketReturned':
        return patch(moveTo('registered'), { unset: ['department', 'expectedAt'] });
      case 'TicketExtensionDecided':
        return event.data.approved && event.data.finish ? patch({ expectedAt: event.data.finish.dueAt }) : patch({});
      case 'TicketReplied':
        return patch({ ...moveTo('replied'), reply: event.data.content });
      case 'TicketReopened': {
        const { department, round, finish } = event.data;
        return patch({ ...moveTo('dispatched'), department, round, expectedAt: finish.dueAt });
      }
      case 'TicketMerged':
        return patch({ ...moveTo('merged'), intoNumber: event.data.intoNumber, closedAt: event.data.mergedAt });
      case 'TicketDuplicateAttached':
        return patch({}, { push: { callers: callerFacts(event.data.duplicate.caller, event.data.duplicate.address) } });
      case 'TicketClosed':
        return patch({ ...moveTo('closed'), resolution: event.data.resolution, closedAt: event.data.closedAt });
      case 'TicketArchived':
        return patch(moveTo('archived'));
      case 'TicketPublished': {
        const { title, content, reply } = event.data;
        return patch({ published: { title, content, reply } });
      }
      case 'TicketExtensionRequested':
      case 'TicketCalledBack':
      case 'TicketSupervised':
        return patch({});
      case 'TicketTakenOver':
        // Which operator holds the call is the center's business, not the public's: not even updated_datetime moves.
        return [];
      default:
        return [];
    }
  },
};

/** A caller as the view keeps them: only what is needed to find them in a text; an absent field stays absent. */
interface CallerFacts extends Caller {
  readonly address?: string;
}

const callerFacts = (caller: Caller, address: string | undefined): CallerFacts => ({
  ...(caller.name ? { name: caller.name } : {}),
  ...(caller.phone ? { phone: caller.phone } : {}),
  ...(address ? { address } : {}),
});
