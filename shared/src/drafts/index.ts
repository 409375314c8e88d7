/**
 * Co-edited conclusion drafts: the Socket.IO events that carry the standard y-protocols messages (sync step 1,
 * sync step 2, update; awareness) per draft room, their payload schemas, room names, limits and DTOs.
 *
 * Wire contract (one Socket.IO connection, one authentication):
 * - `draft:join` → joins the draft room, returns the draft, the caller's access and the current awareness.
 * - `draft:sync` carries one y-protocols sync message (`y-protocols/sync` encoding, unchanged). A step 1 is
 *   answered in the ack with the server's step 2 and its own step 1; a step 2 or update that passes the guard is
 *   relayed to the room at once as a `draft:sync` update message, and acked only once it is durable.
 * - All `draft:*` commands of one socket share one token bucket ({@link DRAFT_SOCKET_BUCKET}); the client paces
 *   itself below it (coalescing updates, throttling awareness), so that fast input is never refused.
 * - `draft:awareness` carries one y-protocols awareness update, relayed to the room.
 * Messages larger than {@link MAX_DRAFT_MESSAGE_BYTES} are split by the client into `chunk`s (below Socket.IO's
 * `maxHttpBufferSize`) and reassembled by the server up to {@link MAX_DRAFT_ASSEMBLED_BYTES}.
 */
import { z } from 'zod/mini';
import type { AckCallback } from '../ack';
import { userTextSchema } from '../schemas/common';
import type { LocalizedText } from '../domain';

/**
 * The server's token bucket for one socket's `draft:*` commands (sync, awareness, join, leave): a burst of 200,
 * refilled at 50 per second; beyond it a command is answered `rate_limited`. Typing sends ~5–20 messages/s.
 */
export const DRAFT_SOCKET_BUCKET = { burst: 200, perSecond: 50 } as const;

/** Largest single `draft:sync` message (bytes). Larger updates are sent in chunks. */
export const MAX_DRAFT_MESSAGE_BYTES = 256 * 1024;
/** Largest update reassembled from chunks (bytes). */
export const MAX_DRAFT_ASSEMBLED_BYTES = 8 * 1024 * 1024;
/** Largest awareness update (bytes). */
export const MAX_DRAFT_AWARENESS_BYTES = 16 * 1024;
/** Largest chunk count of one chunked message. */
export const MAX_DRAFT_CHUNKS = Math.ceil(MAX_DRAFT_ASSEMBLED_BYTES / MAX_DRAFT_MESSAGE_BYTES);
/** Name of the Y.XmlFragment TipTap's Collaboration extension binds (its default `field`). */
export const DRAFT_FRAGMENT = 'default';

export const DRAFT_ACCESS_LEVELS = ['edit', 'read', 'none'] as const;
/** What a user may do with a draft: co-edit, only read (observer or locked), or nothing. */
export type DraftAccessLevel = (typeof DRAFT_ACCESS_LEVELS)[number];

export const EXPORT_FORMATS = ['md', 'html', 'docx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Room of one draft's live editing session — the only place its name is built. */
export const draftRooms = {
  draft: (draftId: string) => `draft:${draftId}`,
} as const;

const objectId = z.string().check(z.regex(/^[a-f0-9]{24}$/, 'must be an id'));
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be binary');

export const draftRefSchema = z.strictObject({ draftId: objectId });

export const draftChunkSchema = z.strictObject({
  /** Client-chosen id of the chunked message (unique per socket while in flight). */
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
  index: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_DRAFT_CHUNKS - 1)),
  count: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_DRAFT_CHUNKS)),
});

export const draftSyncSchema = z.strictObject({
  draftId: objectId,
  /** One y-protocols sync message, or one chunk of it when `chunk` is set. */
  message: bytes.check(z.refine((m) => m.byteLength <= MAX_DRAFT_MESSAGE_BYTES, 'message too large')),
  chunk: z.optional(draftChunkSchema),
});

export const draftAwarenessSchema = z.strictObject({
  draftId: objectId,
  update: bytes.check(
    z.refine((m) => m.byteLength <= MAX_DRAFT_AWARENESS_BYTES, 'awareness update too large'),
  ),
});

export const draftVersionCreateSchema = z.strictObject({
  name: userTextSchema(120),
});

export const draftLockSchema = z.strictObject({ locked: z.boolean() });

export const draftPublishSchema = z.strictObject({
  versionId: objectId,
  /** Release title; default: the draft's title. */
  title: z.optional(userTextSchema(200)),
});

export const draftQuoteSchema = z.strictObject({
  postId: objectId,
  /** A passage of the post's body; default: the whole body. */
  passage: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(10_000))),
});

