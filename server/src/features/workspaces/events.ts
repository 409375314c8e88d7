import type { Role } from '@polos/shared';

/** A member's role changed (`role` null: removed). Their sockets are disconnected; drafts recompute access. */
export interface MemberChanged {
  type: 'member.changed';
  workspaceId: string;
  userId: string;
  role: Role | null;
}

export type WorkspacesEvent = MemberChanged;
