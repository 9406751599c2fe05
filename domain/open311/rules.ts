import type { TicketStatus } from '../hotline/rules.js';

/** Who issues and revokes the API keys of Open311 clients. */
export const API_KEY_ROLES: readonly string[] = ['admin'];

/** The name of the client a key is issued to (e.g. "市民随手拍 App"): what the admin sees in the list. */
export const MAX_CLIENT_NAME_LENGTH = 100;
export const MAX_REVOKE_REASON_LENGTH = 500;
/** A SHA-256 digest, hex. */
export const KEY_HASH = /^[0-9a-f]{64}$/;

/**
 * GeoReport v2 knows two statuses: `open` (it has been reported) and `closed` (it has been
 * resolved). A hotline ticket is closed once closed, archived, or merged into another ticket
 * that carries on for it; every other status is still being worked on.
 */
export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];

const CLOSED_TICKET_STATUSES: readonly TicketStatus[] = ['closed', 'archived', 'merged'];

export function open311StatusOf(ticketStatus: TicketStatus): Open311Status {
  return CLOSED_TICKET_STATUSES.includes(ticketStatus) ? 'closed' : 'open';
}

/** GET Service Requests: "Default query limit is a span of 90 days or first 1000 requests returned, whichever is smallest." */
export const REQUEST_QUERY_LIMITS = { spanDays: 90, maxRequests: 1000 } as const;
