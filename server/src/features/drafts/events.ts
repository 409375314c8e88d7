import type {
  DraftDto,
  DraftPublicationDto,
  DraftServerToClientEvents,
  DraftVersionDto,
} from '@polos/shared';

/** Where a draft message goes: a draft room (optionally except the sender) or one socket. */
export type DraftTarget = { room: string; except?: string } | { socketId: string };

/** One draft message, typed by the shared draft event map. */
export type DraftEmission = {
  [E in keyof DraftServerToClientEvents]: [E, ...Parameters<DraftServerToClientEvents[E]>];
}[keyof DraftServerToClientEvents];

/**
 * The hub relays a durable update, an awareness change or a reload notice (published by the hub instead of
 * emitting; the update is in the log before this event exists).
 */
export interface DraftRelayed {
  type: 'draft.relayed';
  target: DraftTarget;
  emission: DraftEmission;
}

/** A draft's title or lock changed (its room re-joins to learn the new access). */
export interface DraftUpdated {
  type: 'draft.updated';
  draft: DraftDto;
}

/** These sockets lost access to the draft (role or lock change): they leave its room and are told. */
export interface DraftAccessRevoked {
  type: 'draft.accessRevoked';
  draftId: string;
  socketIds: string[];
}

export interface DraftVersionSaved {
  type: 'draft.versionSaved';
  draftId: string;
  version: DraftVersionDto;
}

export interface DraftPublished {
  type: 'draft.published';
  draftId: string;
  publication: DraftPublicationDto;
}

export type DraftsEvent =
  DraftRelayed | DraftUpdated | DraftAccessRevoked | DraftVersionSaved | DraftPublished;
