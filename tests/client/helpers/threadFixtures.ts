import type { PostChangeDto, PostDto, ThreadPageDto } from '@polos/shared';

/** Post `seq` of question `questionId` (id = seq padded to 24 digits), by Ana, created 2026-11-27 10:00 UTC. */
export function buildPost(questionId: string, seq: number, overrides: Partial<PostDto> = {}): PostDto {
  return {
    id: `${String(seq).padStart(24, '0')}`,
    questionId,
    workspaceId: 'd'.repeat(24),
    parentId: null,
    author: { id: 'c'.repeat(24), name: 'Ana', district: null },
    clientId: `client-${seq}`,
    body: `post ${seq}`,
    seq,
    lastSeq: seq,
    createdAt: '2026-11-27T10:00:00.000Z',
    editedAt: null,
    editCount: 0,
    deleted: false,
    hidden: false,
    reactions: { thumbs_up: [], heart: [], lightbulb: [], clap: [], question: [] },
    ...overrides,
  };
}

/** The `created` change of post `seq` (see {@link buildPost}). */
export const createdChange = (
  questionId: string,
  seq: number,
  overrides: Partial<PostDto> = {},
): PostChangeDto => ({ questionId, seq, kind: 'created', post: buildPost(questionId, seq, overrides) });

/**
 * Serves `page` as the answer of every `fetch` (the thread's history page). jsdom has no fetch/Response: the API
 * client needs only ok, status and text().
 */
export function serveThreadPage(page: ThreadPageDto): void {
  global.fetch = jest.fn(() =>
    Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(JSON.stringify(page)) } as Response),
  );
}
