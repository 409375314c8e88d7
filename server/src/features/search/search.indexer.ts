import { Types } from 'mongoose';
import { unavailable } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { KeyedSerialQueue } from '../../lib/mutex';
import { Draft, DraftPublication } from '../drafts/draft.model';
import { Post, type PostDoc } from '../posts/post.model';
import { Question, type QuestionDoc } from '../questions/question.model';
import { SearchEntry, SearchState } from './search.model';
import {
  allProfileEntries,
  authorLanguages,
  draftEntries,
  postEntry,
  profileEntries,
  questionBlocks,
  questionEntries,
  releaseEntries,
  replaceSourceEntries,
  workspaceEntries,
  writeEntries,
} from './search.sources';
import { textLanguageOf } from './searchText';
import { District } from '../districts/district.model';

/** Bump when entries change shape or text extraction: every workspace is rebuilt on its next search. */
export const SEARCH_INDEX_VERSION = 1;
/** Posts written per bulk write during a rebuild. */
const BATCH = 1000;
/** A draft is re-read this long after its last relayed update (drafts change many times a second). */
export const DRAFT_REINDEX_DELAY_MS = 2000;

/** Quiet time before profile entries are rebuilt after a bulk change of districts. */
export const PROFILES_REINDEX_DELAY_MS = 5000;

type State = 'absent' | 'building' | 'ready';

/** A `buildingAt` older than this (ms) is a rebuild whose process died: the key counts as absent again. */
const BUILD_STALE_MS = 10 * 60_000;

/**
 * Keeps the search projection (`searchentries`) equal to its sources.
 * - **Rebuild** (per workspace, and once for profiles): on the first search of a workspace not indexed at the
 *   current {@link SEARCH_INDEX_VERSION}, every source is read and written in batches; searches wait for it.
 * - **Live**: listeners on the owners' domain events (published after the change is durable) write the
 *   changed source's entries. Writes of one source run in order (a keyed queue); post entries are guarded by the
 *   post's `rev`, so writes of several processes never put an older state over a newer one. Until a workspace is
 *   indexed or being rebuilt by some process ({@link stateOf}), its events are skipped (the rebuild reads the
 *   stored sources anyway).
 * - **Read your writes, across processes**: a post's entry is written before its command is acknowledged
 *   (`bus.onBeforeAck`, awaited by the command pipeline), so a search answered by ANY process after the ack finds
 *   it. A search also first waits for every write this process already started ({@link settled}): other sources
 *   (questions, drafts, releases, profiles) are findable at once on the process that changed them, and on the
 *   others once their write lands.
 */
