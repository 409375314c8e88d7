import mongoose, { Types } from 'mongoose';
import type { Role } from '@polos/shared';
import { notFound } from '../../lib/errors';
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

/**
 * Adds the user as a member with `role`, or raises their role when the new one is higher; never lowers.
 * Returns the role after the change and whether it changed.
 */
export async function addMember(
  workspaceId: Types.ObjectId,
  userId: Types.ObjectId,
  role: Role,
): Promise<{ role: Role; changed: boolean }> {
  const rank: Record<Role, number> = { observer: 1, participant: 2, moderator: 3, admin: 4 };
  const workspace = await getWorkspaceOrThrow(workspaceId);
  const current = roleIn(workspace, userId);
  if (current && rank[current] >= rank[role]) return { role: current, changed: false };
  if (current) {
    await setMemberRole(workspaceId, userId, role);
    return { role, changed: true };
  }
  // Guarded push: only when the user is not yet a member (two accepts racing add one entry).
  const result = await Workspace.updateOne(
    { _id: workspaceId, 'members.userId': mongoose.trusted({ $ne: userId }) },
    { $push: { members: { userId, role, joinedAt: new Date() } } },
  ).exec();
  if (result.modifiedCount === 0) return addMember(workspaceId, userId, role);
  return { role, changed: true };
}

/** Sets a member's role (read–modify–write of the members array). */
export async function setMemberRole(
  workspaceId: Types.ObjectId,
  userId: Types.ObjectId,
  role: Role,
): Promise<void> {
  const workspace = await getWorkspaceOrThrow(workspaceId);
  const members = workspace.members.map((m) => (m.userId.equals(userId) ? { ...m, role } : m));
  if (!members.some((m) => m.userId.equals(userId))) throw notFound('Member');
  await Workspace.updateOne({ _id: workspaceId }, { $set: { members } }).exec();
}

export const toObjectId = (id: string): Types.ObjectId => new Types.ObjectId(id);
