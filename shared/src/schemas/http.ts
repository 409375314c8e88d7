import { z } from 'zod/mini';
import {
  emailSchema,
  localeSchema,
  objectIdSchema,
  passwordSchema,
  personNameSchema,
  roleSchema,
} from './common';

/** `POST /api/auth/login` */
export const loginBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

/**
 * `POST /api/invites/:token/accept`. Signed out: name, email and password create the account.
 * Signed in: send `{}` to add the invite's workspace to the current account.
 */
export const acceptInviteBodySchema = z.strictObject({
  name: z.optional(personNameSchema),
  email: z.optional(emailSchema),
  password: z.optional(passwordSchema),
  locale: z.optional(localeSchema),
  districtId: z.optional(z.nullable(objectIdSchema)),
});
export type AcceptInviteBody = z.infer<typeof acceptInviteBodySchema>;

/** `POST /api/workspaces/:workspaceId/invites` (admin). */
export const createInviteBodySchema = z.strictObject({
  role: roleSchema,
  /** Hours until the link expires: 1 h – 90 days. Default 14 days. */
  expiresInHours: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(24 * 90))),
  /** 1–1000. Default 50. */
  maxUses: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
});
export type CreateInviteBody = z.infer<typeof createInviteBodySchema>;

/** `PATCH /api/users/me` */
export const updateMeBodySchema = z.strictObject({
  name: z.optional(personNameSchema),
  locale: z.optional(localeSchema),
  districtId: z.optional(z.nullable(objectIdSchema)),
});
export type UpdateMeBody = z.infer<typeof updateMeBodySchema>;

/** `PATCH /api/workspaces/:workspaceId/members/:userId` (admin). */
export const updateMemberBodySchema = z.strictObject({ role: roleSchema });
export type UpdateMemberBody = z.infer<typeof updateMemberBodySchema>;

const seqQuery = z.pipe(
  z.string().check(z.regex(/^\d{1,15}$/, 'must be a non-negative integer')),
  z.transform((s: string) => Number(s)),
);

/** `GET /api/questions/:questionId/posts?afterSeq=&limit=` */
export const threadQuerySchema = z.strictObject({
  afterSeq: z.optional(seqQuery),
  limit: z.optional(seqQuery),
});
export type ThreadQuery = z.infer<typeof threadQuerySchema>;

/** `GET /api/workspaces/:workspaceId/audit?before=&limit=` — `before` is an audit entry id. */
export const auditQuerySchema = z.strictObject({
  before: z.optional(objectIdSchema),
  limit: z.optional(seqQuery),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Path parameters. */
export const workspaceParamsSchema = z.strictObject({ workspaceId: objectIdSchema });
export const questionParamsSchema = z.strictObject({ questionId: objectIdSchema });
/** `/api/questions/:questionId/posts/:postId/…` */
export const questionPostParamsSchema = z.strictObject({
  questionId: objectIdSchema,
  postId: objectIdSchema,
});
export const memberParamsSchema = z.strictObject({ workspaceId: objectIdSchema, userId: objectIdSchema });
export const inviteParamsSchema = z.strictObject({
  token: z.string().check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, 'must be an invite token')),
});
/** `/api/workspaces/:workspaceId/invites/:inviteId` (admin). */
export const workspaceInviteParamsSchema = z.strictObject({
  workspaceId: objectIdSchema,
  inviteId: objectIdSchema,
});
