import { pick } from '$lib/i18n';
import type { Localized, User } from '$lib/types';
import { ARTICLE_LIMITS, HAND_WRITERS, KNOWLEDGE_STAFF, type ArticleKind, type ArticleStatus } from '../../../../domain/knowledge/rules';
import type { ArticleDoc, ArticleVersionView } from '../../../../application/knowledge/article-views';

/** The knowledge base as GET/POST /api/knowledge/* answer it (projections/articles.ts, application/knowledge). */
export type { ArticleKind, ArticleStatus };

export interface Highlight {
  start: number;
  length: number;
}

export interface SearchHit {
  id: string;
  version: number;
  kind: ArticleKind;
  title: string;
  titleHighlights: Highlight[];
  snippet: string;
  highlights: Highlight[];
  terms: string[];
  score: number;
}

export type ArticleVersion = ArticleVersionView;

/** An article as GET /api/knowledge/articles/:id answers it: the stored fields anyone may read, and for staff the rest. */
export type Article = Pick<ArticleDoc, 'id' | 'kind' | 'status' | 'version' | 'title' | 'body' | 'categoryCode' | 'tags' | 'source' | 'publishedAt' | 'updatedAt'> &
  Partial<Pick<ArticleDoc, 'latestVersion' | 'draft' | 'createdAt' | 'retiredAt' | 'retiredReason'>> & {
    kindLabel: Localized;
    // Staff only:
    statusLabel?: Localized;
    versions?: ArticleVersion[];
  };

/** A line of the editors' list. */
export type ArticleLine = Pick<ArticleDoc, 'id' | 'kind' | 'status' | 'version' | 'latestVersion' | 'title' | 'tags' | 'updatedAt'>;

/** The limits the server enforces, shown as counters. */
export const LIMITS = ARTICLE_LIMITS;

export const isStaff = (user: User | null) => !!user && user.roles.some((r) => KNOWLEDGE_STAFF.includes(r));
export const canWrite = (user: User | null) => !!user && user.roles.some((r) => HAND_WRITERS.includes(r));

