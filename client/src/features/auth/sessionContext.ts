import { createContext } from 'react';
import type { AcceptInviteBody, SessionDto } from '@polos/shared';

export const SESSION_STATUS = { loading: 'loading', signedOut: 'signedOut', signedIn: 'signedIn' } as const;
export type SessionStatus = (typeof SESSION_STATUS)[keyof typeof SESSION_STATUS];

export interface SessionContextValue {
  status: SessionStatus;
  session: SessionDto | null;
  signIn: (email: string, password: string) => Promise<void>;
  acceptInvite: (token: string, body: AcceptInviteBody) => Promise<void>;
  signOut: (everywhere?: boolean) => Promise<void>;
  /** Re-reads the session (e.g. after `session:revoked` or a role change). */
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);
