import { act } from 'react';
import type { PollChangeDto, PollDto, PostChangeDto, PostDto, ThreadPageDto } from '@polos/shared';
import { useThread, type ThreadApi } from '../../client/src/features/thread/useThread';
import { usePolls, type PollsApi } from '../../client/src/features/polls/usePolls';
import { fake } from './helpers/fakeSocket';
import { render } from './helpers/render';
import { buildPost, createdChange, serveThreadPage } from './helpers/threadFixtures';

/**
 * Issue 12.1, client side of "poll changes are part of the question's seq log": live `poll:changed` facts move the
 * thread's seq cursor (no gap after them) and a gap before one is caught up by `sync:since`; the thread's replay
 * hands its `polls` to the polls hook (which asks nothing itself), and the projector's polls hook (no thread)
 * replays with `sync:since` on its own after a reconnect.
 */
jest.mock(
  '../../client/src/realtime/socket',
  () => jest.requireActual<{ fakeSocketModule: unknown }>('./helpers/fakeSocket').fakeSocketModule,
);

const { commands } = fake;
const Q = 'a'.repeat(24);
const P = 'e'.repeat(24);

const post = (seq: number): PostDto => buildPost(Q, seq);
const created = (seq: number): PostChangeDto => createdChange(Q, seq);
const poll = (lastSeq: number, overrides: Partial<PollDto> = {}): PollDto => ({
  id: P,
  questionId: Q,
  workspaceId: 'd'.repeat(24),
  kind: 'single',
  prompt: 'Which first?',
  options: ['a', 'b'],
  visibility: 'hiddenUntilClose',
  unit: 'person',
  state: 'open',
  openedAt: '2026-11-27T10:00:00.000Z',
  closedAt: null,
  seq: 3,
  lastSeq,
  voteCount: 0,
  results: null,
  ...overrides,
});
const pollChange = (seq: number, kind: PollChangeDto['kind'], overrides: Partial<PollDto> = {}) => ({
  questionId: Q,
  seq,
  kind,
  poll: poll(seq, overrides),
});

/** What the fake server stored in the question's log (posts' changes and poll changes). */
let posts: PostChangeDto[] = [];
let polls: PollChangeDto[] = [];
const syncCalls = () => commands.filter((c) => c.event === 'sync:since').map((c) => c.payload);

async function flush() {
  for (let i = 0; i < 6; i++) await act(async () => Promise.resolve());
}

let thread: ThreadApi;
let pollsApi: PollsApi;
function InThread() {
  thread = useThread(Q, { myUserId: 'b'.repeat(24), live: true });
  pollsApi = usePolls(Q, 'thread');
  return null;
}
function Projector() {
  pollsApi = usePolls(Q, 'own');
  return null;
}

beforeEach(() => {
  fake.reset();
  posts = [created(1), created(2)];
  polls = [];
  fake.answer = (event, payload) => {
    if (event === 'sync:since') {
      const since = (payload as Record<string, number>)[Q];
      const lastSeq = Math.max(0, ...posts.map((c) => c.seq), ...polls.map((c) => c.seq));
      const latest = new Map(polls.filter((c) => c.seq > since).map((c) => [c.poll.id, c]));
      return {
        ok: true,
        data: {
          [Q]: {
            changes: posts.filter((c) => c.seq > since),
            lastSeq,
            hasMore: false,
            polls: [...latest.values()],
          },
        },
      };
    }
    if (event === 'poll:list') return { ok: true, data: { polls: [], myVotes: {}, lastSeq: 2 } };
    if (event === 'question:subscribe') return { ok: true, data: { question: {} } };
    return { ok: true, data: null };
  };
  const page: ThreadPageDto = {
    question: { lastSeq: 2 } as ThreadPageDto['question'],
    posts: [post(1), post(2)],
    nextAfterSeq: null,
  };
  serveThreadPage(page);
});

