import { Router } from 'express';
import { rooms } from '@polos/shared';
import { defineFeature } from '../../contracts/feature';
import { sessionAndCsrf } from './auth.middleware';
import { authRoutes } from './auth.routes';
import type { AuthEvent } from './events';
import { socketAuth } from './socketAuth';

/**
 * Sign-in and sessions. Its router loads the session and checks CSRF for every route mounted after it (so it
 * comes right after `health` in the feature list).
 */
export const auth = defineFeature<AuthEvent>({
  name: 'auth',
  setup(ctx) {
    const routes = Router();
    routes.use(sessionAndCsrf(ctx));
    routes.use(authRoutes(ctx));
    return {
      routes,
      authenticate: socketAuth(ctx),
      present: {
        'auth.revoked': ({ sessionKeys, reason }) =>
          sessionKeys.map((key) => ({
            to: rooms.authSession(key),
            emit: ['session:revoked', { reason }],
            disconnect: true,
          })),
      },
    };
  },
});
