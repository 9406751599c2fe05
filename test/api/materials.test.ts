import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MATERIAL_BYTES } from '../../infrastructure/blob-store/content-type.js';
import { pdfBytes, pngBytes, sha256 } from '../contract/blob-store.contract.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

const PASSWORD = 'material-pass-1';

let t: TestServer;
/** Session cookies by username: multipart uploads go through fetch directly. */
const cookies = new Map<string, string>();
const userIds = new Map<string, string>();

beforeAll(async () => {
  t = await startTestServer();
  const admin = await t.login('admin', ADMIN_PASSWORD);
  for (const code of ['market', 'housing']) await admin.post('/api/admin/departments', { code, name: code, windows: [] });
  await t.server.runner.settle();
  const users: [string, string, string?][] = [
    ['applicant.a', 'applicant'],
    ['applicant.b', 'applicant'],
    ['m.window', 'window_staff', 'market'],
    ['m.reviewer', 'reviewer', 'market'],
    ['h.window', 'window_staff', 'housing'],
    ['supervisor', 'supervisor'],
    ['auditor', 'auditor'],
  ];
  for (const [username, role, department] of users) {
    const answer = await admin.post('/api/admin/users', { username, displayName: username, password: PASSWORD, roles: [role], ...(department ? { department } : {}) });
    expect(answer.status).toBe(201);
  }
  await t.server.runner.settle();
  for (const [username] of users) {
    const answer = await t.anonymous.post('/api/auth/login', { username, password: PASSWORD });
    cookies.set(username, answer.headers.get('set-cookie')!.split(';')[0]!);
    userIds.set(username, answer.body.user.id);
  }
}, 120_000);
afterAll(async () => t?.close());

/** A real multipart/form-data upload, as a browser sends a chosen file. */
async function upload(username: string, bytes: Uint8Array, type: string, name: string, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type }), name);
  const response = await fetch(`${t.url}/api/materials`, { method: 'POST', headers: { cookie: cookies.get(username)! }, body: form });
  return { status: response.status, body: (await response.json()) as any };
}

async function open(username: string, digest: string) {
  const response = await fetch(`${t.url}/api/materials/${digest}`, { headers: { cookie: cookies.get(username)! } });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

const licence = pdfBytes('Business licence 91110108MA01XXXX0X');

describe('uploading a material', () => {
  it('stores a PDF by its digest and answers digest, size and type, never the file name', async () => {
    const answer = await upload('applicant.a', licence, 'application/pdf', '营业执照（副本）.pdf');
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toEqual({ digest: sha256(licence), size: licence.length, type: 'application/pdf' });
  });

  it('gives the same digest for the same file uploaded again under another name, by someone else', async () => {
    const again = await upload('m.window', licence, 'application/pdf', 'scan-0001.pdf');
    expect(again.body.digest).toBe(sha256(licence));
  });

  it('takes a PNG photo', async () => {
    const png = pngBytes();
    expect((await upload('applicant.a', png, 'image/png', '身份证正面.png')).body).toEqual({ digest: sha256(png), size: png.length, type: 'image/png' });
  });

  it('refuses a PNG that claims to be a PDF, in Chinese and English', async () => {
    const answer = await upload('applicant.a', pngBytes([0, 0, 255]), 'application/pdf', '申请表.pdf');
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'blob.type_mismatch', message: { zh: expect.stringContaining('类型'), en: expect.any(String) } });
  });

  it('refuses other file types and empty files', async () => {
    expect((await upload('applicant.a', new TextEncoder().encode('hello'), 'text/plain', 'note.txt')).body.code).toBe('blob.type_not_allowed');
    const empty = await upload('applicant.a', new Uint8Array(0), 'application/pdf', 'empty.pdf');
    expect(empty.status).toBe(422);
    expect(empty.body.code).toBe('blob.empty');
  });

  it('takes a file of exactly 20 MB and refuses one a byte larger', async () => {
    const atLimit = new Uint8Array(MAX_MATERIAL_BYTES);
    atLimit.set(licence);
    const accepted = await upload('applicant.a', atLimit, 'application/pdf', 'big.pdf');
    expect(accepted.status).toBe(201);
    expect(accepted.body.size).toBe(MAX_MATERIAL_BYTES);
    const over = new Uint8Array(MAX_MATERIAL_BYTES + 1);
    over.set(licence);
    const refused = await upload('applicant.a', over, 'application/pdf', 'too-big.pdf');
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'blob.too_large', message: { zh: expect.stringContaining('20 MB') } });
  }, 60_000);

  it('asks for the file when there is none, or it comes under another field', async () => {
    const json = await fetch(`${t.url}/api/materials`, { method: 'POST', headers: { cookie: cookies.get('applicant.a')!, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as any).details.fields).toEqual([expect.objectContaining({ field: 'file' })]);
    expect((await upload('applicant.a', licence, 'application/pdf', 'a.pdf', 'attachment')).status).toBe(400);
  });
});

describe('opening a material', () => {
  it('lets supervisors and auditors open any stored material, with its type and kept out of caches', async () => {
    for (const who of ['supervisor', 'auditor']) {
      const answer = await open(who, sha256(licence));
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/pdf');
      expect(answer.headers.get('cache-control')).toBe('private, no-store');
      expect(Buffer.from(answer.bytes).equals(Buffer.from(licence))).toBe(true);
    }
  });

  it('answers 404 for a digest nobody stored, or for something that is not a digest', async () => {
    expect((await open('supervisor', sha256(pngBytes([9, 9, 9])))).status).toBe(404);
    expect((await open('supervisor', 'not-a-digest')).status).toBe(404);
    expect((await open('supervisor', sha256(licence).toUpperCase())).status).toBe(404);
  });

  it('does not show a material that no case lists to applicants or department staff, even the uploader', async () => {
    const photo = pngBytes([10, 20, 30]);
    await upload('applicant.a', photo, 'image/png', '照片.png');
    for (const who of ['applicant.a', 'm.window', 'm.reviewer']) expect((await open(who, sha256(photo))).status).toBe(404);
  });

  describe('listed by a case', () => {
    const caseId = '00000000-0000-5000-8000-0000000000aa';
    beforeAll(async () => {
      // The `cases` view lists a case's materials; written here directly, as the case's own events would.
      const doc = { caseId, department: 'market', applicantId: userIds.get('applicant.a'), status: 'submitted', materials: [{ material: '营业执照', digest: sha256(licence) }] };
      await t.server.engines.documents.write([{ op: 'upsert', collection: 'cases', id: caseId, doc, position: 1_000_000 }]);
    });

    it('is not shown to another department’s staff or another applicant', async () => {
      expect((await open('h.window', sha256(licence))).status).toBe(404);
      expect((await open('applicant.b', sha256(licence))).status).toBe(404);
    });

    it('is shown to the case’s applicant and its department’s staff', async () => {
      for (const who of ['applicant.a', 'm.window', 'm.reviewer']) expect((await open(who, sha256(licence))).status, who).toBe(200);
    });
  });
});
