import { useEffect, useLayoutEffect, useRef } from 'react';
import type { DistrictUpdatedEvent, ProfilesProgressDto } from '@polos/shared';
import { getSocket } from '../../realtime/socket';

/** Socket facts of the profiles feature, sent to the workspace room after the change is stored. */
export const DISTRICT_UPDATED = 'district:updated';
export const PROGRESS_UPDATED = 'districts:progress';
/** A representation request was made or decided (moderators refresh their list; the requester re-reads the session). */
export const REQUEST_FACT = 'representation:updated';
/** Re-read interval standing in for the facts while the socket is disconnected (ms). */
export const FALLBACK_POLL_MS = 15_000;

interface LooseSocket {
  on(event: string, listener: (payload: unknown) => void): void;
  off(event: string, listener: (payload: unknown) => void): void;
}

function useFact<T>(event: string, handler: (payload: T) => void): void {
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const socket = getSocket() as unknown as LooseSocket;
    const listener = (payload: unknown) => ref.current(payload as T);
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }, [event]);
}

/** Calls `handler` for every `district:updated` fact of `workspaceId`. */
export function useDistrictUpdated(
  workspaceId: string,
  handler: (event: DistrictUpdatedEvent) => void,
): void {
  useFact<DistrictUpdatedEvent>(DISTRICT_UPDATED, (event) => {
    if (!event || event.workspaceId === workspaceId) handler(event);
  });
}

/** Calls `handler` for every `districts:progress` fact of `workspaceId`. */
export function useProgressFact(workspaceId: string, handler: (progress: ProfilesProgressDto) => void): void {
  useFact<ProfilesProgressDto>(PROGRESS_UPDATED, (progress) => {
    if (progress && progress.workspaceId === workspaceId) handler(progress);
  });
}

/** Calls `handler` for every `event` fact whose payload names `workspaceId` (or names none). */
export function useWorkspaceFact(
  event: string,
  workspaceId: string,
  handler: (payload: unknown) => void,
): void {
  useFact<{ workspaceId?: string } | undefined>(event, (payload) => {
    if (!payload?.workspaceId || payload.workspaceId === workspaceId) handler(payload);
  });
}
