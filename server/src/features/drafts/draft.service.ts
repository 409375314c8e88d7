import mongoose, { Types } from 'mongoose';
import * as Y from 'yjs';
import type { Node as PmNode } from '@tiptap/pm/model';
import { draftSchema, type QuoteProvenance } from '@polos/shared/editor';
import {
  DEFAULT_WORKSPACE_TIME_ZONE,
  DRAFT_FRAGMENT,
  type DraftDto,
  type DraftPublicationDto,
  type DraftVersionDto,
} from '@polos/shared';
import { conflict, notFound } from '../../lib/errors';
import { Block } from '../blocks/block.model';
import { District } from '../districts/district.model';
import { User } from '../users/user.model';
import { Workspace } from '../workspaces/workspace.model';
import {
  Draft,
  DraftEditSession,
  DraftPublication,
  DraftVersion,
  EDIT_SESSION_GAP_MS,
  type ContributorGroupDoc,
  type DraftDoc,
  type DraftEditSessionDoc,
  type DraftPublicationDoc,
  type DraftVersionDoc,
} from './draft.model';
import type { DraftHub, DraftRoom } from './draftHub';
import { asBytes } from './draftPersistence';
import { toYNodes } from './draftQuote';
import { DEFAULT_DRAFT_TITLE_SUFFIX } from './draftTitle';

export const presentDraft = (draft: DraftDoc): DraftDto => ({
  id: draft._id.toHexString(),
  workspaceId: draft.workspaceId.toHexString(),
  blockId: draft.blockId ? draft.blockId.toHexString() : null,
  title: draft.title,
  locked: draft.locked,
  updatedAt: draft.updatedAt.toISOString(),
});

export const presentVersion = (version: DraftVersionDoc): DraftVersionDto => ({
  id: version._id.toHexString(),
  draftId: version.draftId.toHexString(),
  name: version.name,
  createdAt: version.createdAt.toISOString(),
  createdBy: { id: version.createdBy.toHexString(), name: version.createdByName },
});

export const presentPublication = (p: DraftPublicationDoc): DraftPublicationDto => ({
  id: p._id.toHexString(),
  draftId: p.draftId.toHexString(),
  workspaceId: p.workspaceId.toHexString(),
  blockId: p.blockId ? p.blockId.toHexString() : null,
  number: p.number,
  title: p.title,
  blockTitle: p.blockTitle,
  versionId: p.versionId.toHexString(),
  publishedAt: p.publishedAt.toISOString(),
  timeZone: p.timeZone ?? DEFAULT_WORKSPACE_TIME_ZONE,
  publishedBy: { id: p.publishedBy.toHexString(), name: p.publishedByName },
  contributors: p.contributors,
});

export async function findDraft(draftId: string): Promise<DraftDoc | null> {
  if (!Types.ObjectId.isValid(draftId)) return null;
  return Draft.findById(draftId).lean<DraftDoc>().exec();
}

export async function getDraftOrThrow(draftId: string): Promise<DraftDoc> {
  const draft = await findDraft(draftId);
  if (!draft) throw notFound('Draft');
  return draft;
}

/**
 * The workspace's drafts: its overall conclusions plus one per discussion block, created on first use
 * (idempotent: unique index on workspace + block).
 */
