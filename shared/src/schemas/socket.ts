import { z } from 'zod/mini';
import { normalizeUserText } from '../text';
import { clientIdSchema, objectIdSchema, postBodySchema, reactionSchema, userTextSchema } from './common';

/** Payload schemas of every client→server command, keyed by event name (see `realtime/events.ts`). */

export const workspaceRefSchema = z.strictObject({ workspaceId: objectIdSchema });
export const blockRefSchema = z.strictObject({ blockId: objectIdSchema });
export const questionRefSchema = z.strictObject({ questionId: objectIdSchema });
export const postRefSchema = z.strictObject({ postId: objectIdSchema });

export const sessionStartSchema = z.strictObject({
  workspaceId: objectIdSchema,
  /** e.g. "Hamburg, April 2015". Default: "Live session". */
  title: z.optional(userTextSchema(200)),
});

/**
 * `question:open-next`: opens the next pending question of the block in order. Opening a later one
 * requires `{ skip: true, questionId }` (the skipped ones stay pending).
 */
export const questionOpenNextSchema = z.union([
  z.strictObject({ blockId: objectIdSchema }),
  z.strictObject({ blockId: objectIdSchema, skip: z.literal(true), questionId: objectIdSchema }),
]);

export const postHideSchema = z.strictObject({
  postId: objectIdSchema,
  reason: z.optional(z.string().check(z.overwrite(normalizeUserText), z.maxLength(500))),
});

/** `post:spotlight`: `postId: null` clears the spotlight. */
export const postSpotlightSchema = z.strictObject({
  questionId: objectIdSchema,
  postId: z.nullable(objectIdSchema),
});

export const postCreateSchema = z.strictObject({
  questionId: objectIdSchema,
  clientId: clientIdSchema,
  body: postBodySchema,
  /** A top-level post of the same question (replies are one level deep). */
  parentId: z.optional(z.nullable(objectIdSchema)),
});

export const postEditSchema = z.strictObject({ postId: objectIdSchema, body: postBodySchema });

export const reactionSchemaPayload = z.strictObject({ postId: objectIdSchema, reaction: reactionSchema });

/** Most questions a single `sync:since` may ask about. */
export const MAX_SYNC_QUESTIONS = 50;

/** `sync:since`: `{ [questionId]: lastSeenSeq }` (0 = from the beginning). */
export const syncSinceSchema = z
  .record(objectIdSchema, z.number().check(z.int(), z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)))
  .check(
    z.refine((r) => Object.keys(r).length <= MAX_SYNC_QUESTIONS, `at most ${MAX_SYNC_QUESTIONS} questions`),
  );

export const typingSchema = questionRefSchema;

export type WorkspaceRef = z.infer<typeof workspaceRefSchema>;
export type BlockRef = z.infer<typeof blockRefSchema>;
export type QuestionRef = z.infer<typeof questionRefSchema>;
export type PostRef = z.infer<typeof postRefSchema>;
export type SessionStartPayload = z.infer<typeof sessionStartSchema>;
export type QuestionOpenNextPayload = z.infer<typeof questionOpenNextSchema>;
export type PostHidePayload = z.infer<typeof postHideSchema>;
export type PostSpotlightPayload = z.infer<typeof postSpotlightSchema>;
export type PostCreatePayload = z.input<typeof postCreateSchema>;
export type PostEditPayload = z.input<typeof postEditSchema>;
export type ReactionPayload = z.infer<typeof reactionSchemaPayload>;
export type SyncSincePayload = z.infer<typeof syncSinceSchema>;
export type TypingPayload = z.infer<typeof typingSchema>;
