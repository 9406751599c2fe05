import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentProjection } from '../../application/projection.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import type { LicenseEvent } from '../../domain/licenses/index.js';
import { SqliteDocumentStore } from '../../infrastructure/document-store/sqlite-document-store.js';
import { licensesView } from '../../projections/licenses.js';
import { contactOf, registries } from '../../projections/registries.js';
import { applicant, caseHistory, submit, windowStaff } from './case-history.js';
import { recorded } from './recorded.js';

const CREDIT_CODE = '91350100M000100Y43';
const ID_NUMBER = '11010519491231002X';
const enterprise = { kind: 'enterprise' as const, name: '老北京餐饮有限公司', creditCode: CREDIT_CODE };

let dir: string;
let documents: SqliteDocumentStore;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registries-'));
  documents = new SqliteDocumentStore(path.join(dir, 'views.sqlite'));
});
afterAll(async () => {
  await documents.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Applies events the way the projection runner does: each write at its event's position. */
async function apply(projection: DocumentProjection, events: readonly RecordedEvent[]) {
  await documents.write(events.flatMap((e) => projection.handle(e).map((op) => ({ ...op, position: e.position }))));
}

describe('the person and enterprise registries fill themselves from cases (沉淀)', () => {
  beforeAll(async () => {
    const first = caseHistory('c-1', [[submit('c-1', { formData: { shopName: '面馆', 联系电话: '13800001111', 联系地址: '福州市鼓楼区' } }), applicant, '2026-09-29T01:00:00.000Z']], 1);
    const second = caseHistory('c-2', [[submit('c-2', { applicant: { kind: 'person', name: '王五', idNumber: ID_NUMBER }, formData: { shopName: '面馆', 联系电话: '13900002222' } }), applicant, '2026-10-12T01:00:00.000Z']], 5);
    const firm = caseHistory('c-3', [[submit('c-3', { applicant: enterprise, projectCode: 'P-2026-0001' }), windowStaff, '2026-10-13T01:00:00.000Z']], 9);
    const firmAgain = caseHistory('c-4', [[submit('c-4', { applicant: { ...enterprise, name: '老北京餐饮集团有限公司' }, formData: { shopName: '面馆', projectCode: 'P-2026-0001' } }), applicant, '2026-10-14T01:00:00.000Z']], 13);
    const later = [...second, ...firm, ...firmAgain];
    await apply(registries, first);
    await apply(registries, later);
    // A replay after a crash: the store ignores writes at or below a document's position.
    await apply(registries, later);
  });

  it('a person is kept by citizen ID number: name, first and last seen, case count and the latest contact details', async () => {
    const person = await documents.get<Record<string, unknown>>('persons', ID_NUMBER);
    expect(person).toMatchObject({
      kind: 'person',
      idNumber: ID_NUMBER,
      name: '王五',
      lastSeen: '2026-10-12T01:00:00.000Z',
      caseCount: 2,
      contact: { phone: '13900002222', address: '福州市鼓楼区' },
      cases: [{ caseId: 'c-1', submittedAt: '2026-09-29T01:00:00.000Z' }, { caseId: 'c-2' }],
    });
  });

  it('an enterprise is kept by credit code, under the name it last applied with', async () => {
    expect(await documents.get('enterprises', CREDIT_CODE)).toMatchObject({ kind: 'enterprise', creditCode: CREDIT_CODE, name: '老北京餐饮集团有限公司', caseCount: 2 });
  });

  it('a project links every approval filed for it, whether the code came with the application or in the form', async () => {
    const project = await documents.get<{ approvals: { caseId: string }[] }>('projects', 'P-2026-0001');
    expect(project).toMatchObject({ code: 'P-2026-0001', caseCount: 2, lastSeen: '2026-10-14T01:00:00.000Z' });
    expect(project?.approvals.map((a) => a.caseId)).toEqual(['c-3', 'c-4']);
  });

  it('only a submission fills them: other case events write nothing', () => {
    const [, acceptedEvent] = caseHistory('c-9', [
      [submit('c-9'), applicant, '2026-09-29T01:00:00.000Z'],
      [{ type: 'AcceptCase', data: { caseId: 'c-9' } }, windowStaff, '2026-09-30T02:00:00.000Z'],
    ]);
    expect(registries.handle(acceptedEvent!)).toEqual([]);
  });

  it('contact details are read from the usual form fields, and none is made up', () => {
    expect(contactOf({ 手机号码: ' 13700003333 ', email: 'a@b.cn', 联系人: '李四' })).toEqual({ phone: '13700003333', email: 'a@b.cn', contactPerson: '李四' });
    expect(contactOf({ shopName: '面馆' })).toEqual({});
  });
});

describe('the license library view (证照库)', () => {
  const by = { actorId: 'process:license-registration', actorRole: 'process', at: '2026-10-12T02:00:01.000Z' };
  const registered = recorded<LicenseEvent>(
    'license-XK00100001-1',
    {
      type: 'LicenseRegistered',
      data: {
        number: 'XK00100001-1',
        licenseType: 'XK00100001',
        licenseName: '营业执照',
        holder: enterprise,
        validFrom: '2026-10-12',
        validUntil: null,
        department: 'market',
        caseId: 'c-1',
        issuedAt: '2026-10-12T02:00:00.000Z',
        registeredAt: '2026-10-12T02:00:01.000Z',
      },
    },
    101,
    by,
  );
  const revoked = recorded<LicenseEvent>(
    'license-XK00100001-1',
    { type: 'LicenseRevoked', data: { number: 'XK00100001-1', reason: '以欺骗手段取得', revokedAt: '2026-11-02T02:00:00.000Z', legalBasis: '行政许可法 第六十九条' } },
    102,
    { actorId: 'u-head', actorRole: 'department_head', at: '2026-11-02T02:00:00.000Z' },
  );

  it('is indexed on the holder’s number and the license type', () => {
    expect(licensesView).toMatchObject({ kind: 'documents', categories: ['license'], collections: ['licenses'] });
    expect(licensesView.indexes?.['licenses']?.map((i) => i.fields.join())).toEqual(expect.arrayContaining(['holderId', 'licenseType']));
  });

  it('a registered license is kept by number with its holder’s number, validity and case; a revocation marks it with the reason', async () => {
    await apply(licensesView, [registered]);
    expect(await documents.get('licenses', 'XK00100001-1')).toMatchObject({ holderId: CREDIT_CODE, licenseType: 'XK00100001', validUntil: null, revoked: false, caseId: 'c-1' });
    await apply(licensesView, [revoked, registered]);
    expect(await documents.get('licenses', 'XK00100001-1')).toMatchObject({ revoked: true, revocation: { reason: '以欺骗手段取得', by: 'u-head' } });
  });
});
