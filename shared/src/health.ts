/** Body of `GET /api/health`. */
export interface HealthBody {
  ok: boolean;
  version: string;
  db: { kind: 'embedded' | 'mongodb'; connected: boolean };
}

/** One demo account as the sign-in page lists it (the demo workspace's fictitious people). */
export interface DemoAccountDto {
  email: string;
  role: 'admin' | 'moderator' | 'participant' | 'observer';
  name: string;
}

/**
 * Body of `GET /api/config` — what a signed-out visitor's page may know about this server. `demo` is set only
 * while the server runs with the demo workspace (`DEMO` not false and the demo workspace exists): the sign-in page
 * then lists the demo accounts and their shared password.
 */
export interface PublicConfigDto {
  demo: { password: string; accounts: DemoAccountDto[] } | null;
}
