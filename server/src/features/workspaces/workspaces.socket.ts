import { rooms, workspaceRefSchema } from '@polos/shared';
import type { SocketFeature } from '../../realtime/types';
import { accessWorkspace } from './access';
import { loadWorkspaceDetail } from './workspaces.detail';

/** `workspace:join` / `workspace:leave`. */
export const workspacesSocket: SocketFeature = (register) => {
  register('workspace:join', workspaceRefSchema, async ({ workspaceId }, { socket, user, presence }) => {
    const { workspace, role } = await accessWorkspace(workspaceId, user.userId, 'read');
    const detail = await loadWorkspaceDetail(workspace, role);
    await socket.join(rooms.workspace(workspaceId));
    socket.data.workspaces[workspaceId] = role;
    const blockId = detail.live.session?.currentBlockId ?? null;
    return { data: { ...detail, presence: blockId ? presence.list(blockId) : null } };
  });

  register('workspace:leave', workspaceRefSchema, async ({ workspaceId }, { socket, user }) => {
    await accessWorkspace(workspaceId, user.userId, 'read');
    await socket.leave(rooms.workspace(workspaceId));
    delete socket.data.workspaces[workspaceId];
    return { data: null };
  });
};
