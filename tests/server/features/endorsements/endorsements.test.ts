/**
 * Issue 12.2, endorsement rounds on the conclusions, through the real server (HTTP + Socket.IO, one process):
 * a round on a saved draft version with districts of both regions, one voice per district (also for parallel
 * answers of two representatives of one district), required wording/reason, quorum arithmetic per region group,
 * the authorisation table, an amendment taken into the live draft (Yjs content changed, persisted, relayed,
 * provenance recorded, version saved), the close attaching the results to the next release, the live facts,
 * and the `listEndorsementResults` port.
 */
import mongoose, { Types } from 'mongoose';
import * as Y from 'yjs';
import type {
  Ack,
  DraftDto,
  DraftPublicationDto,
  DraftVersionDto,
  EndorsementChangeDto,
  EndorsementListResult,
  EndorsementRoundDetailDto,
  EndorsementRoundDto,
  UserExportDto,
} from '@polos/shared';
import { SocketDraftProvider } from '../../../../client/src/features/drafts/draftProvider';
import { District } from '../../../../server/src/features/districts/district.model';
import { loadDraft } from '../../../../server/src/features/drafts/draftPersistence';
import { AuditEntry } from '../../../../server/src/features/audit/audit.model';
import { EndorsementVote } from '../../../../server/src/features/endorsements/endorsement.model';
import { regionQuorum } from '../../../../server/src/features/endorsements/endorsements.service';
import { listEndorsementResults } from '../../../../server/src/features/endorsements';
import { Workspace } from '../../../../server/src/features/workspaces/workspace.model';
import {
  buildDistrict,
  buildUser,
  buildWorld,
  command,
  emitAck,
  personaSocket,
  startTestServer,
  TEST_PASSWORD,
  waitFor,
  waitForEvent,
  type Agent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../../helpers/server';
import { fragmentText } from '../../drafts/draftHarness';

jest.setTimeout(60_000);

describe('quorum arithmetic (regionQuorum)', () => {
  const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  test('requiredIsTheShareRoundedUpAndAtLeastOne', () => {
    const eu = ids(20, 'e');
    const answered = new Map(eu.slice(0, 14).map((id) => [id, 3]));
    answered.set(eu[14], 1); // answered one paragraph of three
    const all = regionQuorum('EU', eu, answered, 3, { minShare: 0.7, basis: 'allParagraphs' });
    expect(all).toMatchObject({ districts: 20, answeredAll: 14, answeredAny: 15, counted: 14, required: 14 });
    expect(all.reached).toBe(true);
    const any = regionQuorum('EU', eu, answered, 3, { minShare: 0.8, basis: 'anyParagraph' });
    expect(any).toMatchObject({ counted: 15, required: 16, reached: false });
    const lac = regionQuorum('LAC', ids(18, 'l'), new Map(), 3, { minShare: 0.6, basis: 'anyParagraph' });
    expect(lac).toMatchObject({ districts: 18, counted: 0, required: 11, reached: false });
    // A region without districts in the workspace cannot reach a quorum.
    expect(regionQuorum('LAC', [], new Map(), 3, { minShare: 0.01, basis: 'anyParagraph' })).toMatchObject({
      required: 1,
      reached: false,
    });
  });
});

describe('endorsement rounds', () => {
  let app: TestServer;
  let world: TestWorld;
  const sockets: TestSocket[] = [];
  const providers: SocketDraftProvider[] = [];
  let moderator: { agent: Agent; socket: TestSocket };
  let lac1a: TestSocket; // participant, LAC district D (the world's)
  let lac1b: TestSocket; // participant2, same district D
  let lac2: TestSocket; // participant of a second LAC district
  let eu1: TestSocket;
  let eu2: TestSocket;
  let observer: TestSocket;
  let outsider: TestSocket; // signed in, not a member
  let foreign: TestSocket; // member whose district does not take part in the workspace
  let noDistrict: TestSocket; // participant without a district
  let draftId = '';
  let otherDraftId = '';
  let versionId = '';
  let round: EndorsementRoundDto;
  let euDistrictIds: string[] = [];
  let lacDistrict2 = '';
  const workspaceOid = () => new Types.ObjectId(world.workspaceId);

  const as = async (email: string) => {
    const session = await personaSocket(app.url, email);
    sockets.push(session.socket);
    await command(session.socket, 'workspace:join', { workspaceId: world.workspaceId });
    return session;
  };
  const addMember = async (districtId: Types.ObjectId | undefined, name: string) => {
    const u = await buildUser({ name, districtId });
    await Workspace.updateOne(
      { _id: workspaceOid() },
      { $push: { members: { userId: u._id, role: 'participant', joinedAt: new Date() } } },
    );
    const session = await as(u.email);
    agents.set(session.socket, session.agent);
    return session.socket;
  };
  const agents = new Map<TestSocket, Agent>();
  const answer = (socket: TestSocket, payload: Record<string, unknown>) =>
    emitAck<EndorsementChangeDto>(socket, 'endorsement:answer', { roundId: round.id, ...payload });
  const p = (n: number) => round.paragraphs[n - 1].id;

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    const ws = workspaceOid();
    // The world's district D (LAC) takes part; a second LAC district, two EU ones; one district outside.
    const d = await District.findOne({}).lean().exec();
    const lacB = await buildDistrict({ name: 'Polo LAC Dos', country: 'CL', regionGroup: 'LAC' });
    const euA = await buildDistrict({ name: 'Cluster EU Uno', country: 'ES', regionGroup: 'EU' });
    const euB = await buildDistrict({ name: 'Cluster EU Due', country: 'IT', regionGroup: 'EU' });
    const outside = await buildDistrict({ name: 'Outside Cluster', country: 'PT', regionGroup: 'EU' });
    await District.updateMany(
      { _id: mongoose.trusted({ $in: [d!._id, lacB._id, euA._id, euB._id] }) },
      { $addToSet: { workspaceIds: ws } },
    ).exec();
    euDistrictIds = [euA._id.toHexString(), euB._id.toHexString()];
    lacDistrict2 = lacB._id.toHexString();
    moderator = await as(world.users.moderator.email);
    lac1a = (await as(world.users.participant.email)).socket;
    lac1b = (await as(world.users.participant2.email)).socket;
    observer = (await as(world.users.observer.email)).socket;
    lac2 = await addMember(lacB._id, 'lac two');
    eu1 = await addMember(euA._id, 'eu one');
    eu2 = await addMember(euB._id, 'eu two');
    foreign = await addMember(outside._id, 'outside person');
    noDistrict = await addMember(undefined, 'no district');
    const o = await personaSocket(app.url, world.users.nonMember.email);
    sockets.push(o.socket);
    outsider = o.socket;

    // Conclusions of block 1: three paragraphs written by an editor over the session socket, saved as a version.
    const list = await moderator.agent.request<{ drafts: DraftDto[] }>(
      'GET',
      `/api/workspaces/${world.workspaceId}/drafts`,
    );
    draftId = list.body.drafts[1].id;
    otherDraftId = list.body.drafts[2].id;
    const writer = new SocketDraftProvider(moderator.socket, draftId, new Y.Doc());
    providers.push(writer);
    await waitFor(() => writer.status === 'synced');
    writer.doc.transact(() => {
      const fragment = writer.doc.getXmlFragment('default');
      const texts = [
        'Districts of both regions cooperate on innovation.',
        'Joint training programmes start in 2027.',
        'A shared observatory publishes yearly figures.',
      ];
      fragment.insert(
        0,
        texts.map((t) => {
          const para = new Y.XmlElement('paragraph');
          para.insert(0, [new Y.XmlText(t)]);
          return para;
        }),
      );
      // An empty paragraph is not endorsed.
      fragment.insert(3, [new Y.XmlElement('paragraph')]);
    });
    expect(await writer.flush()).toBe(true);
    const saved = await moderator.agent.request<DraftVersionDto>('POST', `/api/drafts/${draftId}/versions`, {
      name: 'For endorsement',
    });
    expect(saved.status).toBe(201);
    versionId = saved.body.id;
  });

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    for (const socket of sockets) socket.disconnect();
    await app.stop();
  });

  test('moderatorOpensOneRoundPerDraftOnASavedVersionWithFrozenParagraphs', async () => {
    const opened = waitForEvent<EndorsementChangeDto>(
      observer,
      'endorsement:changed',
      (c) => c.kind === 'opened',
    );
    const refused = await emitAck(lac1a, 'endorsement:open', {
      draftId,
      versionId,
      quorum: { minShare: 0.5, basis: 'allParagraphs' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Two openings at once: exactly one wins the draft's open slot.
    const both = await Promise.all(
      [0, 1].map(() =>
        emitAck<EndorsementRoundDto>(moderator.socket, 'endorsement:open', {
          draftId,
          versionId,
          quorum: { minShare: 0.5, basis: 'allParagraphs' },
        }),
      ),
    );
    const won = both.filter((a): a is Extract<Ack<EndorsementRoundDto>, { ok: true }> => a.ok);
    expect(won).toHaveLength(1);
    expect(both.find((a) => !a.ok)).toMatchObject({ ok: false, error: { code: 'round_open' } });
    round = won[0].data;
    expect(round.paragraphs.map((x) => x.text)).toEqual([
      'Districts of both regions cooperate on innovation.',
      'Joint training programmes start in 2027.',
      'A shared observatory publishes yearly figures.',
    ]);
    expect(round.paragraphs.every((x) => /^\d+-\d+$/.test(x.id))).toBe(true);
    expect(round.quorum.byRegion.EU).toMatchObject({ districts: 2, counted: 0, required: 1, reached: false });
    expect(round.quorum.byRegion.LAC).toMatchObject({ districts: 2, counted: 0, required: 1 });
    expect((await opened).round.id).toBe(round.id);
    // A version of another draft, or an unknown version: not found.
    const wrong = await emitAck(moderator.socket, 'endorsement:open', {
      draftId: otherDraftId,
      versionId,
      quorum: { minShare: 0.5, basis: 'allParagraphs' },
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  test('authorisationTable', async () => {
    const agree = { paragraphId: p(1), answer: 'agree' };
    const cases: Array<[string, TestSocket, string]> = [
      ['observer', observer, 'forbidden'],
      ['non-member', outsider, 'forbidden'],
      ['district outside the workspace', foreign, 'district_not_participating'],
      ['participant without district', noDistrict, 'not_representative'],
      ['moderator without district', moderator.socket, 'not_representative'],
    ];
    for (const [who, socket, code] of cases) {
      const ack = await answer(socket, agree);
      expect({ who, ack }).toMatchObject({ who, ack: { ok: false, error: { code } } });
    }
    for (const [event, payload] of [
      ['endorsement:close', { roundId: round.id }],
      ['endorsement:apply-amendment', { roundId: round.id, paragraphId: p(1), districtId: euDistrictIds[0] }],
    ] as const) {
      for (const socket of [lac1a, observer, outsider]) {
        const ack = await emitAck(socket, event, payload);
        expect({ event, ack }).toMatchObject({ event, ack: { ok: false, error: { code: 'forbidden' } } });
      }
    }
    expect(await emitAck(outsider, 'endorsement:list', { workspaceId: world.workspaceId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const listed = await command<EndorsementListResult>(observer, 'endorsement:list', {
      workspaceId: world.workspaceId,
    });
    expect(listed.rounds.map((r) => r.id)).toContain(round.id);
    expect(listed.myDistrict).toBeNull();
    const mine = await command<EndorsementListResult>(eu1, 'endorsement:list', {
      workspaceId: world.workspaceId,
    });
    expect(mine.myDistrict).toMatchObject({ id: euDistrictIds[0], regionGroup: 'EU' });
    // HTTP: members read the results, others are refused.
    const outsiderAgent = (await personaSocket(app.url, world.users.nonMember.email)).agent;
    expect(
      (await outsiderAgent.request('GET', `/api/workspaces/${world.workspaceId}/endorsements/results`))
        .status,
    ).toBe(403);
  });

  test('amendNeedsWordingAndObjectNeedsAReason', async () => {
    expect(await answer(eu1, { paragraphId: p(1), answer: 'amend' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await answer(eu1, { paragraphId: p(1), answer: 'object', reason: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await answer(eu1, { paragraphId: p(1), answer: 'agree', reason: 'why not' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await answer(eu1, { paragraphId: '1-2', answer: 'agree' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_paragraph' },
    });
    expect(await EndorsementVote.countDocuments({}).exec()).toBe(0);
  });

  test('parallelAnswersOfTwoRepresentativesOfOneDistrictLeaveOneVoice', async () => {
    const acks = await Promise.all([
      ...Array.from({ length: 5 }, () => answer(lac1a, { paragraphId: p(1), answer: 'agree' })),
      ...Array.from({ length: 5 }, () =>
        answer(lac1b, { paragraphId: p(1), answer: 'object', reason: 'Too vague on funding' }),
      ),
    ]);
    expect(acks.every((a) => a.ok)).toBe(true);
    const votes = await EndorsementVote.find({ roundId: new Types.ObjectId(round.id), paragraphId: p(1) })
      .lean()
      .exec();
    expect(votes).toHaveLength(1);
    const detail = await command<EndorsementRoundDetailDto>(observer, 'endorsement:get', {
      roundId: round.id,
    });
    const lacVoice = detail.answers.filter((a) => a.paragraphId === p(1) && a.regionGroup === 'LAC');
    expect(lacVoice).toHaveLength(1);
    expect(['participant person', 'participant2 person']).toContain(lacVoice[0].by.name);
    const tally = detail.round.results[0].byRegion.LAC;
    expect(tally.agree + tally.amend + tally.object).toBe(1);
    // A later representative's answer replaces the district's voice (last write wins, who/when kept).
    const last = await answer(lac1a, { paragraphId: p(1), answer: 'agree' });
    expect(last).toMatchObject({
      ok: true,
      data: { answer: { answer: 'agree', by: { name: 'participant person' } } },
    });
  });

  test('districtsOfBothRegionsAnswerLiveAndTheQuorumIsCountedPerRegion', async () => {
    const seen: EndorsementChangeDto[] = [];
    observer.on('endorsement:changed', (c: EndorsementChangeDto) => seen.push(c));
    for (const n of [2, 3])
      expect((await answer(lac1b, { paragraphId: p(n), answer: 'agree' })).ok).toBe(true);
    // EU district 1 answers every paragraph, with an amendment; EU 2 and LAC 2 answer one paragraph each.
    expect((await answer(eu1, { paragraphId: p(1), answer: 'agree' })).ok).toBe(true);
    const amend = await answer(eu1, {
      paragraphId: p(2),
      answer: 'amend',
      wording: 'Joint training programmes start in 2027 in both regions.',
    });
    expect(amend).toMatchObject({
      ok: true,
      data: { answer: { answer: 'amend', districtName: 'Cluster EU Uno' } },
    });
    expect((await answer(eu1, { paragraphId: p(3), answer: 'object', reason: 'Costs are unclear' })).ok).toBe(
      true,
    );
    expect((await answer(eu2, { paragraphId: p(1), answer: 'agree' })).ok).toBe(true);
    expect((await answer(lac2, { paragraphId: p(2), answer: 'object', reason: 'Not in 2027' })).ok).toBe(
      true,
    );
    // The last answer's fact (earlier tests' facts may still arrive: the round with the highest rev counts).
    await waitFor(() => seen.some((c) => c.answer?.districtId === lacDistrict2));
    const latest = seen.reduce((a, b) => (b.round.rev > a.round.rev ? b : a));
    const { quorum, results } = latest.round;
    // allParagraphs, minShare 0.5 → required max(1, ⌈0.5 × 2⌉) = 1 per region.
    expect(quorum.byRegion.EU).toMatchObject({
      districts: 2,
      answeredAll: 1,
      answeredAny: 2,
      counted: 1,
      reached: true,
    });
    expect(quorum.byRegion.LAC).toMatchObject({
      districts: 2,
      answeredAll: 1,
      answeredAny: 2,
      counted: 1,
      reached: true,
    });
    expect(quorum.reached).toBe(true);
    expect(results[0].byRegion.EU).toEqual({ agree: 2, amend: 0, object: 0 });
    expect(results[0].byRegion.LAC).toEqual({ agree: 1, amend: 0, object: 0 });
    expect(results[1].byRegion.EU).toEqual({ agree: 0, amend: 1, object: 0 });
    expect(results[1].byRegion.LAC).toEqual({ agree: 1, amend: 0, object: 1 });
    expect(results[2].overall).toEqual({ agree: 1, amend: 0, object: 1 });
    const answered = seen.find((c) => c.kind === 'answered' && c.answer?.answer === 'amend');
    expect(answered?.answer?.wording).toBe('Joint training programmes start in 2027 in both regions.');
  });

  test('anAmendmentIsTakenIntoTheDraftAsANormalEditWithProvenance', async () => {
    const reader = new SocketDraftProvider(observer, draftId, new Y.Doc());
    providers.push(reader);
    await waitFor(() => reader.status === 'synced');
    // An amendment that does not exist (an agreement) cannot be taken in.
    expect(
      await emitAck(moderator.socket, 'endorsement:apply-amendment', {
        roundId: round.id,
        paragraphId: p(1),
        districtId: euDistrictIds[0],
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const applied = await command<EndorsementRoundDto>(moderator.socket, 'endorsement:apply-amendment', {
      roundId: round.id,
      paragraphId: p(2),
      districtId: euDistrictIds[0],
    });
    expect(applied.amendments).toEqual([
      expect.objectContaining({
        paragraphId: p(2),
        districtId: euDistrictIds[0],
        districtName: 'Cluster EU Uno',
        regionGroup: 'EU',
        proposedBy: expect.objectContaining({ name: 'eu one' }),
        appliedBy: expect.objectContaining({ name: 'moderator person' }),
        wording: 'Joint training programmes start in 2027 in both regions.',
      }),
    ]);
    // Relayed to an open editor, and durable.
    await waitFor(() => fragmentText(reader.doc).includes('start in 2027 in both regions.'));
    const stored = await loadDraft(new Types.ObjectId(draftId));
    const text = fragmentText(stored.doc);
    expect(text).toContain('Joint training programmes start in 2027 in both regions.');
    expect(text).toContain('Districts of both regions cooperate on innovation.');
    expect(text).not.toContain('Joint training programmes start in 2027.\n');
    // In the draft's version history, with the provenance in its name.
    const versions = await moderator.agent.request<DraftVersionDto[]>(
      'GET',
      `/api/drafts/${draftId}/versions`,
    );
    const version = versions.body.find((v) => v.id === applied.amendments[0].versionId);
    expect(version?.name).toContain('Amendment of Cluster EU Uno to ¶2');
    // Taken in once.
    expect(
      await emitAck(moderator.socket, 'endorsement:apply-amendment', {
        roundId: round.id,
        paragraphId: p(2),
        districtId: euDistrictIds[0],
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const audit = await AuditEntry.find({ workspaceId: workspaceOid(), action: /^endorsement\./ })
      .lean()
      .exec();
    expect(audit.map((a) => a.action).sort()).toEqual(['endorsement.amendment.apply', 'endorsement.open']);
  });

  test('closingFreezesResultsAndAttachesThemToTheNextRelease', async () => {
    const closed = await command<EndorsementRoundDto>(moderator.socket, 'endorsement:close', {
      roundId: round.id,
    });
    expect(closed.state).toBe('closed');
    expect(closed.release).toBeNull();
    expect(await answer(eu2, { paragraphId: p(2), answer: 'agree' })).toMatchObject({
      ok: false,
      error: { code: 'round_closed' },
    });
    expect(await emitAck(moderator.socket, 'endorsement:close', { roundId: round.id })).toMatchObject({
      ok: false,
      error: { code: 'round_closed' },
    });
    // The draft is free for a next round.
    const next = await command<EndorsementRoundDto>(moderator.socket, 'endorsement:open', {
      draftId,
      versionId,
      quorum: { minShare: 1, basis: 'anyParagraph' },
    });
    expect(next.quorum.byRegion.EU).toMatchObject({ required: 2, reached: false });
    const attached = waitForEvent<EndorsementChangeDto>(
      observer,
      'endorsement:changed',
      (c) => c.kind === 'attached' && c.round.id === round.id,
      15_000,
    );
    const published = await moderator.agent.request<DraftPublicationDto>(
      'POST',
      `/api/drafts/${draftId}/publications`,
      {
        versionId: closed.amendments[0].versionId,
      },
    );
    expect(published.status).toBe(201);
    expect((await attached).round.release).toEqual({ number: published.body.number, id: published.body.id });
    const results = await listEndorsementResults(world.workspaceId);
    expect(results.map((r) => r.id)).toEqual([round.id, next.id]);
    const first = results[0];
    expect(first).toMatchObject({
      state: 'closed',
      draftId,
      versionId,
      versionName: 'For endorsement',
      release: { number: published.body.number },
      quorum: { reached: true },
    });
    expect(first.paragraphs[1].text).toBe('Joint training programmes start in 2027.');
    expect(first.results[1].byRegion.EU.amend).toBe(1);
    expect(first.answers.filter((a) => a.paragraphId === p(2))).toHaveLength(3);
    expect(results[1].release).toBeNull();
    // Over HTTP: the release's endorsement results.
    const viaRelease = await moderator.agent.request<{ rounds: EndorsementRoundDto[] }>(
      'GET',
      `/api/workspaces/${world.workspaceId}/drafts/${draftId}/releases/${published.body.number}/endorsements`,
    );
    expect(viaRelease.body.rounds.map((r) => r.id)).toEqual([round.id]);
    const audit = await AuditEntry.find({ workspaceId: workspaceOid(), action: 'endorsement.close' })
      .lean()
      .exec();
    expect(audit).toHaveLength(1);
  });

  test('privacyExportsOwnAnswersAndDeletionAnonymisesThem', async () => {
    const exported = await agents.get(eu1)!.request<UserExportDto>('GET', '/api/users/me/export');
    expect(exported.status).toBe(200);
    expect(exported.body.endorsementAnswers?.map((a) => a.answer).sort()).toEqual([
      'agree',
      'amend',
      'object',
    ]);
    expect(exported.body.endorsementAnswers?.[0]).toMatchObject({
      roundId: round.id,
      districtName: 'Cluster EU Uno',
    });
    const deleted = await agents.get(eu1)!.request('DELETE', '/api/users/me', { password: TEST_PASSWORD });
    expect(deleted.status).toBe(204);
    const detail = await command<EndorsementRoundDetailDto>(observer, 'endorsement:get', {
      roundId: round.id,
    });
    const euOne = detail.answers.filter((a) => a.districtId === euDistrictIds[0]);
    // The district's voice stays; the person is no longer named.
    expect(euOne).toHaveLength(3);
    expect(euOne.every((a) => a.by.id === null && a.by.name === 'deleted user')).toBe(true);
    expect(detail.round.amendments[0].proposedBy).toEqual({ id: null, name: 'deleted user' });
  });
});
