import type { Server, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '@polos/shared';
import type { Types } from 'mongoose';
import type { ServerContext } from '../context';
import type { DomainEvent } from '../lib/domainEvents';
import type { Parser } from '../lib/validation';
import type { DistrictDoc } from '../features/districts/district.model';
import type { PresenceTracker } from '../features/presence/presence.service';

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Ack data type of a command. */
export type AckDataOf<E extends keyof ClientToServerEvents> =
  NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends (ack: infer A) => void
    ? A extends { ok: true; data: infer D }
      ? D
      : never
    : never;

/** Who sends a command (loaded at the handshake). */
export interface SocketUser {
  userId: Types.ObjectId;
  name: string;
  district: DistrictDoc | null;
  /** When the session behind this socket expires (commands after it are refused and the socket closed). */
  sessionExpiresAt: Date;
}

export interface CommandContext {
  ctx: ServerContext;
  socket: TypedSocket;
  user: SocketUser;
  presence: PresenceTracker;
}

export interface CommandResult<R> {
  data: R;
  /** Published on the event bus after the ack (→ the broadcaster). */
  events?: DomainEvent[];
}

export type CommandHandler<T, R> = (payload: T, c: CommandContext) => Promise<CommandResult<R>>;

export type RegisterCommand = <E extends keyof ClientToServerEvents, T>(
  event: E,
  schema: Parser<T>,
  handler: CommandHandler<T, AckDataOf<E>>,
) => void;

/** A feature's socket module: registers its commands. */
export type SocketFeature = (register: RegisterCommand) => void;
