import {
  findQuestionIn,
  INITIAL_WORKSPACE_STATE,
  type WorkspaceContextValue,
} from '../../../client/src/features/workspace/workspaceContext';

/**
 * A workspace context as WorkspaceProvider gives it once the join is answered, for rendering a page inside
 * `<WorkspaceContext value={…}>` without a socket: status 'ready', no workspace summary, no live session or
 * presence, a participant's rights (may post, may not moderate), `findQuestion` over `blocks` and a no-op
 * `setPresence`; `overrides` replace any of these.
 */
export function readyWorkspace(
  overrides: Partial<WorkspaceContextValue> & { workspaceId: string },
): WorkspaceContextValue {
  const blocks = overrides.blocks ?? [];
  return {
    ...INITIAL_WORKSPACE_STATE,
    status: 'ready',
    canModerate: false,
    canPost: true,
    findQuestion: (questionId) => findQuestionIn(blocks, questionId),
    setPresence: () => undefined,
    ...overrides,
  };
}
