import type { SessionDto } from '@polos/shared';
import type { SessionDoc } from '../sessions/session.model';
import type { UserDoc } from '../users/user.model';
import { presentMe } from '../users/users.presenter';
import { findDistrict } from '../districts/districts.service';
import { workspacesOf } from '../workspaces/workspaces.service';
import { presentWorkspaceSummaries } from '../workspaces/workspaceTexts';

/** The body of login / session / accept: the user, their CSRF token and their workspaces. */
export async function presentSession(user: UserDoc, session: SessionDoc): Promise<SessionDto> {
  const [district, workspaces] = await Promise.all([findDistrict(user.districtId), workspacesOf(user._id)]);
  return {
    user: presentMe(user, district),
    csrfToken: session.csrfToken,
    workspaces: presentWorkspaceSummaries(workspaces, user._id),
  };
}
