import type { Logger } from 'pino';
import type { Actor, Command } from '../domain/shared/decider.js';
import { derivedId, type CommandEnvelope } from './command-pipeline.js';
import type { DocumentStore } from './ports/document-store.js';
import type { EventStore, RecordedEvent, Subscription } from './ports/event-store.js';

/**
 * A process manager (流程管理器) turns events into commands: the license library registering
 * every issued certificate, parallel approval opening sub-cases and completing the bundle, a
 * hotline escalation, a deposit refund.
 *
 * How to write one:
 *  - name the categories it follows and react to one event at a time in `react`;
 *  - send every command with `reaction.envelope(purpose, command)`: its id is derived from this
 *    manager, the event's id and the purpose, so a replay (after a crash, a restart or a version
 *    bump) sends the same ids again and the command pipeline answers the first outcome, writing
 *    nothing. Use one purpose per command an event causes (e.g. `register`, `open:${itemCode}`);
 *  - decide what a refusal means: ignore it when it is expected, throw when it is not. Throwing
 *    stops this manager alone, at that event, with the error and the position in its status; the
 *    others go on. Fix the cause and restart: it resumes at the event that failed.
 *
 * The runner keeps each manager's checkpoint in the document store (`process:<name>@<version>`),
 * catches up from it in batches, then follows live events, like the projection runner.
 */
export interface ProcessManager {
  /** Stable name: the checkpoint's key and the `process:<name>` actor id its commands are recorded with. */
  readonly name: string;
  /** Bumping it replays every event from the start: harmless, since the command ids repeat. */
  readonly version: number;
  /** Stream categories it follows; omitted: every stream. */
  readonly categories?: readonly string[];
  /** Who its commands are recorded as done by; defaults to `{ id: 'process:<name>', role: 'process' }`. */
  readonly actor?: Actor;
  react(event: RecordedEvent, reaction: Reaction): Promise<void>;
}

/** What a manager gets with each event. */
export interface Reaction {
  /**
   * The envelope of a command this event causes: a deterministic id (the same on every replay),
   * the event's correlation carried on, the event itself as the cause. `actor` overrides the
   * manager's for this command (e.g. to act for the department the event belongs to).
   */
  envelope<C extends Command>(purpose: string, command: C, actor?: Actor): CommandEnvelope<C>;
}

/** The role a process's commands are recorded with when the manager names no actor of its own. */
export const PROCESS_ROLE = 'process';

export type ProcessManagerState = 'catching-up' | 'live' | 'stopped' | 'failed';

export interface ProcessManagerStatus {
  readonly name: string;
  readonly version: number;
  readonly state: ProcessManagerState;
  /** Position of the last event handled. */
  readonly position: number;
  readonly head: number;
  readonly failure?: { readonly message: string; readonly streamId: string; readonly revision: number; readonly position: number; readonly eventType: string };
}

interface Running {
  readonly manager: ProcessManager;
  state: ProcessManagerState;
  position: number;
  failure?: ProcessManagerStatus['failure'];
  subscription?: Subscription;
  loop?: Promise<void>;
  stopping: boolean;
}

/** The deterministic id of the command a manager sends for an event and a purpose. */
export function processCommandId(manager: string, eventId: string, purpose: string): string {
  return derivedId(eventId, `process:${manager}/${purpose}`);
}

export const processCheckpointKey = (manager: Pick<ProcessManager, 'name' | 'version'>) => `process:${manager.name}@${manager.version}`;

/**
 * Runs process managers: each with its own checkpoint, one event at a time, in position order.
 * The checkpoint moves after each event a manager handled, so after a crash at most that event is
 * handled again, and its commands are answered as duplicates.
 */
export class ProcessManagerRunner {
  private readonly running = new Map<string, Running>();
  private readonly batchSize: number;

  constructor(
    private readonly events: EventStore,
    private readonly documents: DocumentStore,
    private readonly managers: readonly ProcessManager[],
    private readonly log: Logger,
    options: { readonly batchSize?: number } = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    const names = new Set<string>();
    for (const m of managers) {
      if (names.has(m.name)) throw new Error(`two process managers are named ${m.name}`);
      names.add(m.name);
    }
  }

