import { describe, expect, it } from 'vitest';
import { AjvFormChecker } from '../../application/catalog/forms.js';
import {
  acceptsApplications,
  catalogDecider,
  itemStreamId,
  publishedVersion,
  type CatalogDecideContext,
  type CatalogEvent,
  type ItemDefinition,
} from '../../domain/catalog/index.js';
import { fold } from '../../domain/shared/decider.js';
import { spec } from '../support/decider-spec.js';

const department = { id: 'u-zhang', role: 'department_head', department: 'market-regulation' };
const legalOffice = { id: 'u-li', role: 'legal_office', department: 'legal_office' };
const ctx: CatalogDecideContext = { now: new Date('2026-03-02T02:00:00Z'), actor: department, newId: (p) => `id-${p}`, forms: new AjvFormChecker() };

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
  materials: [
    { name: '食品经营许可申请书', form: 'original', count: 1, required: true, standIns: [] },
    { name: '营业执照', form: 'copy', count: 1, required: true, standIns: ['XK00100001'] },
    { name: '授权委托书', form: 'original', count: 1, required: false, condition: '委托他人代为办理的', standIns: [] },
  ],
  form: {
    type: 'object',
    properties: { shopName: { type: 'string', minLength: 1 }, area: { type: 'number', minimum: 1 } },
    required: ['shopName', 'area'],
  },
  workflow: [
    { name: '受理', kind: 'accept' },
    { name: '审查', kind: 'review' },
    { name: '决定', kind: 'decide' },
    { name: '发证', kind: 'certify' },
    { name: '送达', kind: 'deliver' },
  ],
  delivery: ['window', 'mail', 'electronic'],
  onsiteVisits: 1,
};

const code = definition.code;
const drafted: CatalogEvent = { type: 'ItemDrafted', data: { ...definition, version: 1 } };
const submitted: CatalogEvent = { type: 'ItemSubmittedForReview', data: { code, version: 1 } };
const approved: CatalogEvent = { type: 'ItemApproved', data: { code, version: 1 } };
const published: CatalogEvent = { type: 'ItemPublished', data: { code, version: 1, publishedAt: '2026-03-02T02:00:00.000Z', definition } };
const live = [drafted, submitted, approved, published];

const given = (events: CatalogEvent[]) => spec(catalogDecider, ctx).given(events);
const asLegalOffice = { actor: legalOffice };
const draft = (data: Partial<ItemDefinition>) => ({ type: 'DraftItem' as const, data: { ...definition, ...data } as ItemDefinition });

