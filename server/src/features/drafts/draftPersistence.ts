import mongoose, { Types } from 'mongoose';
import * as Y from 'yjs';
import type { Logger } from '../../lib/logger';
import { KeyedSerialQueue } from '../../lib/mutex';
import { recordAudit } from '../audit/audit.service';
import { Draft, DraftSnapshot, DraftUpdate } from './draft.model';
import { DRAFT_FRAGMENT } from '@polos/shared';
import { Post } from '../posts/post.model';
import { inspectFragment, isClean, repairDraftDoc, type ProvenanceSigner } from './draftDocument';
import { foldOffThread } from './draftFold';
import { workerLogStore, type LogDocument, type LogStore } from './draftLogWorker';

/** One accepted update waiting to be appended to the log. */
export interface LogEntry {
  draftId: Types.ObjectId;
  update: Uint8Array;
  userId: Types.ObjectId | null;
  /** Where the entry's id goes once durable (the loaded room whose document holds the update). */
  written?: WrittenIds;
}

/** Most entry ids tracked per loaded draft between two compactions (a compaction that keeps failing stops it). */
const MAX_TRACKED_IDS = 50_000;

/**
 * The log entries one loaded copy of a draft holds in its document — its loaded tail and the entries its writer made
 * durable since — which a compaction from that document may remove (`compactFromState`). Per loaded copy, not per
 * draft: an append still in flight for a copy that was dropped must not be credited to its reloaded successor.
 */
export class WrittenIds {
  private ids: Types.ObjectId[];
  private overflow: boolean;

  constructor(initial: readonly Types.ObjectId[] = []) {
    this.ids = [...initial];
    this.overflow = this.ids.length > MAX_TRACKED_IDS;
  }

  add(id: Types.ObjectId): void {
    if (this.ids.length >= MAX_TRACKED_IDS) this.overflow = true;
    else this.ids.push(id);
  }

  /** Puts back ids a failed compaction took (they stay in the log, and in the document). */
  giveBack(ids: readonly Types.ObjectId[]): void {
    this.ids = [...ids, ...this.ids];
    if (this.ids.length > MAX_TRACKED_IDS) this.overflow = true;
  }

  /** The ids since the last call (emptied), or null after an overflow (compact from the log; tracking restarts). */
  take(): Types.ObjectId[] | null {
    const taken = this.overflow ? null : this.ids;
    this.ids = [];
    this.overflow = false;
    return taken;
  }
}

/** A draft as stored: snapshot + tail, applied into a fresh document. */
export interface LoadedDraft {
  doc: Y.Doc;
  /** Log entries applied on top of the snapshot (the tail). */
  tailLength: number;
  /** Their ids, ascending. */
  tailIds: Types.ObjectId[];
  /** Snapshot revision read (0 = no snapshot yet). */
  snapshotRev: number;
  /** What loading dropped from a stored state the editor cannot represent (null: nothing). */
  repaired: DraftRepair | null;
}

/** What a load repair dropped. */
export interface DraftRepair {
  /** Nodes the editor schema cannot represent (e.g. text at the top level), removed with their content. */
  droppedNodes: number;
  /** Quotes whose provenance had no server signature and names no post of the draft's workspace: plain quotes now. */
  unsignedQuotes: number;
  /**
   * Quotes without a signature whose provenance is true — the post exists in the draft's workspace, in that
   * question, by that author (quotes made before provenance was signed): signed now, kept as sourced quotes.
   */
  signedLegacyQuotes: number;
}

/**
 * Signs the provenance of unsigned quotes that the database confirms (see `DraftRepair.signedLegacyQuotes`), in
 * place; returns how many. Costs one query, only when a draft holds unsigned provenance.
 */
