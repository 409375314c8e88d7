import type {
  PollChangeDto,
  PollDto,
  PollListResult,
  PollOwnVoteDto,
  PollVoteResult,
  PostChangeDto,
  SyncSinceResult,
} from '@polos/shared';
import { pollOwnVoteSchema } from '@polos/shared';
import { Types } from 'mongoose';
import { PollChange, PollVote } from '../../../server/src/features/polls/poll.model';
import { Workspace } from '../../../server/src/features/workspaces/workspace.model';
import {
  buildDistrict,
  buildUser,
  collect,
  command,
  emitAck,
  joinedSockets,
  openFirstQuestion,
  personaSocket,
  startTestServer,
  waitFor,
  waitForEvent,
  type TestServer,
  type TestSocket,
  type TestWorld,
} from '../../helpers/server';
import { buildWorld } from '../../helpers/server';

jest.setTimeout(60_000);

/**
 * Issue 12.1, polls per question over real sockets (one server): authorisation, one vote per person changeable
 * until the close, `poll_closed` after it, hidden results absent from every participant/observer payload until
 * the close, district voice, the EU vs LAC split, replay by `sync:since` after a reconnect interleaved with post
 * changes (no gap, no duplicate, hidden results not replayed to participants), 20 parallel votes of one person
 * leaving one vote (reliability matrix row 23), and votes refused once the question is closed (last: it closes
 * the question).
 */
