import pino from 'pino';
import { loadConfig } from '../../../server/src/config/config';
import { connectDatabase, type Database } from '../../../server/src/db/connection';
import { createServer, type PolosServer } from '../../../server/src/server';
import { startTestDatabase } from '../../helpers/db';

describe('HTTP server skeleton', () => {
  let stopDatabase: () => Promise<void>;
  let db: Database;
  let server: PolosServer;
  let baseUrl: string;

  beforeAll(async () => {
    const testDb = await startTestDatabase();
    stopDatabase = () => testDb.stop();
    const logger = pino({ level: 'silent' });
    db = await connectDatabase(testDb.uri, testDb.kind, logger);
    const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32), DEMO: 'false' });
    server = createServer({ config, logger, db });
    baseUrl = await server.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await server?.close();
    await db?.close();
    await stopDatabase?.();
  });

  test('healthReportsTheDatabase', async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      ok: true,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      db: { kind: process.env.MONGODB_URI ? 'mongodb' : 'embedded', connected: true },
    });
  });

  test('unknownApiRouteIs404WithErrorBody', async () => {
    const response = await fetch(`${baseUrl}/api/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'Route GET /api/nope not found' },
    });
  });

  test('malformedJsonIs400', async () => {
    const response = await fetch(`${baseUrl}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken":',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid');
  });

  test('oversizeBodyIs413', async () => {
    const response = await fetch(`${baseUrl}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(400 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  test('sendsSecurityHeaders', async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
