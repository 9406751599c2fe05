import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { DocumentStore, WriteOp } from './ports/document-store.js';
import type { EventStore, RecordedEvent, Subscription } from './ports/event-store.js';
import type { EventLogCopy, Row, Warehouse } from './ports/warehouse.js';
import type { Projection, WarehouseProjection } from './projection.js';

export type ProjectionState = 'starting' | 'catching-up' | 'live' | 'rebuilding' | 'stopped' | 'failed';

export interface ProjectionFailure {
  readonly message: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly eventType: string;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly kind: Projection['kind'];
  readonly state: ProjectionState;
  /** Position of the last event applied. */
  readonly position: number;
  readonly head: number;
  /** Events it has still to apply, as far as positions tell: 0 when none of its streams has a newer event. */
  readonly lag: number;
  readonly failure?: ProjectionFailure;
}

/** What changed in the operational views, for live screens (SSE). */
export interface ViewChange {
  readonly collection: string;
  readonly id: string;
  readonly position: number;
}

export interface Progress {
  readonly done: number;
  readonly total: number;
}

interface Running {
  readonly projection: Projection;
  state: ProjectionState;
  /** Position of the last event applied, its writes and checkpoint committed. */
  position: number;
  failure?: ProjectionFailure;
  subscription?: Subscription;
  loop?: Promise<void>;
  /** A batch of a catch-up still being written, with its checkpoint. */
  writing?: Promise<void>;
  stopping: boolean;
}

export interface ProjectionRunnerOptions {
  /** Events per batch of document projections (each batch is one transaction). Default 1000. */
  readonly batchSize?: number;
  /**
   * Events per batch of warehouse projections while they catch up. Default: `batchSize` when it
   * is given, else 20,000 (ClickHouse prefers few large inserts).
   */
  readonly warehouseBatchSize?: number;
  /**
   * Given when the warehouse can read the event store's storage: warehouse projections with a
   * `logSelect` then catch up inside the engines, `logCopyBatchSize` events (default 100,000) per
   * copy and checkpoint. A copy that fails (an event that does not match its hash, one the SQL
   * cannot take) hands the rest of the catch-up to `handle`, which reports the event at fault as
   * any catch-up would.
   */
  readonly logCopy?: EventLogCopy;
  readonly logCopyBatchSize?: number;
}

/**
 * Runs projections: each keeps its own checkpoint, catches up in batches, then follows live
 * events. Document projections commit their checkpoint in the same write as their documents;
 * warehouse rows are deduplicated by their tables, so a replay after a crash changes nothing.
 * An event that makes a projection throw stops that projection alone.
 */
export class ProjectionRunner {
  private readonly running = new Map<string, Running>();
  private readonly changes = new EventEmitter();
  private readonly batchSize: number;
  private readonly warehouseBatchSize: number;
  private readonly logCopy: EventLogCopy | undefined;
  private readonly logCopyBatchSize: number;

