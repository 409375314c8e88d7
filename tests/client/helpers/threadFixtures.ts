import type { PostChangeDto, PostDto, QuestionDto, ThreadPageDto } from '@polos/shared';

/**
 * A pending question (never opened, unlocked, no posts, no asynchronous window): id 'q…', workspace 'w…', block
 * 'b…' (24 letters each), order 1, text "Question" / "Pregunta"; `overrides` replace any of these.
 */
export function buildQuestion(overrides: Partial<QuestionDto> = {}): QuestionDto {
  return {
    id: 'q'.repeat(24),
    workspaceId: 'w'.repeat(24),
    blockId: 'b'.repeat(24),
    order: 1,
    text: { en: 'Question', es: 'Pregunta' },
    state: 'pending',
    openedAt: null,
    closedAt: null,
    locked: false,
    lastSeq: 0,
    asyncWindow: null,
    ...overrides,
  };
}

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
