import { rooms, workspaceRefSchema } from '@polos/shared';
import type { SocketFeature } from '../../contracts/feature';
import { presenceOf } from '../presence/presence.service';
import { accessWorkspace } from '../workspaces/access';
import { can } from '../workspaces/workspaces.policy';
import { loadWorkspaceDetail } from './workspaceView.detail';

/** `workspace:join` / `workspace:leave`. */
export const workspaceViewSocket: SocketFeature = (register) => {
  register('workspace:join', workspaceRefSchema, async ({ workspaceId }, { ctx, socket, user }) => {
    const { workspace, role } = await accessWorkspace(workspaceId, user.userId, 'read');
    const detail = await loadWorkspaceDetail(workspace, role);
    const room = rooms.workspace(workspaceId);
    // Moderators also join the room's moderators part (full views, e.g. a spotlighted hidden post).
    await socket.join(can(role, 'moderate') ? [room, rooms.moderators(room)] : room);
    socket.data.workspaces[workspaceId] = role;
    const blockId = detail.live.session?.currentBlockId ?? null;
    return { data: { ...detail, presence: blockId ? await presenceOf(ctx).list(blockId) : null } };
  });

  register('workspace:leave', workspaceRefSchema, async ({ workspaceId }, { socket, user }) => {
    await accessWorkspace(workspaceId, user.userId, 'read');
    await socket.leave(rooms.workspace(workspaceId));
    await socket.leave(rooms.moderators(rooms.workspace(workspaceId)));
    delete socket.data.workspaces[workspaceId];
    return { data: null };
  });
};
