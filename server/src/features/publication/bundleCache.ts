import { createHash } from 'node:crypto';
import type { BundleLanguage } from '@polos/shared';
import { Block } from '../blocks/block.model';
import { Question } from '../questions/question.model';
import { questionLastSeqs } from '../questions/counter.model';
import { Post } from '../posts/post.model';
import { Poll } from '../polls/poll.model';
import { Draft, DraftPublication, DraftUpdate } from '../drafts/draft.model';
import { membersOf } from '../balance/balance.service';
import { listEndorsementResults } from '../endorsements';
import type { WorkspaceDoc } from '../workspaces/workspace.model';
import { workspaceTexts } from '../workspaces/workspaceTexts';

/*
 * A cache of built publication bundles (issue 12.4): a bundle of a 20,000-post workspace takes minutes of CPU to
 * build, and the same bytes are downloaded again and again (the public year page especially). A built bundle is
 * kept with the fingerprint of its inputs and served as long as the fingerprint read at request time is the same.
 *
 * Invalidation rule: the fingerprint is a SHA-256 over cheap reads of everything a bundle is made from, so any change
 * to an input gives a new fingerprint and the next download rebuilds:
 * - the workspace's title, description (and their translations), time zone and members (id, role);
 * - its blocks and questions (whole documents: titles, order, windows);
 * - each question's seq counter (`questionLastSeqs`): every post created, edited, deleted, hidden or shown, every
 *   reaction, every poll opened, voted on or closed, and every window change takes the next seq of its question;
 * - the number of its posts and of posts whose author was erased (anonymisation writes no seq);
 * - its polls (without their fact logs);
 * - every release of its drafts (id, number, titles, contributors), and per draft the number and the newest id of
 *   its update log (draft contributions in the participation figures; compaction changes the number);
 * - the endorsement results (the endorsements port's own DTOs, hashed whole);
 * - each member's language and current district (name, country, region group: the participation figures);
 * - the bundle's language and the links' origin.
 * A bundle is stored only if the fingerprint read again after the build is still the one read before it, so a
 * change that lands during a build is never cached under the older fingerprint.
 *
 * Bounds: one entry per (workspace, language) — a newer fingerprint replaces the older bytes — at most
 * `MAX_ENTRIES` entries and `MAX_BYTES` bytes in all (least recently used dropped first); a bundle larger than
 * `MAX_ENTRY_BYTES` is not kept. The cache is in this process's memory: each app process (INSTANCES=N) keeps its
 * own, and a restart starts empty.
 */

const MB = 1024 * 1024;
/** Entries kept at most (a workspace in one language each). */
const MAX_ENTRIES = 16;
/** Bytes kept at most over all entries. */
const MAX_BYTES = 256 * MB;
/** A bundle larger than this is streamed but not kept. */
const MAX_ENTRY_BYTES = 96 * MB;

/** Version of the bundle's format and of this fingerprint: bump when a change of code changes the bytes. */
const FINGERPRINT_VERSION = 'bundle-fp/2';

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * The fingerprint of a bundle's inputs (hex SHA-256; see the invalidation rule above). About a dozen small reads,
 * each by an index or of a few documents, plus two counts of the workspace's posts — milliseconds against the
 * build's minutes.
 */
export async function bundleFingerprint(
  workspace: WorkspaceDoc,
  language: BundleLanguage,
  origin: string | null,
): Promise<string> {
  const workspaceId = workspace._id;
  const [blocks, questions, polls, releases, drafts, endorsements, members, postCount, erasedCount] =
    await Promise.all([
      Block.find({ workspaceId }).sort({ order: 1, _id: 1 }).lean().exec(),
      Question.find({ workspaceId }).sort({ _id: 1 }).lean().exec(),
      Poll.find({ workspaceId }, { facts: 0 }).sort({ _id: 1 }).lean().exec(),
      DraftPublication.find(
        { workspaceId },
        {
          _id: 1,
          draftId: 1,
          number: 1,
          title: 1,
          workspaceTitle: 1,
          blockTitle: 1,
          publishedAt: 1,
          contributors: 1,
        },
      )
        .sort({ _id: 1 })
        .lean()
        .exec(),
      Draft.find({ workspaceId }, { _id: 1 }).sort({ _id: 1 }).lean().exec(),
      listEndorsementResults(workspaceId),
      membersOf(workspace),
      Post.countDocuments({ workspaceId }).exec(),
      Post.countDocuments({ workspaceId, authorDeleted: true }).exec(),
    ]);
  const [seqs, draftLogs] = await Promise.all([
    questionLastSeqs(questions.map((q) => q._id.toHexString())),
    Promise.all(
      drafts.map(async (d) => {
        const [count, newest] = await Promise.all([
          DraftUpdate.countDocuments({ draftId: d._id }).exec(),
          DraftUpdate.findOne({ draftId: d._id }, { _id: 1 }).sort({ _id: -1 }).lean().exec(),
        ]);
        return [d._id.toHexString(), count, newest?._id.toHexString() ?? null];
      }),
    ),
  ]);
  const memberRows = [...members.info.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256([
    FINGERPRINT_VERSION,
    language,
    origin,
    {
      id: workspaceId.toHexString(),
      title: workspace.title,
      description: workspace.description,
      // The index page shows the title/description in the bundle's language (issue 13).
      ...workspaceTexts(workspace),
      timeZone: workspace.timeZone ?? null,
      members: workspace.members.map((m) => [m.userId.toHexString(), m.role]),
    },
    blocks,
    questions,
    seqs,
    postCount,
    erasedCount,
    polls,
    releases,
    draftLogs,
    endorsements,
    memberRows,
  ]);
}

interface Entry {
  fingerprint: string;
  body: Buffer;
}

/** Built bundles by `workspaceId:language`, in least-recently-used order (a Map keeps insertion order). */
export class BundleCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly limits = {
      maxEntries: MAX_ENTRIES,
      maxBytes: MAX_BYTES,
      maxEntryBytes: MAX_ENTRY_BYTES,
    },
  ) {}

  /** The bytes built for `key` from inputs with this fingerprint, or null (then the caller builds). */
  get(key: string, fingerprint: string): Buffer | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.fingerprint !== fingerprint) {
      // Its inputs changed: the bytes will never be served again.
      this.delete(key);
      return null;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.body;
  }

  /** Keeps a built bundle (replacing the key's older one), then drops the least recently used over the bounds. */
  set(key: string, fingerprint: string, body: Buffer): void {
    this.delete(key);
    if (body.length > this.limits.maxEntryBytes) return;
    this.entries.set(key, { fingerprint, body });
    this.bytes += body.length;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.delete(oldest);
    }
  }

  /** Drops every entry (tests; an operator's restart does the same). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Entries and bytes held (tests, logs). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }
}

/** The process's cache of built bundles (shared by every app instance in the process, e.g. tests' servers). */
export const bundleCache = new BundleCache();

/** The cache key of a workspace's bundle in a language. */
export const bundleCacheKey = (workspaceId: string, language: BundleLanguage): string =>
  `${workspaceId}:${language}`;