  /** Starts every manager; resolves when each has caught up with the store (or failed). */
  async start(): Promise<void> {
    await Promise.all(
      this.managers.map(async (manager) => {
        const position = (await this.documents.checkpoint(processCheckpointKey(manager))) ?? 0;
        const running: Running = { manager, state: 'catching-up', position, stopping: false };
        this.running.set(manager.name, running);
        await this.catchUp(running);
        if (running.state === 'catching-up') this.follow(running);
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.running.values()].map(async (running) => {
        running.stopping = true;
        await running.subscription?.close();
        await running.loop;
        if (running.state !== 'failed') running.state = 'stopped';
      }),
    );
  }

  async status(): Promise<ProcessManagerStatus[]> {
    const head = await this.events.headPosition();
    return Promise.all(
      this.managers.map(async (m) => {
        const r = this.running.get(m.name);
        const position = r?.position ?? (await this.documents.checkpoint(processCheckpointKey(m))) ?? 0;
        return { name: m.name, version: m.version, state: r?.state ?? 'stopped', position, head, ...(r?.failure ? { failure: r.failure } : {}) };
      }),
    );
  }

  /**
   * Resolves once every running manager has handled all the events it follows up to `position`
   * (default: the store's head now). Failed managers are not waited for.
   */
  async settle(position?: number, timeoutMs = 30_000): Promise<void> {
    const target = position ?? (await this.events.headPosition());
    const deadline = Date.now() + timeoutMs;
    for (const running of this.running.values()) {
      for (;;) {
        if (running.state === 'failed' || running.state === 'stopped' || running.position >= target) break;
        const { categories } = running.manager;
        const [next] = await this.events.readAll({ after: running.position, maxCount: 1, ...(categories ? { categories } : {}) });
        if (!next || next.position > target) break;
        if (Date.now() > deadline) throw new Error(`process manager ${running.manager.name} did not reach position ${target} in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }

  private async catchUp(running: Running): Promise<void> {
    const { categories } = running.manager;
    for (;;) {
      if (running.stopping) return;
      const batch = await this.events.readAll({ after: running.position, maxCount: this.batchSize, ...(categories ? { categories } : {}) });
      if (batch.length === 0) return;
      // Events that caused no command need no checkpoint of their own: the batch's last one moves it.
      for (const [i, event] of batch.entries()) if (!(await this.handle(running, event, i === batch.length - 1))) return;
    }
  }

  private follow(running: Running): void {
    const { manager } = running;
    running.state = 'live';
    const subscription = this.events.subscribe({ after: running.position, ...(manager.categories ? { categories: manager.categories } : {}) });
    running.subscription = subscription;
    running.loop = (async () => {
      try {
        for await (const event of subscription) {
          if (running.stopping) break;
          if (event.position <= running.position) continue;
          if (!(await this.handle(running, event, true))) break;
        }
      } catch (error) {
        if (running.stopping) return;
        running.state = 'failed';
        this.log.error({ processManager: manager.name, err: error }, 'process manager subscription failed');
      } finally {
        await subscription.close();
      }
    })();
  }

  /** Handles one event and moves the checkpoint past it; on a poison event, stops this manager. Returns false when stopped. */
  private async handle(running: Running, event: RecordedEvent, checkpoint: boolean): Promise<boolean> {
    const { manager } = running;
    const actor = manager.actor ?? { id: `process:${manager.name}`, role: PROCESS_ROLE };
    let sent = false;
    const reaction: Reaction = {
      envelope: (purpose, command, as) => {
        sent = true;
        return {
          commandId: processCommandId(manager.name, event.id, purpose),
          command,
          actor: as ?? actor,
          correlationId: event.metadata.correlationId ?? event.id,
          causationId: event.id,
        };
      },
    };
    try {
      await manager.react(event, reaction);
    } catch (error) {
      running.failure = {
        message: error instanceof Error ? error.message : String(error),
        streamId: event.streamId,
        revision: event.revision,
        position: event.position,
        eventType: event.type,
      };
      running.state = 'failed';
      this.log.error({ processManager: manager.name, ...running.failure }, 'process manager stopped on an event it cannot handle');
      return false;
    }
    if (sent || checkpoint) await this.documents.write([], { name: processCheckpointKey(manager), position: event.position });
    running.position = event.position;
    return true;
  }
}
