import mongoose, { Types } from 'mongoose';
import { ROLES, type Role } from '@polos/shared';
import { conflict, notFound } from '../../lib/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import { Workspace, type WorkspaceDoc } from './workspace.model';

export function findWorkspace(id: Types.ObjectId | string): Promise<WorkspaceDoc | null> {
  return Workspace.findById(id).lean<WorkspaceDoc>().exec();
}

export async function getWorkspaceOrThrow(id: Types.ObjectId | string): Promise<WorkspaceDoc> {
  const ws = await findWorkspace(id);
  if (!ws) throw notFound('Workspace');
  return ws;
}

export function roleIn(workspace: WorkspaceDoc, userId: Types.ObjectId | string): Role | null {
  const uid = typeof userId === 'string' ? userId : userId.toHexString();
  return workspace.members.find((m) => m.userId.toHexString() === uid)?.role ?? null;
}

/** The user's role in a workspace (null when not a member); `not_found` when the workspace does not exist. */
export async function membershipOf(
  workspaceId: Types.ObjectId | string,
  userId: Types.ObjectId | string,
): Promise<{ workspace: WorkspaceDoc; role: Role | null }> {
  const workspace = await getWorkspaceOrThrow(workspaceId);
  return { workspace, role: roleIn(workspace, userId) };
}

export function workspacesOf(userId: Types.ObjectId): Promise<WorkspaceDoc[]> {
  return Workspace.find({ 'members.userId': userId }).sort({ createdAt: 1 }).lean<WorkspaceDoc[]>().exec();
}

/** Roles from least to most rights (an invite never lowers a role). */
export const ROLE_RANK: Readonly<Record<Role, number>> = {
  observer: 1,
  participant: 2,
  moderator: 3,
  admin: 4,
};
const rolesBelow = (role: Role): Role[] => ROLES.filter((r) => ROLE_RANK[r] < ROLE_RANK[role]);

/**
 * Adds the user as a member with `role`, or raises their role when the new one is higher; never lowers.
 * Returns the role after the change and whether it changed.
 *
 * Every write touches one element of `members` atomically (guarded `$push`, filtered positional `$set`), so
 * concurrent joins and role changes never overwrite each other (issue 15.1: the list used to be read and
 * written back whole).
 */
export async function addMember(
  workspaceId: Types.ObjectId,
  userId: Types.ObjectId,
  role: Role,
): Promise<{ role: Role; changed: boolean }> {
  // Guarded push: only when the user is not yet a member (two accepts racing add one entry).
  const pushed = await Workspace.updateOne(
    { _id: workspaceId, 'members.userId': mongoose.trusted({ $ne: userId }) },
    { $push: { members: { userId, role, joinedAt: new Date() } } },
  ).exec();
  if (pushed.modifiedCount === 1) return { role, changed: true };
  // Already a member: raise the role only if it is lower (filter and update on that one element).
  const raised = await Workspace.updateOne(
    {
      _id: workspaceId,
      members: mongoose.trusted({ $elemMatch: { userId, role: { $in: rolesBelow(role) } } }),
    },
    { $set: { 'members.$[m].role': role } },
    { arrayFilters: [{ 'm.userId': userId }] },
  ).exec();
  if (raised.modifiedCount === 1) return { role, changed: true };
  const workspace = await getWorkspaceOrThrow(workspaceId);
  const current = roleIn(workspace, userId);
  // Removed between the two writes: try again (rare; bounded by how often an admin removes the user).
  if (!current) return addMember(workspaceId, userId, role);
  return { role: current, changed: false };
}

/**
 * Filter: the workspace has `userId` as a member, and either they are not an admin or another admin remains
 * (a workspace is never left without an admin).
 */
const notLastAdmin = (workspaceId: Types.ObjectId, userId: Types.ObjectId) => ({
  _id: workspaceId,
  $or: [
    { members: mongoose.trusted({ $elemMatch: { userId, role: { $ne: 'admin' } } }) },
    {
      'members.userId': userId,
      members: mongoose.trusted({ $elemMatch: { role: 'admin', userId: { $ne: userId } } }),
    },
  ],
});

/**
 * Sets a member's role with one atomic update of that member's element. A change that would leave the
 * workspace without an admin is refused by the same update's filter, so two admins demoting each other at
 * once cannot both succeed. Returns the role before the change.
 *
 * @throws `not_found` when the user is not a member; `conflict` when they are the last admin.
 */
