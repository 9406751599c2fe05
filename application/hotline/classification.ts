import { Inject } from '@nestjs/common';
import { Command, CommandHandler, IQueryHandler, Query, QueryHandler, type ICommandHandler } from '@nestjs/cqrs';
import { categoryRef, classificationDecider, classificationStreamId, districtRef, type CategoryRef, type ClassificationCommand, type DistrictRef } from '../../domain/hotline/index.js';
import { CommandPipeline, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import type { DocumentStore } from '../ports/document-store.js';
import { COMMAND_PIPELINE, DOCUMENT_STORE } from '../ports/tokens.js';
import { CATEGORIES, DISTRICTS, type CategoryDoc, type DistrictDoc } from './ticket-doc.js';

/** The classification is small (a few hundred categories at most): read whole. */
const ALL = 10_000;

/** The category tree and the district list as the read model holds them. */
export interface Classification {
  readonly categories: Readonly<Record<string, CategoryDoc>>;
  readonly districts: Readonly<Record<string, DistrictDoc>>;
}

export async function loadClassification(documents: DocumentStore): Promise<Classification> {
  const [categories, districts] = await Promise.all([
    documents.find<CategoryDoc>(CATEGORIES, {}, { limit: ALL }),
    documents.find<DistrictDoc>(DISTRICTS, {}, { limit: ALL }),
  ]);
  return {
    categories: Object.fromEntries(categories.items.map((c) => [c.code, c])),
    districts: Object.fromEntries(districts.items.map((d) => [d.code, d])),
  };
}

/** A category and a district by code, as a ticket records them; absent when unknown or retired. */
export async function resolveClassification(documents: DocumentStore, categoryCode: string, districtCode: string): Promise<{ category?: CategoryRef; district?: DistrictRef }> {
  const { categories, districts } = await loadClassification(documents);
  const category = categoryRef(categories, categoryCode);
  const district = districtRef(districts, districtCode);
  return { ...(category ? { category } : {}), ...(district ? { district } : {}) };
}

/** Add, rename, move or retire a category or a district. */
export class ClassificationCommandCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly command: ClassificationCommand,
  ) {
    super();
  }
}

@CommandHandler(ClassificationCommandCommand)
export class ClassificationCommandHandler implements ICommandHandler<ClassificationCommandCommand> {
  constructor(@Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline) {}

  execute({ issued, command }: ClassificationCommandCommand) {
    return this.pipeline.handle({ decider: classificationDecider }, classificationStreamId(), { ...issued, command });
  }
}

/** A node of the category tree as the API shows it: with its path, and its subcategories. */
export interface CategoryNodeView {
  code: string;
  name: string;
  parentCode: string | null;
  active: boolean;
  path: string[];
  pathNames: string[];
  children: CategoryNodeView[];
}

/** The category tree, roots first; retired categories only when asked for. */
export class ListCategoriesQuery extends Query<{ tree: CategoryNodeView[]; items: Omit<CategoryNodeView, 'children'>[] }> {
  constructor(readonly includeRetired = false) {
    super();
  }
}

export class ListDistrictsQuery extends Query<{ items: { code: string; name: string; active: boolean }[] }> {
  constructor(readonly includeRetired = false) {
    super();
  }
}

@QueryHandler(ListCategoriesQuery)
export class ListCategoriesHandler implements IQueryHandler<ListCategoriesQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ includeRetired }: ListCategoriesQuery) {
    const { categories } = await loadClassification(this.documents);
    const shown = Object.values(categories).filter((c) => includeRetired || c.active);
    const pathOf = (code: string) => {
      const path: string[] = [];
      for (let at: string | null = code; at !== null && !path.includes(at); at = categories[at]?.parentCode ?? null) path.unshift(at);
      return path;
    };
    const nodes = new Map<string, CategoryNodeView>(
      shown
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((c) => {
          const path = pathOf(c.code);
          return [c.code, { code: c.code, name: c.name, parentCode: c.parentCode, active: c.active, path, pathNames: path.map((p) => categories[p]?.name ?? p), children: [] }];
        }),
    );
    const tree: CategoryNodeView[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
      (parent ? parent.children : tree).push(node);
    }
    const items = [...nodes.values()].map(({ children: _, ...rest }) => rest);
    return { tree, items };
  }
}

@QueryHandler(ListDistrictsQuery)
export class ListDistrictsHandler implements IQueryHandler<ListDistrictsQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ includeRetired }: ListDistrictsQuery) {
    const { districts } = await loadClassification(this.documents);
    const items = Object.values(districts)
      .filter((d) => includeRetired || d.active)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(({ code, name, active }) => ({ code, name, active }));
    return { items };
  }
}

export const classificationHandlers = [ClassificationCommandHandler, ListCategoriesHandler, ListDistrictsHandler];
