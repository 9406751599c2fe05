import { CALLER_KEYS, type CallerKeys } from './caller-key.js';
import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  fileOf,
  ticketDecider,
  ticketNumber,
  ticketStreamId,
  type ArticleRef,
  type NewTicketFields,
  type TicketCommand,
  type TicketDecideContext,
  type TicketEvent,
  type TicketState,
} from '../../domain/hotline/index.js';
import { localDate, type WorkingCalendar } from '../../domain/shared/calendar.js';
import { fold } from '../../domain/shared/decider.js';
import { invalid, isDomainError, notFound } from '../../domain/shared/errors.js';
import { CommandPipeline, derivedId, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import { allocateNumber } from '../numbering.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore } from '../ports/document-store.js';
import type { EventStore } from '../ports/event-store.js';
import { CALENDAR, CLOCK, COMMAND_PIPELINE, DOCUMENT_STORE, EVENT_STORE } from '../ports/tokens.js';
import { resolveClassification } from './classification.js';
import { dispatchSuggestion, findDuplicates, type DuplicateCandidate } from './matching.js';
import { DEFAULT_HOTLINE_SETTINGS, HOTLINE_SETTINGS, type HotlineSettings } from './settings.js';

/** What a ticket decision needs besides the command: the calendar and the city's limits. */
export function ticketContext(calendar: WorkingCalendar, settings: HotlineSettings | undefined): Omit<TicketDecideContext, 'now' | 'actor' | 'newId'> {
  return { calendar, limits: (settings ?? DEFAULT_HOTLINE_SETTINGS).limits };
}

/** A ticket's state, folded from its stream. */
export async function loadTicket(store: EventStore, ticketId: string): Promise<TicketState> {
  const events = await store.readStream(ticketStreamId(ticketId));
  return fold(ticketDecider, events.map((e) => ({ type: e.type, data: e.data }) as TicketEvent));
}

/** A new request as the operator takes it, or as a citizen or an Open311 client submits it. */
export type NewTicket = NewTicketFields;

export type RegisterOutcome = CommandOutcome & {
  readonly ticketId: string;
  /** 工单编号; absent when the registration was refused. */
  readonly number?: string;
  /** The department that usually handles this category in this district. */
  readonly suggestion: { department: string; count: number } | null;
  /** Open tickets likely to be the same matter. */
  readonly duplicates: readonly DuplicateCandidate[];
};

/** 登记: a new ticket with a new number, its category and district checked against the classification. */
export class RegisterTicketCommand extends Command<RegisterOutcome> {
  constructor(
    readonly issued: Issued,
    readonly data: NewTicket,
  ) {
    super();
  }
}

@CommandHandler(RegisterTicketCommand)
export class RegisterTicketHandler implements ICommandHandler<RegisterTicketCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(HOTLINE_SETTINGS) private readonly settings?: HotlineSettings,
    @Optional() @Inject(CALLER_KEYS) private readonly callerKeys?: CallerKeys,
  ) {}

  async execute({ issued, data }: RegisterTicketCommand): Promise<RegisterOutcome> {
    const ticketId = derivedId(issued.commandId, 'ticket');
    const streamId = ticketStreamId(ticketId);
    const context = ticketContext(this.calendar, this.settings);
    const settings = this.settings ?? DEFAULT_HOTLINE_SETTINGS;
    const now = this.clock.now();
    const advice = async () => ({
      suggestion: await dispatchSuggestion(this.documents, data.categoryCode, data.districtCode),
      duplicates: await findDuplicates(this.documents, now, settings, { ...(data.caller.phone ? { phone: data.caller.phone } : {}), content: data.content, districtCode: data.districtCode, excludeId: ticketId }),
    });
    const [first] = await this.store.readStream(streamId, { maxCount: 1 });
    if (first) {
      // The same registration again: the first outcome, no new number.
      const outcome = await this.pipeline.handle({ decider: ticketDecider }, streamId, { ...issued, command: { type: 'RegisterTicket', data: {} as never } }, context);
      return { ...outcome, ticketId, number: (first.data as { number: string }).number, ...(await advice()) };
    }
    const classified = await resolveClassification(this.documents, data.categoryCode, data.districtCode);
    const callerKey = this.callerKeys?.of(data.caller.phone);
    const command = (number: string): TicketCommand => ({ type: 'RegisterTicket', data: { ...data, ticketId, number, ...classified, ...(callerKey ? { callerKey } : {}) } });
    // Decide once before drawing a number: a refused registration writes nothing, not even a number.
    const trial = ticketDecider.decide(command(ticketNumber('0000-00-00', 0)), ticketDecider.initialState, { ...context, now, actor: issued.actor, newId: (p) => derivedId(issued.commandId, p) });
    if (isDomainError(trial)) return { ok: false, ticketId, error: trial, suggestion: null, duplicates: [] };
    const day = localDate(now);
    const number = ticketNumber(day, await allocateNumber(this.store, 'ticket', day, issued.actor.id));
    const found = await advice();
    const outcome = await this.pipeline.handle({ decider: ticketDecider }, streamId, { ...issued, command: command(number) }, context);
    return { ...outcome, ticketId, ...(outcome.ok ? { number } : {}), ...found };
  }
}

