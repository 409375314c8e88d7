import { blockRefSchema, postSpotlightSchema, sessionStartSchema, workspaceRefSchema } from '@polos/shared';
import type { SocketFeature } from '../../contracts/feature';
import { presentBlock } from '../blocks/blocks.presenter';
import { loadBlocks } from '../blocks/blocks.service';
import { presentPost } from '../posts/posts.presenter';
import { accessBlock } from '../blocks/access';
import { accessQuestion } from '../questions/access';
import { accessWorkspace } from '../workspaces/access';
import { presentLiveSession } from './liveSessions.presenter';
import {
  asObjectId,
  closeBlock,
  endSession,
  openBlock,
  spotlightPost,
  startSession,
} from './liveSessions.service';
import type { BlockDoc } from '../blocks/block.model';

const present = async (block: BlockDoc) => {
  const { questions, lastSeqs } = await loadBlocks([block]);
  return presentBlock(block, questions, lastSeqs);
};

/** The moderator's meeting controls: session start/end, blocks, spotlight. */
export const liveSessionsSocket: SocketFeature = (register) => {
  register('session:start', sessionStartSchema, async ({ workspaceId, title }, { user }) => {
    const { workspace } = await accessWorkspace(workspaceId, user.userId, 'moderate');
    const { data, events } = await startSession(workspace._id, user, title);
    return { data: presentLiveSession(data), events };
  });

  register('session:end', workspaceRefSchema, async ({ workspaceId }, { user }) => {
    const { workspace } = await accessWorkspace(workspaceId, user.userId, 'moderate');
    const { data, events } = await endSession(workspace._id, user);
    return { data: presentLiveSession(data), events };
  });

  register('block:open', blockRefSchema, async ({ blockId }, { user }) => {
    const { block } = await accessBlock(blockId, user.userId, 'moderate');
    const { data, events } = await openBlock(block, user);
    return { data: await present(data), events };
  });

  register('block:close', blockRefSchema, async ({ blockId }, { user }) => {
    const { block } = await accessBlock(blockId, user.userId, 'moderate');
    const { data, events } = await closeBlock(block, user);
    return { data: await present(data), events };
  });

  register('post:spotlight', postSpotlightSchema, async ({ questionId, postId }, { user }) => {
    const { question } = await accessQuestion(questionId, user.userId, 'moderate');
    const { data, events } = await spotlightPost(question, user, postId ? asObjectId(postId) : null);
    return {
      data: {
        workspaceId: question.workspaceId.toHexString(),
        spotlight: data.post ? { questionId, postId: data.post._id.toHexString() } : null,
        post: data.post ? presentPost(data.post, { canSeeHidden: true }) : null,
      },
      events,
    };
  });
};
