/**
 * The rules of the 12345 knowledge base (知识库), each named once with its source.
 *
 * 《国务院办公厅关于进一步优化地方政务服务便民热线的指导意见》（国办发〔2020〕53号）asks every
 * hotline to keep a knowledge base that operators answer from, shared with the departments and kept
 * up to date; service guides (办事指南) come from the service-item catalog (事项库), so that the
 * hotline says what the hall does.
 */
import type { Role } from '../identity/roles.js';
import type { Bilingual } from '../shared/messages.js';

export const HOTLINE_OPINION = '国办发〔2020〕53号';

/** What an article is: a frequently asked question, a policy, or the guide of a service item. */
export const ARTICLE_KINDS = {
  faq: { zh: '常见问题', en: 'FAQ' },
  policy: { zh: '政策法规', en: 'Policy' },
  service_guide: { zh: '办事指南', en: 'Service guide' },
} as const satisfies Record<string, Bilingual>;

export type ArticleKind = keyof typeof ARTICLE_KINDS;

export const isArticleKind = (value: unknown): value is ArticleKind => typeof value === 'string' && Object.hasOwn(ARTICLE_KINDS, value);

/** The kinds people write by hand; service guides are generated from published catalog items. */
export const WRITTEN_KINDS = ['faq', 'policy'] as const satisfies readonly ArticleKind[];
export type WrittenKind = (typeof WRITTEN_KINDS)[number];

/**
 * 草稿 → 已发布 → 已下架. A published article may be revised: the revision is a new version, and
 * search and the hotline keep seeing the published one until the revision is published too.
 * Retirement (下架) is final.
 */
export const ARTICLE_STATUSES = {
  draft: { zh: '草稿', en: 'draft' },
  published: { zh: '已发布', en: 'published' },
  retired: { zh: '已下架', en: 'retired' },
} as const satisfies Record<string, Bilingual>;

export type ArticleStatus = keyof typeof ARTICLE_STATUSES;

/** Sizes an article is kept within: a title fits one line of the operator's screen; a body, a guide with all its materials. */
export const ARTICLE_LIMITS = {
  titleMax: 100,
  bodyMax: 20_000,
  tagsMax: 10,
  tagMax: 20,
  categoryCodeMax: 32,
  reasonMax: 500,
} as const;

/**
 * The role process managers act in (application/process-manager.ts `PROCESS_ROLE`): service
 * guides are written by the system from the catalog, never by hand.
 */
export const GENERATING_ROLE = 'process';

/**
 * Who writes, revises, publishes and retires each kind: 12345 operators (话务员) keep FAQs and
 * policies, with admins; service guides follow the catalog alone.
 */
export const ARTICLE_WRITERS = {
  faq: ['hotline_operator', 'admin'],
  policy: ['hotline_operator', 'admin'],
  service_guide: [GENERATING_ROLE],
} as const satisfies Record<ArticleKind, readonly (Role | typeof GENERATING_ROLE)[]>;

export const mayWrite = (kind: ArticleKind, role: string) => (ARTICLE_WRITERS[kind] as readonly string[]).includes(role);

/** Staff roles that see drafts, every version and the list of all articles; everyone else sees published articles. */
export const KNOWLEDGE_STAFF: readonly Role[] = ['hotline_operator', 'department_handler', 'supervisor', 'auditor', 'leader', 'admin'];

/** The roles that write FAQs and policies (for the HTTP policy). */
export const HAND_WRITERS: readonly Role[] = ['hotline_operator', 'admin'];

/** The article id of an item's service guide: one guide per item, following its published versions. */
export const serviceGuideId = (itemCode: string) => `guide-${itemCode}`;
