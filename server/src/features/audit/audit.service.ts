import mongoose, { Types } from 'mongoose';
import type { AuditEntryDto } from '@polos/shared';
import { AuditEntry, type AuditDoc } from './audit.model';

export interface Actor {
  userId: Types.ObjectId;
  name: string;
}

/** Appends one audit entry (every moderator and admin action writes one). */
export async function recordAudit(
  workspaceId: Types.ObjectId,
  actor: Actor,
  action: string,
  target: { type: string; id: Types.ObjectId | string },
  data: Record<string, unknown> = {},
): Promise<void> {
  await AuditEntry.create({
    workspaceId,
    actorId: actor.userId,
    actorName: actor.name,
    action,
    targetType: target.type,
    targetId: typeof target.id === 'string' ? target.id : target.id.toHexString(),
    data,
    at: new Date(),
  });
}

/** Newest first, `before` = an entry id for the next page. */
export function listAudit(
  workspaceId: Types.ObjectId,
  before: string | undefined,
  limit: number,
): Promise<AuditDoc[]> {
  const filter: Record<string, unknown> = { workspaceId };
  if (before) filter._id = mongoose.trusted({ $lt: new Types.ObjectId(before) });
  return AuditEntry.find(filter).sort({ _id: -1 }).limit(limit).lean<AuditDoc[]>().exec();
}

export const presentAudit = (a: AuditDoc): AuditEntryDto => ({
  id: a._id.toHexString(),
  workspaceId: a.workspaceId.toHexString(),
  actor: { id: a.actorId.toHexString(), name: a.actorName },
  action: a.action,
  targetType: a.targetType,
  targetId: a.targetId,
  data: a.data ?? {},
  at: a.at.toISOString(),
});
