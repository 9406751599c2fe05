/**
 * Reading the tickets view for the operator while a call is taken: the likely duplicates of a
 * new request (same caller, or similar words in the same district), and the department that
 * usually handles its category in its district.
 */
import { OPEN_TICKET_STATUSES, textSimilarity, type TicketStatus } from '../../domain/hotline/index.js';
import type { DocumentStore, Filter } from '../ports/document-store.js';
import { normalisePhone } from './caller-key.js';
import type { HotlineSettings } from './settings.js';
import { TICKETS, type TicketDoc } from './ticket-doc.js';

const DAY_MS = 86_400_000;
/** Candidates read from the view; the window keeps this small in a real city. */
const MAX_CANDIDATES = 500;
const MAX_DUPLICATES = 10;

export interface DuplicateProbe {
  readonly phone?: string;
  readonly content?: string;
  readonly districtCode?: string;
  /** The ticket being registered, left out of its own duplicates. */
  readonly excludeId?: string;
}

export interface DuplicateCandidate {
  readonly id: string;
  readonly number: string;
  /** Similarity of the texts, 0–1 (1 for the same caller with no text to compare). */
  readonly score: number;
  readonly reason: 'same_caller' | 'similar_text';
  readonly status: TicketStatus;
  readonly registeredAt: string;
  readonly category: string;
  readonly district: string;
  /** The first words of the request, for the operator to compare. */
  readonly excerpt: string;
}

/** Open tickets registered within the window that are likely the same matter, the likeliest first. */
export async function findDuplicates(documents: DocumentStore, now: Date, settings: HotlineSettings, probe: DuplicateProbe): Promise<DuplicateCandidate[]> {
  const phone = normalisePhone(probe.phone);
  const content = probe.content?.trim() ?? '';
  const ors: Filter[] = [];
  if (phone) ors.push({ callerPhone: phone });
  if (probe.districtCode && content) ors.push({ districtCode: probe.districtCode });
  if (ors.length === 0) return [];
  const since = new Date(now.getTime() - settings.duplicateWindowDays * DAY_MS).toISOString();
  const where: Filter = { $and: [{ status: { $in: OPEN_TICKET_STATUSES } }, { registeredAt: { $gte: since } }, ors.length === 1 ? ors[0]! : { $or: ors }] };
  const page = await documents.find<TicketDoc>(TICKETS, where, { sort: { registeredAt: -1 }, limit: MAX_CANDIDATES });
  return page.items
    .filter((doc) => doc.ticketId !== probe.excludeId)
    .map((doc) => {
      const score = content ? round(textSimilarity(content, doc.content)) : 1;
      const sameCaller = phone !== undefined && doc.callerPhone === phone;
      const similar = doc.districtCode === probe.districtCode && score >= settings.duplicateThreshold;
      return { doc, score, reason: sameCaller ? ('same_caller' as const) : similar ? ('similar_text' as const) : undefined };
    })
    .filter((c): c is typeof c & { reason: DuplicateCandidate['reason'] } => c.reason !== undefined)
    .sort((a, b) => b.score - a.score || b.doc.registeredAt.localeCompare(a.doc.registeredAt))
    .slice(0, MAX_DUPLICATES)
    .map(({ doc, score, reason }) => ({
      id: doc.ticketId,
      number: doc.number,
      score,
      reason,
      status: doc.status,
      registeredAt: doc.registeredAt,
      category: doc.category.pathNames.join(' / '),
      district: doc.district.name,
      excerpt: [...doc.content].slice(0, 60).join(''),
    }));
}

/**
 * The window of the dispatch suggestion: the most recent tickets of the category and district
 * that a department signed for. Recent handling is what tells where such a matter goes today
 * (departments' duties change); the window also bounds the read.
 */
export const SUGGESTION_WINDOW = 500;

/**
 * The department that signed for most of the last {@link SUGGESTION_WINDOW} tickets (by
 * registration, newest first) of this category in this district, and how many; null when none did.
 */
export async function dispatchSuggestion(
  documents: DocumentStore,
  categoryCode: string,
  districtCode: string,
  window = SUGGESTION_WINDOW,
): Promise<{ department: string; count: number } | null> {
  const page = await documents.find<Pick<TicketDoc, 'handledBy'>>(
    TICKETS,
    { categoryCode, districtCode, handledBy: { $exists: true } },
    { sort: { registeredAt: -1 }, fields: ['handledBy'], limit: window },
  );
  const counts = new Map<string, number>();
  for (const { handledBy } of page.items) if (handledBy) counts.set(handledBy, (counts.get(handledBy) ?? 0) + 1);
  let best: { department: string; count: number } | null = null;
  // Ties go to the department first in alphabetical order, so the suggestion does not flicker.
  for (const [department, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) if (!best || count > best.count) best = { department, count };
  return best;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
