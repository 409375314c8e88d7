import { Router } from 'express';
import type { Types } from 'mongoose';
import {
  blockIdParamsSchema,
  questionParamsSchema,
  updateBlockTextsBodySchema,
  updateQuestionTextBodySchema,
  type BlockDto,
  type QuestionDto,
  type UpdateBlockTextsBody,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import { requireAuth } from '../../contracts/requestAuth';
import { notFound } from '../../lib/errors';
import { localizedTextUpdate } from '../../lib/localizedText';
import { parseInput } from '../../lib/validation';
import { accessQuestion } from '../questions/access';
import { setQuestionText } from '../questions/questionTexts';
import { presentQuestion } from '../questions/questions.presenter';
import { lastSeqOf, questionChanged } from '../questions/questions.service';
import { accessBlock } from './access';
import { Block, type BlockDoc } from './block.model';
import { presentBlock } from './blocks.presenter';
import { blockChanged } from './blocks.service';

/**
 * Applies translation edits to block `id`'s title and description in one atomic update of the edited languages'
 * paths only (`title.pt`, `description.fr`…); returns the updated block (`not_found` when it is gone).
 */
export async function setBlockTexts(id: Types.ObjectId, body: UpdateBlockTextsBody): Promise<BlockDoc> {
  const $set: Record<string, string> = {};
  const $unset: Record<string, ''> = {};
  for (const path of ['title', 'description'] as const) {
    const patch = body[path];
    if (!patch) continue;
    const update = localizedTextUpdate(path, patch);
    Object.assign($set, update.$set);
    Object.assign($unset, update.$unset);
  }
  const updated = await Block.findOneAndUpdate(
    { _id: id },
    { ...(Object.keys($set).length ? { $set } : {}), ...(Object.keys($unset).length ? { $unset } : {}) },
    { returnDocument: 'after' },
  )
    .lean<BlockDoc>()
    .exec();
  if (!updated) throw notFound('Block');
  return updated;
}

/**
 * Admin-written texts per language (issue 13), admins only:
 * `PATCH /api/blocks/:blockId/texts` `{ title?, description? }` → the block (BlockDto), and
 * `PATCH /api/questions/:questionId/text` `{ text }` → the question (QuestionDto); each patch is
 * `{ en?, es?, pt?, fr? }` (pt/fr `''` removes the translation). Stored, then published to the workspace
 * (`block:updated` / `question:updated`), so open pages show the new text at once.
 */
export function blockTextsRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.patch('/blocks/:blockId/texts', async (req, res) => {
    const { user } = requireAuth(res);
    const { blockId } = parseInput(blockIdParamsSchema, req.params);
    const body = parseInput(updateBlockTextsBodySchema, req.body);
    const { block } = await accessBlock(blockId, user._id, 'administer');
    const event = await blockChanged(await setBlockTexts(block._id, body));
    ctx.bus.publish(event);
    const dto: BlockDto = presentBlock(event.block, event.questions, event.lastSeqs);
    res.json(dto);
  });
  router.patch('/questions/:questionId/text', async (req, res) => {
    const { user } = requireAuth(res);
    const { questionId } = parseInput(questionParamsSchema, req.params);
    const { text } = parseInput(updateQuestionTextBodySchema, req.body);
    const { question } = await accessQuestion(questionId, user._id, 'administer');
    const updated = await setQuestionText(question._id, text);
    ctx.bus.publish(await questionChanged(updated));
    const dto: QuestionDto = presentQuestion(updated, await lastSeqOf(updated._id));
    res.json(dto);
  });
  return router;
}
