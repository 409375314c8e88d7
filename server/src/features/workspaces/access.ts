import type { Types } from 'mongoose';
import type { Role } from '@polos/shared';
import type { WorkspaceDoc } from './workspace.model';
import { authorize, type Ability } from './workspaces.policy';
import { membershipOf } from './workspaces.service';

/**
 * The access rule: the caller's role in the workspace must allow `ability` (`forbidden` otherwise, `not_found`
 * when there is no such workspace). Returns the workspace and the (non-null) role.
 */
export async function accessWorkspace(
  workspaceId: string | Types.ObjectId,
  userId: Types.ObjectId,
  ability: Ability,
): Promise<{ workspace: WorkspaceDoc; role: Role }> {
  const { workspace, role } = await membershipOf(workspaceId, userId);
  return { workspace, role: authorize(role, ability) };
}

/**
 * The access rule for an already-loaded resource of a workspace (a block, a question, a post — each feature
 * loads its own and asks here): the caller's role in the resource's workspace must allow `ability`.
 */
export async function accessTo(
  resource: { workspaceId: Types.ObjectId },
  userId: Types.ObjectId,
  ability: Ability,
): Promise<Role> {
  return (await accessWorkspace(resource.workspaceId, userId, ability)).role;
}
