import { z } from 'zod/mini';
import { objectIdSchema, userTextSchema } from './common';

/**
 * Edits of one admin-written text (`LocalizedText`): `en` and `es` replace their version (visible text
 * required); `pt` and `fr` replace theirs, or `''` removes that translation (the UI then shows the English one,
 * marked). Languages not given are left as they are; at least one must be given.
 */
export function localizedTextPatchSchema(maxLength: number) {
  const translation = z.optional(z.union([z.literal(''), userTextSchema(maxLength)]));
  return z
    .strictObject({
      en: z.optional(userTextSchema(maxLength)),
      es: z.optional(userTextSchema(maxLength)),
      pt: translation,
      fr: translation,
    })
    .check(z.refine((patch) => Object.keys(patch).length > 0, 'give at least one language'));
}
export type LocalizedTextPatch = z.infer<ReturnType<typeof localizedTextPatchSchema>>;

/** Longest block title, block description and question text, in UTF-16 code units. */
export const LOCALIZED_TEXT_LIMITS = {
  blockTitle: 200,
  blockDescription: 2000,
  questionText: 1000,
  workspaceTitle: 200,
  workspaceDescription: 5000,
} as const;

export const blockIdParamsSchema = z.strictObject({ blockId: objectIdSchema });

/** A title-and/or-description patch body (blocks, workspaces): each per language, at least one of the two. */
function titleDescriptionPatchSchema(titleMax: number, descriptionMax: number) {
  return z
    .strictObject({
      title: z.optional(localizedTextPatchSchema(titleMax)),
      description: z.optional(localizedTextPatchSchema(descriptionMax)),
    })
    .check(z.refine((body) => Object.keys(body).length > 0, 'give a title or a description'));
}

/** `PATCH /api/blocks/:blockId/texts` (admin): title and/or description per language. */
export const updateBlockTextsBodySchema = titleDescriptionPatchSchema(
  LOCALIZED_TEXT_LIMITS.blockTitle,
  LOCALIZED_TEXT_LIMITS.blockDescription,
);
export type UpdateBlockTextsBody = z.infer<typeof updateBlockTextsBodySchema>;

/** `PATCH /api/questions/:questionId/text` (admin): the question's text per language. */
export const updateQuestionTextBodySchema = z.strictObject({
  text: localizedTextPatchSchema(LOCALIZED_TEXT_LIMITS.questionText),
});
export type UpdateQuestionTextBody = z.infer<typeof updateQuestionTextBodySchema>;

/** `PATCH /api/workspaces/:workspaceId/texts` (admin): the workspace's title and/or description per language. */
export const updateWorkspaceTextsBodySchema = titleDescriptionPatchSchema(
  LOCALIZED_TEXT_LIMITS.workspaceTitle,
  LOCALIZED_TEXT_LIMITS.workspaceDescription,
);
export type UpdateWorkspaceTextsBody = z.infer<typeof updateWorkspaceTextsBodySchema>;
