import { createHmac, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { Session, type SessionDoc } from './session.model';

/** Session lifetime: 14 days. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** The database key of a session id: HMAC-SHA256 with the server secret, so a leaked table is useless. */
export function sessionKeyOf(sessionId: string, secret: string): string {
  return createHmac('sha256', secret).update(sessionId).digest('hex');
}

export interface NewSession {
  /** Goes into the cookie only. */
  sessionId: string;
  session: SessionDoc;
}

/** Creates a fresh session (new random id) for the user. */
export async function createSession(userId: Types.ObjectId, secret: string): Promise<NewSession> {
  const sessionId = randomBytes(32).toString('base64url');
  const now = new Date();
  const doc = await Session.create({
    _id: sessionKeyOf(sessionId, secret),
    userId,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    rotate: false,
  });
  return { sessionId, session: doc.toObject() };
}

/** The live session for a cookie value, or null (unknown or expired — expired ones are removed). */
export async function findSession(sessionId: string, secret: string): Promise<SessionDoc | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return null;
  const session = await Session.findById(sessionKeyOf(sessionId, secret)).lean<SessionDoc>().exec();
  if (!session) return null;
  if (session.expiresAt.getTime() <= Date.now()) {
    await Session.deleteOne({ _id: session._id }).exec();
    return null;
  }
  return session;
}

export async function destroySession(sessionKey: string): Promise<void> {
  await Session.deleteOne({ _id: sessionKey }).exec();
}

/** Ends every session of the user; returns their keys (to disconnect their sockets). */
export async function destroyUserSessions(userId: Types.ObjectId): Promise<string[]> {
  const sessions = await Session.find({ userId }, { _id: 1 }).lean<Pick<SessionDoc, '_id'>[]>().exec();
  await Session.deleteMany({ userId }).exec();
  return sessions.map((s) => s._id);
}

/** Marks the user's sessions for id rotation on their next request (role change); returns their keys. */
export async function markUserSessionsForRotation(userId: Types.ObjectId): Promise<string[]> {
  const sessions = await Session.find({ userId }, { _id: 1 }).lean<Pick<SessionDoc, '_id'>[]>().exec();
  await Session.updateMany({ userId }, { $set: { rotate: true } }).exec();
  return sessions.map((s) => s._id);
}
