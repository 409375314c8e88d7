/**
 * Ports of the matching feature for the features above it: the network view reads the active interests;
 * privacy exports a user's matching data and erases their interest notes. Matching owns the
 * `matchinginterests` and `matchingsettings` collections — nobody else writes them.
 */
import mongoose, { Types } from 'mongoose';
import type { UserMatchingExport } from '@polos/shared';
import { District, type DistrictDoc } from '../districts/district.model';
import { Interest, MatchingSetting, type InterestDoc, type MatchingSettingDoc } from './matching.model';

/** One active interest: `from` is interested in `to` (district ids). */
export interface ActiveInterestPair {
  fromDistrictId: Types.ObjectId;
  toDistrictId: Types.ObjectId;
}

/**
 * Every active interest of a workspace (ids only: no notes, no author) — one query on the
 * `(workspaceId, fromDistrictId, toDistrictId)` index.
 */
export function activeInterestPairs(workspaceId: Types.ObjectId): Promise<ActiveInterestPair[]> {
  return Interest.find({ workspaceId, state: 'active' }, { _id: 0, fromDistrictId: 1, toDistrictId: 1 })
    .lean<ActiveInterestPair[]>()
    .exec();
}

/**
 * What matching holds that `userId` wrote, for "export my data" (GDPR arts. 15 and 20): the interests they
 * expressed last (with their notes) and the hide settings they set last, districts named. Three queries.
 */
export async function matchingDataOfUser(userId: Types.ObjectId): Promise<UserMatchingExport> {
  const [interests, settings] = await Promise.all([
    Interest.find({ byUserId: userId }).sort({ createdAt: 1, _id: 1 }).lean<InterestDoc[]>().exec(),
    MatchingSetting.find({ updatedById: userId }).sort({ _id: 1 }).lean<MatchingSettingDoc[]>().exec(),
  ]);
  const ids = [
    ...new Set([
      ...interests.flatMap((i) => [i.fromDistrictId.toHexString(), i.toDistrictId.toHexString()]),
      ...settings.map((s) => s.districtId.toHexString()),
    ]),
  ].map((id) => new Types.ObjectId(id));
  const districts = ids.length
    ? await District.find({ _id: mongoose.trusted({ $in: ids }) }, { name: 1, country: 1 })
        .lean<Array<Pick<DistrictDoc, '_id' | 'name' | 'country'>>>()
        .exec()
    : [];
  const named = new Map(
    districts.map((d) => [
      d._id.toHexString(),
      { id: d._id.toHexString(), name: d.name, country: d.country },
    ]),
  );
  const ref = (id: Types.ObjectId) => named.get(id.toHexString()) ?? null;
  return {
    interests: interests.map((i) => ({
      id: i._id.toHexString(),
      workspaceId: i.workspaceId.toHexString(),
      from: ref(i.fromDistrictId),
      to: ref(i.toDistrictId),
      about: i.about,
      note: i.note,
      state: i.state,
      createdAt: i.createdAt.toISOString(),
      updatedAt: i.updatedAt.toISOString(),
    })),
    hideSettings: settings.map((s) => ({
      workspaceId: s.workspaceId.toHexString(),
      district: ref(s.districtId),
      hidden: s.hidden,
      updatedAt: s.updatedAt.toISOString(),
    })),
  };
}

/**
 * Account deletion: erases the notes `userId` wrote on interests (one `updateMany`). The interests stay — they
 * are the district's, not the person's — with the author's id only (the user document is erased, so it names
 * nobody). Returns how many notes were erased.
 */
export async function eraseInterestNotesOf(userId: Types.ObjectId): Promise<number> {
  const res = await Interest.updateMany(
    { byUserId: userId, note: mongoose.trusted({ $ne: null }) },
    { $set: { note: null } },
  ).exec();
  return res.modifiedCount;
}