describe('drafting an item (事项起草)', () => {
  it('a department drafts an item with its limits, fee, materials, form, workflow and delivery: version 1', () => {
    given([]).when(draft({})).then([{ type: 'ItemDrafted', data: { code, version: 1, promisedLimitDays: 10, delivery: ['window', 'mail', 'electronic'] } }]);
  });

  it('the promised limit may not exceed the statutory limit', () => {
    given([]).when(draft({ promisedLimitDays: 25 })).thenError('catalog.promised_exceeds_statutory', 'invalid');
  });

  it('a promised limit equal to the statutory one is allowed, and 0 means decided on the spot (即办件)', () => {
    given([]).when(draft({ promisedLimitDays: 20 })).then([{ type: 'ItemDrafted' }]);
    given([]).when(draft({ promisedLimitDays: 0, statutoryLimitDays: 0 })).then([{ type: 'ItemDrafted' }]);
  });

  it.each([
    ['lower-case letters', 'xk00101000'],
    ['too few digits', 'XK0010100'],
    ['letters that are not the type of the item', 'QR00101000'],
    ['nothing at all', ''],
  ])('refuses an item code with %s', (_, badCode) => {
    const error = given([]).when(draft({ code: badCode })).thenError('catalog.bad_code', 'invalid');
    expect(error.message.zh).toContain('XK00101000');
  });

  it('a public service takes the GG letters', () => {
    given([]).when(draft({ code: 'GG00007001', type: 'public-service' })).then([{ type: 'ItemDrafted', data: { code: 'GG00007001' } }]);
  });

  it('refuses an unknown item type, a missing name, fractional limits, a fee without an amount and a material without a count', () => {
    given([]).when(draft({ type: 'permit' as 'license' })).thenError('catalog.unknown_type');
    given([]).when(draft({ name: '  ' })).thenError('catalog.field_required');
    given([]).when(draft({ legalBasis: '' })).thenError('catalog.field_required');
    given([]).when(draft({ promisedLimitDays: 2.5 })).thenError('catalog.bad_limit');
    given([]).when(draft({ fee: { kind: 'fixed', amountCents: 0 } })).thenError('catalog.bad_fee');
    given([]).when(draft({ materials: [{ name: '营业执照', form: 'copy', count: 0, required: true, standIns: [] }] })).thenError('catalog.bad_material');
    given([]).when(draft({ onsiteVisits: -1 })).thenError('catalog.bad_onsite_visits');
    given([]).when(draft({ handling: 'together' as 'joint' })).thenError('catalog.bad_handling');
  });

  it('a conditional material says when it is needed, and its stand-ins are license types (item codes)', () => {
    given([]).when(draft({ materials: [{ name: '授权委托书', form: 'original', count: 1, required: false, standIns: [] }] })).thenError('catalog.bad_material', 'invalid');
    given([]).when(draft({ materials: [{ name: '营业执照', form: 'copy', count: 1, required: true, standIns: ['营业执照'] }] })).thenError('catalog.bad_material', 'invalid');
    given([]).when(draft({ materials: [definition.materials[0]!, definition.materials[0]!] })).thenError('catalog.duplicate_material', 'invalid');
  });

  it('a fixed fee is kept in cents', () => {
    given([]).when(draft({ fee: { kind: 'fixed', amountCents: 5000 } })).then([{ type: 'ItemDrafted', data: { fee: { kind: 'fixed', amountCents: 5000 } } }]);
  });

  it('a computed fee counts a number the form requires, at a unit amount, up to a cap', () => {
    const perArea = { kind: 'computed', unitCents: 100, field: 'area', capCents: 20_000, unit: '平方米' } as const;
    given([]).when(draft({ fee: perArea })).then([{ type: 'ItemDrafted', data: { fee: perArea } }]);
    given([]).when(draft({ fee: { ...perArea, field: 'shopName' } })).thenError('catalog.bad_fee', 'invalid');
    given([]).when(draft({ fee: { ...perArea, field: 'rooms' } })).thenError('catalog.bad_fee', 'invalid');
    given([]).when(draft({ fee: { ...perArea, capCents: 50 } })).thenError('catalog.bad_fee', 'invalid');
  });

  it('the application form is a JSON Schema that compiles; one that does not is refused when drafting', () => {
    const error = given([]).when(draft({ form: { type: 'object', properties: { area: { type: 'banana' } } } })).thenError('catalog.bad_form', 'invalid');
    expect(error.message.en).toMatch(/schema/);
    given([]).when(draft({ form: { type: 'object', required: 'area' } })).thenError('catalog.bad_form', 'invalid');
    given([]).when(draft({ form: { type: 'string' } })).thenError('catalog.bad_form', 'invalid');
  });

  it('the workflow starts with acceptance, has one decision, and runs in order', () => {
    const [accept, review, decide, certify, deliver] = definition.workflow;
    given([]).when(draft({ workflow: [review!, accept!, decide!] })).thenError('catalog.bad_workflow');
    given([]).when(draft({ workflow: [accept!, review!] })).thenError('catalog.bad_workflow');
    given([]).when(draft({ workflow: [accept!, decide!, { name: '复核决定', kind: 'decide' }] })).thenError('catalog.bad_workflow');
    given([]).when(draft({ workflow: [accept!, decide!, deliver!, certify!] })).thenError('catalog.bad_workflow');
    given([]).when(draft({ workflow: [accept!, review!, { name: '现场核查', kind: 'review' }, decide!] })).then([{ type: 'ItemDrafted' }]);
  });

  it('delivery is one or more of window, mail and electronic', () => {
    given([]).when(draft({ delivery: [] })).thenError('catalog.bad_delivery');
    given([]).when(draft({ delivery: ['fax' as 'mail'] })).thenError('catalog.bad_delivery');
  });

  it('a draft can be corrected before review, but its code and department cannot change', () => {
    given([drafted]).when(draft({ promisedLimitDays: 5 })).then([{ type: 'ItemDrafted', data: { promisedLimitDays: 5, version: 1 } }]);
    given([drafted]).when(draft({ code: 'XK00102000' })).thenError('catalog.code_changed');
    given([drafted]).when(draft({ department: 'housing' })).thenError('catalog.department_changed');
  });

  it('an item under review cannot be redrafted', () => {
    given([drafted, submitted]).when(draft({})).thenError('catalog.wrong_status', 'conflict');
  });
});

