import { defineFeature } from '../../contracts/feature';
import { usersRoutes } from './users.routes';

/** The signed-in user's profile (exporting or deleting their data is the `privacy` feature). */
export const users = defineFeature({
  name: 'users',
  setup: (ctx) => ({ routes: usersRoutes(ctx) }),
});
