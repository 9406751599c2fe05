import { describe, expect, it } from 'vitest';
import type { CatalogEvent, ItemDefinition } from '../../domain/catalog/index.js';
import { catalogItems } from '../../projections/catalog-items.js';
import { recorded } from './recorded.js';

const definition: ItemDefinition = {
  code: 'XK00101000',
  name: '食品经营许可',
  type: 'license',
  department: 'market-regulation',
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  fee: { kind: 'free' },
  materials: [{ name: '营业执照', form: 'copy', count: 1, required: true }],
  onsiteVisits: 1,
};
const staff = { actorId: 'u-zhang', actorRole: 'reviewer', at: '2026-03-02T02:00:00.000Z' };
const legal = { actorId: 'u-li', actorRole: 'legal_office', at: '2026-03-03T02:00:00.000Z' };
const on = (event: CatalogEvent, position: number, by = staff) => catalogItems.handle(recorded('item-XK00101000', event, position, by));

describe('the catalog list (事项库)', () => {
  it('reads item streams into the catalog_items collection, indexed by status and department', () => {
    expect(catalogItems).toMatchObject({ kind: 'documents', name: 'catalog-items', categories: ['item'], collections: ['catalog_items'] });
    expect(catalogItems.indexes?.['catalog_items']).toEqual([{ fields: ['status'] }, { fields: ['department'] }]);
  });

  it('a drafted item appears as a draft with its limits, fee and materials', () => {
    expect(on({ type: 'ItemDrafted', data: definition }, 1)).toEqual([
      {
        op: 'patch',
        collection: 'catalog_items',
        id: 'XK00101000',
        upsert: true,
        set: { ...definition, status: 'draft', updatedAt: '2026-03-02T02:00:00.000Z' },
      },
    ]);
  });

  it('review moves the status; a send-back shows its reason until the item is resubmitted', () => {
    expect(on({ type: 'ItemSubmittedForReview', data: { code: 'XK00101000' } }, 2)).toMatchObject([
      { op: 'patch', id: 'XK00101000', set: { status: 'in_review' }, unset: ['sentBackReason'] },
    ]);
    expect(on({ type: 'ItemSentBack', data: { code: 'XK00101000', reason: '依据不全' } }, 3, legal)).toMatchObject([
      { op: 'patch', set: { status: 'sent_back', sentBackReason: '依据不全', updatedAt: legal.at } },
    ]);
    expect(on({ type: 'ItemApproved', data: { code: 'XK00101000' } }, 4, legal)).toMatchObject([{ op: 'patch', set: { status: 'approved' } }]);
  });

  it('publishing shows the version number open for applications', () => {
    expect(on({ type: 'ItemPublished', data: { code: 'XK00101000', version: 1, publishedAt: legal.at } }, 5)).toMatchObject([
      { op: 'patch', id: 'XK00101000', set: { status: 'published', version: 1, publishedAt: legal.at } },
    ]);
  });

  it('ignores events it does not know', () => {
    expect(catalogItems.handle(recorded('item-XK00101000', { type: 'ItemRenamed', data: { code: 'XK00101000' } }, 6, staff))).toEqual([]);
  });
});
