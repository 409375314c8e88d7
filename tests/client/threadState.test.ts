import type { PostChangeDto, PostDto } from '@polos/shared';
import {
  SEND_STATUS,
  hasGap,
  initialThreadState,
  selectThreadRows,
  threadReducer,
  type ThreadAction,
  type ThreadState,
} from '../../client/src/features/thread/threadState';
import { buildPost as fixturePost } from './helpers/threadFixtures';

const Q = 'a'.repeat(24);
const ME = 'b'.repeat(24);

/** Post `overrides.seq` (default 1) of Q by Ana (the shared fixture), with an id of its own: `p000…<seq>`. */
function buildPost(overrides: Partial<PostDto> = {}): PostDto {
  const seq = overrides.seq ?? 1;
  return fixturePost(Q, seq, { id: `p${String(seq).padStart(23, '0')}`, ...overrides });
}

const change = (
  post: PostDto,
  seq = post.lastSeq,
  kind: PostChangeDto['kind'] = 'created',
): PostChangeDto => ({
  questionId: Q,
  seq,
  kind,
  post,
});

function run(actions: ThreadAction[], state: ThreadState = initialThreadState(Q)): ThreadState {
  return actions.reduce(threadReducer, state);
}

describe('optimistic send state machine', () => {
  const mine = buildPost({ seq: 3, clientId: 'mine-000001', author: { id: ME, name: 'Me', district: null } });

  test('sendThenAckReplacesPendingWithStoredPost', () => {
    let s = run([{ type: 'send', questionId: Q, clientId: 'mine-000001', body: 'hi', parentId: null }]);
    expect(s.pending).toMatchObject([{ clientId: 'mine-000001', status: SEND_STATUS.pending, attempts: 1 }]);
    expect(selectThreadRows(s, ME).map((r) => r.kind)).toEqual(['pending']);
    s = threadReducer(s, { type: 'sendSucceeded', clientId: 'mine-000001', post: mine });
    expect(s.pending).toEqual([]);
    expect(Object.keys(s.posts)).toEqual([mine.id]);
    // The ack does not move the sync cursor (earlier broadcasts may still be in flight).
    expect(s.lastSeq).toBe(0);
  });

  test('failThenRetryKeepsTheSameClientId', () => {
    let s = run([
      { type: 'send', questionId: Q, clientId: 'mine-000001', body: 'hi', parentId: null },
      { type: 'sendFailed', clientId: 'mine-000001', error: 'timeout' },
    ]);
    expect(s.pending[0]).toMatchObject({ status: SEND_STATUS.failed, error: 'timeout' });
    s = threadReducer(s, { type: 'retry', clientId: 'mine-000001' });
    expect(s.pending).toMatchObject([
      { clientId: 'mine-000001', status: SEND_STATUS.pending, error: null, attempts: 2 },
    ]);
    // Retrying a pending (not failed) post does nothing.
    expect(threadReducer(s, { type: 'retry', clientId: 'mine-000001' })).toBe(s);
  });

  test('broadcastBeforeAckSettlesOnceWithoutDuplicate', () => {
    let s = run([
      { type: 'send', questionId: Q, clientId: 'mine-000001', body: 'hi', parentId: null },
      { type: 'changes', questionId: Q, changes: [change(mine)] },
    ]);
    expect(s.pending).toEqual([]);
    s = threadReducer(s, { type: 'sendSucceeded', clientId: 'mine-000001', post: mine });
    const rows = selectThreadRows(s, ME);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'post', key: `mine-000001:${ME}` });
  });

  test('pendingAndStoredRowsShareTheirKey', () => {
    const s = run([{ type: 'send', questionId: Q, clientId: 'mine-000001', body: 'hi', parentId: null }]);
    const pendingKey = selectThreadRows(s, ME)[0].key;
    const stored = threadReducer(s, { type: 'sendSucceeded', clientId: 'mine-000001', post: mine });
    expect(selectThreadRows(stored, ME)[0].key).toBe(pendingKey);
  });

  test('discardDropsAFailedPost', () => {
    const s = run([
      { type: 'send', questionId: Q, clientId: 'mine-000001', body: 'hi', parentId: null },
      { type: 'sendFailed', clientId: 'mine-000001', error: 'forbidden' },
      { type: 'discard', clientId: 'mine-000001' },
    ]);
    expect(s.pending).toEqual([]);
  });
});

describe('merging changes by seq', () => {
  test('duplicatesAndStaleChangesAreIgnored', () => {
    const p1 = buildPost({ seq: 1 });
    const p1edited = { ...p1, body: 'edited', lastSeq: 3, editedAt: '2026-11-27T10:05:00.000Z' };
    const p2 = buildPost({ seq: 2 });
    const s = run([
      { type: 'loaded', questionId: Q, posts: [p1], lastSeq: 1 },
      { type: 'changes', questionId: Q, changes: [change(p2), change(p1edited, 3, 'edited')] },
      // A replayed sync returning older changes again.
      { type: 'changes', questionId: Q, changes: [change(p1, 1), change(p2, 2)] },
    ]);
    expect(s.lastSeq).toBe(3);
    expect(Object.keys(s.posts)).toHaveLength(2);
    expect(s.posts[p1.id].body).toBe('edited');
    expect(selectThreadRows(s, ME).map((r) => (r.kind === 'post' ? r.post.seq : -1))).toEqual([1, 2]);
  });

  test('changesOfAnotherQuestionAreIgnored', () => {
    const s0 = run([{ type: 'loaded', questionId: Q, posts: [], lastSeq: 0 }]);
    const foreign = { ...change(buildPost({ seq: 5 })), questionId: 'e'.repeat(24) };
    expect(threadReducer(s0, { type: 'changes', questionId: 'e'.repeat(24), changes: [foreign] })).toBe(s0);
  });

  test('outOfOrderArrivalIsSortedBySeqAndRepliesNestUnderParents', () => {
    const top1 = buildPost({ seq: 1 });
    const top2 = buildPost({ seq: 4 });
    const reply = buildPost({ seq: 3, parentId: top1.id });
    const s = run([{ type: 'changes', questionId: Q, changes: [change(top2), change(reply), change(top1)] }]);
    expect(selectThreadRows(s, ME).map((r) => [r.kind === 'post' ? r.post.seq : 0, r.depth])).toEqual([
      [1, 0],
      [3, 1],
      [4, 0],
    ]);
  });

  test('gapDetection', () => {
    expect(hasGap(4, change(buildPost({ seq: 5 })))).toBe(false);
    expect(hasGap(4, change(buildPost({ seq: 7 })))).toBe(true);
    expect(hasGap(4, change(buildPost({ seq: 3 }), 3))).toBe(false);
  });
});
