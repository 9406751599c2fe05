import type { Client } from '../support/server.js';

/** The city's category tree and districts: the demo's when it has them, else a small one for this test. */
export async function ensureClassification(operator: Client): Promise<void> {
  const categories = (await operator.get('/api/hotline/categories')).body as { items: unknown[] };
  if (categories.items.length === 0) {
    for (const [code, name, parentCode] of [
      ['01', '社会保障', null],
      ['0101', '社保卡', '01'],
      ['02', '市场监管', null],
      ['0201', '食品安全', '02'],
    ] as const) {
      const answer = await operator.post('/api/hotline/categories', { code, name, parentCode });
      if (answer.status >= 300) throw new Error(`category ${code}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
  const districts = (await operator.get('/api/hotline/districts')).body as { items: unknown[] };
  if (districts.items.length === 0) {
    const answer = await operator.post('/api/hotline/districts', { code: '310101', name: '示范区' });
    if (answer.status >= 300) throw new Error(`district: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** A leaf of the category tree and a district, as the managed data has them. */
export async function classification(operator: Client): Promise<{ categoryCode: string; districtCode: string }> {
  const categories = (await operator.get('/api/hotline/categories')).body as { items: { code: string; parentCode: string | null }[] };
  const parents = new Set(categories.items.map((c) => c.parentCode).filter(Boolean));
  const leaf = categories.items.find((c) => !parents.has(c.code))!;
  const districts = (await operator.get('/api/hotline/districts')).body as { items: { code: string }[] };
  return { categoryCode: leaf.code, districtCode: districts.items[0]!.code };
}
