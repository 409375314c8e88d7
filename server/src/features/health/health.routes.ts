import { Router } from 'express';
import mongoose from 'mongoose';
import type { HealthBody, PublicConfigDto } from '@polos/shared';
import type { AppDeps } from '../../deps';
import { APP_VERSION } from '../../version';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../demo/demoContent';
import { User } from '../users/user.model';
import { Workspace } from '../workspaces/workspace.model';

/**
 * The demo accounts a visitor may sign in with: only when the server runs with the demo (`DEMO` not false) and the
 * demo workspace exists, and only the accounts still present. A server with `DEMO=false` never lists them.
 */
async function demoConfig(enabled: boolean): Promise<PublicConfigDto['demo']> {
  if (!enabled || !(await Workspace.exists({ demo: true }))) return null;
  const present = await User.find({ email: mongoose.trusted({ $in: DEMO_ACCOUNTS.map((a) => a.email) }) })
    .select({ email: 1 })
    .lean<{ email: string }[]>()
    .exec();
  const emails = new Set(present.map((u) => u.email));
  const accounts = DEMO_ACCOUNTS.filter((a) => emails.has(a.email)).map(({ email, role, name }) => ({
    email,
    role,
    name,
  }));
  return accounts.length > 0 ? { password: DEMO_PASSWORD, accounts } : null;
}

/**
 * `GET /api/health` — 200 when the database answers a ping within 1 s, else 503 with `ok: false`.
 * `GET /api/config` — `PublicConfigDto` for signed-out pages (the demo accounts when the demo runs).
 */
export function healthRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const connected = await db.isHealthy();
    const body: HealthBody = { ok: connected, version: APP_VERSION, db: { kind: db.kind, connected } };
    res
      .status(connected ? 200 : 503)
      .setHeader('Cache-Control', 'no-store')
      .json(body);
  });
  router.get('/config', async (_req, res) => {
    const body: PublicConfigDto = { demo: await demoConfig(config.demo) };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });
  return router;
}
