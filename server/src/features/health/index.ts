import { defineFeature } from '../../contracts/feature';
import { healthRoutes } from './health.routes';

/** `GET /api/health` (before the session middleware: no cookie needed). */
export const health = defineFeature({
  name: 'health',
  setup: (ctx) => ({ routes: healthRoutes(ctx) }),
});