/**
 * A step on an existing ticket, as the API names it: the answer names its article by id, the
 * merge names the master ticket by id; the handler looks both up.
 */
export type TicketStep =
  | Exclude<TicketCommand, { type: 'RegisterTicket' | 'AnswerTicket' | 'MergeTicket' | 'AttachDuplicate' }>
  | { readonly type: 'AnswerTicket'; readonly data: { readonly ticketId: string; readonly answer: string; readonly articleId?: string } }
  | { readonly type: 'MergeTicket'; readonly data: { readonly ticketId: string; readonly into: string } };

export class TicketStepCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly step: TicketStep,
  ) {
    super();
  }
}

/** The fields of a published knowledge base article the answer records (projections/articles.ts). */
interface ArticleForAnswer {
  readonly status: string;
  readonly version: number | null;
  readonly title: string;
}

@CommandHandler(TicketStepCommand)
export class TicketStepHandler implements ICommandHandler<TicketStepCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(HOTLINE_SETTINGS) private readonly settings?: HotlineSettings,
  ) {}

  async execute({ issued, step }: TicketStepCommand): Promise<CommandOutcome> {
    switch (step.type) {
      case 'AnswerTicket': {
        const { articleId, ...rest } = step.data;
        let article: ArticleRef | undefined;
        if (articleId) {
          const found = await this.documents.get<ArticleForAnswer>('articles', articleId);
          if (!found || found.status !== 'published' || found.version === null) {
            return { ok: false, error: notFound('article.not_found', '知识库中没有该已发布的文章', 'No such published article in the knowledge base', { articleId }) };
          }
          article = { id: articleId, version: found.version, title: found.title };
        }
        return this.run(issued, { type: 'AnswerTicket', data: { ...rest, ...(article ? { article } : {}) } });
      }
      case 'DispatchTicket': {
        const named = [step.data.department, ...(step.data.coHandlers ?? [])].map((d) => d?.trim()).filter(Boolean);
        for (const department of named) {
          if (!(await this.documents.get('departments', department))) {
            return { ok: false, error: invalid('ticket.unknown_department', `部门不存在：${department}`, `No such department: ${department}`, { field: 'department', department }) };
          }
        }
        return this.run(issued, step);
      }
      case 'MergeTicket':
        return this.merge(issued, step.data.ticketId, step.data.into);
      default:
        return this.run(issued, step);
    }
  }

  private run(issued: Issued, command: TicketCommand, commandId = issued.commandId) {
    return this.pipeline.handle({ decider: ticketDecider }, ticketStreamId(command.data.ticketId), { ...issued, commandId, command }, ticketContext(this.calendar, this.settings));
  }

  /**
   * 合并, in the order that leaves nothing half-said: the master first takes in the duplicate's
   * caller (refused: nothing is written), then the duplicate is marked merged. Both are decided
   * before either is written. The master's command id derives from the merge's, so a retry of the
   * same command attaches nothing twice and completes a merge that stopped halfway.
   */
  private async merge(issued: Issued, ticketId: string, into: string): Promise<CommandOutcome> {
    const [stored, master] = await Promise.all([this.store.readStream(ticketStreamId(ticketId)), loadTicket(this.store, into)]);
    const duplicate = fold(ticketDecider, stored.map((e) => ({ type: e.type, data: e.data }) as TicketEvent));
    if (master.status === 'none') return { ok: false, error: notFound('ticket.master_not_found', '要合并到的主工单不存在', 'No such master ticket', { into }) };
    if (duplicate.status === 'none') return { ok: false, error: notFound('ticket.not_found', '工单不存在', 'No such ticket', { ticketId }) };
    const merge: TicketCommand = { type: 'MergeTicket', data: { ticketId, master: { ticketId: into, number: master.number, status: master.status } } };
    const { number, caller, channel, address } = fileOf(duplicate);
    const attach: TicketCommand = { type: 'AttachDuplicate', data: { ticketId: into, duplicate: { ticketId, number, caller, channel, ...(address ? { address } : {}) } } };
    const ctx = { ...ticketContext(this.calendar, this.settings), now: this.clock.now(), actor: issued.actor, newId: (p: string) => derivedId(issued.commandId, p) };
    // This very command merged it already: both runs below answer as the first time did.
    const retry = stored.some((e) => e.type === 'TicketMerged' && e.metadata.commandId === issued.commandId);
    if (!retry) {
      const trial = ticketDecider.decide(merge, duplicate, ctx);
      if (isDomainError(trial)) return { ok: false, error: trial };
      const attachTrial = ticketDecider.decide(attach, master, ctx);
      if (isDomainError(attachTrial)) return { ok: false, error: attachTrial };
    }
    const attached = await this.run(issued, attach, derivedId(issued.commandId, 'attach-duplicate'));
    if (!attached.ok) return attached;
    return this.run(issued, merge);
  }
}

export const ticketHandlers = [RegisterTicketHandler, TicketStepHandler];
