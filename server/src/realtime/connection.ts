import { CLIENT_EVENTS, DRAFT_CLIENT_EVENTS, rooms, type Ack } from '@polos/shared';
import type { ServerContext } from '../context';
import type { DomainEvent } from '../lib/domainEvents';
import { AppError, invalid, rateLimited, unauthenticated } from '../lib/errors';
import { runWithAck } from '../lib/ack';
import { parseInput } from '../lib/validation';
import { liveSessionsSocket } from '../features/liveSessions/liveSessions.socket';
import { postsSocket } from '../features/posts/posts.socket';
import { leaveCurrentBlock, presenceSocket } from '../features/presence/presence.socket';
import type { PresenceTracker } from '../features/presence/presence.service';
import { questionsSocket } from '../features/questions/questions.socket';
import { workspacesSocket } from '../features/workspaces/workspaces.socket';
import { SocketRateLimiter } from './rateLimit';
import type { CommandContext, RegisterCommand, SocketFeature, SocketUser, TypedSocket } from './types';

/** Every feature's socket commands. */
export const socketFeatures: SocketFeature[] = [
  workspacesSocket,
  presenceSocket,
  questionsSocket,
  liveSessionsSocket,
  postsSocket,
];

const knownEvents: ReadonlySet<string> = new Set([...CLIENT_EVENTS, ...DRAFT_CLIENT_EVENTS]);
/** Socket.IO's own listener names: a listener on them does not make an incoming event a command. */
const socketReserved: ReadonlySet<string> = new Set(['error', 'disconnect', 'disconnecting']);

/** Splits Socket.IO listener arguments into (payload arguments, ack). */
function splitArgs(args: unknown[]): {
  payload: unknown[];
  ack: ((reply: Ack<unknown>) => void) | undefined;
} {
  const last = args[args.length - 1];
  if (typeof last === 'function')
    return { payload: args.slice(0, -1), ack: last as (reply: Ack<unknown>) => void };
  return { payload: args, ack: undefined };
}

/**
 * Registers every command on a connected socket (synchronously). Each command: rate limit → parse the
 * payload with its zod schema → handler (authorise, write) → ack → publish the handler's events.
 */
export function registerConnection(
  socket: TypedSocket,
  user: SocketUser,
  ctx: ServerContext,
  presence: PresenceTracker,
): void {
  const logger = ctx.logger.child({ socketId: socket.id, userId: socket.data.userId });
  const limiter = new SocketRateLimiter();
  const c: CommandContext = { ctx, socket, user, presence };

  void socket.join([rooms.user(socket.data.userId), rooms.authSession(socket.data.sessionKey)]);

  const disconnectIfFlooding = (): void => {
    if (!limiter.shouldDisconnect() || socket.disconnected) return;
    logger.warn('socket flooding; disconnecting');
    socket.disconnect(true);
  };

  /** false → the event was refused (ack sent) and must not run. */
  const admit = (ack: ((reply: Ack<unknown>) => void) | undefined): boolean => {
    if (user.sessionExpiresAt.getTime() <= Date.now()) {
      const error = unauthenticated('Your session has expired: sign in again');
      ack?.({ ok: false, error: { code: error.code, message: error.message } });
      socket.emit('session:revoked', { reason: 'expired' });
      socket.disconnect(true);
      return false;
    }
    if (limiter.allow()) return true;
    const error = rateLimited(1);
    ack?.({ ok: false, error: { code: error.code, message: error.message } });
    disconnectIfFlooding();
    return false;
  };

  const register: RegisterCommand = (event, schema, handler) => {
    // Listeners take raw arguments: nothing from the wire is trusted until parsed.
    (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
      event,
      (...args) => {
        const { payload, ack } = splitArgs(args);
        if (!admit(ack)) return;
        let events: DomainEvent[] = [];
        let running = false;
        let refused = false;
        void runWithAck(logger, ack, { event }, async () => {
          if (payload.length > 1) throw invalid('Send exactly one payload object');
          const parsed = parseInput(schema, payload[0]);
          // A valid command runs only in a free slot (SOCKET_COMMANDS_IN_FLIGHT), held until its ack.
          running = limiter.beginCommand();
          if (!running) {
            refused = true;
            throw rateLimited(1);
          }
          const result = await handler(parsed, c);
          events = result.events ?? [];
          return result.data;
        }).then(() => {
          if (running) limiter.endCommand();
          // After the ack: broadcast only what the handler stored.
          if (events.length > 0) ctx.bus.publish(...events);
          if (refused) disconnectIfFlooding();
        });
      },
    );
  };
  for (const feature of socketFeatures) feature(register);

  socket.onAny((event: unknown, ...args: unknown[]) => {
    // Known commands, and events other modules registered on this socket (e.g. drafts), are not ours to answer
    // (`error`/`disconnect*` listeners are Socket.IO's own, not commands).
    if (typeof event !== 'string') return;
    const foreignCommand = !socketReserved.has(event) && socket.listeners(event as never).length > 0;
    if (knownEvents.has(event) || foreignCommand) return;
    const { ack } = splitArgs(args);
    if (!admit(ack)) return;
    const error = new AppError('unknown_event', 'Unknown event', { status: 400 });
    ack?.({ ok: false, error: { code: error.code, message: error.message } });
  });

  // An incoming event named "error" would otherwise reach EventEmitter without a listener and throw.
  socket.on('error', (error: unknown) => logger.debug({ err: error }, 'socket error'));

  socket.on('disconnect', () => {
    void leaveCurrentBlock(c).then(
      (events) => {
        if (events.length > 0) ctx.bus.publish(...events);
      },
      (error: unknown) => logger.warn({ err: error }, 'presence cleanup failed'),
    );
  });
}
