/**
 * "Export my data" and "delete my account" (reliability row 21): the request body, the export's shape and the
 * error codes the client shows. The routes are `GET /api/users/me/export` and `DELETE /api/users/me` (docs/API.md).
 */
import type { EndorsementAnswerDto } from './endorsements';
import { z } from 'zod/mini';
import type { LocalizedText, Reaction, Role } from './domain';
import type { RepresentationState } from './profiles/schema';
import type { UserMeetingsExport } from './meetings';

/**
 * `DELETE /api/users/me`: the current password, to confirm. Any non-empty string up to 200 characters (an old
 * password may predate today's strength rules, so `passwordSchema` is not used here).
 */
export const deleteAccountBodySchema = z.strictObject({
  password: z.string().check(z.minLength(1, 'enter your password'), z.maxLength(200)),
});
export type DeleteAccountBody = z.infer<typeof deleteAccountBodySchema>;

/** Error codes of `DELETE /api/users/me` besides validation: wrong password (403), last admin (409). */
export const PrivacyErrorCode = {
  wrongPassword: 'wrong_password',
  lastAdmin: 'last_admin',
} as const;

/** Version of the export format (a field of every export). */
export const USER_EXPORT_FORMAT = 'polos-user-export/1';

/**
 * Everything Polos stores about the signed-in user, as downloaded by `GET /api/users/me/export`. It holds no other
 * user's personal data: others appear only as ids of posts and workspaces, reactions as counts, and audit entries
 * about the user made by someone else name the action, not that person.
 */
export interface UserExportDto {
  format: typeof USER_EXPORT_FORMAT;
  /** ISO 8601. */
  exportedAt: string;
  account: {
    id: string;
    email: string;
    name: string;
    locale: string;
    district: { id: string; name: string; country: string } | null;
    createdAt: string;
  };
  memberships: Array<{ workspaceId: string; workspaceTitle: string; role: Role; joinedAt: string }>;
  /** Every post the user wrote (deleted and hidden ones too), oldest first, with its question and earlier versions. */
  posts: Array<{
    id: string;
    workspaceId: string;
    question: { id: string; text: LocalizedText | null };
    /** The post this one replies to (its id only: it may be someone else's). */
    parentId: string | null;
    body: string;
    createdAt: string;
    editedAt: string | null;
    deleted: boolean;
    hidden: boolean;
    /** How many people gave each reaction (not who). */
    reactionCounts: Record<Reaction, number>;
    /** Earlier versions (at most the kept history), oldest first. */
    revisions: Array<{ n: number; body: string; writtenAt: string; replacedAt: string }>;
  }>;
  /** Reactions the user gave, to any post. */
  reactions: Array<{ postId: string; questionId: string; reaction: Reaction }>;
  /**
   * Drafts the user edited: which, the editing sessions counted for them (a run of changes without a 30-minute pause;
   * what the balance dashboard counts as "draft edits"), and how many of their updates the log still holds (until
   * compaction folds them into the snapshot).
   */
  draftContributions: Array<{
    draftId: string;
    workspaceId: string;
    title: string;
    editSessions: number;
    loggedUpdates: number;
  }>;
  /** Audit entries of actions by the user or on the user (target). */
  auditEntries: Array<{
    id: string;
    workspaceId: string;
    /** true: the user did it; false: someone else did it to the user (who is not named). */
    byYou: boolean;
    action: string;
    targetType: string;
    targetId: string;
    at: string;
  }>;
  /** Signed-in sessions (no ids or tokens). */
  sessions: Array<{ createdAt: string; expiresAt: string }>;
  /**
   * Requests to represent a district (issue 10), newest first; who decided is not named. Optional: exports made
   * before issue 10 lack it.
   */
  representationRequests?: Array<{
    id: string;
    workspaceId: string;
    district: { id: string; name: string; country: string } | null;
    state: RepresentationState;
    proposedDistrict: boolean;
    message: string | null;
    createdAt: string;
    decidedAt: string | null;
  }>;
  /** Districts whose profile the user is approved to edit (issue 10). Optional as above. */
  representedDistricts?: Array<{ id: string; name: string; country: string }>;
  /** C2C meetings (issue 11.3): requests, outcomes and events the user wrote. Optional as above. */
  meetings?: UserMeetingsExport;
  /** Endorsement answers the user gave for their district (issue 12.2), oldest first. Optional as above. */
  endorsementAnswers?: Array<EndorsementAnswerDto & { roundId: string; workspaceId: string }>;
  /** Partner matching (issue 11): what the user wrote there. Optional: exports made before issue 11 lack it. */
  matching?: UserMatchingExport;
}

/**
 * The user's partner-matching data in an export: the interests they expressed (last) for a district, with the
 * note they wrote, and the "hidden from suggestions" settings they set last. Districts are named (not personal
 * data); no other person is.
 */
export interface UserMatchingExport {
  interests: Array<{
    id: string;
    workspaceId: string;
    from: { id: string; name: string; country: string } | null;
    to: { id: string; name: string; country: string } | null;
    /** The offer or request it was about, with its title at the time. */
    about: { side: 'offer' | 'request'; owner: 'from' | 'to'; cardId: string; title: string } | null;
    note: string | null;
    state: 'active' | 'withdrawn';
    createdAt: string;
    updatedAt: string;
  }>;
  hideSettings: Array<{
    workspaceId: string;
    district: { id: string; name: string; country: string } | null;
    hidden: boolean;
    updatedAt: string;
  }>;
}
