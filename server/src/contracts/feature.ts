import type { Router } from 'express';
import type { Server, Socket } from 'socket.io';
import type { Types } from 'mongoose';
import type {
  ClientToServerEvents,
  InterServerEvents,
  RegionGroup,
  ServerToClientEvents,
  SocketData,
} from '@polos/shared';
import type { ServerContext } from '../context';
import type { Parser } from '../lib/validation';
import type { DomainEventBase } from './domainEvents';

/**
 * The contract between the app and its features. A feature is a folder `server/src/features/<name>/` whose
 * `index.ts` exports one {@link FeatureDefinition}; `features/index.ts` lists them. The HTTP router
 * (`app.ts`), the socket pipeline (`realtime/connection.ts`) and the broadcaster (`realtime/broadcaster.ts`)
 * iterate over that list and name no feature.
 */

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The district of the sender, as loaded at the handshake (the fields posts and presence show). */
export interface SocketUserDistrict {
  _id: Types.ObjectId;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  regionGroup: RegionGroup;
}

/** Who sends a command (loaded at the handshake). */
export interface SocketUser {
  userId: Types.ObjectId;
  name: string;
  district: SocketUserDistrict | null;
  /** When the session behind this socket expires (commands after it are refused and the socket closed). */
  sessionExpiresAt: Date;
}

/**
 * Authenticates a socket's handshake: sets `socket.data` and resolves with the sender, or rejects with the
 * error the client receives as `connect_error` (the auth feature contributes the app's; tests and the drafts
 * bench pass their own to `createServer`).
 */
export type SocketAuthenticator = (socket: TypedSocket) => Promise<SocketUser>;

/** What a command handler gets besides its parsed payload. */
export interface CommandContext {
  ctx: ServerContext;
  socket: TypedSocket;
  user: SocketUser;
}

export interface CommandResult<R> {
  data: R;
  /** Published on the event bus after the ack (→ the broadcaster). Only what the handler stored. */
  events?: readonly DomainEventBase[];
}

/** Ack data type of a command. */
export type AckDataOf<E extends keyof ClientToServerEvents> =
  NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends (ack: infer A) => void
    ? A extends { ok: true; data: infer D }
      ? D
      : never
    : never;

export type CommandHandler<T, R> = (payload: T, c: CommandContext) => Promise<CommandResult<R>>;

/** A token bucket: `burst` events at once, refilled at `perSecond`. */
export interface RateBucket {
  /** Buckets are per socket and per name: commands naming the same bucket share it. */
  name: string;
  burst: number;
  perSecond: number;
}

/** Per-feature limits of the one command pipeline (each socket gets its own counters). */
export interface CommandLimits {
  /** Every incoming event of the command takes a token first; none left → `rate_limited`. */
  bucket: RateBucket;
  /**
   * Commands of this bucket a socket may have in progress at once (a slot is held until the ack); one more is
   * refused with `rate_limited`. Undefined = no limit (e.g. pipelined draft updates, each acked once durable).
   */
  inFlight?: number;
  /**
   * Refused events (rate limited) tolerated, as a token bucket, before the socket is disconnected as a flooder.
   * Undefined = refusals alone never disconnect.
   */
  refusals?: { burst: number; perSecond: number };
  /**
   * Error codes that count as a strike (bad input, not bad luck): `max` strikes within `windowMs` disconnect
   * the socket after the ack.
   */
  strikes?: { codes: readonly string[]; max: number; windowMs: number };
}

/** One socket command: event name, shared zod schema, handler and limits. */
export interface CommandDefinition {
  event: keyof ClientToServerEvents;
  schema: Parser<unknown>;
  handler: CommandHandler<unknown, unknown>;
  limits: CommandLimits;
}

/**
 * Typed constructor of a {@link CommandDefinition}: the payload type comes from the schema, the ack data type
 * from the shared event map.
 */
