import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { acceptsApplications, catalogDecider, itemStreamId, publishedVersion } from '../../domain/catalog/index.js';
import { caseDecider, caseStreamId, type Applicant, type CaseCommand, type CaseDecideContext } from '../../domain/cases/index.js';
import { localDate, type WorkingCalendar } from '../../domain/shared/calendar.js';
import { fold } from '../../domain/shared/decider.js';
import { notFound } from '../../domain/shared/errors.js';
import { CommandPipeline, derivedId, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import { allocateNumber } from '../numbering.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore } from '../ports/event-store.js';
import { CALENDAR, CLOCK, COMMAND_PIPELINE, EVENT_STORE } from '../ports/tokens.js';

/** *(default)* the yellow light comes on this many working days before the due date. */
export const WARNING_WORKING_DAYS = 2;

export type SubmitOutcome = CommandOutcome & { readonly caseId: string };

export class SubmitCaseCommand extends Command<SubmitOutcome> {
  constructor(
    readonly issued: Issued,
    readonly data: { itemCode: string; channel: 'online' | 'window' | 'kiosk'; applicant: Applicant; formData: Record<string, unknown> },
  ) {
    super();
  }
}

/** Files an application under the item's published version, with a new case number. */
@CommandHandler(SubmitCaseCommand)
export class SubmitCaseHandler implements ICommandHandler<SubmitCaseCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ issued, data }: SubmitCaseCommand): Promise<SubmitOutcome> {
    const caseId = derivedId(issued.commandId, 'case');
    const streamId = caseStreamId(caseId);
    const context = { calendar: this.calendar, warningDays: WARNING_WORKING_DAYS };
    const retried = (await this.store.readStream(streamId, { maxCount: 1 })).length > 0;
    if (retried) {
      // The same submission again: the pipeline answers with the first outcome; no new number is drawn.
      const outcome = await this.pipeline.handle({ decider: caseDecider }, streamId, { ...issued, command: { type: 'SubmitCase', data: {} as never } }, context);
      return { ...outcome, caseId };
    }
    const itemEvents = await this.store.readStream(itemStreamId(data.itemCode));
    const item = fold(catalogDecider, itemEvents.map((e) => ({ type: e.type, data: e.data }) as never));
    const published = publishedVersion(item);
    if (item.status === 'none') {
      return { ok: false, caseId, error: notFound('item.not_found', `事项不存在：${data.itemCode}`, `No such service item: ${data.itemCode}`) };
    }
    const definition = published?.definition ?? item.definition;
    const day = localDate(this.clock.now());
    const caseNo = acceptsApplications(item) ? `${day.replaceAll('-', '')}-${String(await allocateNumber(this.store, 'case', day, issued.actor.id)).padStart(5, '0')}` : '-';
    const command: CaseCommand = {
      type: 'SubmitCase',
      data: {
        caseId,
        caseNo,
        channel: data.channel,
        applicant: data.applicant,
        formData: data.formData,
        item: {
          code: definition.code,
          name: definition.name,
          version: published?.version ?? 0,
          department: definition.department,
          promisedLimitDays: definition.promisedLimitDays,
          statutoryLimitDays: definition.statutoryLimitDays,
          published: acceptsApplications(item),
        },
      },
    };
    const outcome = await this.pipeline.handle({ decider: caseDecider }, streamId, { ...issued, command }, context);
    return { ...outcome, caseId };
  }
}

/** A step on an existing case: accept, decide, complete. */
export class CaseStepCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly command: Exclude<CaseCommand, { type: 'SubmitCase' }>,
  ) {
    super();
  }
}

@CommandHandler(CaseStepCommand)
export class CaseStepHandler implements ICommandHandler<CaseStepCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(CALENDAR) private readonly calendar: WorkingCalendar,
  ) {}

  execute({ issued, command }: CaseStepCommand) {
    return this.pipeline.handle<CaseCommand, never, unknown, CaseDecideContext>(
      { decider: caseDecider as never },
      caseStreamId(command.data.caseId),
      { ...issued, command },
      { calendar: this.calendar, warningDays: WARNING_WORKING_DAYS },
    );
  }
}

export const caseHandlers = [SubmitCaseHandler, CaseStepHandler];
