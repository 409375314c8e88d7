import { rooms, type Ack } from '@polos/shared';
import type { ServerContext } from '../context';
import type { DomainEventBase } from '../contracts/domainEvents';
import type { CommandContext, CommandDefinition, SocketUser, TypedSocket } from '../contracts/feature';
import { FORUM_COMMAND_LIMITS } from '../contracts/limits';
import { AppError, invalid, rateLimited, toAppError, unauthenticated } from '../lib/errors';
import { runWithAck } from '../lib/ack';
import { parseInput } from '../lib/validation';
import { SocketLimiter } from './rateLimit';

/** What every connection is built from: the features' commands (by event name) and disconnect hooks. */
export interface ConnectionSetup {
  commands: ReadonlyMap<string, CommandDefinition>;
  onDisconnect: ReadonlyArray<(c: CommandContext) => void>;
}

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

const errorReply = (error: AppError): Ack<never> => ({
  ok: false,
  error: { code: error.code, message: error.message },
});

/**
 * The one command pipeline. Registers every feature's commands on a connected socket (synchronously). Each
 * command: session still valid → its rate bucket admits the event → parse the payload with its shared zod
 * schema → take an in-flight slot → handler (authorise, write) → ack → publish the handler's events. Errors
 * with a strike code count towards the command's strike limit; refusals towards its flood limit.
 */
export function registerConnection(
  socket: TypedSocket,
  user: SocketUser,
  ctx: ServerContext,
  setup: ConnectionSetup,
): void {
  const logger = ctx.logger.child({ socketId: socket.id, userId: socket.data.userId });
  const limiter = new SocketLimiter();
  const c: CommandContext = { ctx, socket, user };

  void socket.join([rooms.user(socket.data.userId), rooms.authSession(socket.data.sessionKey)]);

  const disconnectIfFlooding = (): void => {
    if (!limiter.shouldDisconnect() || socket.disconnected) return;
    logger.warn('socket flooding; disconnecting');
    socket.disconnect(true);
  };

  /** false → the event was refused (ack sent) and must not run. */
  const admit = (
    limits: CommandDefinition['limits'],
    ack: ((reply: Ack<unknown>) => void) | undefined,
  ): boolean => {
    if (user.sessionExpiresAt.getTime() <= Date.now()) {
      ack?.(errorReply(unauthenticated('Your session has expired: sign in again')));
      socket.emit('session:revoked', { reason: 'expired' });
      socket.disconnect(true);
      return false;
    }
    if (limiter.admit(limits)) return true;
    ack?.(errorReply(rateLimited(1)));
    disconnectIfFlooding();
    return false;
  };

  const listen = (definition: CommandDefinition): void => {
    const { event, schema, handler, limits } = definition;
    // Listeners take raw arguments: nothing from the wire is trusted until parsed.
    (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
      event,
      (...args) => {
        const { payload, ack } = splitArgs(args);
        if (!admit(limits, ack)) return;
        let events: readonly DomainEventBase[] = [];
        let running = false;
        let refused = false;
        let struckOut = false;
        void runWithAck(logger, ack, { event }, async () => {
          if (payload.length > 1) throw invalid('Send exactly one payload object');
          try {
            const parsed = parseInput(schema, payload[0]);
            // A valid command runs only in a free slot of its bucket, held until its ack.
            running = limiter.beginCommand(limits);
            if (!running) {
              refused = true;
              throw rateLimited(1);
            }
            const result = await handler(parsed, c);
            events = result.events ?? [];
            return result.data;
          } catch (error) {
            if (!refused) struckOut = limiter.strike(limits, toAppError(error).code);
            throw error;
          }
        }).then(() => {
          if (running) limiter.endCommand(limits);
          // After the ack: broadcast only what the handler stored.
          if (events.length > 0) ctx.bus.publish(...events);
          if (refused) disconnectIfFlooding();
          if (struckOut && socket.connected) {
            logger.warn({ event }, 'disconnecting a socket that keeps sending bad input');
            socket.disconnect(true);
          }
        });
      },
    );
  };
  for (const definition of setup.commands.values()) listen(definition);

  socket.onAny((event: unknown, ...args: unknown[]) => {
    // Anything that is not a command is answered `unknown_event` (an incoming "error" included: the listener
    // below only keeps EventEmitter from throwing).
    if (typeof event !== 'string' || setup.commands.has(event)) return;
    const { ack } = splitArgs(args);
    if (!admit(FORUM_COMMAND_LIMITS, ack)) return;
    ack?.(errorReply(new AppError('unknown_event', 'Unknown event', { status: 400 })));
  });

  // An incoming event named "error" would otherwise reach EventEmitter without a listener and throw.
  socket.on('error', (error: unknown) => logger.debug({ err: error }, 'socket error'));

  socket.on('disconnect', () => {
    for (const hook of setup.onDisconnect) {
      try {
        hook(c);
      } catch (error) {
        logger.warn({ err: error }, 'disconnect cleanup failed');
      }
    }
  });
}
