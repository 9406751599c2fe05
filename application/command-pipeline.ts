import { v5 as uuidV5 } from 'uuid';
import type { Actor, Command, DecideContext, Decider, Event } from '../domain/shared/decider.js';
import { conflict, isDomainError, type DomainError } from '../domain/shared/errors.js';
import type { Clock } from './ports/clock.js';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from './ports/event-store.js';

/** Namespace for ids derived from command ids (events, new aggregates). */
const COMMAND_NAMESPACE = '6f1d4f0a-6c55-4a53-9a0e-3c1f2e7b9d21';

/** A command as it arrives from the edge: who, which command, and its identity for idempotency. */
export interface CommandEnvelope<C extends Command = Command> {
  /** Chosen by the caller; sending the same id again yields the first outcome and writes nothing. */
  readonly commandId: string;
  readonly command: C;
  readonly actor: Actor;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export type CommandOutcome =
  | {
      readonly ok: true;
      readonly streamId: string;
      readonly events: readonly RecordedEvent[] | readonly NewEvent[];
      /** Stream revision after the command (-1: the stream still does not exist). */
      readonly revision: number;
      /** True when this command id had already been handled: nothing new was written. */
      readonly duplicate: boolean;
    }
  | { readonly ok: false; readonly error: DomainError };

/** How a stream's stored events become the decider's events: schema upcasting lives here. */
export type Upcaster<E extends Event> = (event: RecordedEvent) => E;

export interface StreamBinding<C extends Command, E extends Event, S, Ctx extends DecideContext> {
  readonly decider: Decider<C, E, S, Ctx>;
  readonly upcast?: Upcaster<E>;
  /** Current schema version of the events this decider writes. */
  readonly schemaVersion?: number;
}

const defaultUpcast = <E extends Event>(event: RecordedEvent): E => ({ type: event.type, data: event.data }) as E;

/** Deterministic id from a command id and a purpose: a replayed command decides the same ids. */
export function derivedId(commandId: string, purpose: string): string {
  return uuidV5(`${commandId}/${purpose}`, COMMAND_NAMESPACE);
}

/**
 * Load → evolve → decide → append with the loaded revision. A concurrent writer makes the append
 * fail on its expected revision; the command is then re-decided on the fresh state, a bounded
 * number of times.
 */
export class CommandPipeline {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly maxAttempts = 5,
  ) {}

  async handle<C extends Command, E extends Event, S, Ctx extends DecideContext>(
    binding: StreamBinding<C, E, S, Ctx>,
    streamId: string,
    envelope: CommandEnvelope<C>,
    extraContext?: Omit<Ctx, keyof DecideContext>,
  ): Promise<CommandOutcome> {
    const upcast = (binding.upcast ?? defaultUpcast) as Upcaster<E>;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const stored = await this.store.readStream(streamId);
      const already = stored.filter((e) => e.metadata.commandId === envelope.commandId);
      const revision = stored.length - 1;
      if (already.length > 0) return { ok: true, streamId, events: already, revision, duplicate: true };

      const state = stored.reduce((s, e) => binding.decider.evolve(s, upcast(e)), binding.decider.initialState);
      const now = this.clock.now();
      const ctx = {
        ...extraContext,
        now,
        actor: envelope.actor,
        newId: (purpose: string) => derivedId(envelope.commandId, purpose),
      } as unknown as Ctx;
      const decision = binding.decider.decide(envelope.command, state, ctx);
      if (isDomainError(decision)) return { ok: false, error: decision };
      if (decision.length === 0) return { ok: true, streamId, events: [], revision, duplicate: false };

      const events: NewEvent[] = decision.map((event, index) => ({
        id: derivedId(envelope.commandId, `${streamId}#${index}`),
        type: event.type,
        data: event.data,
        metadata: {
          actorId: envelope.actor.id,
          actorRole: envelope.actor.role,
          ...(envelope.actor.department ? { actorDepartment: envelope.actor.department } : {}),
          commandId: envelope.commandId,
          correlationId: envelope.correlationId ?? envelope.commandId,
          causationId: envelope.causationId ?? envelope.commandId,
          occurredAt: now.toISOString(),
          schemaVersion: binding.schemaVersion ?? 1,
        },
      }));
      try {
        const result = await this.store.append(streamId, events, revision < 0 ? 'no_stream' : revision);
        return { ok: true, streamId, events, revision: result.nextRevision, duplicate: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    return {
      ok: false,
      error: conflict(
        'concurrency.conflict',
        '该事项正被他人同时办理，请刷新后重试',
        'Someone else changed this at the same time; refresh and try again',
        { streamId, attempts: this.maxAttempts },
      ),
    };
  }
}
