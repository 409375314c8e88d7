import { createContext } from 'react';
import type { AcceptInviteBody, SessionDto } from '@polos/shared';

export const SESSION_STATUS = { loading: 'loading', signedOut: 'signedOut', signedIn: 'signedIn' } as const;
export type SessionStatus = (typeof SESSION_STATUS)[keyof typeof SESSION_STATUS];

export interface SessionContextValue {
  status: SessionStatus;
  session: SessionDto | null;
  signIn: (email: string, password: string) => Promise<void>;
  acceptInvite: (token: string, body: AcceptInviteBody) => Promise<void>;
  /**
   * Signs out (every session with `everywhere`) and clears this user's data on the device. `serverEnded`: the
   * server already ended the session (e.g. the account was deleted) — no logout request is sent.
   */
  signOut: (everywhere?: boolean, options?: { serverEnded?: boolean }) => Promise<void>;
  /**
   * Re-reads the session (e.g. after `session:revoked` or a role change); resolves true while still signed in,
   * false once signed out (a network error keeps the current state and resolves true).
   */
  refresh: () => Promise<boolean>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);
