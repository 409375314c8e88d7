import {
  postCreateSchema,
  postEditSchema,
  postHideSchema,
  postRefSchema,
  reactionSchemaPayload,
  syncSinceSchema,
  type SyncQuestionResult,
  type SyncSinceResult,
} from '@polos/shared';
import type { SocketFeature } from '../../contracts/feature';
import { accessQuestion } from '../questions/access';
import { getQuestionOrThrow, windowFactsBetween } from '../questions/questions.service';
import { seqLogSourcesOf } from '../questions/seqLog';
import { accessPost } from './access';
import { can } from '../workspaces/workspaces.policy';
import { presentChange } from './posts.presenter';
import {
  changesSince,
  createPost,
  deletePost,
  editPost,
  setHidden,
  setReaction,
  type StoredChange,
} from './posts.service';

const full = { canSeeHidden: true };
const asChange = (c: StoredChange, canSeeHidden: boolean) =>
  presentChange(c.kind, c.seq, c.post, { canSeeHidden });

/** Thread writes (persist → ack → broadcast) and the catch-up `sync:since`. */
export const postsSocket: SocketFeature = (register) => {
  register('post:create', postCreateSchema, async (payload, { user }) => {
    const { question, role } = await accessQuestion(payload.questionId, user.userId, 'participate');
    const { data, events } = await createPost(question, user, payload);
    return { data: asChange(data, can(role, 'moderate')), events };
  });

  register('post:edit', postEditSchema, async ({ postId, body }, { user }) => {
    const { post, question, role } = await accessPost(postId, user.userId, 'participate');
    const { data, events } = await editPost(post, question, user, body);
    return { data: asChange(data, can(role, 'moderate')), events };
  });

  register('post:delete', postRefSchema, async ({ postId }, { user }) => {
    const { post, question } = await accessPost(postId, user.userId, 'participate');
    const { data, events } = await deletePost(post, question, user);
    return { data: asChange(data, false), events };
  });

  for (const [event, add] of [
    ['reaction:add', true],
    ['reaction:remove', false],
  ] as const) {
    register(event, reactionSchemaPayload, async ({ postId, reaction }, { user }) => {
      const { post, question, role } = await accessPost(postId, user.userId, 'participate');
      const { data, events } = await setReaction(post, question, user, reaction, add);
      return { data: asChange(data, can(role, 'moderate')), events };
    });
  }

  register('post:hide', postHideSchema, async ({ postId, reason }, { user }) => {
    const { post } = await accessPost(postId, user.userId, 'moderate');
    const { data, events } = await setHidden(post, user, true, reason);
    return { data: presentChange(data.kind, data.seq, data.post, full), events };
  });

  register('post:unhide', postRefSchema, async ({ postId }, { user }) => {
    const { post } = await accessPost(postId, user.userId, 'moderate');
    const { data, events } = await setHidden(post, user, false, undefined);
    return { data: presentChange(data.kind, data.seq, data.post, full), events };
  });

  register('sync:since', syncSinceSchema, async (since, { ctx, user }) => {
    const result: SyncSinceResult = {};
    // Authorise every question before reading any thread.
    const access = [];
    for (const questionId of Object.keys(since))
      access.push(await accessQuestion(questionId, user.userId, 'read'));
    // Features above posts that write into the question's seq log (polls), registered by dependency inversion.
    const sources = seqLogSourcesOf(ctx);
    for (const { question, role } of access) {
      const id = question._id.toHexString();
      const after = since[id] ?? 0;
      const viewer = { userId: user.userId, canSeeHidden: can(role, 'moderate') };
      const filled = new Set((question.windowFacts ?? []).map((f) => f.seq));
      for (const source of sources)
        for (const seq of await source.seqsAfter(question._id, after)) filled.add(seq);
      const { changes, lastSeq, hasMore, until } = await changesSince(question._id, after, filled);
      // Window facts and the sources' changes share the question's seq log: replay those this page covers.
      // Re-read after the log (a fact stored meanwhile has a seq ≤ lastSeq and must be in this answer).
      const facts = windowFactsBetween(await getQuestionOrThrow(question._id), after, until);
      const answer: SyncQuestionResult = {
        changes: changes.map((c) => asChange(c, viewer.canSeeHidden)),
        lastSeq,
        hasMore,
        facts,
      };
      for (const source of sources)
        Object.assign(answer, await source.replay(question, after, until, viewer));
      result[id] = answer;
    }
    return { data: result };
  });
};
