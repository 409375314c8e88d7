import { type PostChangeDto, type MeDto } from '@polos/shared';
import { Post } from '../../../server/src/features/posts/post.model';
import {
  buildWorld,
  command,
  connectSocket,
  emitAck,
  newClientId,
  openFirstQuestion,
  signIn,
  startTestServer,
  type Agent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';

let app: TestServer;
let world: TestWorld;
let participant: Agent;
let moderator: TestSocket;
let alice: TestSocket;

beforeAll(async () => {
  app = await startTestServer();
  world = await buildWorld();
  moderator = await connectSocket(app.url, (await signIn(app.url, world.users.moderator.email)).cookie);
  await openFirstQuestion(moderator, world);
  participant = await signIn(app.url, world.users.participant.email);
  alice = await connectSocket(app.url, participant.cookie);
});

afterAll(async () => {
  for (const s of [moderator, alice]) s?.close();
  await app?.stop();
});

/** Bodies that look empty: zero-width space, Hangul filler, Braille blank, joiners, word joiner, BOM. */
const INVISIBLE_BODIES = [
  '\u200B',
  '\u3164\u3164\u3164',
  '\u2800 \u2800\n\u2800',
  '\u200D\u200C\u2060\uFEFF',
  '\u202E\u2066 \u00AD',
];

describe('text safety at the server edge', () => {
  it('refusesPostsAndEditsMadeOnlyOfInvisibleCharactersWithAClearAck', async () => {
    const questionId = world.questionIds[0][0];
    for (const body of INVISIBLE_BODIES) {
      const ack = await emitAck(alice, 'post:create', { questionId, clientId: newClientId(), body });
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
      if (!ack.ok) expect(ack.error.message).toContain('body: must contain visible text');
    }
    expect(await Post.countDocuments({ questionId })).toBe(0);

    const created = await command<PostChangeDto>(alice, 'post:create', {
      questionId,
      clientId: newClientId(),
      body: 'Visible',
    });
    const edit = await emitAck(alice, 'post:edit', { postId: created.post.id, body: '\u3164\u200B' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((await Post.findById(created.post.id).lean())?.body).toBe('Visible');
  });

  it('storesPostsWithoutBidiControls', async () => {
    const ack = await command<PostChangeDto>(alice, 'post:create', {
      questionId: world.questionIds[0][0],
      clientId: newClientId(),
      body: 'Attached: \u202Egpj.exe\u202C and \u2067العربية\u2069',
    });
    expect(ack.post.body).toBe('Attached: gpj.exe and العربية');
    expect((await Post.findById(ack.post.id).lean())?.body).toBe('Attached: gpj.exe and العربية');
  });

  it('refusesInvisibleDisplayNamesAndStripsBidiControlsFromNames', async () => {
    const blank = await participant.request<{ error: { code: string; message: string } }>(
      'PATCH',
      '/api/users/me',
      { name: '\u3164\u200B' },
    );
    expect(blank.status).toBe(400);
    expect(blank.body.error.code).toBe('invalid');
    expect(blank.body.error.message).toContain('must contain visible text');

    const reversed = await participant.request<MeDto>('PATCH', '/api/users/me', { name: '\u202Eanitsirc' });
    expect(reversed.status).toBe(200);
    expect(reversed.body.name).toBe('anitsirc');
  });
});
