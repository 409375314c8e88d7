import type { Role, WorkspaceDetailDto } from '@polos/shared';
import { presentBlock } from '../blocks/blocks.presenter';
import { blocksOfWorkspace, loadBlocks } from '../blocks/blocks.service';
import { presentLiveState } from '../liveSessions/liveSessions.presenter';
import { activeSession } from '../liveSessions/liveSessions.service';
import type { WorkspaceDoc } from '../workspaces/workspace.model';
import { workspaceTexts } from '../workspaces/workspaceTexts';

/** Workspace with blocks, questions (and their last seq) and the live state — for REST and `workspace:join`. */
export async function loadWorkspaceDetail(workspace: WorkspaceDoc, role: Role): Promise<WorkspaceDetailDto> {
  const [{ blocks, questions, lastSeqs }, session] = await Promise.all([
    blocksOfWorkspace(workspace._id).then(loadBlocks),
    activeSession(workspace._id),
  ]);
  const workspaceId = workspace._id.toHexString();
  return {
    workspace: {
      id: workspaceId,
      title: workspace.title,
      description: workspace.description,
      role,
      ...workspaceTexts(workspace),
    },
    blocks: blocks.map((b) => presentBlock(b, questions, lastSeqs)),
    live: presentLiveState(workspaceId, session),
  };
}