export async function ensureWorkspaceDrafts(workspaceId: Types.ObjectId): Promise<DraftDoc[]> {
  const workspace = await Workspace.findById(workspaceId).lean().exec();
  if (!workspace) throw notFound('Workspace');
  const blocks = await Block.find({ workspaceId }).sort({ order: 1 }).lean().exec();
  const wanted: Array<{ blockId: Types.ObjectId | null; title: string }> = [
    { blockId: null, title: `${workspace.title}${DEFAULT_DRAFT_TITLE_SUFFIX}` },
    ...blocks
      .filter((b) => b.kind === 'discussion')
      .map((b) => ({ blockId: b._id, title: `${b.title.en}${DEFAULT_DRAFT_TITLE_SUFFIX}` })),
  ];
  const existing = await Draft.find({ workspaceId }).lean<DraftDoc[]>().exec();
  const key = (blockId: Types.ObjectId | null) => (blockId ? blockId.toHexString() : 'overall');
  const have = new Set(existing.map((d) => key(d.blockId)));
  for (const want of wanted) {
    if (have.has(key(want.blockId))) continue;
    try {
      await Draft.create({ workspaceId, blockId: want.blockId, title: want.title });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
  }
  const drafts = await Draft.find({ workspaceId }).lean<DraftDoc[]>().exec();
  const order = new Map(wanted.map((w, i) => [key(w.blockId), i]));
  return drafts.sort((a, b) => (order.get(key(a.blockId)) ?? 99) - (order.get(key(b.blockId)) ?? 99));
}

export async function setDraftLocked(draftId: string, locked: boolean): Promise<DraftDoc> {
  const draft = await Draft.findByIdAndUpdate(
    draftId,
    { $set: { locked, updatedAt: new Date() } },
    { returnDocument: 'after' },
  )
    .lean<DraftDoc>()
    .exec();
  if (!draft) throw notFound('Draft');
  return draft;
}

/** Records a contributor once (called on a user's first accepted update in a loaded room). */
export async function addContributor(draftId: Types.ObjectId, userId: Types.ObjectId): Promise<void> {
  await Draft.updateOne(
    { _id: draftId },
    { $addToSet: { contributorIds: userId }, $set: { updatedAt: new Date() } },
  ).exec();
}

/**
 * Records that `userId` changed draft `draftId` at `at`: counts a new editing session when the person's previous
 * recorded change is {@link EDIT_SESSION_GAP_MS} or more before `at` (or there is none), else extends the current
 * one. Atomic per draft × user across processes: the conditional upsert counts a session; when the person's
 * document exists with a recent `lastAt`, its insert is refused by the unique index (E11000) and only `lastAt`
 * moves forward (`$max`, so a late call never moves it back). Called by the hub after the change is durable.
 */
export async function recordDraftEdit(draftId: Types.ObjectId, userId: Types.ObjectId, at: Date): Promise<void> {
  const cutoff = new Date(at.getTime() - EDIT_SESSION_GAP_MS);
  try {
    // The driver's collection: mongoose's cast of an upsert filter refused the `$lte` on a date path.
    await DraftEditSession.collection.updateOne(
      { draftId, userId, lastAt: { $lte: cutoff } },
      { $inc: { sessions: 1 }, $set: { lastAt: at } },
      { upsert: true },
    );
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 11000) throw error;
    await DraftEditSession.collection.updateOne({ draftId, userId }, { $max: { lastAt: at } });
  }
}

/**
 * Editing sessions per person over `draftIds` (summed over the drafts): `[{ _id: userId, n: sessions }]`, for the
 * balance dashboard's "draft edits". Survives compaction of the update log (kept by {@link recordDraftEdit}).
 */
export function draftEditSessionsByUser(
  draftIds: readonly Types.ObjectId[],
): Promise<Array<{ _id: Types.ObjectId; n: number }>> {
  if (draftIds.length === 0) return Promise.resolve([]);
  return DraftEditSession.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { draftId: { $in: [...draftIds] } } },
    { $group: { _id: '$userId', n: { $sum: '$sessions' } } },
  ]).exec();
}

/**
 * Editing sessions of one person per draft (draft id hex → sessions, see {@link recordDraftEdit}), for the person's
 * own data export.
 */
export async function draftEditSessionsOf(userId: Types.ObjectId): Promise<Map<string, number>> {
  const rows = await DraftEditSession.find({ userId })
    .select({ draftId: 1, sessions: 1 })
    .lean<Array<Pick<DraftEditSessionDoc, 'draftId' | 'sessions'>>>()
    .exec();
  return new Map(rows.map((r) => [r.draftId.toHexString(), r.sessions]));
}

/** Saves a named version of the durable document state. */
export async function saveVersion(
  hub: DraftHub,
  room: DraftRoom,
  name: string,
  user: { userId: string; name: string },
): Promise<DraftVersionDoc> {
  await hub.writer.flushed();
  const version = await DraftVersion.create({
    draftId: room.oid,
    name,
    state: Buffer.from(Y.encodeStateAsUpdateV2(room.doc)),
    createdBy: new Types.ObjectId(user.userId),
    createdByName: user.name,
  });
  return version.toObject();
}

