import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { catalogDecider, itemStreamId, type CatalogCommand } from '../../domain/catalog/index.js';
import { forbidden } from '../../domain/shared/errors.js';
import { CommandPipeline, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import type { EventStore } from '../ports/event-store.js';
import { COMMAND_PIPELINE, EVENT_STORE } from '../ports/tokens.js';
import { fold } from '../../domain/shared/decider.js';

/** Any step of an item's lifecycle: draft, submit for legal review, approve, send back, publish. */
export class CatalogCommandCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly command: CatalogCommand,
  ) {
    super();
  }
}

/** Roles that work on items of their own department only; the legal office and admins see all. */
const DEPARTMENT_SCOPED = new Set(['department_head', 'reviewer']);

@CommandHandler(CatalogCommandCommand)
export class CatalogCommandHandler implements ICommandHandler<CatalogCommandCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ issued, command }: CatalogCommandCommand): Promise<CommandOutcome> {
    const streamId = itemStreamId(command.data.code);
    if (DEPARTMENT_SCOPED.has(issued.actor.role)) {
      const department = command.type === 'DraftItem' ? command.data.department : await this.departmentOf(streamId);
      if (department !== undefined && department !== issued.actor.department) {
        return { ok: false, error: forbidden('item.other_department', '只能管理本部门的事项', 'You manage only your own department’s items') };
      }
    }
    return this.pipeline.handle({ decider: catalogDecider }, streamId, { ...issued, command });
  }

  private async departmentOf(streamId: string): Promise<string | undefined> {
    const events = await this.store.readStream(streamId);
    const state = fold(catalogDecider, events.map((e) => ({ type: e.type, data: e.data }) as never));
    return state.status === 'none' ? undefined : state.definition.department;
  }
}

export const catalogHandlers = [CatalogCommandHandler];
