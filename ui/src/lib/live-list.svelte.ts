import { api } from './api';
import { toSummary } from './cases';
import { live } from './live.svelte';
import type { CaseDetail, CaseSummary } from './types';

const FLASH_MS = 1_800;

/**
 * Keeps a list of cases current from the SSE stream: each `view` event for a case re-fetches
 * that case and updates its row in place (or offers it to `onNew`), with a brief highlight.
 */
export class LiveCaseList {
  items = $state<CaseSummary[]>([]);
  flashing = $state<Record<string, number>>({});
  announcement = $state('');

  private inFlight = new Map<string, boolean>();

  constructor(
    private readonly options: {
      /** A case not in the list changed: return true to put it at the top. */
      onNew?: (c: CaseSummary) => boolean;
      /** The stream reconnected after a break. */
      resync: () => void;
      announce?: (c: CaseSummary) => string;
    },
  ) {}

  /** Subscribe while the page is mounted; returns the unsubscribe. */
  listen(): () => void {
    return live.subscribe({
      view: (change) => {
        if (change.collection === 'cases' && change.id) void this.refresh(change.id);
      },
      resync: () => this.options.resync(),
    });
  }

  private async refresh(caseId: string): Promise<void> {
    // Events arrive in bursts: one request per case at a time, and one more if it changed meanwhile.
    if (this.inFlight.has(caseId)) {
      this.inFlight.set(caseId, true);
      return;
    }
    this.inFlight.set(caseId, false);
    try {
      const detail = await api<CaseDetail>(`/cases/${encodeURIComponent(caseId)}`);
      this.apply(toSummary(detail));
    } catch {
      // Not visible to this user, or gone: nothing to update.
    } finally {
      const again = this.inFlight.get(caseId);
      this.inFlight.delete(caseId);
      if (again) void this.refresh(caseId);
    }
  }

  private apply(updated: CaseSummary): void {
    const index = this.items.findIndex((c) => c.caseId === updated.caseId);
    if (index >= 0) this.items[index] = updated;
    else if (this.options.onNew?.(updated)) this.items.unshift(updated);
    else return;
    this.flash(updated.caseId);
    if (this.options.announce) this.announcement = this.options.announce(updated);
  }

  private flashes = 0;

  private flash(caseId: string): void {
    const token = ++this.flashes;
    this.flashing[caseId] = token;
    setTimeout(() => {
      if (this.flashing[caseId] === token) delete this.flashing[caseId];
    }, FLASH_MS);
  }
}
