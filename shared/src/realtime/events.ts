/**
 * The one typed Socket.IO contract of Polos. Names are `resource:verb`: imperative for client→server
 * commands, past tense for server→client facts. Every command takes one payload object and an ack
 * callback answered with `Ack<T>` (`{ ok: true, data } | { ok: false, error: { code, message } }`).
 * Payloads are validated on the server with the schemas in `../schemas/socket`.
 */
import type { AckCallback } from '../ack';
import type { QuestionWindowFactDto, QuestionWindowSetPayload } from '../asyncWindow';
import type { DraftClientToServerEvents, DraftServerToClientEvents } from '../drafts';
import type { BalanceServerToClientEvents } from '../balance';
import type { MatchingServerToClientEvents } from '../matching';
import type { MeetingsServerToClientEvents } from '../meetings';
import type { NetworkServerToClientEvents } from '../network';
import type { DistrictUpdatedEvent, ProfilesProgressDto, RepresentationRequestDto } from '../profiles';
import type { PollChangeDto, PollClientToServerEvents, PollServerToClientEvents } from '../polls';
import type { EndorsementClientToServerEvents, EndorsementServerToClientEvents } from '../endorsements';
import type {
  BlockDto,
  LiveSessionDto,
  LiveStateDto,
  PostChangeDto,
  PostDto,
  PresenceDto,
  QuestionDto,
  Role,
  WorkspaceDetailDto,
  SpotlightDto,
  WorkspaceTextsFactDto,
} from '../domain';
import type {
  BlockRef,
  PostCreatePayload,
  PostEditPayload,
  PostHidePayload,
  PostRef,
  PostSpotlightPayload,
  QuestionOpenNextPayload,
  QuestionRef,
  ReactionPayload,
  SessionStartPayload,
  SyncSincePayload,
  TypingPayload,
  WorkspaceRef,
} from '../schemas/socket';

/** `workspace:join` result: everything a client needs to follow the live meeting. */
export interface WorkspaceJoinResult extends WorkspaceDetailDto {
  /** Presence of the live session's current block (empty when none). */
  presence: PresenceDto | null;
}

export interface QuestionSubscribeResult {
  question: QuestionDto;
}

/** `sync:since` result per requested question. */
export interface SyncQuestionResult {
  /** Missed changes in seq order (at most 500; see `hasMore`). */
  changes: PostChangeDto[];
  /** Highest seq stored for the question now. */
  lastSeq: number;
  /** True when more changes remain: call `sync:since` again from the last change's seq. */
  hasMore: boolean;
  /** Asynchronous-window facts (opened/closed) after the requested seq, up to this page's last seq. */
  facts?: QuestionWindowFactDto[];
  /**
   * Poll changes of the question's seq log in the same range: each poll changed there once, with the seq of its
   * latest change in the range and its current state as the requester may see it (hidden results stay null for
   * participants until the close), in seq order. Absent when the polls feature is not built.
   */
  polls?: PollChangeDto[];
}
export type SyncSinceResult = Record<string, SyncQuestionResult>;

export interface PostSpotlightedEvent {
  workspaceId: string;
  spotlight: SpotlightDto | null;
  /** The spotlighted post (null when cleared). */
  post: PostDto | null;
}

export interface TypingEvent {
  questionId: string;
  userId: string;
  name: string;
}

/**
 * A representation request was filed or decided (stored): to the workspace's moderators and to the requester.
 * Clients re-read `GET …/representation-requests` (moderators) or the session (the requester: an approval makes
 * them the district's representative; their sockets are then disconnected so the handshake re-reads it).
 */
export interface RepresentationUpdatedEvent {
  workspaceId: string;
  requestId: string;
  districtId: string;
  /** The requester. */
  userId: string;
  state: RepresentationRequestDto['state'];
}

export interface SessionRevokedEvent {
  reason: 'signed_out' | 'role_changed' | 'removed' | 'expired';
}

type Command<P, R> = (payload: P, ack: AckCallback<R>) => void;

