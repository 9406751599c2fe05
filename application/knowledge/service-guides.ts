import { catalogDecider, type CatalogEvent, type ItemState } from '../../domain/catalog/index.js';
import type { DepartmentEvent } from '../../domain/identity/index.js';
import { articleDecider, articleStreamId, serviceGuide, serviceGuideId, type GuideDepartment, type PublishServiceGuide, type RetireArticle } from '../../domain/knowledge/index.js';
import { fold } from '../../domain/shared/decider.js';
import type { CommandPipeline } from '../command-pipeline.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import { PROCESS_ROLE, type ProcessManager } from '../process-manager.js';

const NAME = 'service-guides';

/** The catalog events that change what a guide says or whether it is shown. */
const GUIDE_EVENTS = new Set<CatalogEvent['type']>(['ItemPublished', 'ItemSuspended', 'ItemResumed', 'ItemRetired']);

/**
 * 办事指南 follow the catalog: when an item is published (its first version or a revision),
 * suspended or resumed, its guide (`article-guide-<code>`) is written or revised from the item as
 * it stood at that event and published; when the item is retired, so is its guide. Drafts and
 * versions still in legal review never reach the knowledge base.
 *
 * The item is folded from its own stream up to the event, so a replay from the start writes the
 * guide each event would have written; command ids repeat on replay, and an unchanged guide is
 * not revised. A refusal is not expected (the catalog checked the item): it stops this process.
 */
export function serviceGuides(pipeline: CommandPipeline, events: EventStore): ProcessManager {
  const actor = { id: `process:${NAME}`, role: PROCESS_ROLE };
  return {
    name: NAME,
    version: 1,
    categories: ['item'],
    actor,
    async react(event, reaction) {
      if (!GUIDE_EVENTS.has(event.type as CatalogEvent['type'])) return;
      const code = (event.data as CatalogEvent['data']).code;
      const articleId = serviceGuideId(code);
      if (event.type === 'ItemRetired') {
        const command: RetireArticle = { type: 'RetireArticle', data: { articleId, reason: `事项已取消：${(event.data as { reason: string }).reason}`.slice(0, 500) } };
        const outcome = await pipeline.handle({ decider: articleDecider }, articleStreamId(articleId), reaction.envelope('retire', command));
        // An item retired before this process first ran had no guide to retire.
        if (!outcome.ok && outcome.error.code !== 'article.not_found' && outcome.error.code !== 'article.retired') fail(code, outcome.error.code, outcome.error.message.en);
        return;
      }
      const item = await itemAsOf(events, event);
      if (item.status === 'none' || !('published' in item) || item.status === 'retired') return;
      const data = serviceGuide(
        { definition: item.published.definition, version: item.published.version, ...(item.status === 'suspended' && item.suspendedReason ? { suspendedReason: item.suspendedReason } : {}) },
        await department(events, item.published.definition.department),
      );
      const command: PublishServiceGuide = { type: 'PublishServiceGuide', data };
      const outcome = await pipeline.handle({ decider: articleDecider }, articleStreamId(articleId), reaction.envelope('guide', command));
      if (!outcome.ok) fail(code, outcome.error.code, outcome.error.message.en);
    },
  };
}

/** The item as it stood right after the event. */
async function itemAsOf(events: EventStore, event: RecordedEvent): Promise<ItemState> {
  const stream = await events.readStream(event.streamId, { maxCount: event.revision + 1 });
  return fold(
    catalogDecider,
    stream.filter((e) => e.revision <= event.revision).map((e) => ({ type: e.type, data: e.data }) as CatalogEvent),
  );
}

/** The department's name and windows, from its own stream (`department-<code>`). */
async function department(events: EventStore, code: string): Promise<GuideDepartment | undefined> {
  const stream = (await events.readStream(`department-${code}`)).map((e) => ({ type: e.type, data: e.data }) as DepartmentEvent);
  let found: { name: string; windows: { code: string; name: string }[] } | undefined;
  for (const e of stream) {
    if (e.type === 'DepartmentCreated') found = { name: e.data.name, windows: [...e.data.windows] };
    else if (e.type === 'WindowOpened' && found) found.windows.push(e.data.window);
  }
  return found;
}

function fail(code: string, errorCode: string, message: string): never {
  throw new Error(`the service guide of item ${code} was not brought level with the catalog: ${errorCode} — ${message}`);
}
