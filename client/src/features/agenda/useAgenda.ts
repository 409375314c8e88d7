import { useCallback, useEffect, useState } from 'react';
import type { AgendaDto } from '@polos/shared';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { agendaApi } from './agendaApi';

/** The workspace's agenda, re-read when the server says it changed (`agenda:changed`). */
export function useAgenda(workspaceId: string): {
  agenda: AgendaDto | null;
  error: unknown;
  reload: () => void;
} {
  const [agenda, setAgenda] = useState<AgendaDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    agendaApi.get(workspaceId).then(
      (a) => {
        setAgenda(a);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [workspaceId]);
  useEffect(reload, [reload]);
  useSocketEvent('agenda:changed', (e) => {
    if (e.workspaceId === workspaceId) reload();
  });
  return { agenda, error, reload };
}

/** The current time, updated every `everyMs` (banners and statuses move from "soon" to "live" on their own). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
