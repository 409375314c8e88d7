import { Types } from 'mongoose';
import { can, type DraftAccessLevel, type Role } from '@polos/shared';
import { Workspace } from '../workspaces/workspace.model';
import { roleIn } from '../workspaces/workspaces.service';
import type { DraftDoc } from './draft.model';

/** The user's role in a workspace, or null when not a member. */
export type RoleLookup = (workspaceId: Types.ObjectId, userId: string) => Promise<Role | null>;

/** Reads the role from the workspace's member list. */
export const workspaceRoleLookup: RoleLookup = async (workspaceId, userId) => {
  if (!Types.ObjectId.isValid(userId)) return null;
  const workspace = await Workspace.findById(workspaceId).lean().exec();
  return workspace ? roleIn(workspace, userId) : null;
};

/**
 * Access to a draft: participants, moderators and admins edit; observers read; a locked draft is read-only
 * for everyone; non-members get nothing.
 */
export function draftAccessFor(role: Role | null, draft: Pick<DraftDoc, 'locked'>): DraftAccessLevel {
  if (!can(role, 'read')) return 'none';
  if (!can(role, 'participate') || draft.locked) return 'read';
  return 'edit';
}

/** Whether the role may lock/unlock and publish drafts. */
export const canModerateDrafts = (role: Role | null): boolean => can(role, 'moderate');
