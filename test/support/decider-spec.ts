import { expect } from 'vitest';
import { fold, type Command, type DecideContext, type Decider, type Event } from '../../domain/shared/decider.js';
import { isDomainError, type DomainError, type DomainErrorKind } from '../../domain/shared/errors.js';

type DeepPartial<T> = T extends readonly (infer U)[] ? readonly DeepPartial<U>[] : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** An expected event: its type, and only the data that matters to the rule under test. */
export type ExpectedEvent<E extends Event> = E extends Event<infer T, infer D> ? { readonly type: T; readonly data?: DeepPartial<D> } : never;

/**
 * Given / when / then for deciders:
 * `spec(decider, ctx).given([...events]).when(command).then([...events])` or `.thenError(code)`.
 * Events are compared with `toMatchObject`, so a test states only what its rule is about.
 */
export function spec<C extends Command, E extends Event, S, Ctx extends DecideContext>(decider: Decider<C, E, S, Ctx>, ctx: Ctx) {
  return {
    given(history: readonly E[]) {
      return {
        when(command: C, overrides: Partial<Ctx> = {}) {
          const decision = decider.decide(command, fold(decider, history), { ...ctx, ...overrides });
          return {
            then(expected: readonly ExpectedEvent<E>[]): readonly E[] {
              if (isDomainError(decision)) {
                expect.fail(`expected events, got ${decision.kind} ${decision.code}: ${decision.message.zh} / ${decision.message.en}`);
              }
              expect(decision).toMatchObject(expected);
              return decision;
            },
            thenError(code: string, kind?: DomainErrorKind): DomainError {
              if (!isDomainError(decision)) expect.fail(`expected error ${code}, got events ${JSON.stringify(decision)}`);
              expect(decision.code).toBe(code);
              if (kind) expect(decision.kind).toBe(kind);
              expect(decision.message.zh).not.toBe('');
              expect(decision.message.en).not.toBe('');
              return decision;
            },
          };
        },
      };
    },
  };
}