export interface ClientToServerEvents
  extends DraftClientToServerEvents,
    PollClientToServerEvents,
    EndorsementClientToServerEvents {
  // — any member (observers included) —
  /** Joins the workspace room; returns blocks, questions, the live state and current-block presence. */
  'workspace:join': Command<WorkspaceRef, WorkspaceJoinResult>;
  'workspace:leave': Command<WorkspaceRef, null>;
  /** Enters a block (presence). A socket is present in one block at a time; joining another leaves the first. */
  'block:join': Command<BlockRef, PresenceDto>;
  'block:leave': Command<BlockRef, null>;
  /** Receives the thread's changes (`post:*`, `typing:*`) from now on. Fetch history via REST or `sync:since`. */
  'question:subscribe': Command<QuestionRef, QuestionSubscribeResult>;
  'question:unsubscribe': Command<QuestionRef, null>;
  /** `{ [questionId]: lastSeenSeq }` → exactly the stored changes after it, in order, from the database. */
  'sync:since': Command<SyncSincePayload, SyncSinceResult>;

  // — moderator / admin (each audited) —
  'session:start': Command<SessionStartPayload, LiveSessionDto>;
  'session:end': Command<WorkspaceRef, LiveSessionDto>;
  /** Makes the block live (the previously live block closes) and current in the live session. */
  'block:open': Command<BlockRef, BlockDto>;
  'block:close': Command<BlockRef, BlockDto>;
  /** Opens the next pending question in order (closing the open one of the block) and makes it current. */
  'question:open-next': Command<QuestionOpenNextPayload, QuestionDto>;
  /** Closes the question: its thread is read-only until reopened. */
  'question:close': Command<QuestionRef, QuestionDto>;
  /** Reopens a closed question and makes it current (closing the block's other open question). */
  'question:reopen': Command<QuestionRef, QuestionDto>;
  'thread:lock': Command<QuestionRef, QuestionDto>;
  'thread:unlock': Command<QuestionRef, QuestionDto>;
  /** Gives the question an asynchronous window (replacing any); it opens and closes itself at the instants. */
  'question:set-window': Command<QuestionWindowSetPayload, QuestionDto>;
  /** Removes the question's asynchronous window (closing it now if it is open). */
  'question:clear-window': Command<QuestionRef, QuestionDto>;
  'post:hide': Command<PostHidePayload, PostChangeDto>;
  'post:unhide': Command<PostRef, PostChangeDto>;
  'post:spotlight': Command<PostSpotlightPayload, PostSpotlightedEvent>;

  // — participant / moderator / admin (not observers) —
  /** Idempotent by `(author, clientId)`: a retry acks the stored post and stores nothing. */
  'post:create': Command<PostCreatePayload, PostChangeDto>;
  /** Own posts only. */
  'post:edit': Command<PostEditPayload, PostChangeDto>;
  /** Own posts only; leaves a tombstone. */
  'post:delete': Command<PostRef, PostChangeDto>;
  'reaction:add': Command<ReactionPayload, PostChangeDto>;
  'reaction:remove': Command<ReactionPayload, PostChangeDto>;
  /** Volatile, never stored; the ack is optional. */
  'typing:start': (payload: TypingPayload, ack?: AckCallback<null>) => void;
  'typing:stop': (payload: TypingPayload, ack?: AckCallback<null>) => void;
}

/** Every client→server event name (the server answers any other name with an `unknown_event` error ack). */
export const CLIENT_EVENTS = [
  'workspace:join',
  'workspace:leave',
  'block:join',
  'block:leave',
  'question:subscribe',
  'question:unsubscribe',
  'sync:since',
  'session:start',
  'session:end',
  'block:open',
  'block:close',
  'question:open-next',
  'question:close',
  'question:reopen',
  'thread:lock',
  'thread:unlock',
  'question:set-window',
  'question:clear-window',
  'post:hide',
  'post:unhide',
  'post:spotlight',
  'post:create',
  'post:edit',
  'post:delete',
  'reaction:add',
  'reaction:remove',
  'typing:start',
  'typing:stop',
] as const satisfies ReadonlyArray<keyof ClientToServerEvents>;
export type ClientEventName = (typeof CLIENT_EVENTS)[number];

