/**
 * Domain vocabulary and the DTOs the server presents over HTTP and Socket.IO.
 * Every id is a 24-hex-digit string; every date is an ISO 8601 string (UTC).
 */

export const ROLES = ['admin', 'moderator', 'participant', 'observer'] as const;
/** A member's role in one workspace. */
export type Role = (typeof ROLES)[number];

/** UI languages (ISO 639-1); the client's SUPPORTED_LANGUAGES must match (checked at compile time there). */
export const LOCALES = ['en', 'es', 'pt', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Admin-written text (titles, descriptions, question texts) per UI language: English and Spanish always, Portuguese
 * and French when translated. The client shows the UI language's version, else English (then Spanish), marked as
 * a fallback.
 */
export interface LocalizedText {
  en: string;
  es: string;
  pt?: string;
  fr?: string;
}

/** EU-27, Latin America & Caribbean (CELAC-33), or any other country; derived from the country (`regionGroupOf`). */
export const REGION_GROUPS = ['EU', 'LAC', 'other'] as const;
export type RegionGroup = (typeof REGION_GROUPS)[number];

export const DISTRICT_KINDS = [
  'cluster',
  'technology_park',
  'local_government',
  'rd_organisation',
  'agency',
  'other',
] as const;
export type DistrictKind = (typeof DISTRICT_KINDS)[number];

export const BLOCK_KINDS = ['profiles', 'discussion'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const BLOCK_STATES = ['upcoming', 'live', 'closed'] as const;
export type BlockState = (typeof BLOCK_STATES)[number];

export const QUESTION_STATES = ['pending', 'open', 'closed'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

/** The fixed set of reactions (the client maps them to emoji/labels). */
export const REACTIONS = ['thumbs_up', 'heart', 'lightbulb', 'clap', 'question'] as const;
export type Reaction = (typeof REACTIONS)[number];

/** Largest Markdown body of a post, in UTF-16 code units (`string.length`). */
export const MAX_POST_BODY_LENGTH = 10_000;
/** Questions per block. */
export const MAX_QUESTIONS_PER_BLOCK = 5;

export interface DistrictSummaryDto {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  regionGroup: RegionGroup;
}

export interface DistrictDto extends DistrictSummaryDto {
  region: string;
  sectors: string[];
  kind: DistrictKind;
  /** True for fictitious demo districts (the UI labels them). */
  demo: boolean;
}

/** The signed-in user (only ever sent to that user). */
export interface MeDto {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  district: DistrictSummaryDto | null;
}

/** Any user as others see them. */
export interface UserSummaryDto {
  id: string;
  /** Empty when `deleted`. */
  name: string;
  district: DistrictSummaryDto | null;
  /** The person deleted their account: show "deleted user" in the UI language (their posts are kept). */
  deleted?: boolean;
}

export interface WorkspaceSummaryDto {
  id: string;
  /** The English title (kept as a plain string for older clients, ICS, invites…; = `titleText.en`). */
  title: string;
  /** The English description (= `descriptionText.en`). */
  description: string;
  /**
   * The title per UI language (issue 13): clients show the viewer's language with the visible fallback of
   * block titles. The plain `title` is the English original: a language not translated is blank (`es: ''`) or
   * absent (pt/fr), so the client shows English marked "EN".
   */
  titleText?: LocalizedText;
  /** The description per UI language (same rule as `titleText`). */
  descriptionText?: LocalizedText;
  /** The caller's role in this workspace. */
  role: Role;
}

/**
 * `workspace:texts` fact (issue 13), to the workspace room after an admin's translation edit is stored: the
 * workspace's plain English strings and its title/description per UI language, so open pages re-render them.
 */
export type WorkspaceTextsFactDto = Omit<Required<WorkspaceSummaryDto>, 'role'>;

// — Asynchronous windows (issue 13.3; schema and rules in asyncWindow.ts) —

/**
 * Where a window is: `scheduled` (start not reached), `open` (participants may post), `closed` (end passed).
 * The server moves it at the instants — by timer, and on start-up for transitions missed while it was down.
 */
export const ASYNC_WINDOW_STATES = ['scheduled', 'open', 'closed'] as const;
export type AsyncWindowState = (typeof ASYNC_WINDOW_STATES)[number];

export interface AsyncWindowDto {
  /** ISO 8601 UTC instant. */
  startsAt: string;
  /** ISO 8601 UTC instant, after `startsAt`. */
  endsAt: string;
  state: AsyncWindowState;
}

export interface QuestionDto {
  id: string;
  workspaceId: string;
  blockId: string;
  /** 1–5, the order in which the moderator opens them. */
  order: number;
  text: LocalizedText;
  state: QuestionState;
  openedAt: string | null;
  closedAt: string | null;
  /** A locked thread is read-only even while the question is open. */
  locked: boolean;
  /** Highest change seq stored for this question's thread (0 = none yet). */
  lastSeq: number;
  /** Its asynchronous window, if a moderator gave it one (issue 13.3; `asyncWindow.ts`). */
  asyncWindow?: AsyncWindowDto | null;
}

export interface BlockDto {
  id: string;
  workspaceId: string;
  order: number;
  title: LocalizedText;
  description: LocalizedText;
  kind: BlockKind;
  state: BlockState;
  /** Ordered by `order`. */
  questions: QuestionDto[];
}

export interface SpotlightDto {
  questionId: string;
  postId: string;
}

/** A meeting of the workspace; at most one is running (endedAt null) at a time. */
export interface LiveSessionDto {
  id: string;
  workspaceId: string;
  title: string;
  startedAt: string;
  endedAt: string | null;
  currentBlockId: string | null;
  currentQuestionId: string | null;
  spotlight: SpotlightDto | null;
  startedBy: string;
}

/** What every client of a workspace follows: the running live session, or null. */
export interface LiveStateDto {
  workspaceId: string;
  session: LiveSessionDto | null;
}

export interface WorkspaceDetailDto {
  workspace: WorkspaceSummaryDto;
  /** Ordered by `order`, each with its questions. */
  blocks: BlockDto[];
  live: LiveStateDto;
}

export interface PostDto {
  id: string;
  questionId: string;
  workspaceId: string;
  /** null = top-level post; otherwise the id of a top-level post (replies are one level deep). */
  parentId: string | null;
  author: UserSummaryDto;
  /** The author's idempotency key for this post (unique per author). */
  clientId: string;
  /** Markdown. '' when deleted, and when hidden unless the viewer is a moderator/admin. */
  body: string;
  /** Seq of the creation change (posts of a thread sort by it). */
  seq: number;
  /** Seq of the latest change to this post (creation, edit, delete, hide, reaction). */
  lastSeq: number;
  createdAt: string;
  editedAt: string | null;
  /** How many times the post was edited (the history keeps the last `POST_HISTORY_LIMIT` earlier versions). */
  editCount: number;
  deleted: boolean;
  hidden: boolean;
  /** User ids per reaction; every key of REACTIONS is present. */
  reactions: Record<Reaction, string[]>;
}

/** Earlier versions kept per post (older ones are dropped). */
export const POST_HISTORY_LIMIT = 50;

/** One earlier version of a post in `GET /api/questions/:questionId/posts/:postId/history`. */
export interface PostRevisionDto {
  /** Edit number that replaced this version (1 = the original body). */
  n: number;
  /** Markdown, as it was before edit `n`. */
  body: string;
  /** When this version was written (ISO). */
  writtenAt: string;
  /** When edit `n` replaced it (ISO). */
  replacedAt: string;
  editor: { id: string; name: string };
}

/** A post's edit history: who changed what and when (moderators: any post; authors: their own). */
export interface PostHistoryDto {
  postId: string;
  /** The current version. */
  current: { body: string; at: string };
  /** Earlier versions, newest first; at most `limit`. */
  revisions: PostRevisionDto[];
  /** Edits so far; when greater than `revisions.length`, the oldest versions were dropped. */
  editCount: number;
  limit: number;
}

export const POST_CHANGE_KINDS = ['created', 'edited', 'deleted', 'hidden', 'unhidden', 'reacted'] as const;
export type PostChangeKind = (typeof POST_CHANGE_KINDS)[number];

/**
 * One stored change of a thread. `seq` is strictly increasing per question. `post` is the post's state
 * as presented when the change is delivered: apply as an upsert by `post.id` and remember the highest
 * `seq` per question.
 */
export interface PostChangeDto {
  questionId: string;
  seq: number;
  kind: PostChangeKind;
  post: PostDto;
}

/** One page of a thread, posts ordered by `seq` (creation order). */
export interface ThreadPageDto {
  question: QuestionDto;
  posts: PostDto[];
  /** Pass as `afterSeq` to get the next page; null when this is the last page. */
  nextAfterSeq: number | null;
}

export interface PresenceEntryDto {
  userId: string;
  name: string;
  role: Role;
  district: DistrictSummaryDto | null;
}

export interface PresenceDto {
  blockId: string;
  users: PresenceEntryDto[];
}

export interface AuditEntryDto {
  id: string;
  workspaceId: string;
  actor: { id: string; name: string };
  /** e.g. `question.open`, `post.hide`, `invite.create`, `member.role`. */
  action: string;
  targetType: string;
  targetId: string;
  data: Record<string, unknown>;
  at: string;
}

export interface InviteDto {
  id: string;
  workspaceId: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  maxUses: number;
  uses: number;
}

/** Returned once when an admin creates an invite: the token is never stored in clear. */
export interface CreatedInviteDto extends InviteDto {
  token: string;
  /** Path of the join page, e.g. `/join/<token>`. */
  path: string;
}

export interface InvitePreviewDto {
  /** `titleText`: the title per UI language (issue 13; absent from older servers → `title` as en/es). */
  workspace: { id: string; title: string; titleText?: LocalizedText };
  role: Role;
  expiresAt: string;
}

export interface MemberDto {
  user: UserSummaryDto;
  role: Role;
}

/** Body of `POST /api/auth/login`, `GET /api/auth/session`, `POST /api/invites/:token/accept`. */
export interface SessionDto {
  user: MeDto;
  /** Send as `X-CSRF-Token` on every state-changing request. */
  csrfToken: string;
  /** Workspaces and the caller's role in each. */
  workspaces: WorkspaceSummaryDto[];
}

/** Header carrying the per-session CSRF token on state-changing HTTP requests. */
export const CSRF_HEADER = 'X-CSRF-Token';
/** Name of the httpOnly session cookie. */
export const SESSION_COOKIE = 'polos_sid';
/** Most posts one thread page returns. */
export const MAX_THREAD_PAGE = 200;
