import { api } from './api';
import { clock } from './clock.svelte';
import { normalizeTicket, type TicketSummary } from './hotline';
import { live } from './live.svelte';

type RawPage = Record<string, unknown>[] | { items?: Record<string, unknown>[]; next?: string; total?: number; now?: string };

/**
 * A page of GET /api/hotline/tickets with "load more", kept current from the live stream: a change
 * to any ticket reloads the list once per burst (a ticket may move in or out of the filter).
 */
export class TicketList {
  items = $state<TicketSummary[]>([]);
  total = $state<number | null>(null);
  next = $state<string | undefined>(undefined);
  loading = $state(true);
  error = $state<unknown>(null);

  private query = '';
  private request = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly pageSize = 50) {}

  async load(query: string): Promise<void> {
    this.query = query;
    const mine = ++this.request;
    this.loading = true;
    try {
      const page = await this.fetch(query);
      if (mine !== this.request) return;
      this.items = page.items;
      this.total = page.total;
      this.next = page.next;
      this.error = null;
    } catch (e) {
      if (mine === this.request) this.error = e;
    } finally {
      if (mine === this.request) this.loading = false;
    }
  }

  async more(): Promise<void> {
    if (!this.next) return;
    try {
      const page = await this.fetch(this.query, this.next);
      const known = new Set(this.items.map((t) => t.id));
      this.items.push(...page.items.filter((t) => !known.has(t.id)));
      this.next = page.next;
    } catch (e) {
      this.error = e;
    }
  }

  /** Subscribe while the page is mounted; returns the unsubscribe. */
  listen(): () => void {
    const stop = live.subscribe({
      view: (change) => {
        if (change.collection === 'tickets') this.soon();
      },
      resync: () => void this.load(this.query),
    });
    return () => {
      clearTimeout(this.timer);
      stop();
    };
  }

  private soon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(this.query), 400);
  }

  private async fetch(query: string, after?: string): Promise<{ items: TicketSummary[]; next?: string; total: number | null }> {
    const params = new URLSearchParams(query);
    params.set('limit', String(this.pageSize));
    if (after) params.set('after', after);
    const raw = await api<RawPage>(`/hotline/tickets?${params}`);
    const rows = Array.isArray(raw) ? raw : (raw.items ?? []);
    if (!Array.isArray(raw)) clock.noteServerNow(raw.now);
    return {
      items: rows.map(normalizeTicket),
      next: Array.isArray(raw) ? undefined : raw.next,
      total: Array.isArray(raw) ? rows.length : (raw.total ?? null),
    };
  }
}
