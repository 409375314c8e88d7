import { createContext } from 'react';
import type {
  BlockDto,
  LiveStateDto,
  PostDto,
  PresenceDto,
  QuestionDto,
  WorkspaceSummaryDto,
} from '@polos/shared';

export interface WorkspaceState {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  workspace: WorkspaceSummaryDto | null;
  blocks: BlockDto[];
  live: LiveStateDto | null;
  /** Presence per block id (only blocks this client is in or was told about). */
  presence: Record<string, PresenceDto>;
  /** The spotlighted post, when the moderator spotlighted one. */
  spotlightPost: PostDto | null;
}

export interface WorkspaceContextValue extends WorkspaceState {
  workspaceId: string;
  canModerate: boolean;
  canPost: boolean;
  findQuestion: (questionId: string) => { block: BlockDto; question: QuestionDto } | null;
  setPresence: (presence: PresenceDto) => void;
}

/** The state before the workspace's join is answered (WorkspaceProvider starts from it). */
export const INITIAL_WORKSPACE_STATE: WorkspaceState = {
  status: 'loading',
  error: null,
  workspace: null,
  blocks: [],
  live: null,
  presence: {},
  spotlightPost: null,
};

/** The question `questionId` among `blocks` with its block, or null (the context's `findQuestion`). */
export function findQuestionIn(
  blocks: BlockDto[],
  questionId: string,
): { block: BlockDto; question: QuestionDto } | null {
  for (const block of blocks) {
    const question = block.questions.find((q) => q.id === questionId);
    if (question) return { block, question };
  }
  return null;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

/** Applies a `question:updated` fact to the blocks. */
export function replaceQuestion(blocks: BlockDto[], question: QuestionDto): BlockDto[] {
  return blocks.map((block) =>
    block.id !== question.blockId
      ? block
      : { ...block, questions: block.questions.map((q) => (q.id === question.id ? question : q)) },
  );
}

/** Applies a `block:updated` fact to the blocks (kept in order). */
export function replaceBlock(blocks: BlockDto[], block: BlockDto): BlockDto[] {
  const exists = blocks.some((b) => b.id === block.id);
  const next = exists ? blocks.map((b) => (b.id === block.id ? block : b)) : [...blocks, block];
  return next.sort((a, b) => a.order - b.order);
}
