/**
 * Issue 15.9: HSTS in production, and `connect-src` limited to the app's own origin(s) with their WebSocket
 * twins instead of any `ws:`/`wss:` host. Real servers, real HTTP.
 */
import { startTestServer, type TestServer } from '../../helpers/server';

jest.setTimeout(60_000);

const connectSrc = (csp: string | null): string[] =>
  (csp ?? '')
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('connect-src '))!
    .split(/\s+/)
    .slice(1);

describe('security headers', () => {
  let app: TestServer | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it('sendsHstsAndOnlyThePublicOriginsInConnectSrcInProduction', async () => {
    app = await startTestServer({
      NODE_ENV: 'production',
      PUBLIC_ORIGIN: 'https://polos.example.org,https://foros.example.org',
    });
    for (const path of ['/api/health', '/api/nothing-here']) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(connectSrc(response.headers.get('content-security-policy'))).toEqual([
        "'self'",
        'https://polos.example.org',
        'wss://polos.example.org',
        'https://foros.example.org',
        'wss://foros.example.org',
      ]);
    }
  });

  it('sendsNoHstsInTestAndOnlyItsOwnHostForSockets', async () => {
    app = await startTestServer();
    const response = await fetch(`${app.url}/api/health`);
    expect(response.headers.get('strict-transport-security')).toBeNull();
    const host = new URL(app.url).host;
    const sources = connectSrc(response.headers.get('content-security-policy'));
    expect(sources).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    expect(sources).not.toContain('ws:');
    expect(sources).not.toContain('wss:');
  });
});