async function signLegacyQuotes(
  doc: Y.Doc,
  draftId: Types.ObjectId,
  signer: ProvenanceSigner,
): Promise<number> {
  const unsigned = inspectFragment(doc.getXmlFragment(DRAFT_FRAGMENT), signer).unsignedProvenance;
  const claims = unsigned.flatMap((quote) => {
    const postId = quote.getAttribute('source');
    const questionId = quote.getAttribute('sourceQuestion');
    const authorName = quote.getAttribute('sourceAuthor');
    return typeof postId === 'string' &&
      Types.ObjectId.isValid(postId) &&
      typeof questionId === 'string' &&
      typeof authorName === 'string'
      ? [{ quote, source: { postId, questionId, authorName } }]
      : [];
  });
  if (claims.length === 0) return 0;
  const draft = await Draft.findById(draftId, { workspaceId: 1 }).lean().exec();
  if (!draft) return 0;
  const posts = await Post.find(
    {
      _id: mongoose.trusted({ $in: claims.map((c) => new Types.ObjectId(c.source.postId)) }),
      workspaceId: draft.workspaceId,
    },
    { questionId: 1, authorName: 1 },
  )
    .lean()
    .exec();
  const byId = new Map(posts.map((post) => [post._id.toHexString(), post]));
  let signed = 0;
  doc.transact(() => {
    for (const { quote, source } of claims) {
      const post = byId.get(source.postId);
      if (post?.questionId.toHexString() !== source.questionId || post.authorName !== source.authorName)
        continue;
      quote.setAttribute('sourceSig', signer.sign(source));
      signed += 1;
    }
  }, 'repair');
  return signed;
}

/** Actor of audit entries the server writes by itself. */
const SYSTEM_ACTOR = { userId: new Types.ObjectId('000000000000000000000000'), name: 'Polos' };

export interface CompactionResult {
  /** Log entries folded into the new snapshot and removed (0 = nothing to do). */
  folded: number;
  /** Size of the new snapshot in bytes (0 when nothing was done). */
  snapshotBytes: number;
  /** Revision of the stored snapshot afterwards (0: none). */
  rev: number;
}

/** Most retries of a load or compaction that raced another compaction. */
const MAX_RACE_RETRIES = 8;
/** Ids per `deleteMany` when removing folded entries. */
const DELETE_BATCH = 1000;

/** Normalises what the driver returns for a binary field (Buffer or BSON Binary) to bytes. */
export function asBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const binary = value as { buffer?: unknown; position?: number } | null;
  if (binary && binary.buffer instanceof Uint8Array) {
    return typeof binary.position === 'number' ? binary.buffer.subarray(0, binary.position) : binary.buffer;
  }
  throw new TypeError('stored draft bytes are not binary');
}

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Tuning of a {@link DraftLogWriter}. */
export interface LogWriterOptions {
  /** Most entries per `insertMany`. Default 500. */
  maxBatch?: number;
  /**
   * Commit delay (ms): while several sources (sockets) are appending, an entry waits up to this long (from the
   * oldest pending entry) so the others' entries join its insert. Default {@link DEFAULT_COMMIT_DELAY_MS}; 0 writes
   * as soon as the previous insert finished.
   */
  commitDelayMs?: number;
  /** Where batches go. Default {@link collectionLogStore} (mongoose's connection, on this thread). */
  store?: LogStore;
}

/** The in-process {@link LogStore}: `insertMany` through mongoose's connection on the calling thread. */
export function collectionLogStore(): LogStore {
  return {
    async insert(documents: readonly LogDocument[], at: Date) {
      await DraftUpdate.collection.insertMany(
        documents.map((document) => ({ ...document, update: toBuffer(document.update), at })),
        { ordered: true },
      );
    },
    close: () => Promise.resolve(),
  };
}

/**
 * The {@link LogStore} on a worker thread with its own connection to `uri` (the app's database URI), writing the
 * database and collection mongoose's `DraftUpdate` uses (see `draftLogWorker.ts` for why).
 */
export function threadedLogStore(uri: string): LogStore {
  return workerLogStore(() => ({
    uri,
    dbName: DraftUpdate.db.name,
    collection: DraftUpdate.collection.collectionName,
  }));
}

