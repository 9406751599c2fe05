import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../infrastructure/seed/demo.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';

/** The demo data `npm start` seeds tells the stories it is there to show, through the real API. */
describe('demo data', () => {
  let t: TestServer;
  let window: Client;
  let leader: Client;

  beforeAll(async () => {
    t = await startTestServer({ now: '2026-11-02T09:00:00+08:00', seed: seedDemo });
    await t.server.runner.settle();
    [window, leader] = await Promise.all([t.login('market.window', DEMO_PASSWORD), t.login('leader', DEMO_PASSWORD)]);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('an enterprise’s business license, granted at the window, stands in for the copy its next application asks for (免提交)', async () => {
    const waiting = await window.get('/api/cases?status=submitted&limit=100');
    expect(waiting.status).toBe(200);
    const details = await Promise.all(waiting.body.items.map(async (c: { caseId: string }) => (await window.get(`/api/cases/${c.caseId}`)).body));
    const stoodIn = details.filter((c) => c.materials.some((m: { source?: string }) => m.source === 'license-library'));
    expect(stoodIn).toHaveLength(1);
    const [application] = stoodIn;
    expect(application).toMatchObject({ itemCode: 'XK00101001', channel: 'online', missingMaterials: [] });
    const license = application.materials.find((m: { source?: string }) => m.source === 'license-library');
    expect(license).toMatchObject({ material: '营业执照', licenseType: 'XK00100001', licenseNo: expect.any(String) });
    expect(application.allowedActions).toContain('pre-review');
    expect(Date.parse(application.submittedAt)).toBeLessThan(t.clock.now().getTime());
    // The business license's own case: its steps in the order they happened.
    const licensed = await window.get(`/api/registry/licenses/${encodeURIComponent(license.licenseNo)}`);
    expect(licensed.status).toBe(200);
    const origin = (await window.get(`/api/cases/${licensed.body.caseId}`)).body;
    expect(origin).toMatchObject({ itemCode: 'XK00100001', status: 'completed' });
    const times = origin.timeline.map((e: { at: string }) => e.at);
    expect(times).toEqual([...times].sort());
  });

  it('the callbacks ask whether the matter was solved, so the resolution rate counts from the callers’ answers', async () => {
    const measures = await leader.get('/api/hotline/measures?from=2026-08-01&to=2026-11-02&by=department');
    expect(measures.status).toBe(200);
    const { total } = measures.body;
    expect(total.resolutionBase).toBeGreaterThan(0);
    expect(total.resolved).toBeGreaterThan(0);
    expect(total.resolved).toBeLessThan(total.resolutionBase);
    expect(total.finishBase).toBeGreaterThan(0);
  });
});
