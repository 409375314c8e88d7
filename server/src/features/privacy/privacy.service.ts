/**
 * "Export my data" and "delete my account" (reliability row 21; GDPR arts. 15, 17 and 20).
 *
 * Deleting an account removes the person — their user document (name, email, password hash, district link,
 * locale), sessions and memberships — and keeps what they contributed to the group's discussion: their posts stay,
 * shown as "deleted user" (`authorDeleted`, rendered in the reader's language) without name or district. One
 * append-only audit entry per workspace they belonged to records the deletion (by user id only). What is not
 * rewritten, by design: older audit entries (append-only, they name the actor as they were at the time), published
 * releases (published documents, with their contributor credits) and quotes already pasted into drafts.
 */
import mongoose, { Types } from 'mongoose';
import { REACTIONS, USER_EXPORT_FORMAT, type Reaction, type Role, type UserExportDto } from '@polos/shared';
import { AppError } from '../../lib/errors';
import { AuditEntry, type AuditDoc } from '../audit/audit.model';
import { recordAudit } from '../audit/audit.service';
import { verifyPassword } from '../auth/password';
import { District, type DistrictDoc } from '../districts/district.model';
import { forgetRepresentative } from '../districts/profile.service';
import { Draft, DraftUpdate, type DraftDoc } from '../drafts/draft.model';
import { anonymiseContributor, draftEditSessionsOf } from '../drafts/draft.service';
import { anonymiseMeetingUser, meetingDataOfUser } from '../meetings';
import { anonymiseEndorser, endorsementAnswersOfUser } from '../endorsements';
import { Post, type PostDoc } from '../posts/post.model';
import { deleteRequestsOf, requestsOfUser } from '../profiles/representation.service';
import { eraseInterestNotesOf, matchingDataOfUser } from '../matching/matching.ports';
import { PostRevision, type PostRevisionDoc } from '../posts/postRevision.model';
import { anonymiseAuthor } from '../posts/posts.service';
import { Question, type QuestionDoc } from '../questions/question.model';
import { Session, type SessionDoc } from '../sessions/session.model';
import { destroyUserSessions } from '../sessions/sessions.service';
import { Workspace, type WorkspaceDoc } from '../workspaces/workspace.model';
import type { UserDoc } from '../users/user.model';
import { eraseUser } from '../users/users.service';
import {
  leaveAsAdminIfAnotherRemains,
  removeFromAllWorkspaces,
  restoreMembership,
  workspacesOnlyAdministeredBy,
} from '../workspaces/workspaces.service';

/**
 * Stored in place of the name on what a deleted user leaves behind (posts' `authorName`, draft versions' and
 * releases' by-names). Clients show their own translation when `deleted` is set; this is what exports and logs read.
 */
