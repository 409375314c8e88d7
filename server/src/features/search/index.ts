import { defineFeature } from '../../contracts/feature';
import type { DraftsEvent } from '../drafts/events';
import type { PostsEvent } from '../posts/events';
import type { DistrictChanged, DistrictsProgressed } from '../profiles/events';
import type { QuestionChanged } from '../questions/events';
import { SearchIndexer } from './search.indexer';
import { searchRoutes } from './search.routes';

/**
 * Search across a workspace (issue 13.4): a projection of posts, questions, drafts, releases and district
 * profiles (`searchentries`, one MongoDB text index) fed by the owners' domain events; `GET …/search`.
 */
export const search = defineFeature({
  name: 'search',
  setup: (ctx) => {
    const indexer = new SearchIndexer(ctx.logger);
    // Before the ack (issue 14): a post acknowledged by one process is findable by a search on any other.
    ctx.bus.onBeforeAck<PostsEvent>('post.changed', ({ kind, post }) =>
      kind !== 'reacted' ? indexer.onPost(post) : undefined,
    );
    ctx.bus.on<QuestionChanged>('question.changed', ({ question }) => indexer.onQuestion(question));
    ctx.bus.on<DistrictChanged>('district.changed', ({ fact }) => indexer.onDistrict(fact.district.id));
    // Per-district facts already refreshed their entries; only a bulk write (no facts) needs the full rebuild.
    ctx.bus.on<DistrictsProgressed>('districts.progressed', ({ bulk }) => {
      if (bulk) indexer.onDistrictsBulk();
    });
    ctx.bus.subscribe((event) => {
      const e = event as DraftsEvent;
      if (e.type === 'draft.relayed' && e.emission[0] === 'draft:sync')
        indexer.onDraft(e.emission[1].draftId);
      else if (e.type === 'draft.updated') indexer.onDraft(e.draft.id, 0);
      else if (e.type === 'draft.published') indexer.onRelease(e.draftId, e.publication.number);
    });
    return { routes: searchRoutes(indexer), close: () => indexer.close() };
  },
});