/**
 * Default commit delay. Why: each insert costs the app ~0.4–0.5 ms of CPU in the driver (command, BSON, response,
 * session) whatever its size, ~0.05–0.1 ms per entry in a batch of ten (`bench/drafts`, 2026-11-30). One insert per
 * keystroke made the driver the largest cost on the event loop that also relays the keystrokes. 50 ms groups ~5
 * entries per insert at 20 editors typing (100 updates/s), ~12 at 50; with 20 ms, 20 editors still paid ~0.25 ms
 * per keystroke (relay bench at 20 editors, same run: server CPU per update 2.19 → 1.90 ms, p99 ratio 1.35 →
 * 1.25). The relay does not wait for it, only the ack (then up to 50 ms later while several people type).
 */
export const DEFAULT_COMMIT_DELAY_MS = 50;

/** A source that appended within this long of another source's append counts as a sibling (ms). */
const SIBLING_WINDOW_MS = 250;

interface PendingAppend {
  entry: LogEntry;
  /** performance.now() when submitted. */
  at: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit of the update log: entries submitted while a write is in flight, or within the commit delay while
 * several sources append, are appended together in one `insertMany` (PostgreSQL's `commit_delay` with
 * `commit_siblings`, in short). A lone source — one editor, or a test awaiting each ack — is written at once, as
 * is everything when someone waits for {@link flushed}. `append` resolves only when the entry is durable
 * (acknowledged by the database). Batches are written one at a time, in order.
 */
export class DraftLogWriter {
  private pending: PendingAppend[] = [];
  private writing = false;
  private idleWaiters: Array<() => void> = [];
  private readonly maxBatch: number;
  private readonly commitDelayMs: number;
  private readonly store: LogStore;
  /** The last source that appended, and when a different source last appended (performance.now()). */
  private lastSource: string | null = null;
  private siblingAt = Number.NEGATIVE_INFINITY;
  /** Ends the current commit delay early (set while waiting). */
  private cutDelay: (() => void) | null = null;

  constructor(options: LogWriterOptions = {}) {
    this.maxBatch = options.maxBatch ?? 500;
    this.commitDelayMs = options.commitDelayMs ?? DEFAULT_COMMIT_DELAY_MS;
    this.store = options.store ?? collectionLogStore();
  }