export const DELETED_USER_NAME = 'deleted user';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Everything stored about `user` (see {@link UserExportDto} for what is left out and why). */
export async function exportUserData(user: UserDoc): Promise<UserExportDto> {
  const userId = user._id;
  const [district, workspaces, posts, reacted, drafts, audit, sessions, requests, represented] =
    await Promise.all([
      user.districtId ? District.findById(user.districtId).lean<DistrictDoc>().exec() : null,
      Workspace.find({ 'members.userId': userId }).lean<WorkspaceDoc[]>().exec(),
      Post.find({ authorId: userId }).sort({ _id: 1 }).lean<PostDoc[]>().exec(),
      Post.find({
        $or: REACTIONS.map((r) => ({ [`reactions.${r}`]: userId })),
      })
        .select({ questionId: 1, reactions: 1 })
        .lean<Pick<PostDoc, '_id' | 'questionId' | 'reactions'>[]>()
        .exec(),
      Draft.find({ contributorIds: userId }).lean<DraftDoc[]>().exec(),
      AuditEntry.find({
        $or: [{ actorId: userId }, { targetType: 'user', targetId: userId.toHexString() }],
      })
        .sort({ _id: 1 })
        .lean<AuditDoc[]>()
        .exec(),
      Session.find({ userId }).lean<SessionDoc[]>().exec(),
      requestsOfUser(userId),
      District.find({ representativeIds: userId })
        .select({ name: 1, country: 1 })
        .sort({ _id: 1 })
        .lean<Pick<DistrictDoc, '_id' | 'name' | 'country'>[]>()
        .exec(),
    ]);
  const questionIds = [...new Set(posts.map((p) => p.questionId.toHexString()))].map(
    (id) => new Types.ObjectId(id),
  );
  const requestedDistrictIds = [...new Set(requests.map((r) => r.districtId.toHexString()))].map(
    (id) => new Types.ObjectId(id),
  );
  const [questions, revisions, loggedUpdates, requestedDistricts, editSessions] = await Promise.all([
    questionIds.length
      ? Question.find({ _id: mongoose.trusted({ $in: questionIds }) })
          .lean<QuestionDoc[]>()
          .exec()
      : [],
    posts.length
      ? PostRevision.find({ postId: mongoose.trusted({ $in: posts.map((p) => p._id) }) })
          .sort({ n: 1 })
          .lean<PostRevisionDoc[]>()
          .exec()
      : [],
    Promise.all(drafts.map((d) => DraftUpdate.countDocuments({ draftId: d._id, userId }).exec())),
    requestedDistrictIds.length
      ? District.find({ _id: mongoose.trusted({ $in: requestedDistrictIds }) })
          .select({ name: 1, country: 1 })
          .lean<Pick<DistrictDoc, '_id' | 'name' | 'country'>[]>()
          .exec()
      : [],
    draftEditSessionsOf(userId),
  ]);
  const districtRef = (d: Pick<DistrictDoc, '_id' | 'name' | 'country'>) => ({
    id: d._id.toHexString(),
    name: d.name,
    country: d.country,
  });
  const requestedDistrict = new Map(requestedDistricts.map((d) => [d._id.toHexString(), districtRef(d)]));
  const questionText = new Map(questions.map((q) => [q._id.toHexString(), q.text]));
  const revisionsOf = new Map<string, PostRevisionDoc[]>();
  for (const r of revisions) {
    const key = r.postId.toHexString();
    revisionsOf.set(key, [...(revisionsOf.get(key) ?? []), r]);
  }
  const mine = userId.toHexString();
  // Partner matching (issue 11): the interests and notes the user wrote, the hide settings they set.
  const matching = await matchingDataOfUser(userId);
  return {
    format: USER_EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    account: {
      id: mine,
      email: user.email,
      name: user.name,
      locale: user.locale,
      district: district
        ? { id: district._id.toHexString(), name: district.name, country: district.country }
        : null,
      createdAt: user.createdAt.toISOString(),
    },
    memberships: workspaces.flatMap((w) =>
      w.members
        .filter((m) => m.userId.equals(userId))
        .map((m) => ({
          workspaceId: w._id.toHexString(),
          workspaceTitle: w.title,
          role: m.role,
          joinedAt: m.joinedAt.toISOString(),
        })),
    ),
    posts: posts.map((p) => ({
      id: p._id.toHexString(),
      workspaceId: p.workspaceId.toHexString(),
      question: {
        id: p.questionId.toHexString(),
        text: questionText.get(p.questionId.toHexString()) ?? null,
      },
      parentId: p.parentId ? p.parentId.toHexString() : null,
      body: p.body,
      createdAt: p.createdAt.toISOString(),
      editedAt: iso(p.editedAt),
      deleted: p.deleted,
      hidden: p.hidden,
      reactionCounts: Object.fromEntries(REACTIONS.map((r) => [r, p.reactions?.[r]?.length ?? 0])) as Record<
        Reaction,
        number
      >,
      revisions: (revisionsOf.get(p._id.toHexString()) ?? []).map((r) => ({
        n: r.n,
        body: r.body,
        writtenAt: r.writtenAt.toISOString(),
        replacedAt: r.replacedAt.toISOString(),
      })),
    })),
    reactions: reacted.flatMap((p) =>
      REACTIONS.filter((r) => (p.reactions?.[r] ?? []).some((id) => id.equals(userId))).map((reaction) => ({
        postId: p._id.toHexString(),
        questionId: p.questionId.toHexString(),
        reaction,
      })),
    ),
    draftContributions: drafts.map((d, i) => ({
      draftId: d._id.toHexString(),
      workspaceId: d.workspaceId.toHexString(),
      title: d.title,
      loggedUpdates: loggedUpdates[i] ?? 0,
      editSessions: editSessions.get(d._id.toHexString()) ?? 0,
    })),
    auditEntries: audit.map((a) => ({
      id: a._id.toHexString(),
      workspaceId: a.workspaceId.toHexString(),
      byYou: a.actorId.equals(userId),
      action: a.action,
      targetType: a.targetType,
      targetId: a.targetId,
      at: a.at.toISOString(),
    })),
    sessions: sessions.map((s) => ({
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
    })),
    representationRequests: requests.map((r) => ({
      id: r._id.toHexString(),
      workspaceId: r.workspaceId.toHexString(),
      district: requestedDistrict.get(r.districtId.toHexString()) ?? null,
      state: r.state,
      proposedDistrict: r.proposedDistrict,
      message: r.message,
      createdAt: r.createdAt.toISOString(),
      decidedAt: iso(r.decidedAt),
    })),
    representedDistricts: represented.map(districtRef),
    // C2C meetings (issue 11.3): the requests, outcomes and events the user wrote.
    meetings: await meetingDataOfUser(userId),
    // Endorsement rounds (issue 12.2): the answers the user gave for their district.
    endorsementAnswers: await endorsementAnswersOfUser(userId),
    matching,
  };
}

