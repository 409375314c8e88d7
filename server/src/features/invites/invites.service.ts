import { createHash, randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import type { AcceptInviteBody, CreateInviteBody, InviteDto, Role } from '@polos/shared';
import { invalid, notFound, unauthenticated } from '../../lib/errors';
import type { LoginLimiter } from '../auth/loginLimiter';
import { hashPassword, verifyPassword } from '../auth/password';
import { assertStrongPassword } from '../auth/passwordStrength';
import { recordAudit, type Actor } from '../audit/audit.service';
import { District } from '../districts/district.model';
import { User, type UserDoc } from '../users/user.model';
import { addMember, getWorkspaceOrThrow, ROLE_RANK, roleIn } from '../workspaces/workspaces.service';
import { Invite, type InviteDoc } from './invite.model';

const DEFAULT_EXPIRY_HOURS = 24 * 14;
const DEFAULT_MAX_USES = 50;

export const hashInviteToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const presentInvite = (invite: InviteDoc): InviteDto => ({
  createdAt: invite.createdAt.toISOString(),
  id: invite._id.toHexString(),
  workspaceId: invite.workspaceId.toHexString(),
  role: invite.role,
  expiresAt: invite.expiresAt.toISOString(),
  maxUses: invite.maxUses,
  uses: invite.uses,
});

/** Creates an invite; the clear token is returned once and never stored. */
export async function createInvite(
  workspaceId: Types.ObjectId,
  actor: Actor,
  body: CreateInviteBody,
): Promise<{ invite: InviteDoc; token: string }> {
  const token = randomBytes(24).toString('base64url');
  const doc = await Invite.create({
    workspaceId,
    role: body.role,
    tokenHash: hashInviteToken(token),
    expiresAt: new Date(Date.now() + (body.expiresInHours ?? DEFAULT_EXPIRY_HOURS) * 3600_000),
    maxUses: body.maxUses ?? DEFAULT_MAX_USES,
    uses: 0,
    createdBy: actor.userId,
  });
  const invite = doc.toObject();
  await recordAudit(
    workspaceId,
    actor,
    'invite.create',
    { type: 'invite', id: invite._id },
    {
      role: invite.role,
      maxUses: invite.maxUses,
      expiresAt: invite.expiresAt.toISOString(),
    },
  );
  return { invite, token };
}

const isSpent = (invite: InviteDoc, now = Date.now()): boolean =>
  Boolean(invite.revokedAt) || invite.expiresAt.getTime() <= now || invite.uses >= invite.maxUses;

/** The workspace's invites that can still be used (newest first), for the admins' members screen. */
export async function pendingInvites(workspaceId: Types.ObjectId): Promise<InviteDoc[]> {
  const invites = await Invite.find({ workspaceId, expiresAt: mongoose.trusted({ $gt: new Date() }) })
    .sort({ createdAt: -1 })
    .limit(200)
    .lean<InviteDoc[]>()
    .exec();
  return invites.filter((i) => !isSpent(i));
}

/**
 * Revokes an invite of the workspace (its link then answers like an unknown one); audited.
 *
 * @throws `not_found` when the workspace has no such usable invite.
 */
export async function revokeInvite(
  workspaceId: Types.ObjectId,
  inviteId: string,
  actor: Actor,
): Promise<void> {
  const revoked = await Invite.findOneAndUpdate(
    { _id: inviteId, workspaceId, revokedAt: null },
    { $set: { revokedAt: new Date() } },
    { returnDocument: 'after' },
  )
    .lean<InviteDoc>()
    .exec();
  if (!revoked) throw notFound('Invite');
  await recordAudit(
    workspaceId,
    actor,
    'invite.revoke',
    { type: 'invite', id: revoked._id },
    { role: revoked.role },
  );
}

/** A usable invite for the token, or `not_found` (unknown, expired or used up look the same). */
export async function findUsableInvite(token: string): Promise<InviteDoc> {
  const invite = await Invite.findOne({ tokenHash: hashInviteToken(token) })
    .lean<InviteDoc>()
    .exec();
  if (!invite || isSpent(invite)) throw notFound('Invite');
  return invite;
}

/** Takes one use of the invite atomically (`uses < maxUses` guard); false when none is left. */
async function consumeInvite(invite: InviteDoc): Promise<boolean> {
  const updated = await Invite.findOneAndUpdate(
    {
      _id: invite._id,
      uses: mongoose.trusted({ $lt: invite.maxUses }),
      expiresAt: mongoose.trusted({ $gt: new Date() }),
      revokedAt: null,
    },
    { $inc: { uses: 1 } },
    { returnDocument: 'after' },
  )
    .lean<InviteDoc>()
    .exec();
  return updated !== null;
}

async function releaseInvite(invite: InviteDoc): Promise<void> {
  await Invite.updateOne(
    { _id: invite._id, uses: mongoose.trusted({ $gt: 0 }) },
    { $inc: { uses: -1 } },
  ).exec();
}

const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 11000;

/**
 * The one answer for an email that cannot be used with the given password: the same words as a failed sign-in,
 * naming no account, so an invite holder cannot learn which emails have accounts (issue 15.7).
 */
const cannotUseEmail = () =>
  unauthenticated('Email or password is wrong — if you already have an account, use its password to join');

/** How acceptance checks a password against an existing account: the server's sign-in limiter and the caller. */
export interface AcceptCredentialsCheck {
  limiter: LoginLimiter;
  address: string;
}

/**
 * The existing account behind `email`, when `password` is its password: accepting an invite with one's own
 * email and password is a sign-in. Counted by the sign-in limiter like a sign-in (per address and account).
 */
async function signInExisting(
  existing: UserDoc,
  body: AcceptInviteBody,
  check: AcceptCredentialsCheck,
): Promise<UserDoc> {
  const attempt = await check.limiter.begin(check.address, existing.email);
  if (!(await verifyPassword(existing.passwordHash, body.password ?? ''))) throw cannotUseEmail();
  await attempt.succeeded();
  return existing;
}

/**
 * Accepts an invite: signed out, creates the account from name/email/password — or, when the email already
 * has an account and the password is its password, signs into it (a wrong password gets the same answer as a
 * failed sign-in, never "this email exists"); signed in, uses the current account. Adds (or raises) the
 * membership; one use of the invite is taken only when the membership changed, so repeated or parallel
 * acceptances by one person take one use.
 *
 * @throws `weak_password` (400) for a guessable password (checked before the email is looked up, so an existing
 *   account answers the same); `unauthenticated` (401) as above;
 *   `not_found` for an unknown, expired or used-up invite; `rate_limited` (429) past the sign-in limits.
 */
export async function acceptInvite(
  token: string,
  body: AcceptInviteBody,
  current: UserDoc | undefined,
  check: AcceptCredentialsCheck,
): Promise<{ user: UserDoc; role: Role; workspaceId: Types.ObjectId; signedIn: boolean }> {
  const invite = await findUsableInvite(token);
  if (current) return { ...(await join(invite, current)), signedIn: false };
  if (!body.name || !body.email || !body.password) throw invalid('name, email and password are required');
  // Every check that depends only on the input runs before the account is looked up, so a weak password or an
  // unknown district answers the same whether the email has an account or not (no account enumeration).
  // Name and email parts are guessable by anyone who knows the person.
  await assertStrongPassword(body.password, [
    body.email,
    ...`${body.name} ${body.email}`.split(/[\s@._+-]+/),
  ]);
  if (body.districtId && !(await District.exists({ _id: body.districtId })))
    throw invalid('Unknown district');
  const existing = await User.findOne({ email: body.email }).lean<UserDoc>().exec();
  if (existing)
    return { ...(await join(invite, await signInExisting(existing, body, check))), signedIn: true };
  const passwordHash = await hashPassword(body.password);
  // The use is taken before the account exists, so a used-up invite creates no account.
  if (!(await consumeInvite(invite))) throw notFound('Invite');
  let user: UserDoc;
  try {
    const created = await User.create({
      email: body.email,
      name: body.name,
      passwordHash,
      locale: body.locale ?? 'en',
      districtId: body.districtId ? new Types.ObjectId(body.districtId) : null,
    });
    user = created.toObject();
  } catch (error) {
    await releaseInvite(invite);
    if (!isDuplicateKey(error)) throw error;
    // The same sign-up raced this one and won: with the same password this is that account (idempotent).
    const winner = await User.findOne({ email: body.email }).lean<UserDoc>().exec();
    if (!winner) throw error;
    return { ...(await join(invite, await signInExisting(winner, body, check))), signedIn: true };
  }
  const { role, changed } = await addMember(invite.workspaceId, user._id, invite.role);
  if (!changed) await releaseInvite(invite);
  return { user, role, workspaceId: invite.workspaceId, signedIn: false };
}

/** Makes an existing account a member by the invite, taking one use only when the membership changes. */
async function join(
  invite: InviteDoc,
  user: UserDoc,
): Promise<{ user: UserDoc; role: Role; workspaceId: Types.ObjectId }> {
  const workspace = await getWorkspaceOrThrow(invite.workspaceId);
  const current = roleIn(workspace, user._id);
  if (current && ROLE_RANK[current] >= ROLE_RANK[invite.role])
    return { user, role: current, workspaceId: invite.workspaceId };
  if (!(await consumeInvite(invite))) throw notFound('Invite');
  const { role, changed } = await addMember(invite.workspaceId, user._id, invite.role);
  // A parallel acceptance by the same person made the change: give this use back.
  if (!changed) await releaseInvite(invite);
  return { user, role, workspaceId: invite.workspaceId };
}
