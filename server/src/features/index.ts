import { Router } from 'express';
import type { AppDeps } from '../deps';
import { createContext, type ServerContext } from '../context';
import { auditRoutes } from './audit/audit.routes';
import { sessionAndCsrf } from './auth/auth.middleware';
import { authRoutes } from './auth/auth.routes';
import { districtsRoutes } from './districts/districts.routes';
import { draftsRoutes } from './drafts/draft.routes';
import { healthRoutes } from './health/health.routes';
import { invitesRoutes } from './invites/invites.routes';
import { questionsRoutes } from './questions/questions.routes';
import { usersRoutes } from './users/users.routes';
import { workspacesRoutes } from './workspaces/workspaces.routes';

/** Every feature's HTTP routes, mounted under `/api`. Add a feature here to expose it. */
export function featureRouters(deps: AppDeps | ServerContext): Router[] {
  const ctx = 'bus' in deps ? deps : createContext(deps);
  // Session loading and CSRF run before every feature route (health included: GET, so only the session lookup).
  const session = Router();
  session.use(sessionAndCsrf(ctx));
  return [
    healthRoutes(ctx),
    session,
    authRoutes(ctx),
    invitesRoutes(ctx),
    usersRoutes(ctx),
    districtsRoutes(ctx),
    workspacesRoutes(ctx),
    questionsRoutes(ctx),
    auditRoutes(ctx),
    draftsRoutes(ctx),
  ];
}
