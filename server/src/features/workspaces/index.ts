import { Router } from 'express';
import { rooms } from '@polos/shared';
import { defineFeature } from '../../contracts/feature';
import { auditRoutes } from './audit.routes';
import type { WorkspacesEvent } from './events';
import { workspacesRoutes } from './workspaces.routes';
import { workspaceTextsRoutes } from './workspaceTexts';

/** Workspaces, their members and roles, and the access rule (`workspace:join` / `workspace:leave` are `workspaceView`'s). */
export const workspaces = defineFeature<WorkspacesEvent>({
  name: 'workspaces',
  setup: (ctx) => ({
    routes: Router().use(workspacesRoutes(ctx), auditRoutes(ctx), workspaceTextsRoutes(ctx)),
    present: {
      // The member's sockets are told and disconnected; they reconnect with the new role (or none).
      'member.changed': ({ userId, role }) => [
        {
          to: rooms.user(userId),
          emit: ['session:revoked', { reason: role ? 'role_changed' : 'removed' }],
          disconnect: true,
        },
      ],
      // Open pages (nav, titles, home) re-render the texts in their viewer's language.
      'workspace.texts': ({ workspaceId, fact }) => [
        { to: rooms.workspace(workspaceId), emit: ['workspace:texts', fact] },
      ],
    },
  }),
});