describe('legal review (法制审核)', () => {
  it('a draft is submitted for review', () => {
    given([drafted]).when({ type: 'SubmitItemForReview', data: { code } }).then([{ type: 'ItemSubmittedForReview', data: { version: 1 } }]);
  });

  it('the legal office approves an item under review', () => {
    given([drafted, submitted]).when({ type: 'ApproveItem', data: { code, opinion: '依据充分' } }, asLegalOffice).then([{ type: 'ItemApproved', data: { code, version: 1, opinion: '依据充分' } }]);
  });

  it('only the legal office may approve or send back', () => {
    given([drafted, submitted]).when({ type: 'ApproveItem', data: { code } }).thenError('catalog.legal_review_only', 'forbidden');
    given([drafted, submitted]).when({ type: 'SendBackItem', data: { code, reason: 'x' } }).thenError('catalog.legal_review_only', 'forbidden');
  });

  it('sending back needs a reason; the department corrects the draft and submits again', () => {
    given([drafted, submitted]).when({ type: 'SendBackItem', data: { code, reason: ' ' } }, asLegalOffice).thenError('catalog.reason_required');
    const sentBack: CatalogEvent = { type: 'ItemSentBack', data: { code, version: 1, reason: '设定依据条款有误' } };
    given([drafted, submitted]).when({ type: 'SendBackItem', data: { code, reason: '设定依据条款有误' } }, asLegalOffice).then([sentBack]);
    given([drafted, submitted, sentBack]).when(draft({ legalBasis: '《食品安全法》第三十五条第一款' })).then([{ type: 'ItemDrafted' }]);
    given([drafted, submitted, sentBack]).when({ type: 'SubmitItemForReview', data: { code } }).then([{ type: 'ItemSubmittedForReview' }]);
  });

  it('a draft not yet submitted cannot be approved, and says so in both languages', () => {
    const error = given([drafted]).when({ type: 'ApproveItem', data: { code } }, asLegalOffice).thenError('catalog.wrong_status', 'conflict');
    expect(error.message.zh).toContain('草稿');
    expect(error.message.en).toContain('a draft');
  });

  it('an item that was never drafted cannot be submitted', () => {
    given([]).when({ type: 'SubmitItemForReview', data: { code } }).thenError('catalog.not_found', 'not_found');
  });
});

describe('publishing (发布) and taking applications', () => {
  const stateAfter = (events: CatalogEvent[]) => fold(catalogDecider, events);

  it('an approved item is published as version 1, with what that version says', () => {
    given([drafted, submitted, approved])
      .when({ type: 'PublishItem', data: { code } })
      .then([{ type: 'ItemPublished', data: { code, version: 1, publishedAt: '2026-03-02T02:00:00.000Z', definition: { promisedLimitDays: 10 } } }]);
  });

  it('an item cannot be published before the legal office approves it, nor twice', () => {
    given([drafted]).when({ type: 'PublishItem', data: { code } }).thenError('catalog.wrong_status');
    given([drafted, submitted]).when({ type: 'PublishItem', data: { code } }).thenError('catalog.wrong_status');
    given(live).when({ type: 'PublishItem', data: { code } }).thenError('catalog.wrong_status');
  });

  it('only a published item accepts applications (审核入库后方可运行)', () => {
    expect(acceptsApplications(stateAfter([]))).toBe(false);
    expect(acceptsApplications(stateAfter([drafted]))).toBe(false);
    expect(acceptsApplications(stateAfter([drafted, submitted, approved]))).toBe(false);
    expect(acceptsApplications(stateAfter(live))).toBe(true);
    expect(publishedVersion(stateAfter(live))).toMatchObject({ version: 1, definition: { code: 'XK00101000' } });
  });

  it('an item stream is named after its code', () => {
    expect(itemStreamId('XK00101000')).toBe('item-XK00101000');
  });
});

