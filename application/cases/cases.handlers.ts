import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { publishedVersion, latestDefinition, type DeliveryMethod, type ItemDefinition, type ItemState } from '../../domain/catalog/index.js';
import {
  caseDecider,
  caseStreamId,
  type Applicant,
  type CaseCommand,
  type CaseDecideContext,
  type ItemAvailability,
  type ItemSnapshot,
  type UploadedMaterial,
} from '../../domain/cases/index.js';
import { holderIdOf } from '../../domain/licenses/index.js';
import { localDate, type WorkingCalendar } from '../../domain/shared/calendar.js';
import { isDomainError, notFound } from '../../domain/shared/errors.js';
import { formChecker } from '../catalog/forms.js';
import { loadItem } from '../catalog/catalog.handlers.js';
import { CommandPipeline, derivedId, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import { allocateNumber } from '../numbering.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore } from '../ports/document-store.js';
import type { EventStore } from '../ports/event-store.js';
import { BLOB_STORE, CALENDAR, CLOCK, COMMAND_PIPELINE, DOCUMENT_STORE, EVENT_STORE } from '../ports/tokens.js';
import { licensesHeldBy } from '../registry/license-library.js';
import { CASE_SETTINGS, DEFAULT_CASE_SETTINGS, type CaseSettings } from './settings.js';

export type SubmitOutcome = CommandOutcome & { readonly caseId: string };

/** A material as the caller names it: the item material and the digest of the uploaded file. */
export type NamedFile = Pick<UploadedMaterial, 'material' | 'digest'>;

export class SubmitCaseCommand extends Command<SubmitOutcome> {
  constructor(
    readonly issued: Issued,
    readonly data: {
      itemCode: string;
      channel: 'online' | 'window' | 'kiosk';
      applicant: Applicant;
      formData: Record<string, unknown>;
      projectCode?: string;
      materials?: readonly NamedFile[];
      deliveryMethod?: DeliveryMethod;
      /** Set by the parallel-approval process for the sub-cases it opens. */
      bundleId?: string;
    },
  ) {
    super();
  }
}

/** What a case decision needs besides the command: the calendar, the city's warning setting, the form checker. */
export function caseContext(calendar: WorkingCalendar, settings: CaseSettings | undefined) {
  return { calendar, warningDays: (settings ?? DEFAULT_CASE_SETTINGS).warningWorkingDays, forms: formChecker };
}

/** Each named file with what the material store knows of its digest (nothing, for a digest it does not hold). */
export async function resolveFiles(blobs: BlobStore, files: readonly NamedFile[] | undefined): Promise<UploadedMaterial[]> {
  return Promise.all(
    (files ?? []).map(async ({ material, digest }) => {
      const stored = await blobs.stat(digest);
      return { material, digest, ...(stored ? { stored: { size: stored.size, type: stored.type } } : {}) };
    }),
  );
}

/** Files an application under the item's published version, with a new case number. */
@CommandHandler(SubmitCaseCommand)
export class SubmitCaseHandler implements ICommandHandler<SubmitCaseCommand> {
  constructor(
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Optional() @Inject(CASE_SETTINGS) private readonly settings?: CaseSettings,
    /** The license library's view, for 免提交; without it every material is uploaded. */
    @Optional() @Inject(DOCUMENT_STORE) private readonly documents?: DocumentStore,
  ) {}

  async execute({ issued, data }: SubmitCaseCommand): Promise<SubmitOutcome> {
    const caseId = derivedId(issued.commandId, 'case');
    const streamId = caseStreamId(caseId);
    const context = caseContext(this.calendar, this.settings);
    const retried = (await this.store.readStream(streamId, { maxCount: 1 })).length > 0;
    if (retried) {
      // The same submission again: the pipeline answers with the first outcome; no new number is drawn.
      const outcome = await this.pipeline.handle({ decider: caseDecider }, streamId, { ...issued, command: { type: 'SubmitCase', data: {} as never } }, context);
      return { ...outcome, caseId };
    }
    const item = await loadItem(this.store, data.itemCode);
    const definition = publishedVersion(item)?.definition ?? latestDefinition(item);
    if (!definition) {
      return { ok: false, caseId, error: notFound('item.not_found', `事项不存在：${data.itemCode}`, `No such service item: ${data.itemCode}`) };
    }
    const files = await resolveFiles(this.blobs, data.materials);
    // 免提交: the applicant's licenses, when a material of the item can be replaced by one.
    const standInsWanted = definition.materials.some((m) => (m.standIns ?? []).length > 0);
    const heldLicenses = standInsWanted && this.documents ? await licensesHeldBy(this.documents, holderIdOf(data.applicant)) : [];
    const command = (caseNo: string): CaseCommand => ({
      type: 'SubmitCase',
      data: {
        caseId,
        caseNo,
        channel: data.channel,
        applicant: data.applicant,
        formData: data.formData,
        ...(data.projectCode ? { projectCode: data.projectCode } : {}),
        materials: files,
        heldLicenses,
        ...(data.deliveryMethod ? { deliveryMethod: data.deliveryMethod } : {}),
        ...(data.bundleId ? { bundleId: data.bundleId } : {}),
        item: { ...snapshotOf(definition, publishedVersion(item)?.version ?? 0), availability: availabilityOf(item) },
      },
    });
    // Decide once before drawing a number: a refused application writes nothing, not even a number.
    const now = this.clock.now();
    const trial = caseDecider.decide(command('-'), caseDecider.initialState, { ...context, now, actor: issued.actor, newId: (p) => derivedId(issued.commandId, p) });
    if (isDomainError(trial)) return { ok: false, caseId, error: trial };
    const day = localDate(now);
    const caseNo = `${day.replaceAll('-', '')}-${String(await allocateNumber(this.store, 'case', day, issued.actor.id)).padStart(5, '0')}`;
    const outcome = await this.pipeline.handle({ decider: caseDecider }, streamId, { ...issued, command: command(caseNo) }, context);
    return { ...outcome, caseId };
  }
}

export function availabilityOf(item: ItemState): ItemAvailability {
  switch (item.status) {
    case 'published':
      return 'open';
    case 'suspended':
    case 'retired':
      return item.status;
    default:
      return 'not_published';
  }
}

/** The rules a case runs by, copied from the item version it is filed under. */
export function snapshotOf(d: ItemDefinition, version: number): ItemSnapshot {
  return {
    code: d.code,
    name: d.name,
    version,
    department: d.department,
    promisedLimitDays: d.promisedLimitDays,
    statutoryLimitDays: d.statutoryLimitDays,
    handling: d.handling,
    fee: d.fee,
    materials: d.materials,
    form: d.form,
    workflow: d.workflow,
    delivery: d.delivery,
  };
}

/** A step on an existing case: every command but the submission. */
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
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Optional() @Inject(CASE_SETTINGS) private readonly settings?: CaseSettings,
  ) {}

  async execute({ issued, command }: CaseStepCommand) {
    // Only the material store says whether a digest names a stored file; a caller's own `stored` is not believed.
    const resolved: CaseCommand =
      command.type === 'SupplementMaterials' ? { ...command, data: { ...command.data, materials: await resolveFiles(this.blobs, command.data.materials) } } : command;
    return this.pipeline.handle<CaseCommand, never, unknown, CaseDecideContext>(
      { decider: caseDecider as never },
      caseStreamId(command.data.caseId),
      { ...issued, command: resolved },
      caseContext(this.calendar, this.settings),
    );
  }
}

export const caseHandlers = [SubmitCaseHandler, CaseStepHandler];
