import type { Role } from '@polos/shared';
import { forbidden } from '../../lib/errors';

/** Rank of each role: a role may do everything a lower one may. */
const rank: Record<Role, number> = { observer: 1, participant: 2, moderator: 3, admin: 4 };

/** What an action needs. */
export const Ability = {
  /** Read the workspace, its threads, presence. */
  read: 'observer',
  /** Post, reply, react, type. */
  participate: 'participant',
  /** Run the live session, moderate threads, read the audit log. */
  moderate: 'moderator',
  /** Invite, change roles. */
  administer: 'admin',
} as const satisfies Record<string, Role>;
export type Ability = keyof typeof Ability;

export function can(role: Role | null | undefined, ability: Ability): boolean {
  return role != null && rank[role] >= rank[Ability[ability]];
}

/** Throws `forbidden` unless the role allows the ability. Returns the (non-null) role. */
export function authorize(role: Role | null | undefined, ability: Ability): Role {
  if (!can(role, ability) || role == null) {
    throw forbidden(
      role == null ? 'You are not a member of this workspace' : `Your role (${role}) does not allow this`,
    );
  }
  return role;
}
