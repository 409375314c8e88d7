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

/** What one connected socket holds besides Socket.IO's own state (kept small: see ARCHITECTURE.md). */
interface SocketState {
  readonly c: CommandContext;
  /** Rate buckets, created with the first command. */
  limiter: SocketLimiter | null;
}

/**
 * The one command pipeline, built once per server. Returns `register(socket, user)`, which attaches the
 * pipeline to a connected socket (synchronously). Every socket shares the same three listener functions (one
 * `onAny` dispatcher, `error`, `disconnect`; `this` is the socket) and holds one small state object, instead
 * of a closure per command per socket. Each command: session still valid → its rate bucket admits the event →
 * parse the payload with its shared zod schema → take an in-flight slot → handler (authorise, write) → ack →
 * publish the handler's events. Errors with a strike code count towards the command's strike limit; refusals
 * towards its flood limit. Anything that is not a command is answered `unknown_event`.
 */
export function createConnectionPipeline(
  ctx: ServerContext,
  setup: ConnectionSetup,
): (socket: TypedSocket, user: SocketUser) => void {
  const states = new WeakMap<TypedSocket, SocketState>();
  const limiterOf = (state: SocketState): SocketLimiter => (state.limiter ??= new SocketLimiter());
  const logContext = (socket: TypedSocket) => ({ socketId: socket.id, userId: socket.data.userId });

  const disconnectIfFlooding = (state: SocketState): void => {
    const { socket } = state.c;
    if (!state.limiter?.shouldDisconnect() || socket.disconnected) return;
    ctx.logger.warn(logContext(socket), 'socket flooding; disconnecting');
    socket.disconnect(true);
  };

  /** false → the event was refused (ack sent) and must not run. */
  const admit = (
    state: SocketState,
    limits: CommandDefinition['limits'],
    ack: ((reply: Ack<unknown>) => void) | undefined,
  ): boolean => {
    const { socket, user } = state.c;
    if (user.sessionExpiresAt.getTime() <= Date.now()) {
      ack?.(errorReply(unauthenticated('Your session has expired: sign in again')));
      socket.emit('session:revoked', { reason: 'expired' });
      socket.disconnect(true);
      return false;
    }
    if (limiterOf(state).admit(limits)) return true;
    ack?.(errorReply(rateLimited(1)));
    disconnectIfFlooding(state);
    return false;
  };

  // Broadcasts leave in the order their handlers finished: the posts' per-question queue finishes writes in seq
  // order, but the before-ack projections (search entries) then take varying time, and peers must still receive a
  // question's changes in seq order. Each command with events takes a turn when its handler returns and publishes
  // only after the turn before it has published (or failed).
  let publishTail: Promise<void> = Promise.resolve();
  const takePublishTurn = (): { previous: Promise<void>; done: () => void } => {
    const previous = publishTail;
    let done!: () => void;
    publishTail = new Promise<void>((resolve) => (done = resolve));
    return { previous, done };
  };

  const run = (state: SocketState, definition: CommandDefinition, args: unknown[]): void => {
    const { event, schema, handler, limits } = definition;
    const { payload, ack } = splitArgs(args);
    if (!admit(state, limits, ack)) return;
    const limiter = limiterOf(state);
    const { socket } = state.c;
    let events: readonly DomainEventBase[] = [];
    let turn: ReturnType<typeof takePublishTurn> | undefined;
    let running = false;
    let refused = false;
    let struckOut = false;
    void runWithAck(ctx.logger, ack, { event, ...logContext(socket) }, async () => {
      if (payload.length > 1) throw invalid('Send exactly one payload object');
      try {
        // Nothing from the wire is trusted until parsed.
        const parsed = parseInput(schema, payload[0]);
        // A valid command runs only in a free slot of its bucket, held until its ack.
        running = limiter.beginCommand(limits);
        if (!running) {
          refused = true;
          throw rateLimited(1);
        }
        const result = await handler(parsed, state.c);
        events = result.events ?? [];
        if (events.length > 0) turn = takePublishTurn();
        // Projections every process must read at once (search entries) are written before the ack.
        await ctx.bus.beforeAck(events);
        return result.data;
      } catch (error) {
        if (!refused) struckOut = limiter.strike(limits, toAppError(error).code);
        throw error;
      }
    }).then(async () => {
      if (running) limiter.endCommand(limits);
      // After the ack: broadcast only what the handler stored, in the order the handlers finished.
      if (turn) {
        await turn.previous;
        try {
          ctx.bus.publish(...events);
        } finally {
          turn.done();
        }
      }
      if (refused) disconnectIfFlooding(state);
      if (struckOut && socket.connected) {
        ctx.logger.warn(
          { event, ...logContext(socket) },
          'disconnecting a socket that keeps sending bad input',
        );
        socket.disconnect(true);
      }
    });
  };

  // Shared listeners: Socket.IO and EventEmitter call them with `this` = the socket.
  function onAnyEvent(this: TypedSocket, event: unknown, ...args: unknown[]): void {
    const state = states.get(this);
    if (!state) return;
    const definition = typeof event === 'string' ? setup.commands.get(event) : undefined;
    if (definition) return run(state, definition, args);
    // An incoming "error" is answered too; the `error` listener below only keeps EventEmitter from throwing.
    const { ack } = splitArgs(args);
    if (!admit(state, FORUM_COMMAND_LIMITS, ack)) return;
    ack?.(errorReply(new AppError('unknown_event', 'Unknown event', { status: 400 })));
  }
  function onError(this: TypedSocket, error: unknown): void {
    ctx.logger.debug({ err: error, ...logContext(this) }, 'socket error');
  }
  function onDisconnect(this: TypedSocket): void {
    const state = states.get(this);
    if (!state) return;
    states.delete(this);
    for (const hook of setup.onDisconnect) {
      try {
        hook(state.c);
      } catch (error) {
        ctx.logger.warn({ err: error, ...logContext(this) }, 'disconnect cleanup failed');
      }
    }
  }

  return (socket, user) => {
    states.set(socket, { c: { ctx, socket, user }, limiter: null });
    void socket.join([rooms.user(socket.data.userId), rooms.authSession(socket.data.sessionKey)]);
    socket.onAny(onAnyEvent);
    // An incoming event named "error" would otherwise reach EventEmitter without a listener and throw.
    (socket as unknown as NodeJS.EventEmitter).on('error', onError);
    socket.on('disconnect', onDisconnect);
  };
}
