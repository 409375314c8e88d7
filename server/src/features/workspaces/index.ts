import { Router } from 'express';
import { rooms } from '@polos/shared';
import { commandsOf, defineFeature } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import { auditRoutes } from './audit.routes';
import type { WorkspacesEvent } from './events';
import { workspacesRoutes } from './workspaces.routes';
import { workspacesSocket } from './workspaces.socket';

/** Workspaces and their members; `workspace:join` / `workspace:leave`. */
export const workspaces = defineFeature<WorkspacesEvent>({
  name: 'workspaces',
  setup: (ctx) => ({
    routes: Router().use(workspacesRoutes(ctx), auditRoutes(ctx)),
    commands: commandsOf(FORUM_COMMAND_LIMITS, workspacesSocket),
    present: {
      // The member's sockets are told and disconnected; they reconnect with the new role (or none).
      'member.changed': ({ userId, role }) => [
        {
          to: rooms.user(userId),
          emit: ['session:revoked', { reason: role ? 'role_changed' : 'removed' }],
          disconnect: true,
        },
      ],
    },
  }),
});
