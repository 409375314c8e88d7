import { Ability, can, type Role } from '@polos/shared';
import { forbidden } from '../../lib/errors';

export { Ability, can };

/** Throws `forbidden` unless the role allows the ability. Returns the (non-null) role. */
export function authorize(role: Role | null | undefined, ability: Ability): Role {
  if (!can(role, ability) || role == null) {
    throw forbidden(
      role == null ? 'You are not a member of this workspace' : `Your role (${role}) does not allow this`,
    );
  }
  return role;
}
