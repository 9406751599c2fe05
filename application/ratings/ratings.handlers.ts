import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DEPARTMENT_ROLES, type Role } from '../../domain/identity/roles.js';
import {
  ratingDecider,
  ratingStreamId,
  type RateService,
  type RatingCommand,
} from '../../domain/ratings/index.js';
import type { WorkingCalendar } from '../../domain/shared/calendar.js';
import type { Actor } from '../../domain/shared/decider.js';
import { notFound } from '../../domain/shared/errors.js';
import { CommandPipeline, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import type { DocumentStore } from '../ports/document-store.js';
import { CALENDAR, COMMAND_PIPELINE, DOCUMENT_STORE } from '../ports/tokens.js';
import { DEFAULT_RATING_SETTINGS, RATING_SETTINGS, type RatingSettings } from './settings.js';

/** The fields of the `cases` view a rating needs. */
interface CaseForRating {
  readonly applicantId: string | null;
  readonly department: string;
  readonly caseNo: string;
  readonly itemCode: string;
  readonly itemName: string;
}

const noSuchCase = () => notFound('case.not_found', '办件不存在', 'No such case');

/** The applicant of the case, or staff of its department: anyone else is told the case does not exist. */
function seesCase(doc: CaseForRating, actor: Actor): boolean {
  if (actor.role === 'applicant') return doc.applicantId !== null && doc.applicantId === actor.id;
  return (DEPARTMENT_ROLES as readonly string[]).includes(actor.role as Role) && actor.department === doc.department;
}

export class RateServiceCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly data: Omit<RateService['data'], 'case'>,
  ) {
    super();
  }
}

abstract class RatingHandler {
  constructor(
    protected readonly pipeline: CommandPipeline,
    protected readonly calendar: WorkingCalendar,
    protected readonly settings: RatingSettings = DEFAULT_RATING_SETTINGS,
  ) {}

  protected run(issued: Issued, command: RatingCommand) {
    return this.pipeline.handle(
      { decider: ratingDecider },
      ratingStreamId(command.data.caseId),
      { ...issued, command },
      { calendar: this.calendar, rectificationWorkingDays: this.settings.rectificationWorkingDays },
    );
  }
}

/** 评价: loads the case from its view for its applicant and department, then lets the domain decide. */
@CommandHandler(RateServiceCommand)
export class RateServiceHandler extends RatingHandler implements ICommandHandler<RateServiceCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) pipeline: CommandPipeline,
    @Inject(CALENDAR) calendar: WorkingCalendar,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Optional() @Inject(RATING_SETTINGS) settings?: RatingSettings,
  ) {
    super(pipeline, calendar, settings);
  }

  async execute({ issued, data }: RateServiceCommand): Promise<CommandOutcome> {
    const doc = await this.documents.get<CaseForRating>('cases', data.caseId);
    if (!doc || !seesCase(doc, issued.actor)) return { ok: false, error: noSuchCase() };
    const { applicantId, department, caseNo, itemCode, itemName } = doc;
    return this.run(issued, { type: 'RateService', data: { ...data, case: { applicantId: applicantId ?? null, department, caseNo, itemCode, itemName } } });
  }
}

/** A step on a bad rating: verify, rectify, call back. */
export class RatingStepCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly command: Exclude<RatingCommand, { type: 'RateService' }>,
  ) {
    super();
  }
}

@CommandHandler(RatingStepCommand)
export class RatingStepHandler extends RatingHandler implements ICommandHandler<RatingStepCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) pipeline: CommandPipeline,
    @Inject(CALENDAR) calendar: WorkingCalendar,
    @Optional() @Inject(RATING_SETTINGS) settings?: RatingSettings,
  ) {
    super(pipeline, calendar, settings);
  }

  execute({ issued, command }: RatingStepCommand) {
    return this.run(issued, command);
  }
}

export const ratingHandlers = [RateServiceHandler, RatingStepHandler];
