import type {
  DistrictProfileDto,
  PostChangeDto,
  RepresentationRequestDto,
  RepresentationUpdatedEvent,
} from '@polos/shared';
import {
  type Agent,
  buildWorld,
  collect,
  command,
  connectSocket,
  newClientId,
  openFirstQuestion,
  signIn,
  startTestServer,
  waitForEvent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../../helpers/server';

jest.setTimeout(60_000);

/** Issue 10: representation requests reach the moderators and the requester live, over real sockets. */
describe('representation requests live', () => {
  let app: TestServer;
  let world: TestWorld;
  let admin: Agent;
  let moderator: Agent;
  let participant: Agent;
  let moderatorSocket: TestSocket;
  let participantSocket: TestSocket;
  let observerSocket: TestSocket;
  let districtId: string;

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    [admin, moderator, participant] = await Promise.all(
      [world.users.admin, world.users.moderator, world.users.participant].map((u) =>
        signIn(app.url, u.email),
      ),
    );
    const observer = await signIn(app.url, world.users.observer.email);
    [moderatorSocket, participantSocket, observerSocket] = await Promise.all(
      [moderator, participant, observer].map((a) => connectSocket(app.url, a.cookie)),
    );
    for (const s of [moderatorSocket, participantSocket, observerSocket])
      await command(s, 'workspace:join', { workspaceId: world.workspaceId });
    await openFirstQuestion(moderatorSocket, world);
    const created = await admin.request<DistrictProfileDto>(
      'POST',
      `/api/workspaces/${world.workspaceId}/districts`,
      {
        name: 'Clúster Cafetero de Prueba',
        kind: 'cluster',
        country: 'CO',
        region: 'Caldas',
        regionCode: 'CO-CAL',
      },
    );
    expect(created.status).toBe(201);
    districtId = created.body.id;
  });

  afterAll(async () => {
    for (const s of [moderatorSocket, participantSocket, observerSocket]) s?.close();
    await app?.stop();
  });

  it('announcesAFiledAndAnApprovedRequestToModeratorsAndTheRequesterAndRefreshesTheSocketsDistrict', async () => {
    const observerSeen = collect<RepresentationUpdatedEvent>(observerSocket, 'representation:updated');
    const toModerator = waitForEvent<RepresentationUpdatedEvent>(moderatorSocket, 'representation:updated');
    const toRequester = waitForEvent<RepresentationUpdatedEvent>(participantSocket, 'representation:updated');
    const asked = await participant.request<RepresentationRequestDto>(
      'POST',
      `/api/workspaces/${world.workspaceId}/districts/${districtId}/representation-requests`,
      { message: 'I coordinate this cluster' },
    );
    expect(asked.status).toBe(201);
    const filed = {
      workspaceId: world.workspaceId,
      requestId: asked.body.id,
      districtId,
      userId: world.users.participant.id,
      state: 'pending',
    };
    expect(await toModerator).toEqual(filed);
    expect(await toRequester).toEqual(filed);
    // The moderator's list already has it when the fact arrives (persisted before published).
    const list = await moderator.request<RepresentationRequestDto[]>(
      'GET',
      `/api/workspaces/${world.workspaceId}/representation-requests?state=pending`,
    );
    expect(list.body.map((r) => r.id)).toContain(asked.body.id);

    const decidedToModerator = waitForEvent<RepresentationUpdatedEvent>(
      moderatorSocket,
      'representation:updated',
      (e) => e.state === 'approved',
    );
    const decidedToRequester = waitForEvent<RepresentationUpdatedEvent>(
      participantSocket,
      'representation:updated',
    );
    const ended = waitForEvent<string>(participantSocket, 'disconnect');
    const approved = await moderator.request<RepresentationRequestDto>(
      'POST',
      `/api/workspaces/${world.workspaceId}/representation-requests/${asked.body.id}/decision`,
      { approve: true },
    );
    expect(approved.status).toBe(200);
    expect(await decidedToModerator).toEqual({ ...filed, state: 'approved' });
    expect(await decidedToRequester).toEqual({ ...filed, state: 'approved' });
    // The handshake cached the old district: the server ends the requester's sockets (the client reconnects).
    expect(await ended).toBe('io server disconnect');
    // Members who are neither moderators nor the requester are not told (a round trip proves delivery is done).
    await command(observerSocket, 'workspace:join', { workspaceId: world.workspaceId });
    expect(observerSeen).toEqual([]);

    // Reconnected, the requester's posts carry the district they now represent.
    const again = await connectSocket(app.url, participant.cookie);
    try {
      await command(again, 'workspace:join', { workspaceId: world.workspaceId });
      const posted = await command<PostChangeDto>(again, 'post:create', {
        questionId: world.questionIds[0][0],
        clientId: newClientId(),
        body: 'Saludos desde Caldas',
      });
      expect(posted.post.author.district?.country).toBe('CO');
      const session = await participant.request<{ user: { district: { id: string } | null } }>(
        'GET',
        '/api/auth/session',
      );
      expect(session.body.user.district?.id).toBe(districtId);
    } finally {
      again.close();
    }
  });

  it('tellsTheRequesterOfARejectionWithoutEndingTheirSockets', async () => {
    const created = await admin.request<DistrictProfileDto>(
      'POST',
      `/api/workspaces/${world.workspaceId}/districts`,
      {
        name: 'Polo Textil de Prueba',
        kind: 'cluster',
        country: 'PE',
        region: 'Lima',
        regionCode: 'PE-LIM',
      },
    );
    const socket = await connectSocket(
      app.url,
      (await signIn(app.url, world.users.participant2.email)).cookie,
    );
    const requester = await signIn(app.url, world.users.participant2.email);
    const sameUser = await connectSocket(app.url, requester.cookie);
    try {
      const asked = await requester.request<RepresentationRequestDto>(
        'POST',
        `/api/workspaces/${world.workspaceId}/districts/${created.body.id}/representation-requests`,
        {},
      );
      expect(asked.status).toBe(201);
      const rejected = waitForEvent<RepresentationUpdatedEvent>(
        socket,
        'representation:updated',
        (e) => e.state === 'rejected',
      );
      const disconnects = collect<string>(sameUser, 'disconnect');
      const res = await moderator.request(
        'POST',
        `/api/workspaces/${world.workspaceId}/representation-requests/${asked.body.id}/decision`,
        {
          approve: false,
        },
      );
      expect(res.status).toBe(200);
      // Every socket of the user hears it (not only the one of the session that asked).
      expect((await rejected).requestId).toBe(asked.body.id);
      await command(sameUser, 'workspace:join', { workspaceId: world.workspaceId });
      expect(disconnects).toEqual([]);
      expect(sameUser.connected).toBe(true);
    } finally {
      socket.close();
      sameUser.close();
    }
  });
});
