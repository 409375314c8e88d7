import type { Types } from 'mongoose';
import { can, type Role } from '@polos/shared';
import { forbidden } from '../../lib/errors';

/**
 * Who acts for a district in matching (issue 11): its approved representatives who may participate in the
 * workspace (observers only read). Moderators and admins see every district's suggestions and interests.
 */
export function representsDistrict(
  role: Role,
  district: { representativeIds?: Types.ObjectId[] },
  userId: Types.ObjectId,
): boolean {
  return can(role, 'participate') && (district.representativeIds ?? []).some((id) => id.equals(userId));
}

export const seesAllMatching = (role: Role): boolean => can(role, 'moderate');

/** Representatives of the district, moderators and admins see its suggestions. */
export function requireSeeSuggestions(
  role: Role,
  district: { representativeIds?: Types.ObjectId[] },
  userId: Types.ObjectId,
): void {
  if (!seesAllMatching(role) && !representsDistrict(role, district, userId))
    throw forbidden('Only the district’s representatives, moderators and admins see its suggestions');
}

/** Representatives act for their district; admins may too (hide setting, withdraw). */
export function requireActFor(
  role: Role,
  district: { representativeIds?: Types.ObjectId[] },
  userId: Types.ObjectId,
  allowAdmin: boolean,
): void {
  if (representsDistrict(role, district, userId)) return;
  if (allowAdmin && role === 'admin') return;
  throw forbidden('Only the district’s representatives act for it');
}
