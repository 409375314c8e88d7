import type { Types } from 'mongoose';
import {
  profileCompleteness,
  type DistrictProfileDto,
  type RepresentationRequestDto,
  type Role,
  type UserSummaryDto,
} from '@polos/shared';
import type { DistrictDoc } from '../districts/district.model';
import { presentDistrictSummary, regionGroupOfDoc } from '../districts/districts.presenter';
import { profileOf } from '../districts/profileFields';
import { loadUsersWithDistricts } from '../users/users.service';
import { presentUserSummary } from '../users/users.presenter';
import { mayEditProfile, mayValidate } from './profiles.policy';
import type { RepresentationRequestDoc } from './representation.model';

/** User summaries by id (missing users — deleted accounts — are left out). */
export async function userSummaries(ids: Types.ObjectId[]): Promise<Map<string, UserSummaryDto>> {
  if (ids.length === 0) return new Map();
  const loaded = await loadUsersWithDistricts(ids);
  const out = new Map<string, UserSummaryDto>();
  for (const [id, { user, district }] of loaded) out.set(id, presentUserSummary(user, district));
  return out;
}

export async function presentRequests(
  requests: RepresentationRequestDoc[],
  districts: Map<string, DistrictDoc>,
): Promise<RepresentationRequestDto[]> {
  const users = await userSummaries(
    requests.flatMap((r) => (r.decidedById ? [r.userId, r.decidedById] : [r.userId])),
  );
  return requests.flatMap((r) => {
    const d = districts.get(r.districtId.toHexString());
    if (!d) return [];
    return [
      {
        id: r._id.toHexString(),
        workspaceId: r.workspaceId.toHexString(),
        district: presentDistrictSummary({ ...d, regionGroup: regionGroupOfDoc(d) }),
        user: users.get(r.userId.toHexString()) ?? {
          id: r.userId.toHexString(),
          name: '',
          district: null,
          deleted: true,
        },
        state: r.state,
        proposedDistrict: r.proposedDistrict,
        message: r.message,
        createdAt: r.createdAt.toISOString(),
        decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
        decidedBy: r.decidedById ? (users.get(r.decidedById.toHexString()) ?? null) : null,
      },
    ];
  });
}

/** The full profile for a signed-in workspace member (`viewer`, with `role`). */
export async function presentProfile(
  d: DistrictDoc,
  viewer: { userId: Types.ObjectId; role: Role },
  myRequest: RepresentationRequestDoc | null,
): Promise<DistrictProfileDto> {
  const p = profileOf(d);
  const reps = d.representativeIds ?? [];
  const users = await userSummaries(d.validatedById ? [...reps, d.validatedById] : reps);
  const request = myRequest
    ? (await presentRequests([myRequest], new Map([[d._id.toHexString(), d]])))[0]
    : null;
  return {
    ...p,
    id: d._id.toHexString(),
    regionGroup: regionGroupOfDoc(d),
    demo: d.demo,
    revision: d.revision ?? 1,
    createdAt: d.createdAt.toISOString(),
    updatedAt: (d.updatedAt ?? d.createdAt).toISOString(),
    validation: d.validatedAt
      ? {
          validatedAt: d.validatedAt.toISOString(),
          validatedBy: d.validatedById ? (users.get(d.validatedById.toHexString()) ?? null) : null,
          editedSince: Boolean(d.editedSinceValidation),
        }
      : null,
    completeness: profileCompleteness(p),
    representatives: reps.flatMap((id) => users.get(id.toHexString()) ?? []),
    canEdit: mayEditProfile(viewer.role, d, viewer.userId),
    canValidate: mayValidate(viewer.role),
    myRequest: request ?? null,
  };
}
