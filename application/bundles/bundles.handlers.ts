import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { latestDefinition, publishedVersion, type DeliveryMethod } from '../../domain/catalog/index.js';
import { bundleDecider, bundleStreamId, type BundleCommand, type BundleDecideContext, type SharedFile, type SubmitBundle } from '../../domain/bundles/index.js';
import { caseDecider, type Applicant, type CaseCommand, type ItemAvailability, type ItemSnapshot } from '../../domain/cases/index.js';
import { localDate, type WorkingCalendar } from '../../domain/shared/calendar.js';
import { DomainError, isDomainError, notFound } from '../../domain/shared/errors.js';
import { availabilityOf, caseContext, resolveFiles, snapshotOf } from '../cases/cases.handlers.js';
import { CASE_SETTINGS, DEFAULT_CASE_SETTINGS, type CaseSettings } from '../cases/settings.js';
import { loadItem } from '../catalog/catalog.handlers.js';
import { CommandPipeline, derivedId, type CommandEnvelope, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import { allocateNumber } from '../numbering.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore } from '../ports/event-store.js';
import { BLOB_STORE, CALENDAR, CLOCK, COMMAND_PIPELINE, EVENT_STORE } from '../ports/tokens.js';

export type SubmitBundleOutcome = CommandOutcome & { readonly bundleId: string };

/** A command's identity, with where it came from when a process sends it. */
export type Sent = Issued & Pick<CommandEnvelope, 'correlationId' | 'causationId'>;

/** 一表申请: one form and one set of materials for several departments' items. */
export class SubmitBundleCommand extends Command<SubmitBundleOutcome> {
  constructor(
    readonly issued: Issued,
    readonly data: {
      itemCodes: readonly string[];
      leadDepartment: string;
      channel: 'online' | 'window' | 'kiosk';
      applicant: Applicant;
      formData: Record<string, unknown>;
      materials?: readonly SharedFile[];
    },
  ) {
    super();
  }
}

function bundleContext(calendar: WorkingCalendar, settings: CaseSettings | undefined) {
  return { calendar, warningDays: (settings ?? DEFAULT_CASE_SETTINGS).warningWorkingDays };
}

/** The delivery a sub-case asks for: the results are handed over together at a window. */
export function subCaseDelivery(offered: readonly DeliveryMethod[]): DeliveryMethod | undefined {
  return offered.includes('window') ? 'window' : undefined;
}

/** The shared files named for one item's materials. */
export const filesFor = (materials: readonly SharedFile[], names: readonly string[]) => materials.filter((m) => names.includes(m.material));

/**
 * Files a bundle. Everything a sub-case's own submission would refuse (the applicant's number,
 * the form against each item's schema, each file) is refused here first, so that a bundle that
 * is written opens all of its sub-cases.
 */
@CommandHandler(SubmitBundleCommand)
export class SubmitBundleHandler implements ICommandHandler<SubmitBundleCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Optional() @Inject(CASE_SETTINGS) private readonly settings?: CaseSettings,
  ) {}

  async execute({ issued, data }: SubmitBundleCommand): Promise<SubmitBundleOutcome> {
    const bundleId = derivedId(issued.commandId, 'bundle');
    const streamId = bundleStreamId(bundleId);
    const context = bundleContext(this.calendar, this.settings);
    if ((await this.store.readStream(streamId, { maxCount: 1 })).length > 0) {
      // The same submission again: the first outcome, and no new number.
      const outcome = await this.pipeline.handle({ decider: bundleDecider }, streamId, { ...issued, command: { type: 'SubmitBundle', data: {} as never } }, context);
      return { ...outcome, bundleId };
    }
    const loaded: { snapshot: ItemSnapshot; availability: ItemAvailability }[] = [];
    for (const code of data.itemCodes) {
      const item = await loadItem(this.store, code);
      const definition = publishedVersion(item)?.definition ?? latestDefinition(item);
      if (!definition) return { ok: false, bundleId, error: notFound('item.not_found', `事项不存在：${code}`, `No such service item: ${code}`, { itemCode: code }) };
      loaded.push({ snapshot: snapshotOf(definition, publishedVersion(item)?.version ?? 0), availability: availabilityOf(item) });
    }
    const materials = data.materials ?? [];
    const command = (bundleNo: string): SubmitBundle => ({
      type: 'SubmitBundle',
      data: {
        bundleId,
        bundleNo,
        channel: data.channel,
        applicant: data.applicant,
        leadDepartment: data.leadDepartment,
        formData: data.formData,
        materials,
        items: loaded.map(({ snapshot: s, availability }) => ({
          code: s.code,
          name: s.name,
          version: s.version,
          department: s.department,
          materials: s.materials.map((m) => m.name),
          delivery: s.delivery,
          availability,
        })),
      },
    });
    const now = this.clock.now();
    const ctx = { now, actor: issued.actor, newId: (p: string) => derivedId(issued.commandId, p) };
    const trial = bundleDecider.decide(command('-'), bundleDecider.initialState, { ...ctx, ...context });
    if (isDomainError(trial)) return { ok: false, bundleId, error: trial };
    // Each sub-case as its own submission will see it: refused here, nothing is written.
    const cases = caseContext(this.calendar, this.settings);
    for (const { snapshot, availability } of loaded) {
      const method = subCaseDelivery(snapshot.delivery);
      const files = await resolveFiles(this.blobs, filesFor(materials, snapshot.materials.map((m) => m.name)));
      const subCase: CaseCommand = {
        type: 'SubmitCase',
        data: {
          caseId: '-',
          caseNo: '-',
          channel: data.channel,
          applicant: data.applicant,
          formData: data.formData,
          materials: files,
          ...(method ? { deliveryMethod: method } : {}),
          bundleId,
          item: { ...snapshot, availability },
        },
      };
      const refusal = caseDecider.decide(subCase, caseDecider.initialState, { ...ctx, ...cases });
      if (isDomainError(refusal)) return { ok: false, bundleId, error: forItem(refusal, snapshot.code) };
    }
    const day = localDate(now);
    const bundleNo = `LB${day.replaceAll('-', '')}-${String(await allocateNumber(this.store, 'bundle', day, issued.actor.id)).padStart(5, '0')}`;
    const outcome = await this.pipeline.handle({ decider: bundleDecider }, streamId, { ...issued, command: command(bundleNo) }, context);
    return { ...outcome, bundleId };
  }
}

/** A sub-case's refusal, saying which item it is about. */
function forItem(error: DomainError, itemCode: string): DomainError {
  return new DomainError(error.kind, error.code, error.message, { ...error.details, itemCode });
}

/** Every bundle command but the submission: the lead department's steps and the process's reports. */
export class BundleStepCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Sent,
    readonly command: Exclude<BundleCommand, SubmitBundle>,
  ) {
    super();
  }
}

@CommandHandler(BundleStepCommand)
export class BundleStepHandler implements ICommandHandler<BundleStepCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(CALENDAR) private readonly calendar: WorkingCalendar,
    @Optional() @Inject(CASE_SETTINGS) private readonly settings?: CaseSettings,
  ) {}

  execute({ issued, command }: BundleStepCommand) {
    return this.pipeline.handle<BundleCommand, never, unknown, BundleDecideContext>(
      { decider: bundleDecider as never },
      bundleStreamId(command.data.bundleId),
      { ...issued, command },
      bundleContext(this.calendar, this.settings),
    );
  }
}

export const bundleHandlers = [SubmitBundleHandler, BundleStepHandler];