  /**
   * Appends one entry; resolves once it is durable, rejects with the database's error. `source` (e.g. the
   * sending socket's id) tells the writer whether several sources are appending (then it may batch them).
   */
  append(entry: LogEntry, source?: string): Promise<void> {
    const at = performance.now();
    if (source !== undefined && source !== this.lastSource) {
      if (this.lastSource !== null) this.siblingAt = at;
      this.lastSource = source;
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ entry, at, resolve, reject });
      if (!this.writing) this.schedule();
      else if (this.pending.length >= this.maxBatch) this.cutDelay?.();
    });
  }

  /** Writes what is pending, then stops the store (later appends reject). */
  async close(): Promise<void> {
    await this.flushed();
    await this.store.close();
  }

  /** Resolves once everything submitted so far is written (or failed); cuts a commit delay short. */
  flushed(): Promise<void> {
    if (!this.writing && this.pending.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.cutDelay?.();
    });
  }

  private schedule(): void {
    this.writing = true;
    // One macrotask lets the updates of the same burst (same socket read) join the batch.
    setImmediate(() => void this.writeLoop());
  }

  /** How long the oldest pending entry may still wait for others (0: write now). */
  private delayFor(oldestAt: number): number {
    if (this.commitDelayMs <= 0 || this.idleWaiters.length > 0 || this.pending.length >= this.maxBatch)
      return 0;
    const now = performance.now();
    if (now - this.siblingAt > SIBLING_WINDOW_MS) return 0; // a lone source: waiting would only delay its ack
    return Math.max(0, oldestAt + this.commitDelayMs - now);
  }

  private async writeLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const wait = this.delayFor(this.pending[0]?.at ?? 0);
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => resolve(), wait);
          this.cutDelay = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.cutDelay = null;
      }
      const batch = this.pending.splice(0, this.maxBatch);
      const documents: LogDocument[] = batch.map(({ entry }) => ({
        _id: new Types.ObjectId(),
        draftId: entry.draftId,
        update: entry.update,
        userId: entry.userId,
      }));
      try {
        await this.store.insert(documents, new Date());
        batch.forEach((item, i) => item.entry.written?.add(documents[i]._id));
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.writing = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** Log entries per reply when reading a draft's log (a reply is decoded in one go on the event loop). */
const LOG_READ_BATCH = 200;

interface StoredState {
  snapshot: { state: Uint8Array; rev: number } | null;
  entries: Array<{ _id: Types.ObjectId; update: Uint8Array }>;
}

/**
 * Reads log, then snapshot. This order is consistent without a retry: a compaction stores its snapshot
 * before deleting the entries it folded, so any entry missing from the log read was deleted after a
 * snapshot containing it had been stored — and the snapshot read, which comes later, sees that snapshot
 * or a newer one (each includes its predecessor). Entries present in both are harmless: re-applying a Yjs
 * update is idempotent.
 */
async function readStoredState(draftId: Types.ObjectId): Promise<StoredState> {
  // Bounded batches: the driver decodes a whole reply at once, and with its default batches the one getMore
  // holding 10,000 entries blocked the event loop ~200 ms (bench/drafts/compactionStall.ts); between batches
  // the loop runs (each getMore is a round trip).
  const rows = await DraftUpdate.collection
    .find({ draftId }, { projection: { _id: 1, update: 1 }, sort: { _id: 1 }, batchSize: LOG_READ_BATCH })
    .toArray();
  const snapshot = await readSnapshot(draftId);
  return {
    snapshot,
    entries: rows.map((row) => ({ _id: row._id, update: asBytes(row.update) })),
  };
}

async function readSnapshot(draftId: Types.ObjectId): Promise<{ state: Uint8Array; rev: number } | null> {
  const row = await DraftSnapshot.collection.findOne({ _id: draftId });
  return row ? { state: asBytes(row.state), rev: Number(row.rev) } : null;
}

function buildDoc(stored: StoredState): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot.state);
  // One transaction: out-of-order entries resolve each other's dependencies.
  Y.transact(doc, () => {
    for (const entry of stored.entries) Y.applyUpdate(doc, entry.update);
  });
  return doc;
}

/**
 * Loads a draft = snapshot + log tail. With `repair`, a stored state the editor schema cannot represent (written
 * before the update guard checked the schema, or by hand) is repaired so the draft opens for everyone: the
 * unrepresentable nodes are dropped and unsigned provenance removed, the repair is appended to the log as an
 * ordinary update (durable before the room serves anyone, and synced to every editor's copy), and moderators are
 * told — a warning in the log and a `draft.repaired` audit entry of the draft's workspace.
 */
export async function loadDraft(
  draftId: Types.ObjectId,
  repair?: { signer: ProvenanceSigner; logger: Logger },
): Promise<LoadedDraft> {
  const stored = await readStoredState(draftId);
  const doc = buildDoc(stored);
  const loaded: LoadedDraft = {
    doc,
    tailLength: stored.entries.length,
    tailIds: stored.entries.map((entry) => entry._id),
    snapshotRev: stored.snapshot?.rev ?? 0,
    repaired: null,
  };
  if (!repair) return loaded;
  const before = Y.encodeStateVector(doc);
  const signedLegacyQuotes = await signLegacyQuotes(doc, draftId, repair.signer);
  const problems = repairDraftDoc(doc, repair.signer);
  if (isClean(problems) && signedLegacyQuotes === 0) return loaded;
  const update = Y.encodeStateAsUpdate(doc, before);
  await DraftUpdate.collection.insertOne({
    _id: new Types.ObjectId(),
    draftId,
    update: toBuffer(update),
    userId: null,
    at: new Date(),
  });
  loaded.repaired = {
    droppedNodes: problems.unrepresentable.length,
    unsignedQuotes: problems.unsignedProvenance.length,
    signedLegacyQuotes,
  };
  if (isClean(problems)) {
    repair.logger.info({ draftId: draftId.toHexString(), signedLegacyQuotes }, 'draft quotes signed on load');
    return loaded;
  }
  repair.logger.warn(
    { draftId: draftId.toHexString(), ...loaded.repaired },
    'draft repaired on load: content the editor cannot show was dropped',
  );
  const draft = await Draft.findById(draftId, { workspaceId: 1 }).lean().exec();
  if (draft)
    await recordAudit(
      draft.workspaceId,
      SYSTEM_ACTOR,
      'draft.repaired',
      { type: 'draft', id: draftId },
      {
        ...loaded.repaired,
      },
    );
  return loaded;
}

