/**
 * Writes and reads of district profiles — every write to `districts` and `districtrevisions` of Block 1.
 *
 * Concurrency rule (reliability matrix row 23): a write is ONE `findOneAndUpdate` conditioned on the revision the
 * change was computed against (`{ _id, revision: n }` → `$set` of the changed fields, the derived fields,
 * `revision: n + 1` and `lastRevision`), retried from a fresh read when another write got there first. Nothing
 * is read, changed in memory and written back whole. The revision entry travels inside the district document
 * (`lastRevision`) and is then copied to the `districtrevisions` log by an idempotent upsert; a copy lost to a
 * crash is redone before the history is read (`syncRevisionLog`).
 */
import mongoose, { Types } from 'mongoose';
import {
  EMPTY_PROFILE,
  PROFILE_FIELDS,
  profileCrossFieldIssues,
  type DistrictProfileFields,
  type ProfileField,
  type ProfileFieldConflict,
  type RevisionKind,
} from '@polos/shared';
import { AppError, invalid, notFound } from '../../lib/errors';
import {
  District,
  DistrictRevision,
  type DistrictDoc,
  type DistrictRevisionDoc,
  type LastRevisionDoc,
} from './district.model';
import { derivedOf, pickFields, profileOf, sameValue } from './profileFields';

const tooBusy = (): AppError =>
  new AppError('unavailable', 'Too many concurrent saves of this profile, try again', { status: 503 });

/** Attempts of a conditioned write before giving up with 503 (each loses only to a write that succeeded). */
const MAX_ATTEMPTS = 50;

export function findDistrictDoc(id: Types.ObjectId | string): Promise<DistrictDoc | null> {
  if (typeof id === 'string' && !Types.ObjectId.isValid(id)) return Promise.resolve(null);
  return District.findById(id).lean<DistrictDoc>().exec();
}

/** The district if it takes part in the workspace (404 otherwise). */
export async function districtInWorkspace(
  districtId: string,
  workspaceId: Types.ObjectId,
): Promise<DistrictDoc> {
  const d = await findDistrictDoc(districtId);
  if (!d || !(d.workspaceIds ?? []).some((w) => w.equals(workspaceId))) throw notFound('District');
  return d;
}