  constructor(
    private readonly events: EventStore,
    private readonly documents: DocumentStore,
    private readonly warehouse: Warehouse,
    private readonly projections: readonly Projection[],
    private readonly log: Logger,
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.warehouseBatchSize = options.warehouseBatchSize ?? options.batchSize ?? 20_000;
    this.logCopy = options.logCopy;
    this.logCopyBatchSize = options.logCopyBatchSize ?? 100_000;
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`two projections are named ${p.name}`);
      names.add(p.name);
    }
    this.changes.setMaxListeners(0);
  }

  /** Starts every projection; resolves when each has caught up with the store (or failed). */
  async start(): Promise<void> {
    await Promise.all(this.projections.map((p) => this.startOne(p)));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => this.stopOne(r)));
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    return Promise.all(
      this.projections.map(async (p) => {
        const r = this.running.get(p.name);
        const position = r?.position ?? (await this.documents.checkpoint(checkpointKey(p))) ?? 0;
        // A projection of some categories is level with the store when none of them has a newer event,
        // however far the store's head has moved on with other streams.
        const [next] = await this.events.readAll({ after: position, maxCount: 1, ...(p.categories ? { categories: p.categories } : {}) });
        return {
          name: p.name,
          version: p.version,
          kind: p.kind,
          state: r?.state ?? 'stopped',
          position,
          head,
          lag: next ? head - next.position + 1 : 0,
          ...(r?.failure ? { failure: r.failure } : {}),
        };
      }),
    );
  }

  /** Empties a projection's views and replays every event into them, reporting progress. */
  async rebuild(name: string, onProgress?: (progress: Progress) => void): Promise<ProjectionStatus> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`no projection named ${name}`);
    const current = this.running.get(name);
    if (current) await this.stopOne(current);
    await this.reset(projection);
    const running = this.track(projection, 0, 'rebuilding');
    await this.catchUp(running, onProgress);
    if (running.state !== 'failed') this.follow(running);
    return (await this.status()).find((s) => s.name === name)!;
  }

  /** Replays every projection from its checkpoint without following live events (the CLI's mode). */
  async catchUpAll(onProgress?: (name: string, progress: Progress) => void): Promise<void> {
    for (const p of this.projections) {
      const running = await this.prepare(p);
      await this.catchUp(running, onProgress && ((progress) => onProgress(p.name, progress)));
      if (running.state !== 'failed') running.state = 'stopped';
    }
  }

  /**
   * Resolves once every running projection has applied all the events it reads up to `position`
   * (default: the store's head now), so a caller can read its own writes. Failed projections are
   * not waited for.
   */
  async settle(position?: number, timeoutMs = 30_000): Promise<void> {
    const target = position ?? (await this.events.headPosition());
    const deadline = Date.now() + timeoutMs;
    for (const running of this.running.values()) {
      for (;;) {
        if (running.state === 'failed' || running.state === 'stopped' || running.position >= target) break;
        const { categories } = running.projection;
        const [next] = await this.events.readAll({ after: running.position, maxCount: 1, ...(categories ? { categories } : {}) });
        if (!next || next.position > target) break;
        if (Date.now() > deadline) throw new Error(`projection ${running.projection.name} did not reach position ${target} in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }

  onViewChange(listener: (change: ViewChange) => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  private async startOne(projection: Projection): Promise<void> {
    const running = await this.prepare(projection);
    await this.catchUp(running);
    if (running.state !== 'failed') this.follow(running);
  }

  /**
   * Loads the checkpoint of this version; a version never run before starts from empty views.
   * Indexes are declared on every start, so that one added to a projection (or a store's new way
   * of indexing) takes effect without a rebuild.
   */
  private async prepare(projection: Projection): Promise<Running> {
    const position = await this.documents.checkpoint(checkpointKey(projection));
    if (position === undefined) await this.reset(projection);
    else await this.ensureIndexes(projection);
    return this.track(projection, position ?? 0, 'catching-up');
  }

  private async ensureIndexes(projection: Projection): Promise<void> {
    if (projection.kind !== 'documents') return;
    for (const [collection, specs] of Object.entries(projection.indexes ?? {})) {
      await this.documents.ensureIndexes(collection, specs);
    }
  }

  private track(projection: Projection, position: number, state: ProjectionState): Running {
    const running: Running = { projection, state, position, stopping: false };
    this.running.set(projection.name, running);
    return running;
  }

  private async reset(projection: Projection): Promise<void> {
    const checkpoints = Array.from({ length: projection.version }, (_, i) => `${projection.name}@${i + 1}`);
    if (projection.kind === 'documents') {
      await this.documents.drop(projection.collections, checkpoints);
      await this.ensureIndexes(projection);
    } else {
      for (const table of projection.tables) await this.warehouse.exec(`TRUNCATE TABLE IF EXISTS ${table}`);
      await this.documents.drop([], checkpoints);
    }
  }

  /**
   * Applies every event after the checkpoint, batch by batch. The next batch is read while this one
   * is applied, and a batch is written while the next one is handled (one at a time, each with its
   * checkpoint): reading, handling and writing overlap where the stores work on other threads.
   */
  private async catchUp(running: Running, onProgress?: (progress: Progress) => void): Promise<void> {
    const { projection } = running;
    const start = running.position;
    const head = await this.events.headPosition();
    const total = Math.max(0, head - start);
    const batchSize = projection.kind === 'warehouse' ? this.warehouseBatchSize : this.batchSize;
    const read = (after: number) =>
      this.events.readAll({ after, maxCount: batchSize, ...(projection.categories ? { categories: projection.categories } : {}) });
    onProgress?.({ done: 0, total });
    let next: Promise<RecordedEvent[]> | undefined;
    if (projection.kind === 'warehouse' && projection.logSelect && this.logCopy) {
      await this.copyFromLog(running, projection, projection.logSelect, head, (position) => onProgress?.({ done: Math.min(total, position - start), total }));
      // Copied to the head: what has been appended since is usually nothing or a few events,
      // which one small read tells (a large one would start the store's bulk reader for nothing).
      if (running.position >= head) {
        next = this.events.readAll({ after: running.position, maxCount: 1, ...(projection.categories ? { categories: projection.categories } : {}) })
          .then((peek) => (peek.length === 0 ? peek : read(running.position)));
      }
    }
    next ??= read(running.position);
    try {
      for (;;) {
        if (running.stopping) return;
        const batch: RecordedEvent[] = await next;
        next = undefined;
        if (batch.length === 0) break;
        // From the batch's end, not `running.position`: a warehouse batch is checkpointed later.
        next = read(batch[batch.length - 1]!.position);
        const complete = await this.apply(running, batch, true);
        onProgress?.({ done: Math.min(total, running.position - start), total });
        if (!complete) return;
      }
      await running.writing;
    } finally {
      // A batch read ahead and not wanted (stopped, failed): nobody waits for it.
      next?.catch(() => undefined);
      // Never leave a write behind: stop() and a restart must see its checkpoint, or none.
      await running.writing?.catch(() => undefined);
    }
    onProgress?.({ done: Math.min(total, running.position - start), total });
    this.log.debug({ projection: projection.name, position: running.position }, 'caught up');
  }

  /**
   * The warehouse-side catch-up up to `head` (see `ProjectionRunnerOptions.logCopy`): each range
   * copied, then checkpointed. Stops at the first copy that fails, leaving the rest to `handle`.
   */
  private async copyFromLog(running: Running, projection: WarehouseProjection, select: string, head: number, onProgress: (position: number) => void): Promise<void> {
    while (running.position < head && !running.stopping) {
      const after = running.position;
      const upTo = Math.min(head, after + this.logCopyBatchSize);
      try {
        await this.logCopy!.copy({ table: projection.tables[0]!, select, after, upTo, ...(projection.categories ? { categories: projection.categories } : {}) });
      } catch (error) {
        this.log.warn({ projection: projection.name, after, upTo, err: error }, 'copying from the event log failed; handling these events one by one');
        return;
      }
      await this.documents.write([], { name: checkpointKey(projection), position: upTo });
      running.position = upTo;
      onProgress(upTo);
    }
  }

  /** Follows live events, applying whatever has arrived as one batch. */
  private follow(running: Running): void {
    const { projection } = running;
    running.state = 'live';
    const subscription = this.events.subscribe({
      after: running.position,
      ...(projection.categories ? { categories: projection.categories } : {}),
    });
    running.subscription = subscription;
    let buffer: RecordedEvent[] = [];
    let draining: Promise<void> | undefined;
    const drain = async () => {
      while (buffer.length > 0 && running.state === 'live') {
        const batch = buffer;
        buffer = [];
        if (!(await this.apply(running, batch))) await subscription.close();
      }
      draining = undefined;
    };
    running.loop = (async () => {
      try {
        for await (const event of subscription) {
          buffer.push(event);
          draining ??= drain();
          if (buffer.length >= this.batchSize) await draining;
        }
        await draining;
      } catch (error) {
        if (running.stopping) return;
        running.state = 'failed';
        this.log.error({ projection: projection.name, err: error }, 'projection subscription failed');
      }
    })();
  }

  private async stopOne(running: Running): Promise<void> {
    running.stopping = true;
    await running.subscription?.close();
    await running.loop;
    if (running.state !== 'failed') running.state = 'stopped';
  }

  /**
   * Applies a batch; on a poison event, applies what came before it and stops. Returns false when
   * stopped. `pipelined` (a catch-up): the batch may still be being written when this returns, as
   * `running.writing`; the batch before it has been written and checkpointed.
   */
  private async apply(running: Running, batch: readonly RecordedEvent[], pipelined = false): Promise<boolean> {
    const { projection } = running;
    // The handler's output per event, up to the first event it cannot handle.
    const outputs: { event: RecordedEvent; writes: ReturnType<Projection['handle']> }[] = [];
    let failure: ProjectionFailure | undefined;
    for (const event of batch) {
      try {
        outputs.push({ event, writes: projection.handle(event) });
      } catch (error) {
        failure = {
          message: error instanceof Error ? error.message : String(error),
          streamId: event.streamId,
          revision: event.revision,
          position: event.position,
          eventType: event.type,
        };
        break;
      }
    }
    if (outputs.length > 0) {
      const position = outputs[outputs.length - 1]!.event.position;
      const checkpoint = { name: checkpointKey(projection), position };
      // The batch's effects and its checkpoint, handed over now (stores serialise what they are
      // given at once, and write in the order given) and committed later.
      let commit: Promise<void>;
      if (projection.kind === 'documents') {
        const ops: (WriteOp & { position: number })[] = [];
        for (const { event, writes } of outputs) {
          for (const op of writes as readonly WriteOp[]) ops.push({ ...op, position: event.position });
        }
        // The document store commits the checkpoint with the documents, in one transaction.
        commit = this.documents.write(ops, checkpoint).then(() => {
          if (this.changes.listenerCount('change') === 0) return;
          for (const op of ops) this.changes.emit('change', { collection: op.collection, id: op.id, position: op.position });
        });
      } else {
        const rows = new Map<string, Row[]>();
        for (const { writes } of outputs) {
          for (const { table, row } of writes as readonly { table: string; row: Row }[]) {
            const list = rows.get(table);
            if (list) list.push(row);
            else rows.set(table, [row]);
          }
        }
        // Warehouse rows are deduplicated by their tables: the checkpoint follows once they are written.
        const inserted = Promise.all([...rows].map(([table, list]) => this.warehouse.insert(table, list)));
        commit = inserted.then(() => this.documents.write([], checkpoint));
      }
      commit.catch(() => undefined); // awaited below, through `written`
      // Checkpointed in order: after the batch before.
      const previous = running.writing;
      const written = (async () => {
        await previous;
        await commit;
        running.position = position;
      })();
      running.writing = written;
      if (pipelined && !failure) {
        await previous;
      } else {
        await written;
        running.writing = undefined;
      }
    }
    if (failure) {
      await running.writing;
      running.failure = failure;
      running.state = 'failed';
      this.log.error({ projection: projection.name, ...failure }, 'projection stopped on an event it cannot handle');
      return false;
    }
    return true;
  }
}

function checkpointKey(projection: Projection): string {
  return `${projection.name}@${projection.version}`;
}
