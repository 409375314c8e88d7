import type { PresenceDto } from '@polos/shared';

/** Who is present in a block changed (volatile, never stored). */
export interface PresenceChanged {
  type: 'presence.changed';
  presence: PresenceDto;
}

/** Someone started or stopped typing in a thread (volatile; not echoed to the typing socket). */
export interface TypingChanged {
  type: 'typing.changed';
  questionId: string;
  userId: string;
  name: string;
  typing: boolean;
  exceptSocketId?: string;
}

export type PresenceEvent = PresenceChanged | TypingChanged;