function crossFieldCheck(p: DistrictProfileFields): void {
  const issues = profileCrossFieldIssues(p);
  if (issues.length > 0)
    throw invalid(
      `Invalid input — ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
      issues.map((i) => ({ path: i.field, message: i.message })),
    );
}

function revisionEntry(
  revision: number,
  kind: RevisionKind,
  by: Types.ObjectId | null,
  fields: ProfileField[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  extra: { restoredFrom?: number; validated?: boolean } = {},
): LastRevisionDoc {
  return {
    revision,
    kind,
    at: new Date(),
    byUserId: by,
    fields,
    before,
    after,
    restoredFrom: extra.restoredFrom ?? null,
    validated: extra.validated ?? null,
  };
}

/** Copies the district's `lastRevision` into the log (idempotent: upsert on the unique (district, revision)). */
async function copyToLog(
  districtId: Types.ObjectId,
  entry: LastRevisionDoc | null | undefined,
): Promise<void> {
  if (!entry) return;
  try {
    await DistrictRevision.updateOne(
      { districtId, revision: entry.revision },
      { $setOnInsert: { ...entry, districtId } },
      { upsert: true },
    ).exec();
  } catch (error) {
    // A concurrent copy of the same entry won the unique index: the entry is in the log.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

/** Redoes the log copy of the district's last revision if a crash lost it. */
export async function syncRevisionLog(d: DistrictDoc): Promise<void> {
  await copyToLog(d._id, d.lastRevision);
}

export interface CreateDistrictInput {
  fields: Partial<DistrictProfileFields> &
    Pick<DistrictProfileFields, 'name' | 'kind' | 'country' | 'region'>;
  workspaceId: Types.ObjectId | null;
  by: Types.ObjectId | null;
  kind?: RevisionKind;
  demo?: boolean;
  representativeIds?: Types.ObjectId[];
}

/** Builds the document of a new district (revision 1, its `create`/`import` revision inside). */
export function newDistrictDocument(
  input: CreateDistrictInput,
): Record<string, unknown> & { _id: Types.ObjectId } {
  const profile: DistrictProfileFields = { ...EMPTY_PROFILE, ...input.fields };
  crossFieldCheck(profile);
  const filled = PROFILE_FIELDS.filter(
    (f) => !sameValue(profile[f], (EMPTY_PROFILE as Record<string, unknown>)[f]),
  );
  const now = new Date();
  return {
    _id: new Types.ObjectId(),
    ...profile,
    ...derivedOf(profile),
    demo: input.demo ?? false,
    createdAt: now,
    updatedAt: now,
    workspaceIds: input.workspaceId ? [input.workspaceId] : [],
    representativeIds: input.representativeIds ?? [],
    revision: 1,
    validatedAt: null,
    validatedById: null,
    editedSinceValidation: false,
    lastRevision: revisionEntry(1, input.kind ?? 'create', input.by, filled, {}, pickFields(profile, filled)),
  };
}

/** Creates a district (in the workspace, when given). */
export async function createDistrict(input: CreateDistrictInput): Promise<DistrictDoc> {
  const doc = newDistrictDocument(input);
  await District.collection.insertOne(doc);
  const stored = (await findDistrictDoc(doc._id))!;
  await copyToLog(stored._id, stored.lastRevision);
  return stored;
}

/** Inserts many new district documents (import); each document is written whole or not at all. */
export async function insertDistrictDocuments(
  docs: Array<Record<string, unknown> & { _id: Types.ObjectId }>,
) {
  if (docs.length === 0) return;
  await District.collection.insertMany(docs, { ordered: false });
  await DistrictRevision.collection
    .insertMany(
      docs.map((d) => ({ ...(d.lastRevision as LastRevisionDoc), districtId: d._id })),
      { ordered: false },
    )
    .catch((error: { code?: number }) => {
      if (error.code !== 11000) throw error;
    });
}

export type UpdateResult =
  | { ok: true; doc: DistrictDoc; fields: ProfileField[] }
  | { ok: false; conflicts: ProfileFieldConflict[]; current: DistrictDoc };

/** Revision entries after `base` (log + the document's last one), oldest first. */
async function revisionsAfter(d: DistrictDoc, base: number): Promise<LastRevisionDoc[]> {
  const logged = await DistrictRevision.find({ districtId: d._id, revision: mongoose.trusted({ $gt: base }) })
    .sort({ revision: 1 })
    .lean<DistrictRevisionDoc[]>()
    .exec();
  const byRev = new Map<number, LastRevisionDoc>(logged.map((r) => [r.revision, r]));
  if (d.lastRevision && d.lastRevision.revision > base) byRev.set(d.lastRevision.revision, d.lastRevision);
  return [...byRev.values()].sort((a, b) => a.revision - b.revision);
}

/**
 * Applies `changes` made on `baseRevision`. Fields changed by others since the base merge when disjoint; a field
 * also changed since the base to another value than `changes` has → `{ ok: false, conflicts }`, nothing stored.
 * Fields equal to the stored value are dropped; nothing left → the stored district, no new revision.
 * `baseRevision: null` (import, restore) = the current revision: no conflict check.
 */
export async function updateProfile(
  districtId: Types.ObjectId,
  baseRevision: number | null,
  changes: Partial<DistrictProfileFields>,
  by: Types.ObjectId | null,
  kind: RevisionKind = 'update',
  extra: { restoredFrom?: number; addWorkspaceId?: Types.ObjectId } = {},
): Promise<UpdateResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const current = await findDistrictDoc(districtId);
    if (!current) throw notFound('District');
    const revision = current.revision ?? 1;
    const profile = profileOf(current);
    const base = baseRevision ?? revision;
    if (base > revision) throw invalid(`baseRevision ${base} is newer than the stored revision ${revision}`);
    const requested = PROFILE_FIELDS.filter((f) => changes[f] !== undefined);
    if (base < revision) {
      const later = await revisionsAfter(current, base);
      const conflicts: ProfileFieldConflict[] = [];
      for (const f of requested) {
        const touching = later.filter((r) => r.fields.includes(f));
        if (touching.length === 0 || sameValue(profile[f], changes[f])) continue;
        conflicts.push({
          field: f,
          base: touching[0].before[f] ?? null,
          theirs: profile[f],
          yours: changes[f],
        });
      }
      if (conflicts.length > 0) return { ok: false, conflicts, current };
    }
    const fields = requested.filter((f) => !sameValue(profile[f], changes[f]));
    const joins =
      extra.addWorkspaceId !== undefined &&
      !(current.workspaceIds ?? []).some((w) => w.equals(extra.addWorkspaceId));
    if (fields.length === 0 && !joins) return { ok: true, doc: current, fields: [] };
    const merged = { ...profile, ...pickFields(changes as DistrictProfileFields, fields) };
    crossFieldCheck(merged);
    const set: Record<string, unknown> = {};
    if (fields.length > 0) {
      Object.assign(set, pickFields(merged, fields), derivedOf(merged), {
        revision: revision + 1,
        updatedAt: new Date(),
        lastRevision: revisionEntry(
          revision + 1,
          kind,
          by,
          fields,
          pickFields(profile, fields),
          pickFields(merged, fields),
          { restoredFrom: extra.restoredFrom },
        ),
      });
      if (current.validatedAt) set.editedSinceValidation = true;
    }
    const update: Record<string, unknown> = {};
    if (Object.keys(set).length > 0) update.$set = set;
    if (joins) update.$addToSet = { workspaceIds: extra.addWorkspaceId };
    const stored = await District.collection.findOneAndUpdate(
      { _id: current._id, revision: current.revision ?? { $exists: false } },
      update,
      { returnDocument: 'after' },
    );
    if (stored) {
      const doc = stored as unknown as DistrictDoc;
      if (fields.length > 0) await copyToLog(doc._id, doc.lastRevision);
      return { ok: true, doc, fields };
    }
  }
  throw tooBusy();
}

/** The profile as it was at `revision` (walks the log back from the current one). */
export async function profileAtRevision(d: DistrictDoc, revision: number): Promise<DistrictProfileFields> {
  const current = d.revision ?? 1;
  if (revision < 1 || revision > current) throw notFound(`Revision ${revision}`);
  await syncRevisionLog(d);
  const later = await revisionsAfter(d, revision);
  if (later.length !== current - revision)
    throw invalid(
      `The history of this district before revision ${later[0]?.revision ?? current} is incomplete`,
    );
  const p = profileOf(d) as Record<string, unknown>;
  for (const r of later.reverse())
    for (const f of r.fields) p[f] = r.before[f] ?? (EMPTY_PROFILE as Record<string, unknown>)[f] ?? null;
  return p as DistrictProfileFields;
}

/**
 * Restores the values of `revision` as a new `restore` revision, if the district is still at `baseRevision`
 * (else `{ ok: false }` with no per-field conflicts: the restorer must look again).
 */
export async function restoreRevision(
  d: DistrictDoc,
  revision: number,
  baseRevision: number,
  by: Types.ObjectId,
): Promise<UpdateResult> {
  if ((d.revision ?? 1) !== baseRevision) return { ok: false, conflicts: [], current: d };
  const target = await profileAtRevision(d, revision);
  const result = await updateProfile(d._id, baseRevision, target, by, 'restore', { restoredFrom: revision });
  return result;
}

/** Sets or removes the moderator's validation mark (a `validate` revision). */
export async function setValidation(
  districtId: Types.ObjectId,
  validated: boolean,
  by: Types.ObjectId,
): Promise<DistrictDoc> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const current = await findDistrictDoc(districtId);
    if (!current) throw notFound('District');
    const revision = current.revision ?? 1;
    const entry = revisionEntry(revision + 1, 'validate', by, [], {}, {}, { validated });
    const stored = await District.collection.findOneAndUpdate(
      { _id: current._id, revision: current.revision ?? { $exists: false } },
      {
        $set: {
          validatedAt: validated ? new Date() : null,
          validatedById: validated ? by : null,
          editedSinceValidation: false,
          revision: revision + 1,
          lastRevision: entry,
        },
      },
      { returnDocument: 'after' },
    );
    if (stored) {
      await copyToLog(current._id, entry);
      return stored as unknown as DistrictDoc;
    }
  }
  throw tooBusy();
}

/** Adds the district to a workspace (atomic `$addToSet`). */
export async function addParticipation(
  districtId: Types.ObjectId,
  workspaceId: Types.ObjectId,
): Promise<void> {
  await District.updateOne({ _id: districtId }, { $addToSet: { workspaceIds: workspaceId } }).exec();
}

/**
 * Start-up migration port (issue 10, for districts stored before it): adds `workspaceId` to each of
 * `districtIds` that lacks it (one atomic `$addToSet`; idempotent). Returns how many districts were added.
 */
export async function adoptDistricts(
  workspaceId: Types.ObjectId,
  districtIds: Types.ObjectId[],
): Promise<number> {
  if (districtIds.length === 0) return 0;
  const res = await District.updateMany(
    { _id: mongoose.trusted({ $in: districtIds }), workspaceIds: mongoose.trusted({ $ne: workspaceId }) },
    { $addToSet: { workspaceIds: workspaceId } },
  ).exec();
  return res.modifiedCount;
}

/**
 * Start-up migration (issue 10): districts stored before the directory's text index lack `searchKeys` (and
 * often the other derived fields): sets them from the stored profile, each `$set` conditional on the field
 * still missing, so a concurrent profile write (which sets them itself) wins. Idempotent. Returns the count.
 */
export async function backfillDerivedFields(): Promise<number> {
  const missing = { searchKeys: mongoose.trusted({ $exists: false }) };
  const docs = await District.find(missing).lean<DistrictDoc[]>().exec();
  let updated = 0;
  for (const d of docs) {
    const res = await District.updateOne(
      { _id: d._id, ...missing },
      { $set: derivedOf(profileOf(d)) },
    ).exec();
    updated += res.modifiedCount;
  }
  return updated;
}

/** Makes the user a representative of the district (atomic `$addToSet`). */
export async function addRepresentative(
  districtId: Types.ObjectId,
  userId: Types.ObjectId,
): Promise<DistrictDoc> {
  const d = await District.findOneAndUpdate(
    { _id: districtId },
    { $addToSet: { representativeIds: userId } },
    { returnDocument: 'after' },
  )
    .lean<DistrictDoc>()
    .exec();
  if (!d) throw notFound('District');
  return d;
}

/** Revision log, newest first, `before` = a revision number for older ones. */
export async function listRevisions(
  d: DistrictDoc,
  before: number | undefined,
  limit: number,
): Promise<DistrictRevisionDoc[]> {
  await syncRevisionLog(d);
  const filter: Record<string, unknown> = { districtId: d._id };
  if (before !== undefined) filter.revision = mongoose.trusted({ $lt: before });
  return DistrictRevision.find(filter)
    .sort({ revision: -1 })
    .limit(limit)
    .lean<DistrictRevisionDoc[]>()
    .exec();
}

/**
 * Port for account deletion (`privacy`): the user no longer represents any district (atomic `$pull`). Their
 * revisions keep `byUserId`, presented as "by: null" once the account is gone.
 */
export async function forgetRepresentative(userId: Types.ObjectId): Promise<void> {
  await District.updateMany({ representativeIds: userId }, { $pull: { representativeIds: userId } }).exec();
}
