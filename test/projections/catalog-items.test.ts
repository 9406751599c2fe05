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
  handling: 'single',
  fee: { kind: 'free' },
  materials: [{ name: '营业执照', form: 'copy', count: 1, required: true, standIns: [] }],
  form: { type: 'object', properties: { area: { type: 'number' } }, required: ['area'] },
  workflow: [
    { name: '受理', kind: 'accept' },
    { name: '决定', kind: 'decide' },
  ],
  delivery: ['window'],
  onsiteVisits: 1,
};
const code = definition.code;
const staff = { actorId: 'u-zhang', actorRole: 'department_head', at: '2026-03-02T02:00:00.000Z' };
const legal = { actorId: 'u-li', actorRole: 'legal_office', at: '2026-03-03T02:00:00.000Z' };
const on = (event: CatalogEvent, position: number, by = staff) => catalogItems.handle(recorded('item-XK00101000', event, position, by));

describe('the catalog list (事项库)', () => {
  it('reads item streams into the catalog_items collection, and keeps every published version', () => {
    expect(catalogItems).toMatchObject({ kind: 'documents', name: 'catalog-items', categories: ['item'], collections: ['catalog_items', 'catalog_item_versions'] });
    expect(catalogItems.indexes?.['catalog_items']).toEqual([{ fields: ['status'] }, { fields: ['department'] }]);
  });

  it('a drafted item appears as a draft with its limits, fee, materials, form, workflow and delivery', () => {
    expect(on({ type: 'ItemDrafted', data: { ...definition, version: 1 } }, 1)).toEqual([
      { op: 'patch', collection: 'catalog_items', id: code, upsert: true, set: { ...definition, status: 'draft', updatedAt: '2026-03-02T02:00:00.000Z' } },
    ]);
  });

  it('review moves the status; a send-back shows its reason until the item is resubmitted', () => {
    expect(on({ type: 'ItemSubmittedForReview', data: { code, version: 1 } }, 2)).toMatchObject([{ op: 'patch', id: code, set: { status: 'in_review' }, unset: ['sentBackReason'] }]);
    expect(on({ type: 'ItemSentBack', data: { code, version: 1, reason: '依据不全' } }, 3, legal)).toMatchObject([
      { op: 'patch', set: { status: 'sent_back', sentBackReason: '依据不全', updatedAt: legal.at } },
    ]);
    expect(on({ type: 'ItemApproved', data: { code, version: 1 } }, 4, legal)).toMatchObject([{ op: 'patch', set: { status: 'approved' } }]);
  });

  it('publishing shows the version open for applications, and keeps that version as it was', () => {
    expect(on({ type: 'ItemPublished', data: { code, version: 1, publishedAt: legal.at, definition } }, 5)).toMatchObject([
      { op: 'patch', id: code, set: { status: 'published', version: 1, publishedAt: legal.at, promisedLimitDays: 10 }, unset: ['revision'] },
      { op: 'upsert', collection: 'catalog_item_versions', id: 'XK00101000@1', doc: { ...definition, version: 1, publishedAt: legal.at } },
    ]);
  });

  it('a revision stays beside the published version until it is published itself', () => {
    const v2 = { ...definition, promisedLimitDays: 8 };
    expect(on({ type: 'ItemDrafted', data: { ...v2, version: 2 } }, 6)).toEqual([
      { op: 'patch', collection: 'catalog_items', id: code, set: { revision: { version: 2, status: 'draft', definition: v2 }, updatedAt: staff.at } },
    ]);
    expect(on({ type: 'ItemSubmittedForReview', data: { code, version: 2 } }, 7)).toMatchObject([{ set: { 'revision.status': 'in_review' }, unset: ['revision.sentBackReason'] }]);
    expect(on({ type: 'ItemSentBack', data: { code, version: 2, reason: '时限依据不足' } }, 8, legal)).toMatchObject([
      { set: { 'revision.status': 'sent_back', 'revision.sentBackReason': '时限依据不足' } },
    ]);
    const [item, version] = on({ type: 'ItemPublished', data: { code, version: 2, publishedAt: legal.at, definition: v2 } }, 9);
    expect(item).toMatchObject({ set: { version: 2, promisedLimitDays: 8 }, unset: ['revision'] });
    // The item's status (published or suspended) is left as it is.
    expect(item?.op === 'patch' && item.set?.['status']).toBeUndefined();
    expect(version).toMatchObject({ op: 'upsert', collection: 'catalog_item_versions', id: 'XK00101000@2' });
  });

  it('suspension, resumption and retirement show in the status, with their reasons', () => {
    expect(on({ type: 'ItemSuspended', data: { code, reason: '法规修订中', suspendedAt: legal.at } }, 10)).toMatchObject([{ set: { status: 'suspended', suspendedReason: '法规修订中' } }]);
    expect(on({ type: 'ItemResumed', data: { code, resumedAt: legal.at } }, 11)).toMatchObject([{ set: { status: 'published' }, unset: ['suspendedReason', 'suspendedAt'] }]);
    expect(on({ type: 'ItemRetired', data: { code, reason: '事项取消', retiredAt: legal.at } }, 12)).toMatchObject([{ set: { status: 'retired', retiredReason: '事项取消' } }]);
  });

  it('ignores events it does not know', () => {
    expect(catalogItems.handle(recorded('item-XK00101000', { type: 'ItemRenamed', data: { code } }, 13, staff))).toEqual([]);
  });
});