describe('revising a published item (新版本)', () => {
  const revised: CatalogEvent = { type: 'ItemDrafted', data: { ...definition, promisedLimitDays: 8, version: 2 } };
  const revisionInReview: CatalogEvent = { type: 'ItemSubmittedForReview', data: { code, version: 2 } };
  const revisionApproved: CatalogEvent = { type: 'ItemApproved', data: { code, version: 2 } };
  const stateAfter = (events: CatalogEvent[]) => fold(catalogDecider, events);

  it('drafting a published item starts version 2, while version 1 keeps taking applications', () => {
    given(live).when(draft({ promisedLimitDays: 8 })).then([{ type: 'ItemDrafted', data: { version: 2, promisedLimitDays: 8 } }]);
    const during = stateAfter([...live, revised, revisionInReview]);
    expect(acceptsApplications(during)).toBe(true);
    expect(publishedVersion(during)).toMatchObject({ version: 1, definition: { promisedLimitDays: 10 } });
  });

  it('the revision goes through legal review again before it is published as version 2', () => {
    given([...live, revised]).when({ type: 'PublishItem', data: { code } }).thenError('catalog.wrong_status', 'conflict');
    given([...live, revised]).when({ type: 'SubmitItemForReview', data: { code } }).then([{ type: 'ItemSubmittedForReview', data: { version: 2 } }]);
    given([...live, revised, revisionInReview]).when({ type: 'ApproveItem', data: { code } }, asLegalOffice).then([{ type: 'ItemApproved', data: { version: 2 } }]);
    given([...live, revised, revisionInReview, revisionApproved])
      .when({ type: 'PublishItem', data: { code } })
      .then([{ type: 'ItemPublished', data: { version: 2, definition: { promisedLimitDays: 8 } } }]);
  });

  it('after publication new applications are filed under version 2', () => {
    const v2: CatalogEvent = { type: 'ItemPublished', data: { code, version: 2, publishedAt: '2026-04-01T02:00:00.000Z', definition: { ...definition, promisedLimitDays: 8 } } };
    expect(publishedVersion(stateAfter([...live, revised, revisionInReview, revisionApproved, v2]))).toMatchObject({ version: 2, definition: { promisedLimitDays: 8 } });
  });

  it('a revision under review cannot be redrafted, and cannot move the item to another department', () => {
    given([...live, revised, revisionInReview]).when(draft({})).thenError('catalog.wrong_status', 'conflict');
    given(live).when(draft({ department: 'housing' })).thenError('catalog.department_changed', 'invalid');
  });
});

describe('suspending and retiring an item (暂停, 取消)', () => {
  const suspended: CatalogEvent = { type: 'ItemSuspended', data: { code, reason: '法规修订中', suspendedAt: '2026-04-01T02:00:00.000Z' } };
  const retired: CatalogEvent = { type: 'ItemRetired', data: { code, reason: '事项已取消', retiredAt: '2026-05-01T02:00:00.000Z' } };
  const stateAfter = (events: CatalogEvent[]) => fold(catalogDecider, events);

  it('a suspended item takes no new applications until it is resumed', () => {
    given(live).when({ type: 'SuspendItem', data: { code, reason: '法规修订中' } }).then([{ type: 'ItemSuspended', data: { reason: '法规修订中' } }]);
    expect(acceptsApplications(stateAfter([...live, suspended]))).toBe(false);
    given([...live, suspended]).when({ type: 'ResumeItem', data: { code } }).then([{ type: 'ItemResumed' }]);
    expect(acceptsApplications(stateAfter([...live, suspended, { type: 'ItemResumed', data: { code, resumedAt: '2026-04-10T02:00:00.000Z' } }]))).toBe(true);
  });

  it('suspension needs a reason and a published item', () => {
    given(live).when({ type: 'SuspendItem', data: { code, reason: '' } }).thenError('catalog.reason_required', 'invalid');
    given([drafted]).when({ type: 'SuspendItem', data: { code, reason: '法规修订中' } }).thenError('catalog.wrong_status', 'conflict');
    given(live).when({ type: 'ResumeItem', data: { code } }).thenError('catalog.wrong_status', 'conflict');
  });

  it('a revision published while the item is suspended leaves it suspended', () => {
    const revision: CatalogEvent[] = [
      { type: 'ItemDrafted', data: { ...definition, version: 2 } },
      { type: 'ItemSubmittedForReview', data: { code, version: 2 } },
      { type: 'ItemApproved', data: { code, version: 2 } },
    ];
    given([...live, suspended, ...revision]).when({ type: 'PublishItem', data: { code } }).then([{ type: 'ItemPublished', data: { version: 2 } }]);
    const v2: CatalogEvent = { type: 'ItemPublished', data: { code, version: 2, publishedAt: '2026-04-05T02:00:00.000Z', definition } };
    expect(stateAfter([...live, suspended, ...revision, v2]).status).toBe('suspended');
  });

  it('retirement is final: no applications, no resumption, no new version', () => {
    given([...live, suspended]).when({ type: 'RetireItem', data: { code, reason: '事项已取消' } }).then([{ type: 'ItemRetired' }]);
    expect(acceptsApplications(stateAfter([...live, retired]))).toBe(false);
    given([...live, retired]).when({ type: 'ResumeItem', data: { code } }).thenError('catalog.wrong_status', 'conflict');
    given([...live, retired]).when(draft({})).thenError('catalog.wrong_status', 'conflict');
    given([...live, retired]).when({ type: 'RetireItem', data: { code, reason: '再次取消' } }).thenError('catalog.wrong_status', 'conflict');
    given([drafted]).when({ type: 'RetireItem', data: { code, reason: '不再需要' } }).thenError('catalog.wrong_status', 'conflict');
  });
});
