import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { catalogDecider, itemStreamId, latestDefinition, type CatalogCommand, type CatalogEvent, type ItemState } from '../../domain/catalog/index.js';
import { fold } from '../../domain/shared/decider.js';
import { forbidden } from '../../domain/shared/errors.js';
import { CommandPipeline, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import type { EventStore } from '../ports/event-store.js';
import { COMMAND_PIPELINE, EVENT_STORE } from '../ports/tokens.js';
import { formChecker } from './forms.js';

/** Any step of an item's lifecycle: draft or revise, legal review, publish, suspend, resume, retire. */
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
      // Both the item's department and, for a draft, the one it names: nobody drafts into or out of another department.
      const departments = [await this.departmentOf(streamId), command.type === 'DraftItem' ? command.data.department : undefined];
      if (departments.some((d) => d !== undefined && d !== issued.actor.department)) {
        return { ok: false, error: forbidden('item.other_department', '只能管理本部门的事项', 'You manage only your own department’s items') };
      }
    }
    return this.pipeline.handle({ decider: catalogDecider }, streamId, { ...issued, command }, { forms: formChecker });
  }

  private async departmentOf(streamId: string): Promise<string | undefined> {
    return latestDefinition(await loadItem(this.store, streamId.slice('item-'.length)))?.department;
  }
}

/** An item's state, folded from its stream. */
export async function loadItem(store: EventStore, code: string): Promise<ItemState> {
  const events = await store.readStream(itemStreamId(code));
  return fold(catalogDecider, events.map((e) => ({ type: e.type, data: e.data }) as CatalogEvent));
}

export const catalogHandlers = [CatalogCommandHandler];
