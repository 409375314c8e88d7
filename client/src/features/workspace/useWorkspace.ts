import { useContext } from 'react';
import { WorkspaceContext, type WorkspaceContextValue } from './workspaceContext';

/** The joined workspace: blocks, questions, live state and presence, kept live by the socket. */
export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside WorkspaceProvider');
  return value;
}
