import { act } from 'react';
import type { PostChangeDto, PostDto, ThreadPageDto } from '@polos/shared';
import { useThread, type ThreadApi } from '../../client/src/features/thread/useThread';
import { fake } from './helpers/fakeSocket';
import { render } from './helpers/render';
import { buildPost as post, createdChange, serveThreadPage } from './helpers/threadFixtures';

jest.mock(
  '../../client/src/realtime/socket',
  () => jest.requireActual<{ fakeSocketModule: unknown }>('./helpers/fakeSocket').fakeSocketModule,
);

const { commands } = fake;
const Q = 'a'.repeat(24);
const ME = 'b'.repeat(24);
const OTHER = 'c'.repeat(24);

const buildPost = (seq: number, overrides: Partial<PostDto> = {}): PostDto => post(Q, seq, overrides);
const created = (seq: number, overrides: Partial<PostDto> = {}): PostChangeDto =>
  createdChange(Q, seq, overrides);

/** Changes the fake server "stored"; sync:since answers from here by seq. */
let stored: PostChangeDto[] = [];
const syncCalls = () => commands.filter((c) => c.event === 'sync:since').map((c) => c.payload);

async function flush() {
  for (let i = 0; i < 5; i++) await act(async () => Promise.resolve());
}

let api: ThreadApi;
function Harness() {
  api = useThread(Q, { myUserId: ME, live: true });
  return null;
}

beforeEach(() => {
  fake.reset();
  stored = [created(1), created(2)];
  fake.answer = (event, payload) => {
    if (event === 'sync:since') {
      const since = (payload as Record<string, number>)[Q];
      const changes = stored.filter((c) => c.seq > since);
      return { ok: true, data: { [Q]: { changes, lastSeq: stored.at(-1)?.seq ?? 0, hasMore: false } } };
    }
    if (event === 'question:subscribe') return { ok: true, data: { question: {} } };
    if (event === 'post:create') {
      const p = payload as { clientId: string; body: string };
      const change = created(stored.length + 1, {
        clientId: p.clientId,
        body: p.body,
        author: { id: ME, name: 'Me', district: null },
      });
      stored.push(change);
      return { ok: true, data: change };
    }
    return { ok: true, data: null };
  };
  const page: ThreadPageDto = {
    question: { lastSeq: 2 } as ThreadPageDto['question'],
    posts: [buildPost(1), buildPost(2)],
    nextAfterSeq: null,
  };
  serveThreadPage(page);
});

test('loadsHistoryThenCatchesUpFromItsLastSeqAfterReconnect', async () => {
  const view = render(<Harness />);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  expect(commands.map((c) => c.event)).toEqual(['question:subscribe', 'sync:since']);
  expect(syncCalls()).toEqual([{ [Q]: 2 }]);
  expect(Object.keys(api.state.posts)).toHaveLength(2);

  // Live broadcasts 3 and 4.
  stored.push(created(3), created(4));
  act(() => {
    fake.fire('post:created', stored[2]);
    fake.fire('post:created', stored[3]);
  });
  expect(api.state.lastSeq).toBe(4);

  // Offline while 50 posts are made; then reconnect.
  fake.connected = false;
  act(() => fake.fire('disconnect'));
  for (let seq = 5; seq <= 54; seq++) stored.push(created(seq));
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  expect(syncCalls().at(-1)).toEqual({ [Q]: 4 });
  const seqs = Object.values(api.state.posts)
    .map((p) => p.seq)
    .sort((a, b) => a - b);
  expect(seqs).toEqual(Array.from({ length: 54 }, (_, i) => i + 1));
  expect(api.state.lastSeq).toBe(54);

  // A late duplicate broadcast changes nothing.
  const before = api.state;
  act(() => fake.fire('post:created', stored[10]));
  expect(Object.keys(api.state.posts)).toHaveLength(54);
  expect(api.state.lastSeq).toBe(before.lastSeq);
  view.unmount();
});

test('aSeqGapTriggersSyncInsteadOfApplyingOutOfOrder', async () => {
  const view = render(<Harness />);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  stored.push(created(3), created(4), created(5));
  // Only 5 arrives (3 and 4 were lost).
  act(() => fake.fire('post:created', stored[4]));
  await flush();
  expect(syncCalls().at(-1)).toEqual({ [Q]: 2 });
  expect(Object.keys(api.state.posts)).toHaveLength(5);
  expect(api.state.lastSeq).toBe(5);
  view.unmount();
});

test('failedSendRetriesWithTheSameClientId', async () => {
  const view = render(<Harness />);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  const realAnswer = fake.answer;
  fake.answer = (event, payload) =>
    event === 'post:create'
      ? { ok: false, error: { code: 'timeout', message: 'x' } }
      : realAnswer(event, payload);
  act(() => api.send('Hello **all**', null));
  await flush();
  expect(api.state.pending).toMatchObject([{ status: 'failed', error: 'timeout' }]);
  const clientId = api.state.pending[0].clientId;
  expect(clientId).toMatch(/^[0-9a-f]{32}$/);

  fake.answer = realAnswer;
  act(() => api.retry(clientId));
  await flush();
  const creates = commands
    .filter((c) => c.event === 'post:create')
    .map((c) => (c.payload as { clientId: string }).clientId);
  expect(creates).toEqual([clientId, clientId]);
  expect(api.state.pending).toEqual([]);
  expect(Object.values(api.state.posts).filter((p) => p.clientId === clientId)).toHaveLength(1);
  view.unmount();
});