test('pollFactsMoveTheThreadCursorAndAGapBeforeOneIsReplayedWithThePosts', async () => {
  const view = render(<InThread />);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  expect(syncCalls()).toEqual([{ [Q]: 2 }]);

  // Live: the poll opens (seq 3), then a post (seq 4) — no gap, no sync.
  polls.push(pollChange(3, 'opened'));
  act(() => fake.fire('poll:changed', polls[0]));
  posts.push(created(4));
  act(() => fake.fire('post:created', posts.at(-1)));
  await flush();
  expect(syncCalls()).toHaveLength(1);
  expect(thread.state.posts[post(4).id]).toBeDefined();
  expect(pollsApi.polls.map((p) => p.lastSeq)).toEqual([3]);

  // Missed: a post (5) and a vote (6); the next vote (7) arrives live → a gap → one sync from 4 covers both.
  posts.push(created(5));
  polls.push(pollChange(6, 'voted', { voteCount: 1 }), pollChange(7, 'voted', { voteCount: 2 }));
  act(() => fake.fire('poll:changed', polls.at(-1)));
  await flush();
  expect(syncCalls()).toEqual([{ [Q]: 2 }, { [Q]: 4 }]);
  expect(thread.state.posts[post(5).id]).toBeDefined();
  expect(pollsApi.polls[0].voteCount).toBe(2);

  // Reconnect after the close was missed: the thread's replay carries it to the polls hook, which asks nothing.
  act(() => fake.fire('disconnect'));
  polls.push(pollChange(8, 'closed', { state: 'closed', voteCount: 2 }));
  act(() => fake.fire('connect'));
  await flush();
  expect(syncCalls()).toEqual([{ [Q]: 2 }, { [Q]: 4 }, { [Q]: 7 }]);
  expect(pollsApi.polls[0].state).toBe('closed');
  // The cursor moved over the poll entry: nothing is asked again from before it.
  posts.push(created(9));
  act(() => fake.fire('post:created', posts.at(-1)));
  await flush();
  expect(syncCalls()).toHaveLength(3);
  // One `poll:list` per connect: own votes are not in the seq log, so a reconnect re-reads them (QA: a vote changed
  // in another tab while this one was offline); the polls themselves come from the thread's replay only.
  expect(commands.filter((c) => c.event === 'poll:list')).toHaveLength(2);
  view.unmount();
});

test('theOwnVoteFollowsPollMyVoteFactsAndNeverGoesBackToAnOlderOne', async () => {
  const view = render(<InThread />);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  // Another tab voted: the fact with the highest seq wins, whatever the order of arrival.
  act(() => fake.fire('poll:myVote', { questionId: Q, pollId: P, seq: 10, choice: [1] }));
  act(() => fake.fire('poll:myVote', { questionId: Q, pollId: P, seq: 9, choice: [0] }));
  act(() => fake.fire('poll:myVote', { questionId: 'b'.repeat(24), pollId: P, seq: 11, choice: [2] }));
  await flush();
  expect(pollsApi.myVotes[P]).toEqual([1]);
  act(() => fake.fire('poll:myVote', { questionId: Q, pollId: P, seq: 12, choice: [2] }));
  await flush();
  expect(pollsApi.myVotes[P]).toEqual([2]);
  view.unmount();
});

test('theProjectorsPollsHookReplaysWithSyncSinceOnItsOwnAfterAReconnect', async () => {
  const view = render(<Projector />);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  expect(commands.map((c) => c.event)).toEqual(['poll:list']);
  polls.push(pollChange(3, 'opened'), pollChange(4, 'closed', { state: 'closed' }));
  act(() => fake.fire('disconnect'));
  act(() => fake.fire('connect'));
  await flush();
  expect(syncCalls()).toEqual([{ [Q]: 2 }]);
  expect(pollsApi.polls.map((p) => [p.id, p.state])).toEqual([[P, 'closed']]);
  view.unmount();
});