/** Number of log entries not yet folded into the snapshot. */
export function countLogEntries(draftId: Types.ObjectId): Promise<number> {
  return DraftUpdate.collection.countDocuments({ draftId });
}

const compactions = new KeyedSerialQueue();

/** Points inside a compaction where tests interleave other work deterministically. */
export interface CompactionHooks {
  /** Awaited after each read of log + snapshot, before the fold (e.g. to append entries "during" it). */
  afterRead?: () => Promise<void>;
}

/**
 * Folds snapshot + the log entries present now into a new snapshot (`encodeStateAsUpdateV2`: deleted
 * content is garbage-collected, unlike `mergeUpdates`), then deletes exactly the entries it folded. Entries
 * appended meanwhile stay in the log. Safe against a crash at any point (an entry is deleted only after a
 * snapshot containing it is stored; re-applying a Yjs update is idempotent) and against concurrent
 * compactions (serialised in-process; across processes the snapshot write is conditional on its `rev`).
 *
 * Off the event loop where it counts: the log is read in batches of {@link LOG_READ_BATCH} (each reply decoded
 * between round trips) and the fold — applying snapshot + entries to a fresh document and encoding it — runs on
 * the process's fold worker thread (`draftFold.ts`); this thread only copies the bytes there and back and does
 * the writes. Resolves `{ folded, snapshotBytes }` (`folded` 0: the log was empty).
 * @throws (rejects) on a database error, a stored update Yjs cannot apply, a dead fold worker, or after
 *   {@link MAX_RACE_RETRIES} lost races; the log then still holds every entry.
 */
export function compactDraft(
  draftId: Types.ObjectId,
  hooks: CompactionHooks = {},
): Promise<CompactionResult> {
  return compactions.run(draftId.toHexString(), async () => {
    for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt += 1) {
      const stored = await readStoredState(draftId);
      if (stored.entries.length === 0) return { folded: 0, snapshotBytes: 0, rev: stored.snapshot?.rev ?? 0 };
      await hooks.afterRead?.();
      // The fold (apply + encode) runs on the fold worker: on this thread it stalled the relays for tens to
      // hundreds of ms per compaction (docs/ARCHITECTURE.md, drafts, "Compaction").
      const state = toBuffer(
        await foldOffThread(
          stored.snapshot?.state ?? null,
          stored.entries.map((entry) => entry.update),
        ),
      );
      const folded = stored.entries.length;
      const at = new Date();
      if (stored.snapshot) {
        const result = await DraftSnapshot.collection.updateOne(
          { _id: draftId, rev: stored.snapshot.rev },
          { $set: { state, rev: stored.snapshot.rev + 1, at }, $inc: { foldedUpdates: folded } },
        );
        if (result.matchedCount === 0) continue;
      } else {
        try {
          await DraftSnapshot.collection.insertOne({
            _id: draftId,
            state,
            rev: 1,
            foldedUpdates: folded,
            at,
          });
        } catch (error) {
          if ((error as { code?: unknown }).code === 11000) continue;
          throw error;
        }
      }
      await deleteFolded(
        draftId,
        stored.entries.map((entry) => entry._id),
      );
      return { folded, snapshotBytes: state.byteLength, rev: (stored.snapshot?.rev ?? 0) + 1 };
    }
    throw new Error('draft compaction kept racing');
  });
}

