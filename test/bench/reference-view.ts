/**
 * A light view, to measure the projection machinery alone (runner, read, decode, fold, the embedded
 * read store's writes and indexes): one document per case with the fields a work list shows and
 * filters on and a short timeline, created by the first event and patched by the rest, three indexes.
 * catchup-micro.ts runs it (BENCH_VIEW=reference) to tell the machinery's cost from the cases view's.
 */
import type { DocumentProjection } from '../../application/projection.js';
import type { WriteOp } from '../../application/ports/document-store.js';

const collection = 'reference_cases';

type Data = Record<string, unknown> & { caseId: string };

export const referenceView: DocumentProjection = {
  kind: 'documents',
  name: 'reference-view',
  version: 1,
  categories: ['case'],
  collections: [collection],
  indexes: { [collection]: [{ fields: ['status'] }, { fields: ['department'] }, { fields: ['submittedAt'] }] },
  handle(recorded): WriteOp[] {
    const data = recorded.data as Data;
    const updatedAt = recorded.metadata.occurredAt ?? recorded.recordedAt;
    const step = { at: updatedAt, type: recorded.type, actorId: recorded.metadata.actorId ?? null };
    const patch = (set: Record<string, unknown>): WriteOp[] => [{ op: 'patch', collection, id: data.caseId, set: { ...set, updatedAt }, push: { timeline: step } }];
    switch (recorded.type) {
      case 'CaseSubmitted': {
        const item = data.item as { code: string; name: string; department: string };
        return [{ op: 'upsert', collection, id: data.caseId, doc: { caseNo: data.caseNo, itemCode: item.code, itemName: item.name, department: item.department, channel: data.channel, status: 'submitted', submittedAt: data.submittedAt, updatedAt, timeline: [step] } }];
      }
      case 'CaseAccepted':
        return patch({ status: 'accepted', dueDate: data.dueDate });
      case 'CaseGranted':
        return patch({ status: 'granted', onTime: data.onTime });
      case 'CaseCompleted':
        return patch({ status: 'completed' });
      default:
        return [];
    }
  },
};