/** Text and highlights as runs, for marking matched words without building HTML. */
export function segments(text: string, highlights: readonly Highlight[] = []): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const h of [...highlights].sort((a, b) => a.start - b.start)) {
    if (h.start < at || h.start + h.length > text.length) continue;
    if (h.start > at) out.push({ text: text.slice(at, h.start), mark: false });
    out.push({ text: text.slice(h.start, h.start + h.length), mark: true });
    at = h.start + h.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

/** The pages' words, Chinese first (the shared message files belong to the whole UI). */
const TEXT = {
  title: { zh: '知识库', en: 'Knowledge base' },
  searchLabel: { zh: '搜索知识库', en: 'Search the knowledge base' },
  searchPlaceholder: { zh: '输入问题或关键词，如：营业执照怎么办理', en: 'A question or words, e.g. 营业执照怎么办理' },
  searchButton: { zh: '搜索', en: 'Search' },
  searchHint: { zh: '按 / 键可随时回到搜索框', en: 'Press / to return to the search box' },
  allKinds: { zh: '全部类型', en: 'All kinds' },
  kind: { zh: '类型', en: 'Kind' },
  faq: { zh: '常见问题', en: 'FAQ' },
  policy: { zh: '政策法规', en: 'Policy' },
  service_guide: { zh: '办事指南', en: 'Service guide' },
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
  retired: { zh: '已下架', en: 'Retired' },
  status: { zh: '状态', en: 'Status' },
  allStatuses: { zh: '全部状态', en: 'All statuses' },
  results: { zh: '共找到 {n} 条', en: '{n} found' },
  noResults: { zh: '没有找到相关内容，换个说法试试', en: 'Nothing found; try other words' },
  startHint: { zh: '输入关键词开始搜索。办事指南由事项库自动生成，常见问题和政策由 12345 话务员维护。', en: 'Type to search. Service guides come from the catalog; FAQs and policies are kept by 12345 operators.' },
  loading: { zh: '加载中…', en: 'Loading…' },
  version: { zh: '第 {n} 版', en: 'Version {n}' },
  manage: { zh: '文章管理', en: 'Manage articles' },
  newArticle: { zh: '新建文章', en: 'New article' },
  back: { zh: '返回知识库', en: 'Back to the knowledge base' },
  backToList: { zh: '返回文章管理', en: 'Back to the articles' },
  publishedAt: { zh: '发布时间', en: 'Published' },
  updatedAt: { zh: '更新时间', en: 'Updated' },
  tags: { zh: '标签', en: 'Tags' },
  category: { zh: '分类编码', en: 'Category code' },
  source: { zh: '来源事项', en: 'From catalog item' },
  sourceValue: { zh: '{code}（第 {n} 版）', en: '{code} (version {n})' },
  generated: { zh: '本指南由事项库自动生成，随事项发布、暂停、取消自动更新，不能手工修改。', en: 'Generated from the catalog and kept level with the item; it cannot be edited by hand.' },
  versions: { zh: '版本记录', en: 'Versions' },
  current: { zh: '当前发布', en: 'published now' },
  pendingRevision: { zh: '第 {n} 版修订尚未发布，检索和话务员看到的仍是第 {p} 版。', en: 'Version {n} is not yet published: search and the hotline still see version {p}.' },
  neverPublished: { zh: '尚未发布：检索和话务员看不到本文。', en: 'Not published yet: search and the hotline do not see it.' },
  retiredNotice: { zh: '已下架：{reason}', en: 'Retired: {reason}' },
  revise: { zh: '修订', en: 'Revise' },
  publish: { zh: '发布最新版本', en: 'Publish the latest version' },
  retire: { zh: '下架', en: 'Retire' },
  retireReason: { zh: '下架原因（选填）', en: 'Why (optional)' },
  retireConfirm: { zh: '确认下架', en: 'Retire for good' },
  retireWarning: { zh: '下架后不能恢复，检索和热线将不再显示本文。', en: 'Retiring is final: search and the hotline will no longer show it.' },
  cancel: { zh: '取消', en: 'Cancel' },
  save: { zh: '保存', en: 'Save' },
  saveDraft: { zh: '保存为草稿', en: 'Save as draft' },
  saveRevision: { zh: '保存为新版本', en: 'Save as a new version' },
  saveAndPublish: { zh: '保存并发布', en: 'Save and publish' },
  saving: { zh: '保存中…', en: 'Saving…' },
  shortcut: { zh: 'Ctrl+Enter 保存，Esc 取消', en: 'Ctrl+Enter saves, Esc cancels' },
  fieldTitle: { zh: '标题', en: 'Title' },
  fieldBody: { zh: '正文', en: 'Body' },
  fieldTags: { zh: '标签（用空格或逗号分隔）', en: 'Tags (separated by spaces or commas)' },
  required: { zh: '必填', en: 'required' },
  count: { zh: '{n}/{max}', en: '{n}/{max}' },
  saved: { zh: '已保存第 {n} 版', en: 'Version {n} saved' },
  publishedNotice: { zh: '已发布第 {n} 版', en: 'Version {n} published' },
  retiredDone: { zh: '已下架', en: 'Retired' },
  columnTitle: { zh: '标题', en: 'Title' },
  columnVersion: { zh: '版本', en: 'Version' },
  empty: { zh: '暂无文章', en: 'No articles' },
  total: { zh: '共 {n} 篇', en: '{n} articles' },
  more: { zh: '加载更多', en: 'More' },
  notFound: { zh: '文章不存在或已下架', en: 'No such article, or it was retired' },
} as const satisfies Record<string, Localized>;

export type TextKey = keyof typeof TEXT;

/** The word for `key` in the current locale, with `{name}` filled in. */
export function tr(key: TextKey, locale: string | null | undefined, values: Record<string, string | number> = {}): string {
  return pick(TEXT[key], locale).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
