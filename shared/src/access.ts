import type { Role } from './domain';

/**
 * The role ranking — the one place it is defined (server policy, drafts access and the client's controls all
 * use {@link can}). A role may do everything a lower one may.
 */
const ROLE_RANK: Record<Role, number> = { observer: 1, participant: 2, moderator: 3, admin: 4 };

/** What an action needs: the lowest role allowed to do it. */
export const Ability = {
  /** Read the workspace, its threads, presence, drafts. */
  read: 'observer',
  /** Post, reply, react, type, edit drafts. */
  participate: 'participant',
  /** Run the live session, moderate threads and drafts, read the audit log. */
  moderate: 'moderator',
  /** Invite, change roles. */
  administer: 'admin',
} as const satisfies Record<string, Role>;
export type Ability = keyof typeof Ability;

/** Whether a member with `role` (null/undefined: not a member) may do what `ability` needs. */
export function can(role: Role | null | undefined, ability: Ability): boolean {
  return role != null && ROLE_RANK[role] >= ROLE_RANK[Ability[ability]];
}
