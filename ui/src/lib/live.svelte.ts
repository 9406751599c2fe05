/** A change to a read model, as the server announces it on /api/events/stream. */
export interface ViewChange {
  collection: string;
  id: string;
}

export interface LiveListener {
  view?: (change: ViewChange) => void;
  /** The stream came back after a break: changes may have been missed, so reload. */
  resync?: () => void;
}

const RETRY_MS = [1_000, 3_000, 10_000, 30_000];

/** One EventSource for the whole app while someone is signed in. */
class LiveUpdates {
  connected = $state(false);

  private source: EventSource | null = null;
  private listeners = new Set<LiveListener>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private everOpened = false;

  connect(): void {
    if (this.source || this.retryTimer) return;
    this.open();
  }

  disconnect(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
    this.connected = false;
    this.everOpened = false;
    this.failures = 0;
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private open(): void {
    const source = new EventSource('/api/events/stream');
    this.source = source;
    source.onopen = () => {
      this.connected = true;
      this.failures = 0;
      if (this.everOpened) for (const l of this.listeners) l.resync?.();
      this.everOpened = true;
    };
    source.addEventListener('view', (event) => {
      let change: ViewChange;
      try {
        change = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const l of this.listeners) l.view?.(change);
    });
    source.onerror = () => {
      this.connected = source.readyState === EventSource.OPEN;
      // CONNECTING: the browser retries by itself. CLOSED (e.g. a 401 or 5xx): retry with backoff.
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        const delay = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)];
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.open();
        }, delay);
      }
    };
  }
}

export const live = new LiveUpdates();