/** The error of a refused deletion: the workspaces that would be left without an admin, by title. */
const lastAdmin = (titles: string[]): AppError =>
  new AppError(
    'last_admin',
    `You are the only admin of ${titles.map((t) => `"${t}"`).join(', ')}: make someone else admin there first`,
    { status: 409 },
  );

export interface DeletedAccount {
  /** Keys of the sessions ended (their sockets are to be disconnected). */
  sessionKeys: string[];
  /** Workspaces the user was a member of (each got one audit entry). */
  workspaceIds: Types.ObjectId[];
}

/**
 * Deletes `user`'s account after checking `password`: refused with 403 `wrong_password`, or 409 `last_admin` when
 * a workspace would be left without an admin (nothing is changed then). Order: admin memberships (each removal
 * conditional on another admin remaining), then the sessions end, the other memberships, posts' and drafts'
 * by-names, district representation and representation requests (issue 10), the notes on partner-matching
 * interests (issue 11), the audit entries, and the user document last — an interrupted deletion leaves a user who can sign
 * in and delete again.
 */
export async function deleteAccount(user: UserDoc, password: string): Promise<DeletedAccount> {
  if (!(await verifyPassword(user.passwordHash, password)))
    throw new AppError('wrong_password', 'The password is not correct', { status: 403 });
  const onlyAdmin = await workspacesOnlyAdministeredBy(user._id);
  if (onlyAdmin.length > 0) throw lastAdmin(onlyAdmin.map((w) => w.title));

  const userId = user._id;
  const memberOf = await Workspace.find({ 'members.userId': userId }).lean<WorkspaceDoc[]>().exec();
  const roleIn = (w: WorkspaceDoc): Role | undefined => w.members.find((m) => m.userId.equals(userId))?.role;
  // Admin memberships first, each removed only while another admin remains (checked and removed in one atomic
  // update): a demotion racing with this deletion cannot leave a workspace without an admin.
  const leftAsAdmin: WorkspaceDoc[] = [];
  for (const workspace of memberOf.filter((w) => roleIn(w) === 'admin')) {
    if (await leaveAsAdminIfAnotherRemains(workspace._id, userId)) {
      leftAsAdmin.push(workspace);
      continue;
    }
    // Lost that race: put back the admin memberships already removed and refuse; the account is untouched.
    for (const w of leftAsAdmin) {
      await restoreMembership(
        w._id,
        w.members.find((m) => m.userId.equals(userId))!,
      );
    }
    throw lastAdmin([workspace.title]);
  }
  const sessionKeys = await destroyUserSessions(userId);
  await removeFromAllWorkspaces(userId);
  // Each owner anonymises its own documents (features own the writes to their collections).
  await anonymiseAuthor(userId, DELETED_USER_NAME);
  await anonymiseContributor(userId, DELETED_USER_NAME);
  await anonymiseEndorser(userId, DELETED_USER_NAME); // the district's answers stay, without the name
  await forgetRepresentative(userId);
  await deleteRequestsOf(userId);
  await anonymiseMeetingUser(userId); // meetings: request notes erased, outcomes stay without the person
  await eraseInterestNotesOf(userId); // matching: notes erased, the districts' interests stay
  for (const workspace of memberOf) {
    await recordAudit(workspace._id, { userId, name: DELETED_USER_NAME }, 'account.deleted', {
      type: 'user',
      id: userId,
    });
  }
  await eraseUser(userId);
  return { sessionKeys, workspaceIds: memberOf.map((w) => w._id) };
}
