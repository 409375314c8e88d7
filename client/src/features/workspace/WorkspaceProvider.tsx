import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { can, type PresenceDto } from '@polos/shared';
import { command, getSocket } from '../../realtime/socket';
import { useOnConnect, useSocketEvent } from '../../realtime/useSocketEvent';
import { useSession } from '../auth';
import {
  findQuestionIn,
  INITIAL_WORKSPACE_STATE,
  replaceBlock,
  replaceQuestion,
  WorkspaceContext,
  type WorkspaceContextValue,
  type WorkspaceState,
} from './workspaceContext';

/** Joins the workspace over the socket (again after every reconnect) and follows its facts. */
export function WorkspaceProvider({ workspaceId, children }: { workspaceId: string; children: ReactNode }) {
  const { refresh } = useSession();
  const [state, setState] = useState<WorkspaceState>(INITIAL_WORKSPACE_STATE);

  useEffect(() => {
    const socket = getSocket();
    if (!socket.connected && !socket.active) socket.connect();
    // A refused handshake (session expired or revoked) is not retried by Socket.IO: re-check the
    // session, which signs the UI out when it is gone.
    const onConnectError = () => {
      if (!socket.active) void refresh();
    };
    // The server ended this socket (role changed, removed, session ended): Socket.IO does not reconnect after
    // "io server disconnect". Re-read the session (a role change gave it a new id) and reconnect while it is
    // valid; the re-join then brings the new role. Signed out: the session provider shows the sign-in page.
    let alive = true;
    const onDisconnect = (reason: string) => {
      if (reason !== 'io server disconnect') return;
      void refresh().then((signedIn) => {
        if (alive && signedIn && !socket.connected && !socket.active) socket.connect();
      });
    };
    socket.on('connect_error', onConnectError);
    socket.on('disconnect', onDisconnect);
    return () => {
      alive = false;
      socket.off('connect_error', onConnectError);
      socket.off('disconnect', onDisconnect);
    };
  }, [refresh]);

  useOnConnect(() => {
    void command('workspace:join', { workspaceId }).then((ack) => {
      if (!ack.ok) {
        setState((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'error', error: ack.error.code }));
        return;
      }
      const { presence, workspace, blocks, live } = ack.data;
      setState((s) => ({
        ...s,
        status: 'ready',
        error: null,
        workspace,
        blocks,
        live,
        presence: presence ? { ...s.presence, [presence.blockId]: presence } : s.presence,
      }));
    });
  }, [workspaceId]);

  useEffect(
    () => () => {
      void command('workspace:leave', { workspaceId }, 2000);
    },
    [workspaceId],
  );

  useSocketEvent('session:updated', (live) => {
    if (live.workspaceId !== workspaceId) return;
    setState((s) => ({ ...s, live, spotlightPost: live.session?.spotlight ? s.spotlightPost : null }));
  });
  useSocketEvent('block:updated', (block) => {
    if (block.workspaceId === workspaceId) setState((s) => ({ ...s, blocks: replaceBlock(s.blocks, block) }));
  });
  useSocketEvent('question:updated', (question) => {
    if (question.workspaceId === workspaceId)
      setState((s) => ({ ...s, blocks: replaceQuestion(s.blocks, question) }));
  });
  useSocketEvent('post:spotlighted', (event) => {
    if (event.workspaceId !== workspaceId) return;
    setState((s) => ({
      ...s,
      spotlightPost: event.post,
      live: s.live?.session
        ? { ...s.live, session: { ...s.live.session, spotlight: event.spotlight } }
        : s.live,
    }));
  });
  // An admin saved the title/description translations: nav, document titles and home re-render them.
  useSocketEvent('workspace:texts', (fact) => {
    if (fact.id !== workspaceId) return;
    setState((s) => (s.workspace ? { ...s, workspace: { ...s.workspace, ...fact } } : s));
  });
  useSocketEvent('presence:updated', (presence) => {
    setState((s) => ({ ...s, presence: { ...s.presence, [presence.blockId]: presence } }));
  });
  // `session:revoked` is always followed by the server's disconnect, handled above (refresh, then reconnect).

  const setPresence = useCallback((presence: PresenceDto) => {
    setState((s) => ({ ...s, presence: { ...s.presence, [presence.blockId]: presence } }));
  }, []);

  const findQuestion = useCallback(
    (questionId: string) => findQuestionIn(state.blocks, questionId),
    [state.blocks],
  );

  const role = state.workspace?.role;
  const value = useMemo<WorkspaceContextValue>(
    () => ({
      ...state,
      workspaceId,
      canModerate: can(role, 'moderate'),
      canPost: can(role, 'participate'),
      findQuestion,
      setPresence,
    }),
    [state, workspaceId, role, findQuestion, setPresence],
  );
  return <WorkspaceContext value={value}>{children}</WorkspaceContext>;
}
