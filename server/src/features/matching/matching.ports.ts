/**
 * Ports of the matching feature for the features above it (exported from `index.ts`): the network view reads
 * the active interests; privacy exports a user's matching data and erases their interest notes. Matching owns
 * the `matchinginterests` and `matchingsettings` collections — nobody else writes them.
 */
import mongoose, { type Types } from 'mongoose';
import type { InterestAbout, InterestState } from '@polos/shared';
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

/** What matching holds about one user, for "export my data" (GDPR art. 15/20). */
export interface UserMatchingData {
  /** Interests the user expressed (last) for a district, with the note they wrote; oldest first. */
  interests: Array<{
    id: string;
    workspaceId: string;
    fromDistrictId: string;
    toDistrictId: string;
    about: (InterestAbout & { title: string }) | null;
    note: string | null;
    state: InterestState;
    createdAt: string;
    updatedAt: string;
  }>;
  /** "Hidden from suggestions" settings the user set last for a district. */
  settings: Array<{ workspaceId: string; districtId: string; hidden: boolean; updatedAt: string }>;
}

/** The interests and settings `userId` wrote (two queries). */
export async function matchingDataOfUser(userId: Types.ObjectId): Promise<UserMatchingData> {
  const [interests, settings] = await Promise.all([
    Interest.find({ byUserId: userId }).sort({ createdAt: 1, _id: 1 }).lean<InterestDoc[]>().exec(),
    MatchingSetting.find({ updatedById: userId }).sort({ _id: 1 }).lean<MatchingSettingDoc[]>().exec(),
  ]);
  return {
    interests: interests.map((i) => ({
      id: i._id.toHexString(),
      workspaceId: i.workspaceId.toHexString(),
      fromDistrictId: i.fromDistrictId.toHexString(),
      toDistrictId: i.toDistrictId.toHexString(),
      about: i.about,
      note: i.note,
      state: i.state,
      createdAt: i.createdAt.toISOString(),
      updatedAt: i.updatedAt.toISOString(),
    })),
    settings: settings.map((s) => ({
      workspaceId: s.workspaceId.toHexString(),
      districtId: s.districtId.toHexString(),
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
