import { z } from 'zod/mini';
import { LOCALES, MAX_POST_BODY_LENGTH, REACTIONS, ROLES } from '../domain';

/** A MongoDB ObjectId as 24 lower-case hex digits. */
export const objectIdSchema = z.string().check(z.regex(/^[a-f0-9]{24}$/, 'must be an id'));

/** Client-generated idempotency key: 8–64 URL-safe characters (a UUID fits). */
export const clientIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 URL-safe characters'));

export const roleSchema = z.enum(ROLES);
export const localeSchema = z.enum(LOCALES);
export const reactionSchema = z.enum(REACTIONS);

/** Markdown body of a post: trimmed, 1–10,000 characters. */
export const postBodySchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_POST_BODY_LENGTH, `must be at most ${MAX_POST_BODY_LENGTH} characters`),
  );

export const emailSchema = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.maxLength(254),
    z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address'),
  );

/** Passwords: 10–200 characters. */
export const passwordSchema = z
  .string()
  .check(z.minLength(10, 'must be at least 10 characters'), z.maxLength(200));

export const personNameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
