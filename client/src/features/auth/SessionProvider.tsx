import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AcceptInviteBody, SessionDto } from '@polos/shared';
import { ApiError, api, setCsrfToken } from '../../api/http';
import { clearDraftCaches } from '../drafts';
import { clearComposeStore } from '../../storage/composeStore';
import { i18next, isLanguage, languagePickedSince, setLanguage } from '../../i18n';
import {
  SESSION_STATUS,
  SessionContext,
  type SessionContextValue,
  type SessionStatus,
} from './sessionContext';

/** The socket module is loaded lazily (it is not part of the landing page's bundle). */
async function resetSocket(): Promise<void> {
  const { getSocket } = await import('../../realtime/socket');
  getSocket().disconnect();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>(SESSION_STATUS.loading);
  const [session, setSession] = useState<SessionDto | null>(null);

  const current = useRef<SessionDto | null>(null);
  const appliedLocale = useRef<string | null>(null);

  /** `askedAt`: when the session was requested (ms since epoch), for a read that may cross a language pick. */
  const establish = useCallback((next: SessionDto | null, askedAt?: number) => {
    current.current = next;
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
    setStatus(next ? SESSION_STATUS.signedIn : SESSION_STATUS.signedOut);
    // The account's saved language wins on every device (a fresh browser opens in it after sign-in). Applied when
    // it differs from the one last applied, so a session re-read while a language change is still being saved
    // (PATCH /api/users/me) does not switch back.
    // A language picked in the switch while the read was under way wins: the read carries the account's language
    // from before the pick (whose PATCH follows), and applying it would undo the person's choice.
    const saved = next?.user.locale ?? null;
    if (saved !== appliedLocale.current) {
      appliedLocale.current = saved;
      const pickedMeanwhile = askedAt === undefined ? null : languagePickedSince(askedAt);
      if (pickedMeanwhile === null) {
        if (isLanguage(saved) && saved !== i18next.language) void setLanguage(saved);
      } else if (next && pickedMeanwhile !== saved) {
        // Picked before the session was known (the switch saves only when signed in): save it now.
        void api('PATCH', '/api/users/me', { locale: pickedMeanwhile }).catch(() => undefined);
      }
    }
  }, []);

  const refresh = useCallback(async (): Promise<boolean> => {
    try {
      // Signed out answers 200 `{ user: null }` (no console error on every fresh page load).
      const askedAt = Date.now();
      const next = await api<SessionDto | { user: null }>('GET', '/api/auth/session');
      const signedIn = next.user ? next : null;
      establish(signedIn, askedAt);
      return signedIn !== null;
    } catch (error) {
      // Offline while signed in: keep the session (the socket reconnects on its own); anything else means none.
      if (error instanceof ApiError && error.status === 0 && current.current) return true;
      establish(null);
      return false;
    }
  }, [establish]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const next = await api<SessionDto>('POST', '/api/auth/login', { email, password });
      // The cookie changed: drop a socket opened with the old one *before* the UI (whose workspace
      // provider connects the socket) re-renders signed in, or this late disconnect would win.
      await resetSocket();
      establish(next);
    },
    [establish],
  );

  const acceptInvite = useCallback(
    async (token: string, body: AcceptInviteBody) => {
      const next = await api<SessionDto>('POST', `/api/invites/${encodeURIComponent(token)}/accept`, body);
      await resetSocket();
      establish(next);
    },
    [establish],
  );

  const signOut = useCallback(
    async (everywhere = false, options: { serverEnded?: boolean } = {}) => {
      const userId = session?.user.id;
      if (!options.serverEnded) {
        try {
          await api<undefined>('POST', everywhere ? '/api/auth/logout-all' : '/api/auth/logout');
        } catch (error) {
          // Only the server can end the session (its cookie is httpOnly): if it did not answer, showing the
          // sign-in page would leave the next person at this browser signed in as this user on reload.
          // 401 = already ended.
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        }
      }
      // The next person at this browser must not find this user's drafts on it (the menu warned about unsent
      // edits). Drafts open in this page close their cache first.
      if (userId) {
        await clearDraftCaches(userId).catch(() => undefined);
        clearComposeStore(userId); // unsent posts and composer drafts of this user
      }
      establish(null);
      await resetSocket();
    },
    [establish, session],
  );

  const value = useMemo<SessionContextValue>(
    () => ({ status, session, signIn, acceptInvite, signOut, refresh }),
    [status, session, signIn, acceptInvite, signOut, refresh],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}