export function listVersions(draftId: Types.ObjectId): Promise<DraftVersionDoc[]> {
  return DraftVersion.find({ draftId }, { state: 0 })
    .sort({ createdAt: -1 })
    .limit(500)
    .lean<DraftVersionDoc[]>()
    .exec();
}

export async function getVersionOrThrow(
  draftId: Types.ObjectId,
  versionId: string,
): Promise<DraftVersionDoc> {
  const version = Types.ObjectId.isValid(versionId)
    ? await DraftVersion.findOne({ _id: new Types.ObjectId(versionId), draftId })
        .lean<DraftVersionDoc>()
        .exec()
    : null;
  if (!version) throw notFound('Version');
  return version;
}

/** A read-only document holding a stored state (version or publication). */
export function docFromState(state: unknown): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdateV2(doc, asBytes(state));
  return doc;
}

/**
 * Restores a version as a new edit: computes, on a copy of the live document, the change that makes the
 * content equal to the version's, and submits it through the normal update path (durable, relayed).
 * History is never rewritten.
 */
export async function restoreVersion(
  hub: DraftHub,
  room: DraftRoom,
  version: DraftVersionDoc,
  userId: string,
): Promise<void> {
  const source = docFromState(version.state);
  const work = new Y.Doc();
  Y.applyUpdate(work, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(work);
  work.transact(() => {
    const target = work.getXmlFragment(DRAFT_FRAGMENT);
    if (target.length > 0) target.delete(0, target.length);
    const nodes = source
      .getXmlFragment(DRAFT_FRAGMENT)
      .toArray()
      .map((node) => node.clone());
    if (nodes.length > 0) target.insert(0, nodes as Array<Y.XmlElement | Y.XmlText>);
  });
  const update = Y.encodeStateAsUpdate(work, before);
  source.destroy();
  work.destroy();
  await hub.acceptUpdate(room, update, { socketId: null, userId });
}

/** Contributors grouped by region group, then district (people without a district under "none"). */
export async function groupContributors(userIds: Types.ObjectId[]): Promise<ContributorGroupDoc[]> {
  if (userIds.length === 0) return [];
  const users = await User.find({ _id: mongoose.trusted({ $in: userIds }) }, { name: 1, districtId: 1 })
    .lean()
    .exec();
  const districtIds = users.map((u) => u.districtId).filter((id): id is Types.ObjectId => id !== null);
  const districts = districtIds.length
    ? await District.find({ _id: mongoose.trusted({ $in: districtIds }) })
        .lean()
        .exec()
    : [];
  const byId = new Map(districts.map((d) => [d._id.toHexString(), d]));
  const groups = new Map<
    ContributorGroupDoc['regionGroup'],
    Map<string, ContributorGroupDoc['districts'][number]>
  >();
  for (const user of [...users].sort((a, b) => a.name.localeCompare(b.name))) {
    const district = user.districtId ? byId.get(user.districtId.toHexString()) : undefined;
    const regionGroup = district?.regionGroup ?? 'none';
    const districtsOfGroup =
      groups.get(regionGroup) ?? new Map<string, ContributorGroupDoc['districts'][number]>();
    groups.set(regionGroup, districtsOfGroup);
    const key = district ? district._id.toHexString() : 'none';
    const entry = districtsOfGroup.get(key) ?? {
      name: district?.name ?? null,
      country: district?.country ?? null,
      region: district?.region ?? null,
      people: [],
    };
    entry.people.push({ id: user._id.toHexString(), name: user.name });
    districtsOfGroup.set(key, entry);
  }
  const order = ['EU', 'LAC', 'other', 'none'] as const;
  return order
    .filter((g) => groups.has(g))
    .map((regionGroup) => ({
      regionGroup,
      districts: [...(groups.get(regionGroup)?.values() ?? [])].sort((a, b) =>
        (a.name ?? '~').localeCompare(b.name ?? '~'),
      ),
    }));
}

/** Publishes a version as the next immutable release of the draft. */
export async function publishVersion(
  draft: DraftDoc,
  version: DraftVersionDoc,
  title: string | undefined,
  user: { userId: string; name: string },
): Promise<DraftPublicationDoc> {
  const [workspace, block, fresh] = await Promise.all([
    Workspace.findById(draft.workspaceId).lean().exec(),
    draft.blockId ? Block.findById(draft.blockId).lean().exec() : Promise.resolve(null),
    Draft.findById(draft._id).lean<DraftDoc>().exec(),
  ]);
  const contributors = await groupContributors(fresh?.contributorIds ?? draft.contributorIds);
  // Reserve the number atomically; the unique index on (draftId, number) backs it up.
  const reserved = await Draft.findByIdAndUpdate(
    draft._id,
    { $inc: { lastPublicationNumber: 1 } },
    { returnDocument: 'after' },
  )
    .lean<DraftDoc>()
    .exec();
  if (!reserved) throw notFound('Draft');
  try {
    const publication = await DraftPublication.create({
      draftId: draft._id,
      workspaceId: draft.workspaceId,
      blockId: draft.blockId,
      number: reserved.lastPublicationNumber,
      title: title ?? draft.title,
      blockTitle: block ? block.title.en : null,
      workspaceTitle: workspace?.title ?? '',
      timeZone: workspace?.timeZone ?? DEFAULT_WORKSPACE_TIME_ZONE,
      versionId: version._id,
      state: version.state instanceof Uint8Array ? version.state : Buffer.from(asBytes(version.state)),
      publishedBy: new Types.ObjectId(user.userId),
      publishedByName: user.name,
      contributors,
    });
    return publication.toObject();
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000)
      throw conflict('Another release was published at the same time; retry');
    throw error;
  }
}

