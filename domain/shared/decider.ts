import type { DomainError } from './errors.js';

/** A domain event as the decider sees it: a past-tense type and its data. */
export interface Event<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** A command as the decider sees it: an imperative type and its data. */
export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Who is acting: every event records it. */
export interface Actor {
  readonly id: string;
  readonly role: string;
  readonly department?: string;
}

/**
 * What a decision may depend on besides the command and the state. The domain never reads the
 * clock or randomness itself; it gets them here.
 */
export interface DecideContext {
  /** Domain time of the decision. */
  readonly now: Date;
  readonly actor: Actor;
  /** A fresh identifier, deterministic per command so that a replayed command decides the same. */
  readonly newId: (purpose: string) => string;
}

export type Decision<E extends Event> = readonly E[] | DomainError;

export interface Decider<C extends Command, E extends Event, S, Ctx extends DecideContext = DecideContext> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, ctx: Ctx): Decision<E>;
}

/** Folds events into a state; used by the pipeline and by auditors replaying "state as of". */
export function fold<S, E extends Event>(decider: Pick<Decider<Command, E, S>, 'initialState' | 'evolve'>, events: readonly E[]): S {
  return events.reduce(decider.evolve, decider.initialState);
}
