import { tick } from 'svelte';
import { api } from './api';
import { live } from './live.svelte';

const FLASH_MS = 1_800;

/**
 * One record on its own page, kept current from the SSE stream: a `view` event for it (or a
 * reconnect) reloads it quietly, and `flash` turns on briefly when the reload shows a change.
 * `Raw` is what the API answers, `T` what the page keeps of it.
 */
export class LiveDetail<T, Raw = T> {
  value = $state<T | null>(null);
  loading = $state(true);
  error = $state<unknown>(null);
  flash = $state(false);

  private request = 0;

  constructor(
    private readonly options: {
      /** The read model the stream names in its `view` events, e.g. 'cases'. */
      collection: string;
      path: (id: string) => string;
      /** Applied to the latest answer only, never to a stale one. */
      read?: (raw: Raw) => T;
      /** Whether a quiet reload brought a change worth flashing. */
      changed: (before: T, after: T) => boolean;
      /** While true, `view` events for the record are ignored. */
      ignoreChanges?: () => boolean;
    },
  ) {}

  /** Quiet: a background reload, which keeps the page as it is and its failures to itself. */
  async load(id: string, quiet = false): Promise<void> {
    const mine = ++this.request;
    if (!quiet) this.loading = true;
    try {
      const raw = await api<Raw>(this.options.path(id));
      // A later load started meanwhile: its answer is the one to show.
      if (mine !== this.request) return;
      const next = this.options.read ? this.options.read(raw) : (raw as unknown as T);
      const changed = quiet && this.value !== null && this.options.changed(this.value, next);
      this.value = next;
      this.error = null;
      if (changed) this.highlight();
    } catch (e) {
      if (mine === this.request && !quiet) this.error = e;
    } finally {
      if (mine === this.request) this.loading = false;
    }
  }

  /** Subscribe while the page shows record `id`; returns the unsubscribe. */
  listen(id: string): () => void {
    return live.subscribe({
      view: (change) => {
        if (change.collection === this.options.collection && change.id === id && !this.options.ignoreChanges?.()) void this.load(id, true);
      },
      resync: () => void this.load(id, true),
    });
  }

  private highlight(): void {
    // Off, then on after the DOM has seen it off: the animation restarts on every change.
    this.flash = false;
    void tick().then(() => {
      this.flash = true;
      setTimeout(() => (this.flash = false), FLASH_MS);
    });
  }
}
