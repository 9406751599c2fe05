import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import type { CaseEvent } from '../domain/cases/index.js';

/** Form fields that carry contact details, by what they mean; the first one filled in wins. */
const CONTACT_FIELDS = {
  phone: ['联系电话', '手机号码', '电话', 'phone', 'contactPhone', 'mobile'],
  address: ['联系地址', '地址', '住所', 'address', 'contactAddress'],
  email: ['电子邮箱', '邮箱', 'email'],
  contactPerson: ['联系人', 'contactName', 'contactPerson'],
} as const;

export type Contact = Partial<Record<keyof typeof CONTACT_FIELDS, string>>;

/** The contact details a form carried, if any. */
export function contactOf(formData: Readonly<Record<string, unknown>> | undefined): Contact {
  const contact: Contact = {};
  for (const [key, fields] of Object.entries(CONTACT_FIELDS) as [keyof Contact, readonly string[]][]) {
    const value = fields.map((f) => formData?.[f]).find((v) => typeof v === 'string' && v.trim() !== '');
    if (typeof value === 'string') contact[key] = value.trim().slice(0, 200);
  }
  return contact;
}

/**
 * The registries that fill themselves from cases (沉淀, DOMAIN.md §2):
 *  - `persons`, by citizen ID number, and `enterprises`, by unified social credit code: the name
 *    and kind last applied with, first and last seen, the number of cases, the latest contact
 *    details a form carried, and the cases themselves (`cases`, oldest first);
 *  - `projects`, by project code: every approval filed for the project.
 * Identity numbers were checked (GB 11643 / GB 32100) when the case was submitted.
 */
export const registries: DocumentProjection = {
  kind: 'documents',
  name: 'registries',
  version: 1,
  categories: ['case'],
  collections: ['persons', 'enterprises', 'projects'],
  indexes: {
    persons: [{ fields: ['lastSeen'] }],
    enterprises: [{ fields: ['lastSeen'] }],
    projects: [{ fields: ['lastSeen'] }],
  },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as CaseEvent;
    if (event.type !== 'CaseSubmitted') return [];
    const { caseId, caseNo, item, applicant, formData, submittedAt, projectCode } = event.data;
    const ops: WriteOp[] = [];
    const id = applicant.kind === 'person' ? applicant.idNumber : applicant.creditCode;
    const link = { caseId, caseNo, itemCode: item.code, itemName: item.name, department: item.department, submittedAt };
    if (id) {
      const contact = contactOf(formData);
      const set: Record<string, unknown> = {
        [applicant.kind === 'person' ? 'idNumber' : 'creditCode']: id,
        kind: applicant.kind,
        name: applicant.name,
        lastSeen: submittedAt,
        ...Object.fromEntries(Object.entries(contact).map(([k, v]) => [`contact.${k}`, v])),
      };
      ops.push({
        op: 'patch',
        collection: applicant.kind === 'person' ? 'persons' : 'enterprises',
        id,
        set,
        inc: { caseCount: 1 },
        push: { cases: link },
        upsert: true,
      });
    }
    if (projectCode) {
      const approval = { ...link, applicant: { kind: applicant.kind, name: applicant.name }, applicantId: event.data.applicantUserId ?? null };
      ops.push({ op: 'patch', collection: 'projects', id: projectCode, set: { code: projectCode, lastSeen: submittedAt }, inc: { caseCount: 1 }, push: { approvals: approval }, upsert: true });
    }
    return ops;
  },
};