describe('polls', () => {
  let app: TestServer;
  let world: TestWorld;
  let moderator: TestSocket;
  let alice: TestSocket; // participant, LAC district D
  let bob: TestSocket; // participant2, same district D
  let observer: TestSocket;
  let eu: TestSocket; // participant of an EU district
  let outsider: TestSocket; // signed in, not a member
  let questionId: string;
  const extra: TestSocket[] = [];

  const open = (payload: Record<string, unknown>) =>
    command<PollDto>(moderator, 'poll:open', {
      questionId,
      kind: 'single',
      prompt: 'Which priority first?',
      options: ['Skills', 'Export', 'Innovation'],
      visibility: 'live',
      unit: 'person',
      ...payload,
    });
  // Bounded generously: the machine is shared (20 parallel votes queue behind each other's writes).
  const vote = (socket: TestSocket, pollId: string, choice: number[]) =>
    emitAck<PollVoteResult>(socket, 'poll:vote', { pollId, choice }, 20_000);

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    const euDistrict = await buildDistrict({ name: 'Cluster EU', country: 'ES', regionGroup: 'EU' });
    const euUser = await buildUser({ name: 'eu person', districtId: euDistrict._id });
    await Workspace.updateOne(
      { _id: new Types.ObjectId(world.workspaceId) },
      { $push: { members: { userId: euUser._id, role: 'participant', joinedAt: new Date() } } },
    );
    [moderator, alice, bob, observer] = await joinedSockets(app.url, world, [
      'moderator',
      'participant',
      'participant2',
      'observer',
    ]);
    eu = (await personaSocket(app.url, euUser.email)).socket;
    await command(eu, 'workspace:join', { workspaceId: world.workspaceId });
    outsider = (await personaSocket(app.url, world.users.nonMember.email)).socket;
    await openFirstQuestion(moderator, world);
    questionId = world.questionIds[0][0];
    for (const s of [moderator, alice, bob, observer, eu])
      await command(s, 'question:subscribe', { questionId });
  });

  afterAll(async () => {
    for (const s of [moderator, alice, bob, observer, eu, outsider, ...extra]) s?.close();
    await app?.stop();
  });

  it('onlyModeratorsOpenAndCloseAndObserversOrOutsidersCannotVote', async () => {
    const payload = {
      questionId,
      kind: 'single',
      prompt: 'P',
      options: ['a', 'b'],
      visibility: 'live',
      unit: 'person',
    };
    for (const s of [alice, observer])
      expect(await emitAck(s, 'poll:open', payload)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    expect((await emitAck(outsider, 'poll:open', payload)).ok).toBe(false);
    expect(await emitAck(moderator, 'poll:open', { ...payload, options: ['a'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const poll = await open({});
    expect(await vote(observer, poll.id, [0])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await vote(outsider, poll.id, [0])).ok).toBe(false);
    expect(await vote(alice, poll.id, [7])).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await emitAck(alice, 'poll:close', { pollId: poll.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await vote(moderator, poll.id, [1])).ok).toBe(true);
    expect(await PollVote.countDocuments({ pollId: poll.id })).toBe(1);
    await command(moderator, 'poll:close', { pollId: poll.id });
  });

  it('oneVotePerPersonChangeableUntilCloseThenRefusedWithPollClosed', async () => {
    const poll = await open({});
    const first = await vote(alice, poll.id, [0]);
    expect(first.ok).toBe(true);
    const changed = await vote(alice, poll.id, [2]);
    expect(changed.ok).toBe(true);
    if (!changed.ok) return;
    expect(changed.data.myVote).toEqual([2]);
    expect(changed.data.poll.voteCount).toBe(1);
    expect(changed.data.poll.results?.overall.tallies.map((t) => t.count)).toEqual([0, 0, 1]);
    const closed = await command<PollDto>(moderator, 'poll:close', { pollId: poll.id });
    expect(closed.state).toBe('closed');
    expect(closed.seq).toBeLessThan(closed.lastSeq);
    expect(await vote(alice, poll.id, [1])).toMatchObject({ ok: false, error: { code: 'poll_closed' } });
    expect(await emitAck(moderator, 'poll:close', { pollId: poll.id })).toMatchObject({
      ok: false,
      error: { code: 'poll_closed' },
    });
    const stored = await PollVote.find({ pollId: poll.id }).lean();
    expect(stored.map((v) => v.choice)).toEqual([[2]]);
  });

  it('hiddenResultsReachOnlyModeratorsUntilTheClose', async () => {
    const seen = {
      alice: collect<PollChangeDto>(alice, 'poll:changed'),
      observer: collect<PollChangeDto>(observer, 'poll:changed'),
      moderator: collect<PollChangeDto>(moderator, 'poll:changed'),
    };
    const poll = await open({ visibility: 'hiddenUntilClose', kind: 'scale', options: undefined });
    expect(poll.options).toEqual(['1', '2', '3', '4', '5']);
    const ack = await vote(alice, poll.id, [4]);
    expect(ack.ok && ack.data.poll.results).toBeNull();
    // Collected from before the vote: the broadcast follows the ack and may arrive before a later listener.
    const votedFor = (list: PollChangeDto[]) => list.find((c) => c.poll.id === poll.id && c.kind === 'voted');
    const modSaw = await waitFor(() => votedFor(seen.moderator), { what: 'moderator voted change' });
    expect(modSaw?.poll.results?.overall.mean).toBe(4);
    await waitFor(() => votedFor(seen.observer) && votedFor(seen.alice), { what: 'members voted change' });
    const aliceList = await command<PollListResult>(alice, 'poll:list', { questionId });
    expect(aliceList.polls.find((p) => p.id === poll.id)?.results).toBeNull();
    expect(aliceList.myVotes[poll.id]).toEqual([4]);
    const modList = await command<PollListResult>(moderator, 'poll:list', { questionId });
    expect(modList.polls.find((p) => p.id === poll.id)?.results?.overall.voters).toBe(1);
    const obsSync = await command<SyncSinceResult>(observer, 'sync:since', { [questionId]: 0 });
    expect(obsSync[questionId].polls?.find((c) => c.poll.id === poll.id)?.poll.results).toBeNull();
    const before = (s: PollChangeDto[]) => s.filter((c) => c.poll.id === poll.id);
    for (const c of [...before(seen.alice), ...before(seen.observer)]) expect(c.poll.results).toBeNull();
    expect(before(seen.alice).length).toBeGreaterThanOrEqual(2);

    const aliceClosed = waitForEvent<PollChangeDto>(
      alice,
      'poll:changed',
      (c) => c.poll.id === poll.id && c.kind === 'closed',
    );
    await command(moderator, 'poll:close', { pollId: poll.id });
    expect((await aliceClosed).poll.results?.overall.mean).toBe(4);
    expect(before(seen.moderator).every((c) => c.poll.results !== null)).toBe(true);
  });

  it('districtVoiceCountsTheLastRepresentativeAndSplitsEuFromLac', async () => {
    const poll = await open({ unit: 'district' });
    expect((await vote(alice, poll.id, [0])).ok).toBe(true);
    const last = await vote(bob, poll.id, [1]); // same district: replaces alice's voice
    expect(last.ok).toBe(true);
    expect((await vote(eu, poll.id, [0])).ok).toBe(true);
    expect(await vote(moderator, poll.id, [0])).toMatchObject({ ok: false, error: { code: 'no_district' } });
    const closed = await command<PollDto>(moderator, 'poll:close', { pollId: poll.id });
    const r = closed.results;
    expect(r?.overall.voters).toBe(2);
    expect(r?.byRegion.LAC.tallies.map((t) => t.count)).toEqual([0, 1, 0]);
    expect(r?.byRegion.EU.tallies.map((t) => t.count)).toEqual([1, 0, 0]);
    expect(r?.byRegion.other.voters).toBe(0);
    const aliceList = await command<PollListResult>(alice, 'poll:list', { questionId });
    expect(aliceList.myVotes[poll.id]).toEqual([1]);
  });

  it('aChangedVoteReachesEverySocketOfTheUnitAtOnceWithoutResults', async () => {
    // QA: Sophie voted C in tab 1, then B in tab 2; tab 1 kept showing C while the server held B.
    const aliceTab2 = (await personaSocket(app.url, world.users.participant.email)).socket;
    extra.push(aliceTab2);
    await command(aliceTab2, 'workspace:join', { workspaceId: world.workspaceId });
    await command(aliceTab2, 'question:subscribe', { questionId });
    const mine = {
      alice: collect<PollOwnVoteDto>(alice, 'poll:myVote'),
      aliceTab2: collect<PollOwnVoteDto>(aliceTab2, 'poll:myVote'),
      bob: collect<PollOwnVoteDto>(bob, 'poll:myVote'),
      eu: collect<PollOwnVoteDto>(eu, 'poll:myVote'),
      moderator: collect<PollOwnVoteDto>(moderator, 'poll:myVote'),
      observer: collect<PollOwnVoteDto>(observer, 'poll:myVote'),
    };
    const latest = (list: PollOwnVoteDto[], pollId: string) =>
      list.filter((v) => v.pollId === pollId).sort((a, b) => b.seq - a.seq)[0];

    // Person poll with hidden results: only the voter's own sockets learn the vote, and nothing else.
    const person = await open({ visibility: 'hiddenUntilClose' });
    expect((await vote(alice, person.id, [2])).ok).toBe(true);
    const changed = await vote(aliceTab2, person.id, [1]);
    expect(changed.ok).toBe(true);
    if (!changed.ok) return;
    const seen = await waitFor(
      () =>
        latest(mine.alice, person.id)?.seq === changed.data.seq ? latest(mine.alice, person.id) : undefined,
      { what: 'tab 1 told of the vote changed in tab 2' },
    );
    expect(pollOwnVoteSchema.parse(seen)).toEqual({
      questionId,
      pollId: person.id,
      seq: changed.data.seq,
      choice: [1],
    });
    expect((await PollVote.findOne({ pollId: person.id }).lean())?.choice).toEqual([1]);
    await waitFor(() => latest(mine.aliceTab2, person.id)?.seq === changed.data.seq, { what: 'tab 2' });

    // District poll: every representative of the district among the members hears the district's voice.
    const district = await open({ unit: 'district' });
    const byBob = await vote(bob, district.id, [0]);
    expect(byBob.ok).toBe(true);
    if (!byBob.ok) return;
    for (const [who, list] of [
      ['alice', mine.alice],
      ['alice tab 2', mine.aliceTab2],
      ['bob', mine.bob],
    ] as const)
      await waitFor(() => latest(list, district.id)?.seq === byBob.data.seq, { what: `${who} told` });
    expect(latest(mine.alice, district.id)?.choice).toEqual([0]);
    const byAlice = await vote(alice, district.id, [1]);
    expect(byAlice.ok).toBe(true);
    if (!byAlice.ok) return;
    await waitFor(() => latest(mine.bob, district.id)?.seq === byAlice.data.seq, { what: 'bob told' });
    expect(latest(mine.bob, district.id)?.choice).toEqual([1]);

    // Deliveries to one socket keep their order: once the closes arrived, any own-vote fact for them would have.
    for (const pollId of [person.id, district.id]) {
      const closes = [bob, eu, moderator, observer].map((s) =>
        waitForEvent<PollChangeDto>(s, 'poll:changed', (c) => c.poll.id === pollId && c.kind === 'closed'),
      );
      await command(moderator, 'poll:close', { pollId });
      await Promise.all(closes);
    }
    expect(mine.bob.filter((v) => v.pollId === person.id)).toEqual([]);
    for (const list of [mine.eu, mine.moderator, mine.observer])
      expect(list.filter((v) => v.pollId === person.id || v.pollId === district.id)).toEqual([]);
  });

  it('rankingTakesEveryOptionOnceAndScoresByBorda', async () => {
    const poll = await open({ kind: 'ranking' });
    expect(await vote(alice, poll.id, [0, 1])).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await vote(alice, poll.id, [0, 0, 1])).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((await vote(alice, poll.id, [2, 0, 1])).ok).toBe(true);
    const eus = await vote(eu, poll.id, [2, 1, 0]);
    expect(eus.ok && eus.data.poll.results?.overall.tallies.map((t) => t.score)).toEqual([1, 1, 4]);
    await command(moderator, 'poll:close', { pollId: poll.id });
  });

  it('aReconnectReplaysPollChangesInterleavedWithPostsThroughSyncSince', async () => {
    const replayOf = async (socket: TestSocket, since: number) =>
      (await command<SyncSinceResult>(socket, 'sync:since', { [questionId]: since }))[questionId];
    const cursor = (await replayOf(alice, 0)).lastSeq;
    alice.close();
    // While alice is away: a hidden poll opens, votes and posts interleave in the question's seq log.
    const poll = await open({ visibility: 'hiddenUntilClose' });
    expect((await vote(eu, poll.id, [1])).ok).toBe(true);
    const post1 = await command<PostChangeDto>(bob, 'post:create', {
      questionId,
      clientId: 'poll-replay-1',
      body: 'Between two votes',
    });
    expect((await vote(bob, poll.id, [2])).ok).toBe(true);
    const post2 = await command<PostChangeDto>(moderator, 'post:create', {
      questionId,
      clientId: 'poll-replay-2',
      body: 'After the votes',
    });
    const pollSeqs = (await PollChange.find({ pollId: poll.id }).sort({ seq: 1 }).lean()).map((c) => c.seq);
    expect(pollSeqs).toHaveLength(3); // opened, voted, voted
    expect(pollSeqs[0]).toBeLessThan(post1.seq);
    expect(post1.seq).toBeLessThan(pollSeqs[2]);
    expect(pollSeqs[2]).toBeLessThan(post2.seq);

    alice = (await personaSocket(app.url, world.users.participant.email)).socket;
    await command(alice, 'workspace:join', { workspaceId: world.workspaceId });
    // Right away (poll seqs are not holes of the posts' log: no hold-back at them), one answer carries both.
    const replay = await replayOf(alice, cursor);
    expect(replay.hasMore).toBe(false);
    expect(replay.changes.map((c) => c.seq)).toEqual([post1.seq, post2.seq]);
    expect(replay.polls?.map((c) => [c.poll.id, c.seq, c.kind, c.poll.voteCount])).toEqual([
      [poll.id, pollSeqs[2], 'voted', 2],
    ]);
    // Hidden until the close: not in a participant's replay; a moderator's replay has them.
    expect(replay.polls?.[0].poll.results).toBeNull();
    const modReplay = await replayOf(moderator, cursor);
    expect(modReplay.polls?.[0].poll.results?.overall.voters).toBe(2);
    // No gap: the replay reaches the question's last seq (a cursor moved over it asks nothing more) …
    const highest = Math.max(...replay.changes.map((c) => c.seq), ...(replay.polls ?? []).map((c) => c.seq));
    expect(highest).toBe(replay.lastSeq);
    // … no duplicate: from there nothing is replayed again.
    const after = await replayOf(alice, highest);
    expect([after.changes, after.polls]).toEqual([[], []]);
    // A cursor between two poll changes still gets the poll (with its latest change) and only the later post.
    const middle = await replayOf(alice, post1.seq);
    expect(middle.changes.map((c) => c.seq)).toEqual([post2.seq]);
    expect(middle.polls?.map((c) => c.seq)).toEqual([pollSeqs[2]]);

    // The close reveals the results, replayed to the participant too.
    await command(moderator, 'poll:close', { pollId: poll.id });
    const closed = await replayOf(alice, highest);
    expect(closed.polls?.map((c) => [c.kind, c.poll.state])).toEqual([['closed', 'closed']]);
    expect(closed.polls?.[0].poll.results?.byRegion.EU.tallies[1].count).toBe(1);
    expect(closed.polls?.[0].seq).toBe(closed.lastSeq);
    // Anonymous: the replay names no voter.
    expect(JSON.stringify(closed)).not.toContain(world.users.participant2.id);
    expect(await emitAck(outsider, 'sync:since', { [questionId]: 0 })).toMatchObject({ ok: false });
    // `poll:since` is gone: the one replay is `sync:since`.
    expect(await emitAck(alice, 'poll:since', { [questionId]: 0 })).toMatchObject({
      ok: false,
      error: { code: 'unknown_event' },
    });
  });

  it('twentyParallelVotesOfOnePersonLeaveOneVote', async () => {
    const poll = await open({ kind: 'multiple' });
    // Four connections of the same person (each under the per-socket in-flight limit), five votes each, at once.
    for (let i = 0; i < 4; i++)
      extra.push((await personaSocket(app.url, world.users.participant.email)).socket);
    const choices = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? [0, 1] : [i % 3]));
    const acks = await Promise.all(choices.map((c, i) => vote(extra[i % 4], poll.id, c)));
    expect(acks.every((a) => a.ok)).toBe(true);
    const stored = await PollVote.find({ pollId: poll.id }).lean();
    expect(stored).toHaveLength(1);
    expect(choices.map((c) => JSON.stringify(c))).toContain(JSON.stringify(stored[0].choice));
    const closed = await command<PollDto>(moderator, 'poll:close', { pollId: poll.id });
    expect(closed.voteCount).toBe(1);
    expect(closed.results?.overall.voters).toBe(1);
  });

  it('votesAreRefusedOnceTheQuestionIsClosedAndItsOpenPollsClose', async () => {
    const poll = await open({});
    expect((await vote(alice, poll.id, [0])).ok).toBe(true);
    const closedChange = waitForEvent<PollChangeDto>(
      bob,
      'poll:changed',
      (c) => c.poll.id === poll.id && c.kind === 'closed',
    );
    await command(moderator, 'question:close', { questionId });
    // Refused from the ack of the question's close on (the vote re-reads the question), nothing stored.
    const late = await vote(bob, poll.id, [1]);
    expect(late).toMatchObject({ ok: false });
    expect(['question_closed', 'poll_closed']).toContain(!late.ok && late.error.code);
    // The question's close closes its open polls (results of record with alice's vote only).
    const closed = await closedChange;
    expect(closed.poll.state).toBe('closed');
    expect(closed.poll.results?.overall.voters).toBe(1);
    expect(await vote(bob, poll.id, [1])).toMatchObject({ ok: false, error: { code: 'poll_closed' } });
    expect(await PollVote.countDocuments({ pollId: poll.id })).toBe(1);
  });

  it('aVoteRacingTheQuestionCloseIsEitherCountedOrRefusedNeverLost', async () => {
    await command(moderator, 'question:reopen', { questionId });
    const poll = await open({});
    // Votes of distinct people sent together with the question's close: each acked vote is counted in the
    // results of record, each refused one is not stored.
    const voters = [alice, bob, eu];
    const [acks] = await Promise.all([
      Promise.all(voters.map((s) => vote(s, poll.id, [0]))),
      command(moderator, 'question:close', { questionId }),
    ]);
    for (const a of acks) if (!a.ok) expect(['question_closed', 'poll_closed']).toContain(a.error.code);
    const accepted = acks.filter((a) => a.ok).length;
    const final = await waitFor(
      async () => {
        const list = await command<PollListResult>(moderator, 'poll:list', { questionId });
        const p = list.polls.find((x) => x.id === poll.id);
        return p?.state === 'closed' ? p : undefined;
      },
      { what: 'poll closed by the question close', intervalMs: 100 },
    );
    expect(await PollVote.countDocuments({ pollId: poll.id })).toBe(accepted);
    expect(final?.results?.overall.voters).toBe(accepted);
  });
});
