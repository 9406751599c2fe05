import { describe, expect, it } from 'vitest';
import {
  acceptsApplications,
  catalogDecider,
  itemStreamId,
  publishedVersion,
  type CatalogEvent,
  type ItemDefinition,
} from '../../domain/catalog/index.js';
import { fold, type DecideContext } from '../../domain/shared/decider.js';
import { spec } from '../support/decider-spec.js';

const department = { id: 'u-zhang', role: 'reviewer', department: 'market-regulation' };
const legalOffice = { id: 'u-li', role: 'legal_office', department: 'legal_office' };
const ctx: DecideContext = { now: new Date('2026-03-02T02:00:00Z'), actor: department, newId: (p) => `id-${p}` };

const definition: ItemDefinition = {
  code: 'XK00101000',
  name: '食品经营许可',
  type: 'license',
  department: 'market-regulation',
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  fee: { kind: 'free' },
  materials: [
    { name: '食品经营许可申请书', form: 'original', count: 1, required: true },
    { name: '营业执照', form: 'copy', count: 1, required: true },
  ],
  onsiteVisits: 1,
};

const drafted: CatalogEvent = { type: 'ItemDrafted', data: definition };
const submitted: CatalogEvent = { type: 'ItemSubmittedForReview', data: { code: definition.code } };
const approved: CatalogEvent = { type: 'ItemApproved', data: { code: definition.code } };
const published: CatalogEvent = { type: 'ItemPublished', data: { code: definition.code, version: 1, publishedAt: '2026-03-02T02:00:00.000Z' } };

const given = (events: CatalogEvent[]) => spec(catalogDecider, ctx).given(events);
const asLegalOffice = { actor: legalOffice };

describe('drafting an item (事项起草)', () => {
  it('a department drafts an item with its limits, fee and materials', () => {
    given([]).when({ type: 'DraftItem', data: definition }).then([{ type: 'ItemDrafted', data: { code: 'XK00101000', promisedLimitDays: 10 } }]);
  });

  it('the promised limit may not exceed the statutory limit', () => {
    given([])
      .when({ type: 'DraftItem', data: { ...definition, promisedLimitDays: 25 } })
      .thenError('catalog.promised_exceeds_statutory', 'invalid');
  });

  it('a promised limit equal to the statutory one is allowed, and 0 means decided on the spot (即办件)', () => {
    given([]).when({ type: 'DraftItem', data: { ...definition, promisedLimitDays: 20 } }).then([{ type: 'ItemDrafted' }]);
    given([]).when({ type: 'DraftItem', data: { ...definition, promisedLimitDays: 0, statutoryLimitDays: 0 } }).then([{ type: 'ItemDrafted' }]);
  });

  it.each([
    ['lower-case letters', 'xk00101000'],
    ['too few digits', 'XK0010100'],
    ['letters that are not the type of the item', 'QR00101000'],
    ['nothing at all', ''],
  ])('refuses an item code with %s', (_, code) => {
    const error = given([]).when({ type: 'DraftItem', data: { ...definition, code } }).thenError('catalog.bad_code', 'invalid');
    expect(error.message.zh).toContain('XK00101000');
  });

  it('a public service takes the GG letters', () => {
    given([])
      .when({ type: 'DraftItem', data: { ...definition, code: 'GG00007001', type: 'public-service' } })
      .then([{ type: 'ItemDrafted', data: { code: 'GG00007001' } }]);
  });

  it('refuses an unknown item type, a missing name, fractional limits, a fee without an amount and a material without a count', () => {
    const when = (data: object) => given([]).when({ type: 'DraftItem', data: { ...definition, ...data } as ItemDefinition });
    when({ type: 'permit' }).thenError('catalog.unknown_type');
    when({ name: '  ' }).thenError('catalog.field_required');
    when({ legalBasis: '' }).thenError('catalog.field_required');
    when({ promisedLimitDays: 2.5 }).thenError('catalog.bad_limit');
    when({ fee: { kind: 'fixed', amountCents: 0 } }).thenError('catalog.bad_fee');
    when({ materials: [{ name: '营业执照', form: 'copy', count: 0, required: true }] }).thenError('catalog.bad_material');
    when({ onsiteVisits: -1 }).thenError('catalog.bad_onsite_visits');
  });

  it('a fixed fee is kept in cents', () => {
    given([])
      .when({ type: 'DraftItem', data: { ...definition, fee: { kind: 'fixed', amountCents: 5000 } } })
      .then([{ type: 'ItemDrafted', data: { fee: { kind: 'fixed', amountCents: 5000 } } }]);
  });

  it('a draft can be corrected before review, but its code cannot change', () => {
    given([drafted]).when({ type: 'DraftItem', data: { ...definition, promisedLimitDays: 5 } }).then([{ type: 'ItemDrafted', data: { promisedLimitDays: 5 } }]);
    given([drafted]).when({ type: 'DraftItem', data: { ...definition, code: 'XK00102000' } }).thenError('catalog.code_changed');
  });

  it('an item under review cannot be redrafted', () => {
    given([drafted, submitted]).when({ type: 'DraftItem', data: definition }).thenError('catalog.wrong_status', 'conflict');
  });
});