export class SearchIndexer {
  private readonly queue = new KeyedSerialQueue();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly states = new Map<string, State>();
  private readonly builds = new Map<string, Promise<void>>();
  private readonly draftTimers = new Map<string, NodeJS.Timeout>();
  private readonly authorLanguage = new Map<string, string>();
  private readonly blockOfQuestion = new Map<string, Types.ObjectId>();
  private profilesTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly logger: Logger) {}

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, (error: unknown) => {
      done();
      this.logger.error({ err: error }, 'search index write failed');
    });
    return work;
  }

  /** Resolves once every index write started before this call has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * The key's state. Only 'ready' (and this process's own 'building') is remembered; otherwise the database is read
   * each time (one read by id), because with several processes another one may start or finish a rebuild at any
   * moment: a write skipped as 'absent' is safe only if no rebuild had begun reading the sources when it was read
   * (a rebuild marks `buildingAt` before it reads them).
   */
  private async stateOf(key: string): Promise<State> {
    const known = this.states.get(key);
    if (known === 'ready' || known === 'building') return known;
    const doc = await SearchState.findById(key).lean().exec();
    if (doc?.version === SEARCH_INDEX_VERSION) {
      if (this.states.get(key) === undefined) this.states.set(key, 'ready');
      return 'ready';
    }
    const building = doc?.buildingAt && Date.now() - doc.buildingAt.getTime() < BUILD_STALE_MS;
    return building ? 'building' : 'absent';
  }

  /** Builds the key's entries unless they are current; concurrent callers share one build. */
  private ensure(key: string, build: () => Promise<void>): Promise<void> {
    const running = this.builds.get(key);
    if (running) return running;
    const started = Date.now();
    const work = (async () => {
      if ((await this.stateOf(key)) === 'ready') return;
      this.states.set(key, 'building');
      // Tell the other processes before reading the sources: from now on they write their live changes.
      await SearchState.updateOne(
        { _id: key },
        { $set: { buildingAt: new Date() }, $setOnInsert: { version: 0, at: new Date() } },
        { upsert: true },
      );
      await build();
      await SearchState.updateOne(
        { _id: key },
        { $set: { version: SEARCH_INDEX_VERSION, at: new Date() }, $unset: { buildingAt: 1 } },
        { upsert: true },
      );
      this.states.set(key, 'ready');
      this.logger.info({ key, ms: Date.now() - started }, 'search index built');
    })();
    this.builds.set(key, work);
    work.catch((error: unknown) => {
      // Logged here (a search waiting for it answers 503, see whenReady); the next search starts a new build.
      this.logger.error({ err: error, key, ms: Date.now() - started }, 'search index build failed');
      this.builds.delete(key);
      this.states.delete(key);
    });
    return work;
  }

  /** The workspace's entries are current (rebuilt first when missing or of an older version). */
  ensureWorkspace(workspaceId: Types.ObjectId): Promise<void> {
    return this.ensure(`ws:${workspaceId.toHexString()}`, () => this.rebuildWorkspace(workspaceId));
  }

  /**
   * Waits up to `waitMs` for the workspace's and the profiles' entries to be current (starting their build when
   * missing). Rejects with `unavailable` (HTTP 503, `Retry-After`) when the build is still running after `waitMs`
   * — it goes on, and a later search joins it — or when it failed (logged by {@link ensure}; the next search
   * starts a new one). Never rejects with anything else: a search must not fail with a 500 while an index builds.
   */
  async whenReady(workspaceId: Types.ObjectId, waitMs: number): Promise<void> {
    const build = Promise.all([this.ensureWorkspace(workspaceId), this.ensureProfiles()]);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      build.then(
        () => 'ready' as const,
        () => 'failed' as const,
      ),
      new Promise<'building'>((resolve) => {
        timer = setTimeout(() => resolve('building'), waitMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (outcome === 'building') {
      throw unavailable('The search index of this workspace is being built; retry in a few seconds');
    }
    if (outcome === 'failed') {
      throw unavailable('The search index of this workspace could not be built yet; retry in a few seconds');
    }
  }

  /** The district profiles' entries are current. */
  ensureProfiles(): Promise<void> {
    return this.ensure('profiles', async () => {
      await SearchEntry.collection.deleteMany({ kind: 'profile' });
      await writeEntries(await allProfileEntries(), false);
    });
  }

  private async rebuildWorkspace(workspaceId: Types.ObjectId): Promise<void> {
    await SearchEntry.collection.deleteMany({ workspaceId, kind: { $ne: 'post' } });
    await writeEntries(await workspaceEntries(workspaceId), false);
    const blocks = await questionBlocks(workspaceId);
    let batch: PostDoc[] = [];
    const flush = async () => {
      const languages = await authorLanguages(
        [...new Set(batch.map((p) => p.authorId.toHexString()))].map((id) => new Types.ObjectId(id)),
      );
      await writeEntries(
        batch.map((p) =>
          postEntry(
            p,
            languages.get(p.authorId.toHexString()) ?? 'spanish',
            blocks.get(p.questionId.toHexString()) ?? null,
          ),
        ),
        true,
      );
      batch = [];
    };
    for await (const post of Post.find({ workspaceId }).lean().cursor()) {
      batch.push(post);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
  }

  /**
   * Runs `work` for a source of `workspaceKey` (writes of one source in order) once that key is indexed or being
   * rebuilt, by any process; skipped before (the rebuild reads the stored sources anyway). Resolves when written
   * or skipped (never rejects: a failure is logged).
   */
  private live(workspaceKey: string, sourceKey: string, work: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.track(
      (async () => {
        if ((await this.stateOf(workspaceKey)) === 'absent') return;
        await this.queue.run(sourceKey, work);
      })(),
    ).catch(() => undefined);
  }

  private async languageOfAuthor(authorId: Types.ObjectId): Promise<string> {
    const key = authorId.toHexString();
    let language = this.authorLanguage.get(key);
    if (!language) {
      language = (await authorLanguages([authorId])).get(key) ?? textLanguageOf(null);
      if (this.authorLanguage.size > 10_000) this.authorLanguage.clear();
      this.authorLanguage.set(key, language);
    }
    return language;
  }

  private async blockOf(questionId: Types.ObjectId): Promise<Types.ObjectId | null> {
    const key = questionId.toHexString();
    let block = this.blockOfQuestion.get(key);
    if (!block) {
      const q = await Question.findById(questionId, { blockId: 1 }).lean().exec();
      if (!q) return null;
      block = q.blockId;
      if (this.blockOfQuestion.size > 10_000) this.blockOfQuestion.clear();
      this.blockOfQuestion.set(key, block);
    }
    return block;
  }

  /**
   * A post was created, edited, hidden, unhidden or deleted (the event carries the stored post). Resolves once its
   * entry is written: the command pipeline awaits it before the ack (`bus.onBeforeAck`), so the post is findable by
   * a search any process answers after the acknowledgement (issue 14).
   */
  onPost(post: PostDoc): Promise<void> {
    return this.live(`ws:${post.workspaceId.toHexString()}`, `post:${post._id.toHexString()}`, async () => {
      const [language, blockId] = await Promise.all([
        this.languageOfAuthor(post.authorId),
        this.blockOf(post.questionId),
      ]);
      await writeEntries([postEntry(post, language, blockId)], true);
    });
  }

  /** A question changed (its text may have been translated). */
  onQuestion(question: QuestionDoc): void {
    void this.live(
      `ws:${question.workspaceId.toHexString()}`,
      `question:${question._id.toHexString()}`,
      async () => replaceSourceEntries(question._id, questionEntries(question)),
    );
  }

  /** A draft's text or title changed: re-read it after {@link DRAFT_REINDEX_DELAY_MS} of quiet. */
  onDraft(draftId: string, delay = DRAFT_REINDEX_DELAY_MS): void {
    if (this.closed) return;
    clearTimeout(this.draftTimers.get(draftId));
    const run = () => {
      this.draftTimers.delete(draftId);
      void this.track(
        (async () => {
          const draft = await Draft.findById(draftId).lean().exec();
          if (!draft) return;
          void this.live(`ws:${draft.workspaceId.toHexString()}`, `draft:${draftId}`, async () =>
            replaceSourceEntries(draft._id, await draftEntries(draft)),
          );
        })(),
      );
    };
    if (delay <= 0) run();
    else this.draftTimers.set(draftId, setTimeout(run, delay).unref());
  }

  /** A release was published. */
  onRelease(draftId: string, number: number): void {
    void this.track(
      (async () => {
        const p = await DraftPublication.findOne({ draftId: new Types.ObjectId(draftId), number })
          .lean()
          .exec();
        if (!p) return;
        void this.live(`ws:${p.workspaceId.toHexString()}`, `release:${p._id.toHexString()}`, async () =>
          writeEntries(releaseEntries(p), false),
        );
      })(),
    );
  }

  /** A district profile changed. */
  onDistrict(districtId: string): void {
    void this.live('profiles', `profile:${districtId}`, async () => {
      const d = await District.findById(districtId).lean().exec();
      if (!d) await SearchEntry.collection.deleteMany({ sourceId: new Types.ObjectId(districtId) });
      else {
        await replaceSourceEntries(d._id, profileEntries(d));
      }
    });
  }

  /**
   * Districts changed in bulk (a CSV import publishes only the new completeness): all profile entries are rebuilt
   * after {@link PROFILES_REINDEX_DELAY_MS} of quiet.
   */
  onDistrictsBulk(): void {
    if (this.closed) return;
    clearTimeout(this.profilesTimer);
    this.profilesTimer = setTimeout(() => {
      this.profilesTimer = undefined;
      void this.live('profiles', 'profiles', async () => {
        await writeEntries(await allProfileEntries(), false);
      });
    }, PROFILES_REINDEX_DELAY_MS).unref();
  }

  /** Stops timers and waits for writes in flight (the server closes while the database is still open). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.draftTimers.values()) clearTimeout(t);
    this.draftTimers.clear();
    clearTimeout(this.profilesTimer);
    await this.settled();
  }
}
