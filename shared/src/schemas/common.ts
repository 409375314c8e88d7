import { z } from 'zod/mini';
import { LOCALES, MAX_POST_BODY_LENGTH, REACTIONS, ROLES } from '../domain';
import { hasVisibleText, normalizeUserText } from '../text';

/**
 * Text a user writes for others to read (post bodies, names, titles), `maxLength` UTF-16 code units
 * at most after normalising: bidi controls removed and trimmed (`normalizeUserText`), and refused as
 * "must contain visible text" when nothing visible is left (`hasVisibleText`: whitespace, zero-width
 * and other default-ignorable characters, Hangul fillers and the Braille blank do not count).
 */
export function userTextSchema(maxLength: number) {
  return z
    .string()
    .check(
      z.overwrite(normalizeUserText),
      z.refine(hasVisibleText, 'must contain visible text'),
      z.maxLength(maxLength, `must be at most ${maxLength} characters`),
    );
}

/** A MongoDB ObjectId as 24 lower-case hex digits. */
export const objectIdSchema = z.string().check(z.regex(/^[a-f0-9]{24}$/, 'must be an id'));

/** Client-generated idempotency key: 8–64 URL-safe characters (a UUID fits). */
export const clientIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 URL-safe characters'));

export const roleSchema = z.enum(ROLES);
export const localeSchema = z.enum(LOCALES);
export const reactionSchema = z.enum(REACTIONS);

/** Markdown body of a post: user text (see {@link userTextSchema}), at most 10,000 characters. */
export const postBodySchema = userTextSchema(MAX_POST_BODY_LENGTH);

export const emailSchema = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.maxLength(254),
    z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address'),
  );

/** Shortest and longest password accepted (characters); the client checks them before sending. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Passwords: 10–200 characters. */
export const passwordSchema = z
  .string()
  .check(
    z.minLength(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`),
    z.maxLength(PASSWORD_MAX_LENGTH),
  );

/** A person's display name: user text (see {@link userTextSchema}), at most 100 characters. */
export const personNameSchema = userTextSchema(100);
