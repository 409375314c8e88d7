import type { Role, WorkspaceTextsFactDto } from '@polos/shared';

/** A member's role changed (`role` null: removed). Their sockets are disconnected; drafts recompute access. */
export interface MemberChanged {
  type: 'member.changed';
  workspaceId: string;
  userId: string;
  role: Role | null;
}

/** An admin's translation edit of the workspace's title/description is stored (`fact`: the texts after it). */
export interface WorkspaceTextsChanged {
  type: 'workspace.texts';
  workspaceId: string;
  fact: WorkspaceTextsFactDto;
}

export type WorkspacesEvent = MemberChanged | WorkspaceTextsChanged;
