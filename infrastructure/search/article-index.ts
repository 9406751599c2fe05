import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import MiniSearch, { type SearchResult } from 'minisearch';
import type { ArticleHit, ArticleSearch, ArticleSearchOptions } from '../../application/ports/article-search.js';
import type { DocumentStore } from '../../application/ports/document-store.js';
import { DOCUMENT_STORE, PROJECTION_RUNNER } from '../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../application/projection-runner.js';
import type { ArticleKind } from '../../domain/knowledge/index.js';
import { chineseWords } from './chinese-words.js';
import { occurrences, snippet } from './snippet.js';

/** The fields of an `articles` document (projections/articles.ts) the index reads. */
export interface IndexedArticle {
  readonly id: string;
  readonly kind: ArticleKind;
  readonly status: string;
  readonly version: number | null;
  readonly title: string;
  readonly body: string;
  readonly tags?: readonly string[];
}

/** What the index holds of a published article: the searched fields and what a hit shows. */
interface Entry {
  readonly id: string;
  readonly kind: ArticleKind;
  readonly version: number;
  readonly title: string;
  readonly body: string;
  /** The tags, one string. */
  readonly tags: string;
}

/** A word in the title counts three times one in the body; a tag (item code, department) twice. */
export const FIELD_WEIGHTS = { title: 3, tags: 2, body: 1 } as const;

const FIELDS = Object.keys(FIELD_WEIGHTS) as (keyof typeof FIELD_WEIGHTS)[];
/** Every field of an entry but the id, so that a hit carries what it shows and an entry can be removed exactly. */
const STORED: readonly Exclude<keyof Entry, 'id'>[] = ['kind', 'version', 'title', 'body', 'tags'];

/** The query's words, each once: a word typed twice does not count twice. */
const queryWords = (query: string) => [...new Set(chineseWords(query))];

/**
 * The published articles, searchable in Chinese: jieba words (chinese-words.ts) for the articles
 * and the queries alike, ranked by MiniSearch's BM25+ per field with the field weights above.
 * Pure and in memory: the adapter below keeps one level with the `articles` view.
 */
export class PublishedArticles {
  private readonly index = new MiniSearch<Entry>({
    fields: FIELDS,
    storeFields: [...STORED],
    tokenize: (text) => chineseWords(text),
    // chineseWords already folds width and case and drops punctuation and stop words.
    processTerm: (term) => term,
    searchOptions: {
      tokenize: queryWords,
      processTerm: (term) => term,
      boost: { ...FIELD_WEIGHTS },
      combineWith: 'OR',
      prefix: false,
      fuzzy: false,
      // MiniSearch's defaults but for b, kept at the 0.75 of the BM25 literature the index used before.
      bm25: { k: 1.2, b: 0.75, d: 0.5 },
    },
  });

  get size(): number {
    return this.index.documentCount;
  }

  /** Indexes a published article's published version; anything else leaves (or stays out of) the index. */
  apply(article: IndexedArticle | undefined, id: string): void {
    this.remove(id);
    if (!article || article.status !== 'published' || article.version === null) return;
    const { kind, version, title, body } = article;
    this.index.add({ id, kind, version, title, body, tags: (article.tags ?? []).join(' ') });
  }

  clear(): void {
    this.index.removeAll();
  }

  search(query: string, { limit, kinds }: ArticleSearchOptions): ArticleHit[] {
    const filter = kinds && kinds.length > 0 ? (result: SearchResult) => kinds.includes(result['kind'] as ArticleKind) : undefined;
    return this.index
      .search(query, filter ? { filter } : {})
      .sort((a, b) => b.score - a.score || String(a.id).localeCompare(String(b.id)))
      .slice(0, limit)
      .map((result) => {
        const { kind, version, title, body } = result as SearchResult & Entry;
        // The query's words the article has (without prefix or fuzzy search, the words matched).
        const terms = result.queryTerms;
        const passage = snippet(body, terms);
        return {
          id: String(result.id),
          version,
          kind,
          title,
          titleHighlights: occurrences(title, terms),
          snippet: passage.text,
          highlights: passage.highlights,
          terms,
          score: Math.round(result.score * 1000) / 1000,
        };
      });
  }

  /**
   * Takes an article out exactly: MiniSearch's `remove` with the entry as it was indexed (its stored
   * fields) drops its words from the index at once, where `discard` would leave them to be swept
   * later and count them meanwhile in the words' document frequencies.
   */
  private remove(id: string): void {
    const stored = this.index.getStoredFields(id) as Omit<Entry, 'id'> | undefined;
    if (stored) this.index.remove({ id, ...stored });
  }
}

/**
 * The search adapter: built from the `articles` collection when the application starts (the
 * projections have caught up by then) and kept level through the projection runner's change
 * notices. A notice only marks the article; the next search reads the marked documents first, so
 * a search after a command that settled the projections sees its effect, and a rebuild of the
 * view, which writes every article again, refreshes every entry.
 */
@Injectable()
export class ArticleIndex implements ArticleSearch, OnModuleInit, OnModuleDestroy {
  private readonly published = new PublishedArticles();
  private readonly changed = new Set<string>();
  private reloadAll = true;
  private refreshing: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = this.runner.onViewChange((change) => {
      if (change.collection === 'articles') this.changed.add(change.id);
    });
    await this.fresh();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async search(query: string, options: ArticleSearchOptions): Promise<readonly ArticleHit[]> {
    await this.fresh();
    return this.published.search(query, options);
  }

  /** Brings the index level with the view; concurrent callers share one refresh. */
  private fresh(): Promise<void> {
    if (!this.reloadAll && this.changed.size === 0 && !this.refreshing) return Promise.resolve();
    this.refreshing ??= this.refresh()
      .catch((error: unknown) => {
        // A store that failed half-way leaves a partial index: start over on the next search.
        this.reloadAll = true;
        throw error;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private async refresh(): Promise<void> {
    while (this.reloadAll || this.changed.size > 0) {
      if (this.reloadAll) {
        this.reloadAll = false;
        this.changed.clear();
        this.published.clear();
        let after: string | undefined;
        do {
          const page = await this.documents.find<IndexedArticle>('articles', { status: 'published' }, { limit: 500, ...(after ? { after } : {}) });
          for (const doc of page.items) this.published.apply(doc, doc._id);
          after = page.next;
        } while (after);
        continue;
      }
      const ids = [...this.changed];
      this.changed.clear();
      for (const id of ids) this.published.apply(await this.documents.get<IndexedArticle>('articles', id), id);
    }
  }
}
