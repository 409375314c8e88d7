import mongoose, { type Types } from 'mongoose';
import type { RepresentationState } from '@polos/shared';
import { conflict, notFound } from '../../lib/errors';
import { RepresentationRequest, type RepresentationRequestDoc } from './representation.model';

/**
 * Files a pending request (idempotent: one pending request per user and district — a retry returns it; the
 * upsert is atomic, so two parallel requests store one).
 */
export async function fileRequest(input: {
  workspaceId: Types.ObjectId;
  districtId: Types.ObjectId;
  userId: Types.ObjectId;
  message: string | null;
  proposedDistrict: boolean;
}): Promise<RepresentationRequestDoc> {
  const doc = await RepresentationRequest.findOneAndUpdate(
    { workspaceId: input.workspaceId, districtId: input.districtId, userId: input.userId, state: 'pending' },
    {
      $setOnInsert: {
        message: input.message,
        proposedDistrict: input.proposedDistrict,
        createdAt: new Date(),
        decidedAt: null,
        decidedById: null,
      },
    },
    { upsert: true, returnDocument: 'after' },
  )
    .lean<RepresentationRequestDoc>()
    .exec();
  return doc;
}

export function pendingRequestOf(
  workspaceId: Types.ObjectId,
  districtId: Types.ObjectId,
  userId: Types.ObjectId,
): Promise<RepresentationRequestDoc | null> {
  return RepresentationRequest.findOne({ workspaceId, districtId, userId, state: 'pending' })
    .lean<RepresentationRequestDoc>()
    .exec();
}

export function listRequests(
  workspaceId: Types.ObjectId,
  state: RepresentationState | undefined,
  userId: Types.ObjectId | null,
): Promise<RepresentationRequestDoc[]> {
  const filter: Record<string, unknown> = { workspaceId };
  if (state) filter.state = state;
  if (userId) filter.userId = userId;
  return RepresentationRequest.find(filter)
    .sort({ createdAt: -1 })
    .limit(500)
    .lean<RepresentationRequestDoc[]>()
    .exec();
}

/** Decides a pending request once (atomic on `state: 'pending'`; a second decision → 409). */
export async function decideRequest(
  workspaceId: Types.ObjectId,
  requestId: string,
  approve: boolean,
  by: Types.ObjectId,
): Promise<RepresentationRequestDoc> {
  const decided = await RepresentationRequest.findOneAndUpdate(
    { _id: requestId, workspaceId, state: 'pending' },
    { $set: { state: approve ? 'approved' : 'rejected', decidedAt: new Date(), decidedById: by } },
    { returnDocument: 'after' },
  )
    .lean<RepresentationRequestDoc>()
    .exec();
  if (decided) return decided;
  const exists = await RepresentationRequest.exists({ _id: requestId, workspaceId });
  if (!exists) throw notFound('Request');
  throw conflict('This request was already decided');
}

export const requestIdsFilter = (ids: Types.ObjectId[]) => ({ _id: mongoose.trusted({ $in: ids }) });

/** Port for account deletion (`privacy`): removes the user's representation requests. Idempotent. */
export async function deleteRequestsOf(userId: Types.ObjectId): Promise<void> {
  await RepresentationRequest.deleteMany({ userId }).exec();
}

/** Port for the personal-data export (`privacy`): every request `userId` filed, newest first. */
export function requestsOfUser(userId: Types.ObjectId): Promise<RepresentationRequestDoc[]> {
  return RepresentationRequest.find({ userId })
    .sort({ createdAt: -1 })
    .lean<RepresentationRequestDoc[]>()
    .exec();
}
