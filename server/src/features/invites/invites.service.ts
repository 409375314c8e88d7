import { createHash, randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import type { AcceptInviteBody, CreateInviteBody, InviteDto, Role } from '@polos/shared';
import { conflict, invalid, notFound } from '../../lib/errors';
import { hashPassword } from '../auth/password';
import { recordAudit, type Actor } from '../audit/audit.service';
import { District } from '../districts/district.model';
import { User, type UserDoc } from '../users/user.model';
import { addMember } from '../workspaces/workspaces.service';
import { Invite, type InviteDoc } from './invite.model';

const DEFAULT_EXPIRY_HOURS = 24 * 14;
const DEFAULT_MAX_USES = 50;

export const hashInviteToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const presentInvite = (invite: InviteDoc): InviteDto => ({
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

/** A usable invite for the token, or `not_found` (unknown, expired or used up look the same). */
export async function findUsableInvite(token: string): Promise<InviteDoc> {
  const invite = await Invite.findOne({ tokenHash: hashInviteToken(token) })
    .lean<InviteDoc>()
    .exec();
  if (!invite || invite.expiresAt.getTime() <= Date.now() || invite.uses >= invite.maxUses)
    throw notFound('Invite');
  return invite;
}

/** Takes one use of the invite atomically (`uses < maxUses` guard); false when none is left. */
async function consumeInvite(invite: InviteDoc): Promise<boolean> {
  const updated = await Invite.findOneAndUpdate(
    {
      _id: invite._id,
      uses: mongoose.trusted({ $lt: invite.maxUses }),
      expiresAt: mongoose.trusted({ $gt: new Date() }),
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
 * Accepts an invite: signed out, creates the account from name/email/password; signed in, uses the
 * current account. Adds (or raises) the membership. Returns the user and their role.
 */
export async function acceptInvite(
  token: string,
  body: AcceptInviteBody,
  current: UserDoc | undefined,
): Promise<{ user: UserDoc; role: Role; workspaceId: Types.ObjectId }> {
  const invite = await findUsableInvite(token);
  let user = current;
  let passwordHash: string | undefined;
  if (!user) {
    if (!body.name || !body.email || !body.password) throw invalid('name, email and password are required');
    if (await User.exists({ email: body.email }))
      throw conflict('An account with this email exists: sign in first');
    if (body.districtId && !(await District.exists({ _id: body.districtId })))
      throw invalid('Unknown district');
    passwordHash = await hashPassword(body.password);
  }
  if (!(await consumeInvite(invite))) throw notFound('Invite');
  if (!user) {
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
      if (isDuplicateKey(error)) throw conflict('An account with this email exists: sign in first');
      throw error;
    }
  }
  const { role } = await addMember(invite.workspaceId, user._id, invite.role);
  return { user, role, workspaceId: invite.workspaceId };
}