export async function setMemberRole(
  workspaceId: Types.ObjectId,
  userId: Types.ObjectId,
  role: Role,
): Promise<{ previous: Role }> {
  const before = await Workspace.findOneAndUpdate(
    role === 'admin' ? { _id: workspaceId, 'members.userId': userId } : notLastAdmin(workspaceId, userId),
    { $set: { 'members.$[m].role': role } },
    { arrayFilters: [{ 'm.userId': userId }], returnDocument: 'before' },
  )
    .lean<WorkspaceDoc>()
    .exec();
  if (before) return { previous: roleIn(before, userId) ?? role };
  return refusal(workspaceId, userId);
}

/**
 * Removes a member with one atomic `$pull`; refused for the last admin. Returns the role they had.
 *
 * @throws `not_found` when the user is not a member; `conflict` when they are the last admin.
 */
export async function removeMember(
  workspaceId: Types.ObjectId,
  userId: Types.ObjectId,
): Promise<{ previous: Role }> {
  const before = await Workspace.findOneAndUpdate(
    notLastAdmin(workspaceId, userId),
    { $pull: { members: { userId } } },
    { returnDocument: 'before' },
  )
    .lean<WorkspaceDoc>()
    .exec();
  const previous = before ? roleIn(before, userId) : null;
  if (previous) return { previous };
  return refusal(workspaceId, userId);
}

/** Why a guarded member update matched nothing: not a member (404) or the last admin (409). */
async function refusal(workspaceId: Types.ObjectId, userId: Types.ObjectId): Promise<never> {
  const workspace = await getWorkspaceOrThrow(workspaceId);
  if (!roleIn(workspace, userId)) throw notFound('Member');
  throw conflict('This is the last admin of the workspace: make another member admin first');
}

/**
 * The workspaces in which `userId` is the only admin (their leaving would leave the workspace without one).
 * Used by account deletion (privacy) to refuse before changing anything.
 */
export async function workspacesOnlyAdministeredBy(userId: Types.ObjectId): Promise<WorkspaceDoc[]> {
  const administered = await Workspace.find({
    members: mongoose.trusted({ $elemMatch: { userId, role: 'admin' } }),
  })
    .lean<WorkspaceDoc[]>()
    .exec();
  return administered.filter((w) => !w.members.some((m) => m.role === 'admin' && !m.userId.equals(userId)));
}

/**
 * Removes an admin's membership only while another admin remains — checked and removed in one atomic update,
 * so a demotion racing with it cannot leave the workspace without an admin. Returns whether it was removed.
 */
export async function leaveAsAdminIfAnotherRemains(
  workspaceId: Types.ObjectId,
  userId: Types.ObjectId,
): Promise<boolean> {
  const result = await Workspace.updateOne(
    {
      _id: workspaceId,
      members: mongoose.trusted({ $elemMatch: { role: 'admin', userId: { $ne: userId } } }),
    },
    { $pull: { members: { userId } } },
  ).exec();
  return result.modifiedCount === 1;
}

/** Puts back a membership removed by {@link leaveAsAdminIfAnotherRemains} (undoing a refused account deletion). */
export async function restoreMembership(
  workspaceId: Types.ObjectId,
  member: WorkspaceDoc['members'][number],
): Promise<void> {
  await Workspace.updateOne({ _id: workspaceId }, { $push: { members: member } }).exec();
}

/** Removes `userId` from every workspace they belong to (one `$pull` each; account deletion). */
export async function removeFromAllWorkspaces(userId: Types.ObjectId): Promise<void> {
  await Workspace.updateMany({ 'members.userId': userId }, { $pull: { members: { userId } } }).exec();
}

export const toObjectId = (id: string): Types.ObjectId => new Types.ObjectId(id);

/**
 * Port (issue 12.4): makes the workspace's read-only year page public (`isPublic` true) or private again. One
 * conditional update (only a document not already in that state changes), so of two concurrent toggles to the
 * same state one changes it and audits `workspace.public` / `workspace.private` (data `{ public }`); the other
 * returns `changed: false` without an audit entry. `not_found` when there is no such workspace. The caller checks
 * that `actor` may administer the workspace.
 */
export async function setPublicPage(
  workspaceId: Types.ObjectId,
  isPublic: boolean,
  actor: Actor,
): Promise<{ workspace: WorkspaceDoc; changed: boolean }> {
  const updated = await Workspace.findOneAndUpdate(
    { _id: workspaceId, publicPage: mongoose.trusted({ $ne: isPublic }) },
    { $set: { publicPage: isPublic } },
    { returnDocument: 'after' },
  )
    .lean<WorkspaceDoc>()
    .exec();
  if (updated) {
    await recordAudit(
      workspaceId,
      actor,
      isPublic ? 'workspace.public' : 'workspace.private',
      {
        type: 'workspace',
        id: workspaceId,
      },
      { public: isPublic },
    );
    return { workspace: updated, changed: true };
  }
  return { workspace: await getWorkspaceOrThrow(workspaceId), changed: false };
}
