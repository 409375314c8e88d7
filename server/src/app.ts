import express, { type Express, type Router } from 'express';
import type { ServerContext } from './context';
import { apiNotFound, errorMiddleware } from './lib/http';
import { securityHeaders } from './lib/securityHeaders';
import { mountStaticClient } from './staticClient';

/** Largest JSON body any route accepts; routes with tighter limits validate further. */
const JSON_BODY_LIMIT = '256kb';

/** Builds the Express app (never listens) with the features' routers, mounted under `/api` in list order. */
export function createApp(deps: ServerContext, routers: readonly Router[]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders(deps.config));
  const api = express.Router();
  api.use(express.json({ limit: JSON_BODY_LIMIT }));
  for (const router of routers) api.use(router);
  api.use(apiNotFound);
  app.use('/api', api);
  mountStaticClient(app, deps.clientDistDir);
  app.use(errorMiddleware(deps.logger));
  return app;
}
