import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { ServerToClientEvents } from '@polos/shared';
import { getSocket } from './socket';

/** Subscribes `handler` to a server→client event for the component's lifetime (latest handler wins). */
export function useSocketEvent<E extends keyof ServerToClientEvents>(
  event: E,
  handler: ServerToClientEvents[E],
): void {
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const socket = getSocket();
    const listener = (...args: unknown[]) => (ref.current as (...a: unknown[]) => void)(...args);
    socket.on(event, listener as never);
    return () => {
      socket.off(event, listener as never);
    };
  }, [event]);
}

/**
 * Runs `effect` now if connected and again after every (re)connect — the place to (re)join rooms and
 * run `sync:since`. `deps` restart it like useEffect's.
 */
export function useOnConnect(effect: () => void, deps: readonly unknown[]): void {
  const ref = useRef(effect);
  useLayoutEffect(() => {
    ref.current = effect;
  });
  useEffect(() => {
    const socket = getSocket();
    const listener = () => ref.current();
    socket.on('connect', listener);
    if (socket.connected) listener();
    return () => {
      socket.off('connect', listener);
    };
  }, deps);
}

function subscribeConnection(onChange: () => void): () => void {
  const socket = getSocket();
  socket.on('connect', onChange);
  socket.on('disconnect', onChange);
  socket.io.on('reconnect_attempt', onChange);
  return () => {
    socket.off('connect', onChange);
    socket.off('disconnect', onChange);
    socket.io.off('reconnect_attempt', onChange);
  };
}

/** True while the socket is connected. */
export function useConnected(): boolean {
  return useSyncExternalStore(subscribeConnection, () => getSocket().connected);
}