test('typingStopsWhenThePostItAnnouncedArrives', async () => {
  const view = render(<Harness />);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  act(() => fake.fire('typing:started', { questionId: Q, userId: OTHER, name: 'Ana' }));
  expect(api.typing).toEqual([{ userId: OTHER, name: 'Ana' }]);
  stored.push(created(3));
  act(() => fake.fire('post:created', stored[2]));
  expect(api.typing).toEqual([]);
  view.unmount();
});

test('postsUnsentAtReloadAreSentAgainWithTheirClientIdsAndStoredOnce', async () => {
  localStorage.clear();
  // Offline: three posts wait in the outbox (and on the device).
  const first = render(<Harness />);
  await flush();
  act(() => {
    api.send('one', null);
    api.send('two', null);
    api.send('three', null);
  });
  const clientIds = api.state.pending.map((p) => p.clientId);
  expect(clientIds).toHaveLength(3);
  expect(commands.filter((c) => c.event === 'post:create')).toEqual([]);
  // "Reload": the page goes away before it ever connected; a new one mounts the thread.
  first.unmount();
  const second = render(<Harness />);
  await flush();
  expect(api.state.pending.map((p) => [p.clientId, p.body])).toEqual([
    [clientIds[0], 'one'],
    [clientIds[1], 'two'],
    [clientIds[2], 'three'],
  ]);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  await flush();
  const sent = commands
    .filter((c) => c.event === 'post:create')
    .map((c) => (c.payload as { clientId: string }).clientId);
  // Both outbox entries of a post (first page, reloaded page) share its id: each is sent once, in order.
  expect(sent).toEqual(clientIds);
  expect(api.state.pending).toEqual([]);
  expect(localStorage.length).toBe(0);
  second.unmount();
});

test('reactionsAndEditsMadeOfflineWaitAndGoOutInOrderOnConnect', async () => {
  const base = fake.answer;
  fake.answer = (event, payload) =>
    event.startsWith('reaction:') || event === 'post:edit'
      ? { ok: true, data: created(1) }
      : base(event, payload);
  const view = render(<Harness />);
  await flush();
  let results: Array<string | null> = [];
  act(() => {
    void Promise.all([
      api.react(buildPost(1).id, 'clap', true),
      api.edit(buildPost(1).id, 'edited offline'),
      api.react(buildPost(1).id, 'clap', false),
    ]).then((codes) => (results = codes));
  });
  await flush();
  const postCommands = () =>
    commands.filter((c) => c.event !== 'question:subscribe' && c.event !== 'sync:since');
  expect(postCommands()).toEqual([]);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  await flush();
  expect(postCommands().map((c) => c.event)).toEqual(['reaction:add', 'post:edit', 'reaction:remove']);
  expect(results).toEqual([null, null, null]);
  view.unmount();
});

test('aPartialSyncAnswerIsAskedAgainWithBackoffUntilCaughtUpWithoutAnyFurtherBroadcast', async () => {
  // Several server processes: seq 3 is counted but not stored yet (another process is writing it), 4 and 5 are.
  // The server answers only up to the young hole (changes ≤ 2, lastSeq 5, no hasMore) until 3 lands.
  let holeFilled = false;
  const base = fake.answer;
  fake.answer = (event, payload) => {
    if (event !== 'sync:since') return base(event, payload);
    const since = (payload as Record<string, number>)[Q];
    const upTo = holeFilled ? 5 : 2;
    const changes = stored.filter((c) => c.seq > since && c.seq <= upTo);
    return { ok: true, data: { [Q]: { changes, lastSeq: 5, hasMore: false } } };
  };
  const view = render(<Harness />);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  stored.push(created(3), created(4), created(5));
  // The broadcast of 5 arrives (3's and 4's never will): a gap, so a sync; its answer stops at 2.
  act(() => fake.fire('post:created', stored[4]));
  await flush();
  expect(api.state.lastSeq).toBe(2);
  const asked = syncCalls().length;
  // No broadcast follows; the client asks again by itself (250 ms, 500 ms, 1 s, … after each partial answer).
  await act(async () => {
    const until = Date.now() + 5000;
    while (syncCalls().length < asked + 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  });
  expect(syncCalls().length).toBeGreaterThanOrEqual(asked + 2);
  expect(api.state.lastSeq).toBe(2);
  holeFilled = true; // the other process's write landed
  await act(async () => {
    const until = Date.now() + 5000;
    while (api.state.lastSeq < 5 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  });
  expect(api.state.lastSeq).toBe(5);
  expect(
    Object.values(api.state.posts)
      .map((p) => p.seq)
      .sort((a, b) => a - b),
  ).toEqual([1, 2, 3, 4, 5]);
  // Caught up: no more asking.
  const afterCatchUp = syncCalls().length;
  await act(() => new Promise((resolve) => setTimeout(resolve, 1200)));
  expect(syncCalls().length).toBe(afterCatchUp);
  view.unmount();
});

test('theResyncAfterAPartialAnswerStopsWhenTheThreadUnmounts', async () => {
  // A gap that does not fill while the thread is open: its timer goes with the thread.
  const base = fake.answer;
  fake.answer = (event, payload) =>
    event === 'sync:since'
      ? { ok: true, data: { [Q]: { changes: [], lastSeq: 9, hasMore: false } } }
      : base(event, payload);
  const view = render(<Harness />);
  fake.connected = true;
  act(() => fake.fire('connect'));
  await flush();
  const first = syncCalls().length;
  await act(async () => {
    const until = Date.now() + 5000;
    while (syncCalls().length <= first && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  });
  const asked = syncCalls().length;
  expect(asked).toBeGreaterThan(first); // asked again by itself
  view.unmount();
  await act(() => new Promise((resolve) => setTimeout(resolve, 1200)));
  expect(syncCalls().length).toBe(asked);
});