export type DraftRef = z.infer<typeof draftRefSchema>;
export type DraftChunk = z.infer<typeof draftChunkSchema>;
export type DraftSyncPayload = z.infer<typeof draftSyncSchema>;
export type DraftAwarenessPayload = z.infer<typeof draftAwarenessSchema>;
export type DraftVersionCreateBody = z.infer<typeof draftVersionCreateSchema>;
export type DraftLockBody = z.infer<typeof draftLockSchema>;
export type DraftPublishBody = z.input<typeof draftPublishSchema>;
export type DraftQuoteBody = z.input<typeof draftQuoteSchema>;

export interface DraftUserDto {
  id: string;
  name: string;
}

export interface DraftDto {
  id: string;
  workspaceId: string;
  /** The block whose conclusions this is; null for the workspace's overall conclusions. */
  blockId: string | null;
  /** The title as stored (a default one is English: "Competitiveness — conclusions"). */
  title: string;
  /**
   * The title per UI language while it is the default one, from the block's (or workspace's) translated title:
   * `{ en: 'Competitiveness — conclusions', es: 'Competitividad — conclusiones', … }`; a language without a
   * translation is absent (`es: ''`) and shown as the English one, marked. Absent for a custom title (show `title`).
   */
  titleText?: LocalizedText;
  locked: boolean;
  updatedAt: string;
}

export interface DraftVersionDto {
  id: string;
  draftId: string;
  name: string;
  createdAt: string;
  createdBy: DraftUserDto;
}

export interface ContributorDto {
  id: string;
  name: string;
}

/** Contributors of a release grouped by region group (EU, LAC, or none) and then by district. */
export interface ContributorGroupDto {
  regionGroup: 'EU' | 'LAC' | 'other' | 'none';
  districts: Array<{
    name: string | null;
    country: string | null;
    region: string | null;
    people: ContributorDto[];
  }>;
}

export interface DraftPublicationDto {
  id: string;
  draftId: string;
  workspaceId: string;
  blockId: string | null;
  /** 1, 2, … per draft. */
  number: number;
  title: string;
  blockTitle: string | null;
  versionId: string;
  publishedAt: string;
  /** IANA time zone of the workspace (release dates are shown in it, with its name). */
  timeZone: string;
  publishedBy: DraftUserDto;
  contributors: ContributorGroupDto[];
}

export interface DraftJoinResult {
  draft: DraftDto;
  access: Exclude<DraftAccessLevel, 'none'>;
  /**
   * The user this connection is authenticated as. A client syncing a device cache checks it is the cache's
   * owner first (the session cookie may have been replaced, e.g. by a sign-in in another tab).
   */
  userId: string;
  /** Current awareness states of the room (y-protocols awareness update), or null when nobody is there. */
  awareness: Uint8Array | null;
}

export interface DraftSyncResult {
  /**
   * For a sync step 1: the server's step 2 (what the client misses) and its own step 1 (so the client can
   * send what the server misses). Empty for a step 2 or update, which are acked once durable.
   */
  replies: Uint8Array[];
}

export interface DraftSyncEvent {
  draftId: string;
  /** A y-protocols sync message (an update relayed from another editor). */
  message: Uint8Array;
}

export interface DraftAwarenessEvent {
  draftId: string;
  update: Uint8Array;
}

export interface DraftLeftEvent {
  draftId: string;
  /** Why the server removed this socket from the draft room. */
  reason: 'access_revoked' | 'reloaded';
}

type Command<P, R> = (payload: P, ack: AckCallback<R>) => void;

/** Draft commands (merged into the app's `ClientToServerEvents`). */
export interface DraftClientToServerEvents {
  /** Any member: joins the draft room. Observers and everyone on a locked draft get `access: 'read'`. */
  'draft:join': Command<DraftRef, DraftJoinResult>;
  'draft:leave': Command<DraftRef, null>;
  /** One y-protocols sync message. Step 2 and update need edit access; they are acked when durable. */
  'draft:sync': Command<DraftSyncPayload, DraftSyncResult>;
  /** One y-protocols awareness update (cursor, selection, name, colour); volatile. */
  'draft:awareness': (payload: DraftAwarenessPayload, ack?: AckCallback<null>) => void;
}

/** Draft facts (merged into the app's `ServerToClientEvents`). */
export interface DraftServerToClientEvents {
  /** To the draft room except the sender: a durable update, as a y-protocols update message. */
  'draft:sync': (event: DraftSyncEvent) => void;
  'draft:awareness': (event: DraftAwarenessEvent) => void;
  /** To the draft room: title/lock changed (re-join to learn the new access). */
  'draft:updated': (draft: DraftDto) => void;
  'draft:version-saved': (version: DraftVersionDto) => void;
  'draft:published': (publication: DraftPublicationDto) => void;
  /** To one socket: it was removed from the draft room. */
  'draft:left': (event: DraftLeftEvent) => void;
}
