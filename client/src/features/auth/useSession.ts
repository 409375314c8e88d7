import { useContext } from 'react';
import { SessionContext, type SessionContextValue } from './sessionContext';

/** The signed-in state and the sign-in/out actions (inside `SessionProvider`). */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
