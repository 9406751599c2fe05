import { api } from './api';
import { clock } from './clock.svelte';
import { normalizeTicket, type TicketSummary } from './hotline';
import { live } from './live.svelte';

type RawPage = Record<string, unknown>[] | { items?: Record<string, unknown>[]; next?: string; total?: number; now?: string };

const FLASH_MS = 1_800;
/** The API's largest page. */
const MAX_PAGE = 200;

/**
 * A page of GET /api/hotline/tickets with "load more", kept current from the live stream: a change
 * to any ticket reloads the list once per burst (a ticket may move in or out of the filter), as many
 * rows as are shown, and the rows that changed light up briefly (as on the cases list).
 */
export class TicketList {
  items = $state<TicketSummary[]>([]);
  total = $state<number | null>(null);
  next = $state<string | undefined>(undefined);
  loading = $state(true);
  error = $state<unknown>(null);
  /** Rows just changed by someone else: id → token (for the highlight). */
  flashing = $state<Record<string, number>>({});
  /** For screen readers: which ticket just changed. */
  announcement = $state('');

  private query = '';
  private request = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Tickets the stream said changed since the last reload. */
  private changed = new Set<string>();
  private flashes = 0;

  constructor(
    private readonly pageSize = 50,
    private readonly announce?: (t: TicketSummary) => string,
  ) {}

  async load(query: string, live = false): Promise<void> {
    this.query = query;
    const mine = ++this.request;
    const changed = this.changed;
    this.changed = new Set();
    if (!live) this.loading = true;
    try {
      // A live reload keeps what "load more" had added.
      const size = live ? Math.min(MAX_PAGE, Math.max(this.pageSize, this.items.length)) : this.pageSize;
      const page = await this.fetch(query, undefined, size);
      if (mine !== this.request) return;
      const before = new Map(this.items.map((t) => [t.id, t]));
      this.items = page.items;
      this.total = page.total;
      this.next = page.next;
      this.error = null;
      if (live) this.light(page.items.filter((t) => changed.has(t.id) || differs(before.get(t.id), t)));
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
        if (change.collection !== 'tickets') return;
        if (change.id) this.changed.add(change.id);
        this.soon();
      },
      resync: () => void this.load(this.query, true),
    });
    return () => {
      clearTimeout(this.timer);
      stop();
    };
  }

  private soon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(this.query, true), 400);
  }

  private light(rows: TicketSummary[]): void {
    if (rows.length === 0) return;
    const token = ++this.flashes;
    for (const t of rows) this.flashing[t.id] = token;
    if (this.announce) this.announcement = this.announce(rows[0]!);
    setTimeout(() => {
      for (const t of rows) if (this.flashing[t.id] === token) delete this.flashing[t.id];
    }, FLASH_MS);
  }

  private async fetch(query: string, after?: string, size = this.pageSize): Promise<{ items: TicketSummary[]; next?: string; total: number | null }> {
    const params = new URLSearchParams(query);
    params.set('limit', String(size));
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

/** A row someone else moved on: another status, or a newer update. */
function differs(before: TicketSummary | undefined, after: TicketSummary): boolean {
  return before !== undefined && (before.status !== after.status || before.updatedAt !== after.updatedAt);
}
