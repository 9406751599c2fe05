import type { BundleSubmitted, SubCaseProgress } from '../../domain/bundles/index.js';
import type { CaseEvent } from '../../domain/cases/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import type { WorkingCalendar } from '../../domain/shared/calendar.js';
import { SubmitCaseCommand, SubmitCaseHandler } from '../cases/cases.handlers.js';
import type { CaseSettings } from '../cases/settings.js';
import type { CommandEnvelope, CommandPipeline } from '../command-pipeline.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import { PROCESS_ROLE, type ProcessManager } from '../process-manager.js';
import { BundleStepCommand, BundleStepHandler, filesFor, subCaseDelivery, type Sent } from './bundles.handlers.js';

const NAME = 'bundles';

/** What the bundle process acts through: the same handlers as the HTTP API. */
export interface BundleProcessDependencies {
  readonly events: EventStore;
  readonly submitCase: Pick<SubmitCaseHandler, 'execute'>;
  readonly bundleStep: Pick<BundleStepHandler, 'execute'>;
}

/**
 * 并联审批's process manager (run by application/process-manager.ts, from its own checkpoint):
 *  - on BundleSubmitted it files one sub-case per item through the ordinary SubmitCase path, as the
 *    bundle's submitter filed the bundle, with the bundle id on the case;
 *  - on a sub-case's submission, acceptance, decision, completion or closure it records that
 *    progress on the bundle, which completes itself when the last sub-case ends.
 * Command ids derive from the causing event's id and the item, and a case's id from its command
 * id, so a replay (after a restart, or from position 0) opens nothing twice and records nothing
 * twice. A sub-case refused on its own (e.g. the item was suspended in between) is recorded as not
 * opened; a refused progress report is not expected, and stops this process at that event.
 */
export function bundleProcess(deps: BundleProcessDependencies): ProcessManager {
  const actor: Actor = { id: `process:${NAME}`, role: PROCESS_ROLE };
  /** Which bundle a case belongs to (null: none), read once from the case's first event. */
  const bundleOfCase = new Map<string, string | null>();
  const remember = (caseId: string, bundleId: string | null) => {
    if (bundleOfCase.size >= 10_000) bundleOfCase.clear();
    bundleOfCase.set(caseId, bundleId);
  };
  const bundleOf = async (event: RecordedEvent, caseId: string) => {
    const known = bundleOfCase.get(caseId);
    if (known !== undefined) return known;
    const [first] = await deps.events.readStream(event.streamId, { maxCount: 1 });
    const bundleId = (first?.data as { bundleId?: string } | undefined)?.bundleId ?? null;
    remember(caseId, bundleId);
    return bundleId;
  };
  const sent = ({ commandId, actor: by, correlationId, causationId }: CommandEnvelope): Sent => ({
    commandId,
    actor: by,
    ...(correlationId ? { correlationId } : {}),
    ...(causationId ? { causationId } : {}),
  });
  const report = async (envelope: CommandEnvelope<SubCaseProgress>) => {
    const outcome = await deps.bundleStep.execute(new BundleStepCommand(sent(envelope), envelope.command));
    if (!outcome.ok) throw new Error(`bundle ${envelope.command.data.bundleId} refused ${envelope.command.type}: ${outcome.error.code} — ${outcome.error.message.en}`);
  };

  return {
    name: NAME,
    version: 1,
    categories: ['bundle', 'case'],
    actor,
    async react(event, reaction) {
      if (event.type === 'BundleSubmitted') {
        const bundle = event.data as BundleSubmitted['data'];
        const submitter: Actor = {
          id: String(event.metadata.actorId),
          role: String(event.metadata.actorRole),
          ...(event.metadata.actorDepartment ? { department: String(event.metadata.actorDepartment) } : {}),
        };
        for (const item of bundle.items) {
          const method = subCaseDelivery(item.delivery);
          const data = {
            itemCode: item.code,
            channel: bundle.channel,
            applicant: bundle.applicant,
            formData: { ...bundle.formData },
            materials: filesFor(bundle.materials, item.materials),
            ...(method ? { deliveryMethod: method } : {}),
            bundleId: bundle.bundleId,
          };
          const envelope = reaction.envelope(`open:${item.code}`, { type: 'SubmitCase', data }, submitter);
          const opened = await deps.submitCase.execute(new SubmitCaseCommand(sent(envelope), data));
          if (opened.ok) continue;
          const { code, message } = opened.error;
          await report(
            reaction.envelope(`not-opened:${item.code}`, {
              type: 'RecordSubCaseNotOpened',
              data: { bundleId: bundle.bundleId, itemCode: item.code, code, reason: message, at: bundle.submittedAt },
            } satisfies SubCaseProgress),
          );
        }
        return;
      }
      if (!event.streamId.startsWith('case-')) return;
      const caseEvent = { type: event.type, data: event.data } as CaseEvent;
      if (caseEvent.type === 'CaseSubmitted') remember(caseEvent.data.caseId, caseEvent.data.bundleId ?? null);
      const progress = progressOf(caseEvent, '-');
      if (!progress) return;
      const bundleId = await bundleOf(event, caseEvent.data.caseId);
      if (!bundleId) return;
      await report(reaction.envelope('progress', progressOf(caseEvent, bundleId)!));
    },
  };
}

/** What a sub-case's event means for its bundle; undefined: nothing to record. */
function progressOf(event: CaseEvent, bundleId: string): SubCaseProgress | undefined {
  const caseId = event.data.caseId;
  switch (event.type) {
    case 'CaseSubmitted':
      return { type: 'RecordSubCaseOpened', data: { bundleId, itemCode: event.data.item.code, caseId, caseNo: event.data.caseNo, at: event.data.submittedAt } };
    case 'CaseAccepted':
      return { type: 'RecordSubCaseAccepted', data: { bundleId, caseId, at: event.data.acceptedAt } };
    case 'CaseGranted':
      return { type: 'RecordSubCaseDecided', data: { bundleId, caseId, outcome: 'granted', at: event.data.decidedAt } };
    case 'CaseDenied':
      return { type: 'RecordSubCaseDecided', data: { bundleId, caseId, outcome: 'denied', at: event.data.decidedAt } };
    case 'CaseCompleted':
      return { type: 'RecordSubCaseCompleted', data: { bundleId, caseId, at: event.data.completedAt } };
    case 'CaseRefused':
      return { type: 'RecordSubCaseClosed', data: { bundleId, caseId, outcome: 'refused', at: event.data.refusedAt } };
    case 'CaseWithdrawn':
      return { type: 'RecordSubCaseClosed', data: { bundleId, caseId, outcome: 'withdrawn', at: event.data.withdrawnAt } };
    case 'CaseTerminated':
      return { type: 'RecordSubCaseClosed', data: { bundleId, caseId, outcome: 'terminated', at: event.data.terminatedAt } };
    default:
      return undefined;
  }
}

/** The handlers the bundle process acts through, built as the HTTP application builds them. */
export function bundleProcessDependencies(
  pipeline: CommandPipeline,
  events: EventStore,
  calendar: WorkingCalendar,
  clock: Clock,
  blobs: BlobStore,
  settings?: CaseSettings,
): BundleProcessDependencies {
  return { events, submitCase: new SubmitCaseHandler(pipeline, events, calendar, clock, blobs, settings), bundleStep: new BundleStepHandler(pipeline, calendar, settings) };
}
