import { Router } from 'express';
import {
  MAX_THREAD_PAGE,
  questionParamsSchema,
  questionPostParamsSchema,
  threadQuerySchema,
  type ThreadPageDto,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { notFound } from '../../lib/errors';
import { parseInput } from '../../lib/validation';
import { requireAuth } from '../../contracts/requestAuth';
import { accessQuestion } from '../questions/access';
import { presentQuestion } from '../questions/questions.presenter';
import { lastSeqOf } from '../questions/questions.service';
import { can } from '../workspaces/workspaces.policy';
import { postHistory } from './postHistory.service';
import { presentPost } from './posts.presenter';
import { getPostOrThrow, threadPage } from './posts.service';

/**
 * `GET /api/questions/:questionId/posts?afterSeq=&limit=` — a thread page by seq;
 * `GET /api/questions/:questionId/posts/:postId/history` — a post's earlier versions (author or moderator).
 */
export function postsRoutes(_ctx: ServerContext): Router {
  const router = Router();
  router.get('/questions/:questionId/posts', async (req, res) => {
    const { user } = requireAuth(res);
    const { questionId } = parseInput(questionParamsSchema, req.params);
    const query = parseInput(threadQuerySchema, req.query);
    const { question, role } = await accessQuestion(questionId, user._id, 'read');
    const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_THREAD_PAGE);
    const posts = await threadPage(question._id, query.afterSeq ?? 0, limit);
    const viewer = { canSeeHidden: can(role, 'moderate') };
    const body: ThreadPageDto = {
      question: presentQuestion(question, await lastSeqOf(question._id)),
      posts: posts.map((p) => presentPost(p, viewer)),
      nextAfterSeq: posts.length === limit ? (posts[posts.length - 1]?.seq ?? null) : null,
    };
    res.json(body);
  });
  router.get('/questions/:questionId/posts/:postId/history', async (req, res) => {
    const { user } = requireAuth(res);
    const { questionId, postId } = parseInput(questionPostParamsSchema, req.params);
    const { question, role } = await accessQuestion(questionId, user._id, 'read');
    const post = await getPostOrThrow(postId);
    if (!post.questionId.equals(question._id)) throw notFound('Post');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await postHistory(post, { userId: user._id, canModerate: can(role, 'moderate') }));
  });
  return router;
}
