import type { Response } from 'express';
import type { Types } from 'mongoose';
import type { Locale } from '@polos/shared';
import { unauthenticated } from '../lib/errors';

/**
 * Who sends an HTTP request. The auth feature's session middleware loads it into `res.locals.auth` for every
 * route mounted after it; every feature reads it through {@link requireAuth} / {@link optionalAuth}. The shapes
 * live here, below the features, so a feature needs no import of `auth` (which sits above `users`): the `users`
 * and `sessions` features own the collections and their writes.
 */

/** A stored account (collection `users`, owned by the `users` feature). */
export interface UserDoc {
  _id: Types.ObjectId;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  /** argon2id PHC string. */
  passwordHash: string;
  districtId: Types.ObjectId | null;
  locale: Locale;
  createdAt: Date;
}

/**
 * A signed-in browser (collection `sessions`, owned by the `sessions` feature). `_id` is the HMAC of the
 * cookie's session id: the id itself is never stored.
 */
export interface SessionDoc {
  _id: string;
  userId: Types.ObjectId;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set when the user's role changed: the next HTTP request gets a fresh session id. */
  rotate: boolean;
}

/** The signed-in user and session of a request (`res.locals.auth`). */
export interface AuthContext {
  user: UserDoc;
  session: SessionDoc;
}

/** The signed-in user of this request; throws 401 `unauthenticated` when signed out. */
export function requireAuth(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw unauthenticated();
  return auth;
}

/** The signed-in user of this request, or undefined when signed out. */
export function optionalAuth(res: Response): AuthContext | undefined {
  return res.locals.auth as AuthContext | undefined;
}