export interface ServerToClientEvents
  extends DraftServerToClientEvents,
    BalanceServerToClientEvents,
    MatchingServerToClientEvents,
    MeetingsServerToClientEvents,
    NetworkServerToClientEvents,
    PollServerToClientEvents,
    EndorsementServerToClientEvents {
  /** To the workspace room: the live session started/ended or moved to another block/question/spotlight. */
  'session:updated': (live: LiveStateDto) => void;
  /** To the workspace room: a block's state changed. */
  'block:updated': (block: BlockDto) => void;
  /** To the workspace room: a question opened, closed, reopened, locked or unlocked. */
  'question:updated': (question: QuestionDto) => void;
  /** To the workspace room: a question's asynchronous window opened or closed (a fact of its seq log). */
  'question:window': (fact: QuestionWindowFactDto) => void;
  /** To the question room; each carries the question's `seq`. */
  'post:created': (change: PostChangeDto) => void;
  'post:edited': (change: PostChangeDto) => void;
  'post:deleted': (change: PostChangeDto) => void;
  'post:hidden': (change: PostChangeDto) => void;
  'post:unhidden': (change: PostChangeDto) => void;
  'post:reacted': (change: PostChangeDto) => void;
  /** To the workspace room. */
  'post:spotlighted': (event: PostSpotlightedEvent) => void;
  /** To the block room: the full list of users present in the block. */
  'presence:updated': (presence: PresenceDto) => void;
  /** To the question room, volatile. */
  'typing:started': (event: TypingEvent) => void;
  'typing:stopped': (event: TypingEvent) => void;
  /** To the workspace room, after the change is stored: a district profile taking part in it changed. */
  'district:updated': (event: DistrictUpdatedEvent) => void;
  /** To the workspace room, after a profile change is stored: the group's profile completeness now. */
  'districts:progress': (progress: ProfilesProgressDto) => void;
  /** To the workspace's moderators and the requester's sockets, after a representation request is filed or decided. */
  'representation:updated': (event: RepresentationUpdatedEvent) => void;
  /** To the sockets of a session just before the server disconnects them. */
  'session:revoked': (event: SessionRevokedEvent) => void;
  /** To the workspace room: its agenda changed (sessions, clocks or feed); clients re-read `GET …/agenda`. */
  'agenda:changed': (event: { workspaceId: string }) => void;
  /** To the workspace room, after an admin's edit is stored: the workspace's title/description per language. */
  'workspace:texts': (fact: WorkspaceTextsFactDto) => void;
}

/** Single-node server: nothing crosses servers yet. */
export type InterServerEvents = Record<string, never>;

/** Per-socket data set by the handshake middleware. */
export interface SocketData {
  userId: string;
  name: string;
  /** HMAC of the session id (the session's database key); used to revoke its sockets. */
  sessionKey: string;
  /** Workspaces joined by this socket → role at join time (re-checked on every command). */
  workspaces: Record<string, Role>;
  /** Block this socket is present in, if any. */
  blockId: string | null;
  /** Questions this socket subscribed to → their workspace id. */
  subscriptions: Record<string, string>;
}

/**
 * Room names — the only place they are built. The server puts each socket in
 * `user(userId)` and `authSession(sessionKey)` on connection.
 */
export const rooms = {
  workspace: (workspaceId: string) => `workspace:${workspaceId}`,
  block: (blockId: string) => `block:${blockId}`,
  question: (questionId: string) => `question:${questionId}`,
  user: (userId: string) => `user:${userId}`,
  authSession: (sessionKey: string) => `auth-session:${sessionKey}`,
  /**
   * The moderators' and admins' part of a workspace or question room (server side only): they receive the full
   * view of a change (a hidden post's body) while the rest of the room receives the members' view.
   */
  moderators: (room: string) => `${room}#moderators`,
} as const;
