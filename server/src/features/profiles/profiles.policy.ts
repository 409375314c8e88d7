import type { Types } from 'mongoose';
import { can, type Role } from '@polos/shared';
import { forbidden } from '../../lib/errors';
import type { DistrictDoc } from '../districts/district.model';

/**
 * Who edits a profile (issue 10): its approved representatives who may participate in the workspace (observers
 * only read), and the workspace's admins. Moderators validate but do not edit.
 */
export function mayEditProfile(role: Role, district: DistrictDoc, userId: Types.ObjectId): boolean {
  if (role === 'admin') return true;
  return can(role, 'participate') && (district.representativeIds ?? []).some((id) => id.equals(userId));
}

export function requireEditProfile(role: Role, district: DistrictDoc, userId: Types.ObjectId): void {
  if (!mayEditProfile(role, district, userId))
    throw forbidden('Only the district’s representatives and admins edit its profile');
}

/** Moderators and admins mark profiles validated and decide representation requests. */
export const mayValidate = (role: Role): boolean => can(role, 'moderate');
