import { Router } from 'express';
import { defineFeature } from '../../contracts/feature';
import { privacyRoutes } from './privacy.routes';
import { usersRoutes } from './users.routes';

/** The signed-in user's profile, and exporting or deleting their data. */
export const users = defineFeature({
  name: 'users',
  setup: (ctx) => ({ routes: Router().use(usersRoutes(ctx), privacyRoutes(ctx)) }),
});