export function command<E extends keyof ClientToServerEvents, T>(
  event: E,
  schema: Parser<T>,
  limits: CommandLimits,
  handler: CommandHandler<T, AckDataOf<E>>,
): CommandDefinition {
  return {
    event,
    schema: schema,
    handler: handler as CommandHandler<unknown, unknown>,
    limits,
  };
}

/** Registers one command (see {@link commandsOf}). */
export type RegisterCommand = <E extends keyof ClientToServerEvents, T>(
  event: E,
  schema: Parser<T>,
  handler: CommandHandler<T, AckDataOf<E>>,
) => void;

/** A module that registers a group of commands (a feature's `*.socket.ts`). */
export type SocketFeature = (register: RegisterCommand) => void;

/** The commands the given modules register, all with the same limits. */
export function commandsOf(limits: CommandLimits, ...modules: readonly SocketFeature[]): CommandDefinition[] {
  const commands: CommandDefinition[] = [];
  for (const module of modules)
    module((event, schema, handler) => commands.push(command(event, schema, limits, handler)));
  return commands;
}

/** One server → client event with its arguments, typed by the shared event map. */
export type Emission = {
  [E in keyof ServerToClientEvents]: [E, ...Parameters<ServerToClientEvents[E]>];
}[keyof ServerToClientEvents];

/**
 * What the broadcaster does for one audience of a domain event, in this order: emit to the sockets in `to`
 * (rooms or socket ids) except those in `except`, make them leave `leave`, disconnect them.
 */
export interface Delivery {
  to: string | readonly string[];
  except?: string | readonly string[];
  emit?: Emission;
  /** Volatile emit: dropped for a socket that is not ready (typing). */
  volatile?: boolean;
  /**
   * Deliver to this process's sockets only (Socket.IO `io.local`), not through the cross-process adapter: for a
   * feature that relays across processes itself (drafts: each process applies the update to its document first).
   */
  local?: boolean;
  /** Room the targeted sockets leave (after the emit). */
  leave?: string;
  /** Disconnect the targeted sockets (after the emit). */
  disconnect?: boolean;
}

/**
 * How a feature's events are shown: per event type, the deliveries — one per audience when members and
 * moderators must see different views of the same fact (each audience has its own room).
 */
export type EventPresenters<E extends DomainEventBase> = {
  [T in E['type']]: (event: Extract<E, { type: T }>) => readonly Delivery[];
};

/** What a feature contributes to one server, built by {@link FeatureDefinition.setup}. */
export interface FeatureParts<E extends DomainEventBase> {
  /** Mounted under `/api`, in the order of the feature list. */
  routes?: Router;
  commands?: readonly CommandDefinition[];
  /** The socket handshake (one feature, `auth`, contributes it). */
  authenticate?: SocketAuthenticator;
  /** Presenters of the events this feature publishes (every event type it owns must have one). */
  present?: EventPresenters<E>;
  /** Runs when a socket disconnects (clean per-socket state; publish what changed on `ctx.bus`). */
  onDisconnect?(c: CommandContext): void;
  /** Runs once when the server closes, while the database is still open (flush, compact). */
  close?(): Promise<void>;
}

/** A feature: its name and how it is built for one server (its per-server state lives in the closure). */
export interface FeatureDefinition<E extends DomainEventBase = DomainEventBase> {
  readonly name: string;
  setup(ctx: ServerContext): FeatureParts<E>;
}

/** Declares a feature; `E` is the union of the domain events it publishes. */
export const defineFeature = <E extends DomainEventBase = never>(
  definition: FeatureDefinition<E>,
): FeatureDefinition<E> => definition;

/** Any feature, its event type erased (what the feature list holds). */
export interface AnyFeature {
  readonly name: string;
  setup(ctx: ServerContext): Omit<FeatureParts<never>, 'present'> & {
    present?: Readonly<Record<string, (event: never) => readonly Delivery[]>>;
  };
}

type EventsOfOne<F> = F extends FeatureDefinition<infer E> ? E : never;

/** The union of the domain events of a list of features. */
export type EventsOf<F extends readonly AnyFeature[]> = EventsOfOne<F[number]>;
