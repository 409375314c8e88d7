/**
 * Start-up migration of districts stored before issue 10 (idempotent; run once per server start by the
 * `profiles` feature, which sits above `workspaces` and `users` and so can read who belongs where; the writes
 * are the `districts` feature's ports):
 *
 * 1. every district of a member of a workspace (`users.districtId`) takes part in that workspace
 *    (`workspaceIds`), so an existing workspace lists its members' districts in the directory;
 * 2. derived fields missing on old documents (`searchKeys` of the directory's text filter, sort keys…) are set.
 *
 * Running it twice changes nothing the second time; a district added to no workspace by an admin stays so only
 * while none of its users is a member (membership is what "takes part" meant before issue 10).
 */
import mongoose, { Types } from 'mongoose';
import { adoptDistricts, backfillDerivedFields } from '../districts/profile.service';
import { User, type UserDoc } from '../users/user.model';
import { Workspace, type WorkspaceDoc } from '../workspaces/workspace.model';

export interface DistrictMigrationReport {
  /** Districts added to a workspace (sum over workspaces). */
  adopted: number;
  /** Districts whose derived fields were set. */
  derived: number;
}

/** Runs the migration (see the module comment). Safe to run concurrently with requests and other servers. */
export async function migrateLegacyDistricts(): Promise<DistrictMigrationReport> {
  const derived = await backfillDerivedFields();
  const workspaces = await Workspace.find({})
    .select({ 'members.userId': 1 })
    .lean<Pick<WorkspaceDoc, '_id' | 'members'>[]>()
    .exec();
  let adopted = 0;
  for (const w of workspaces) {
    const memberIds = w.members.map((m) => m.userId);
    if (memberIds.length === 0) continue;
    const users = await User.find({
      _id: mongoose.trusted({ $in: memberIds }),
      districtId: mongoose.trusted({ $ne: null }),
    })
      .select({ districtId: 1 })
      .lean<Pick<UserDoc, '_id' | 'districtId'>[]>()
      .exec();
    const districtIds = [...new Set(users.map((u) => u.districtId!.toHexString()))].map(
      (id) => new Types.ObjectId(id),
    );
    adopted += await adoptDistricts(w._id, districtIds);
  }
  return { adopted, derived };
}