export function listPublications(filter: {
  draftId?: Types.ObjectId;
  workspaceId?: Types.ObjectId;
}): Promise<DraftPublicationDoc[]> {
  return DraftPublication.find(filter, { state: 0 })
    .sort({ publishedAt: -1 })
    .limit(500)
    .lean<DraftPublicationDoc[]>()
    .exec();
}

export async function getPublicationOrThrow(
  draftId: Types.ObjectId,
  number: number,
): Promise<DraftPublicationDoc> {
  const publication = await DraftPublication.findOne({ draftId, number }).lean<DraftPublicationDoc>().exec();
  if (!publication) throw notFound('Release');
  return publication;
}

/**
 * Appends a quote of a post (the whole post, or the passage a reader selected, as rich text — `draftQuote.ts`) to
 * the draft as a blockquote ending with "— <author>", whose provenance (post, question, author) is kept as node
 * attributes signed by the hub's `ProvenanceSigner`: only this action can link a quote to a post (the update guard
 * refuses unsigned provenance). Submitted as an ordinary update (guarded, durable, relayed).
 */
export async function appendQuote(
  hub: DraftHub,
  room: DraftRoom,
  quoted: PmNode,
  source: QuoteProvenance,
  userId: string,
): Promise<void> {
  const schema = draftSchema();
  const blocks: PmNode[] = [];
  quoted.forEach((block) => blocks.push(block));
  const attribution = schema.nodes.paragraph.create(null, schema.text(`— ${source.authorName}`));
  const quote = schema.nodes.blockquote.createChecked(
    {
      source: source.postId,
      sourceQuestion: source.questionId,
      sourceAuthor: source.authorName,
      sourceSig: hub.provenance.sign(source),
    },
    [...blocks, attribution],
  );
  const work = new Y.Doc();
  Y.applyUpdate(work, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(work);
  work.transact(() => {
    const fragment = work.getXmlFragment(DRAFT_FRAGMENT);
    fragment.insert(fragment.length, toYNodes([quote]));
  });
  const update = Y.encodeStateAsUpdate(work, before);
  work.destroy();
  await hub.acceptUpdate(room, update, { socketId: null, userId });
}

/**
 * Replaces a deleted account's by-name on saved draft versions and publications' `publishedByName` with
 * `placeholderName` (account deletion, privacy). Published documents' contributor credits are not rewritten.
 * Idempotent.
 */
export async function anonymiseContributor(userId: Types.ObjectId, placeholderName: string): Promise<void> {
  await DraftVersion.updateMany({ createdBy: userId }, { $set: { createdByName: placeholderName } }).exec();
  await DraftPublication.updateMany(
    { publishedBy: userId },
    { $set: { publishedByName: placeholderName } },
  ).exec();
}