/**
 * Compaction from the live document, for a process that is the only writer of the draft (no cross-process relay):
 * stores `state` (`Y.encodeStateAsUpdateV2` of its document) as the snapshot if the stored one is still revision
 * `knownRev` (the one it loaded or last wrote, so `state` contains it), then deletes `ids` — entries it applied to
 * that document before encoding it (the loaded tail and the entries its writer made durable). Nothing is read back
 * from the log, and nothing runs off the event loop but the writes. Entries appended meanwhile, or by anyone else,
 * stay in the log. Crash-safe in the same way as {@link compactDraft} (snapshot before deletion; re-applying is
 * idempotent). Resolves null when the snapshot moved on (another compaction): the caller compacts from the log.
 * @throws (rejects) on a database error; the log then still holds every entry.
 */
export function compactFromState(
  draftId: Types.ObjectId,
  state: Uint8Array,
  knownRev: number,
  ids: readonly Types.ObjectId[],
): Promise<CompactionResult | null> {
  return compactions.run(draftId.toHexString(), async () => {
    const bytes = toBuffer(state);
    const at = new Date();
    if (knownRev > 0) {
      const result = await DraftSnapshot.collection.updateOne(
        { _id: draftId, rev: knownRev },
        { $set: { state: bytes, rev: knownRev + 1, at }, $inc: { foldedUpdates: ids.length } },
      );
      if (result.matchedCount === 0) return null;
    } else {
      try {
        await DraftSnapshot.collection.insertOne({
          _id: draftId,
          state: bytes,
          rev: 1,
          foldedUpdates: ids.length,
          at,
        });
      } catch (error) {
        if ((error as { code?: unknown }).code === 11000) return null;
        throw error;
      }
    }
    await deleteFolded(draftId, ascending(ids));
    return { folded: ids.length, snapshotBytes: bytes.byteLength, rev: knownRev + 1 };
  });
}

/** `ids` in ascending order (they usually are: the tail is read in order and one writer issues increasing ids). */
function ascending(ids: readonly Types.ObjectId[]): Types.ObjectId[] {
  const compare = (a: Types.ObjectId, b: Types.ObjectId) => Buffer.compare(a.id, b.id);
  for (let i = 1; i < ids.length; i += 1) if (compare(ids[i - 1], ids[i]) > 0) return [...ids].sort(compare);
  return [...ids];
}

/**
 * Deletes exactly the folded entries. `ids` are sorted; this process's writer issues ids in increasing order
 * one batch at a time, so entries appended after the read have larger ids. When the id range holds exactly
 * the folded entries (checked by count) it is deleted as a range (one index scan); otherwise (another writer
 * interleaved ids, or entries already gone) by id lists.
 */
async function deleteFolded(draftId: Types.ObjectId, ids: Types.ObjectId[]): Promise<void> {
  const first = ids[0];
  const last = ids[ids.length - 1];
  if (!first || !last) return;
  const range = { draftId, _id: { $gte: first, $lte: last } };
  if ((await DraftUpdate.collection.countDocuments(range)) === ids.length) {
    await DraftUpdate.collection.deleteMany(range);
    return;
  }
  for (let i = 0; i < ids.length; i += DELETE_BATCH) {
    await DraftUpdate.collection.deleteMany({ draftId, _id: { $in: ids.slice(i, i + DELETE_BATCH) } });
  }
}

/** Removes every stored trace of a draft's document (tests and draft deletion). */
export async function deleteDraftState(draftId: Types.ObjectId): Promise<void> {
  await DraftUpdate.collection.deleteMany({ draftId });
  await DraftSnapshot.collection.deleteOne({ _id: draftId });
}
