import type { PublicConfigDto } from '@polos/shared';
import { seedDemo } from '../../../server/src/demo/seedDemo';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../server/src/demo/demoContent';
import { createLogger } from '../../../server/src/lib/logger';
import { createServer } from '../../../server/src/server';
import { Agent, startTestServer, testConfig, type TestServer } from '../../helpers/server';

jest.setTimeout(60_000);

/** Issue 15.16: the sign-in page learns the demo accounts from the server — only while the demo runs. */
describe('GET /api/config', () => {
  let app: TestServer;

  beforeAll(async () => {
    app = await startTestServer({ DEMO: 'true' });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('listsTheDemoAccountsOnlyWhenTheDemoWorkspaceExistsAndTheDemoIsOn', async () => {
    const visitor = new Agent(app.url);
    // No demo workspace yet.
    expect(await visitor.request<PublicConfigDto>('GET', '/api/config')).toMatchObject({
      status: 200,
      body: { demo: null },
    });

    await seedDemo(createLogger('silent'));
    const res = await visitor.request<PublicConfigDto>('GET', '/api/config');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.demo?.password).toBe(DEMO_PASSWORD);
    expect(res.body.demo?.accounts).toEqual(
      DEMO_ACCOUNTS.map(({ email, role, name }) => ({ email, role, name })),
    );
    // The listed password signs in.
    const account = res.body.demo!.accounts.find((a) => a.role === 'moderator')!;
    await visitor.login(account.email, res.body.demo!.password);

    // The same database served with DEMO=false lists nothing.
    const plain = createServer({
      config: testConfig({ DEMO: 'false' }),
      logger: createLogger('silent'),
      db: app.database,
    });
    const url = await plain.listen(0, '127.0.0.1');
    try {
      expect((await new Agent(url).request<PublicConfigDto>('GET', '/api/config')).body).toEqual({
        demo: null,
      });
    } finally {
      await plain.close();
    }
  });
});
