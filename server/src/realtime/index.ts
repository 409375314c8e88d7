import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AppDeps } from '../deps';
import { createContext, type ServerContext } from '../context';
import { PresenceTracker } from '../features/presence/presence.service';
import { socketAuth } from './auth';
import { attachBroadcaster } from './broadcaster';
import { registerConnection } from './connection';
import { attachDrafts, registerDraftEvents } from '../features/drafts/drafts.realtime';
import type { SocketUser, TypedServer, TypedSocket } from './types';

/** Largest Socket.IO packet accepted (bytes); bigger ones close only the offending socket. */
export const MAX_SOCKET_PACKET_BYTES = 1_000_000;

export type RealtimeServer = TypedServer;

/** Creates the Socket.IO server on the shared HTTP server and registers every feature's handlers. */
export function createRealtime(httpServer: HttpServer, deps: AppDeps | ServerContext): RealtimeServer {
  const ctx = 'bus' in deps ? deps : createContext(deps);
  const io: TypedServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES,
    serveClient: false,
  });
  const presence = new PresenceTracker();
  const users = new WeakMap<TypedSocket, SocketUser>();
  const detach = attachBroadcaster(io, ctx.bus, ctx.logger);
  httpServer.once('close', detach);
  const drafts = attachDrafts(io, ctx);
  io.use(socketAuth(ctx, users));
  io.on('connection', (socket) => {
    const user = users.get(socket);
    if (!user) {
      socket.disconnect(true);
      return;
    }
    registerConnection(socket, user, ctx, presence);
    registerDraftEvents(socket, drafts);
  });
  return io;
}
