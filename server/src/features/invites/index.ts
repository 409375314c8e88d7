import { defineFeature } from '../../contracts/feature';
import { invitesRoutes } from './invites.routes';

/** Invitations: create, list, accept (signs the invitee up or in). */
export const invites = defineFeature({
  name: 'invites',
  setup: (ctx) => ({ routes: invitesRoutes(ctx) }),
});