describe('legal review (法制审核)', () => {
  it('a draft is submitted for review', () => {
    given([drafted]).when({ type: 'SubmitItemForReview', data: { code: definition.code } }).then([{ type: 'ItemSubmittedForReview' }]);
  });

  it('the legal office approves an item under review', () => {
    given([drafted, submitted])
      .when({ type: 'ApproveItem', data: { code: definition.code, opinion: '依据充分' } }, asLegalOffice)
      .then([{ type: 'ItemApproved', data: { code: definition.code, opinion: '依据充分' } }]);
  });

  it('only the legal office may approve or send back', () => {
    given([drafted, submitted]).when({ type: 'ApproveItem', data: { code: definition.code } }).thenError('catalog.legal_review_only', 'forbidden');
    given([drafted, submitted]).when({ type: 'SendBackItem', data: { code: definition.code, reason: 'x' } }).thenError('catalog.legal_review_only', 'forbidden');
  });

  it('sending back needs a reason; the department corrects the draft and submits again', () => {
    given([drafted, submitted]).when({ type: 'SendBackItem', data: { code: definition.code, reason: ' ' } }, asLegalOffice).thenError('catalog.reason_required');
    const sentBack: CatalogEvent = { type: 'ItemSentBack', data: { code: definition.code, reason: '设定依据条款有误' } };
    given([drafted, submitted])
      .when({ type: 'SendBackItem', data: { code: definition.code, reason: '设定依据条款有误' } }, asLegalOffice)
      .then([sentBack]);
    given([drafted, submitted, sentBack]).when({ type: 'DraftItem', data: { ...definition, legalBasis: '《食品安全法》第三十五条第一款' } }).then([{ type: 'ItemDrafted' }]);
    given([drafted, submitted, sentBack]).when({ type: 'SubmitItemForReview', data: { code: definition.code } }).then([{ type: 'ItemSubmittedForReview' }]);
  });

  it('a draft not yet submitted cannot be approved, and says so in both languages', () => {
    const error = given([drafted]).when({ type: 'ApproveItem', data: { code: definition.code } }, asLegalOffice).thenError('catalog.wrong_status', 'conflict');
    expect(error.message.zh).toContain('草稿');
    expect(error.message.en).toContain('under legal review');
  });

  it('an item that was never drafted cannot be submitted', () => {
    given([]).when({ type: 'SubmitItemForReview', data: { code: definition.code } }).thenError('catalog.not_found', 'not_found');
  });
});

describe('publishing (发布) and taking applications', () => {
  it('an approved item is published as version 1', () => {
    given([drafted, submitted, approved])
      .when({ type: 'PublishItem', data: { code: definition.code } })
      .then([{ type: 'ItemPublished', data: { code: definition.code, version: 1, publishedAt: '2026-03-02T02:00:00.000Z' } }]);
  });

  it('an item cannot be published before the legal office approves it, nor twice', () => {
    given([drafted]).when({ type: 'PublishItem', data: { code: definition.code } }).thenError('catalog.wrong_status');
    given([drafted, submitted]).when({ type: 'PublishItem', data: { code: definition.code } }).thenError('catalog.wrong_status');
    given([drafted, submitted, approved, published]).when({ type: 'PublishItem', data: { code: definition.code } }).thenError('catalog.wrong_status');
  });

  it('only a published item accepts applications (审核入库后方可运行)', () => {
    const stateAfter = (events: CatalogEvent[]) => fold(catalogDecider, events);
    expect(acceptsApplications(stateAfter([]))).toBe(false);
    expect(acceptsApplications(stateAfter([drafted]))).toBe(false);
    expect(acceptsApplications(stateAfter([drafted, submitted, approved]))).toBe(false);
    expect(acceptsApplications(stateAfter([drafted, submitted, approved, published]))).toBe(true);
    expect(publishedVersion(stateAfter([drafted, submitted, approved, published]))).toMatchObject({ version: 1, definition: { code: 'XK00101000' } });
  });

  it('an item stream is named after its code', () => {
    expect(itemStreamId('XK00101000')).toBe('item-XK00101000');
  });
});
