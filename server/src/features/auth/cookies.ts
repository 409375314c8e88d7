import { SESSION_COOKIE } from '@polos/shared';
import type { Response } from 'express';
import type { Config } from '../../config/config';
import { SESSION_TTL_MS } from '../sessions/sessions.service';

/** Reads one cookie from a `Cookie` header (no dependency; values are not URL-decoded: ours are base64url). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export const readSessionCookie = (header: string | undefined): string | undefined =>
  readCookie(header, SESSION_COOKIE);

export function setSessionCookie(res: Response, sessionId: string, config: Config): void {
  res.cookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.nodeEnv === 'production',
    path: '/',
    maxAge: SESSION_TTL_MS,
  });
}

export function clearSessionCookie(res: Response, config: Config): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.nodeEnv === 'production',
    path: '/',
  });
}
