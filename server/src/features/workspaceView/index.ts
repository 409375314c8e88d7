import { defineFeature, commandsOf } from '../../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../../contracts/limits';
import { workspaceViewRoutes } from './workspaceView.routes';
import { workspaceViewSocket } from './workspaceView.socket';

/**
 * What a member sees of a workspace: `GET /api/workspaces/:workspaceId` and `workspace:join` / `workspace:leave`
 * (the workspace with its blocks, questions, live state and presence). It composes the features below it, so it
 * sits above `liveSessions` in the layers; `workspaces` (membership, roles, the access rule) stays low.
 */
export const workspaceView = defineFeature({
  name: 'workspaceView',
  setup: () => ({
    routes: workspaceViewRoutes(),
    commands: commandsOf(FORUM_COMMAND_LIMITS, workspaceViewSocket),
  }),
});
