import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ServerContext } from '../context';
import type {
  AnyFeature,
  CommandDefinition,
  CommandContext,
  SocketAuthenticator,
  SocketUser,
  TypedServer,
  TypedSocket,
} from '../contracts/feature';
import { attachBroadcaster, type PresenterTable } from './broadcaster';
import { createConnectionPipeline } from './connection';
import { createStreamsAdapter } from './streamsAdapter';

/** Largest Socket.IO packet accepted (bytes); bigger ones close only the offending socket. */
export const MAX_SOCKET_PACKET_BYTES = 1_000_000;

export type RealtimeServer = TypedServer;

type Parts = ReturnType<AnyFeature['setup']>;

/**
 * Creates the Socket.IO server on the shared HTTP server: the handshake (the one a feature contributes, or
 * `override`), every feature's commands on each connection and the broadcaster over every feature's presenters.
 * Throws when two features register the same command or present the same event type.
 */
export function createRealtime(
  httpServer: HttpServer,
  ctx: ServerContext,
  features: ReadonlyArray<{ name: string; parts: Parts }>,
  override?: SocketAuthenticator,
): RealtimeServer {
  const io: TypedServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES,
    serveClient: false,
  });
  // Several processes: every broadcast (io.to(room).emit, socketsLeave, disconnectSockets) reaches the
  // sockets of every process through one Redis stream (ARCHITECTURE.md, "Several processes").
  if (ctx.redis) io.adapter(createStreamsAdapter(ctx.redis, ctx.logger));
  const commands = new Map<string, CommandDefinition>();
  const presenters = new Map<string, (event: never) => ReturnType<NonNullable<Parts['present']>[string]>>();
  const onDisconnect: Array<(c: CommandContext) => void> = [];
  for (const { name, parts } of features) {
    for (const definition of parts.commands ?? []) {
      if (commands.has(definition.event))
        throw new Error(`${name}: command ${definition.event} registered twice`);
      commands.set(definition.event, definition);
    }
    for (const [type, present] of Object.entries(parts.present ?? {})) {
      if (presenters.has(type)) throw new Error(`${name}: event ${type} presented twice`);
      presenters.set(type, present);
    }
    if (parts.onDisconnect) onDisconnect.push(parts.onDisconnect.bind(parts));
  }
  const authenticators = features.flatMap(({ parts }) => (parts.authenticate ? [parts.authenticate] : []));
  if (!override && authenticators.length !== 1)
    throw new Error(
      `exactly one feature must contribute the socket handshake (found ${authenticators.length})`,
    );
  const authenticate = override ?? authenticators[0];
  const detach = attachBroadcaster(io, ctx.bus, presenters as PresenterTable, ctx.logger);
  httpServer.once('close', detach);

  const register = createConnectionPipeline(ctx, { commands, onDisconnect });
  const users = new WeakMap<TypedSocket, SocketUser>();
  io.use((socket, next) => {
    authenticate(socket).then(
      (user) => {
        users.set(socket, user);
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  });
  io.on('connection', (socket) => {
    const user = users.get(socket);
    if (!user) {
      socket.disconnect(true);
      return;
    }
    users.delete(socket);
    register(socket, user);
  });
  return io;
}
