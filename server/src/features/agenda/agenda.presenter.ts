import type { AgendaSessionDto } from '@polos/shared';
import type { AgendaSessionDoc } from './agenda.model';

/** The API view of a stored session (instants as ISO 8601 UTC). */
export function presentAgendaSession(doc: AgendaSessionDoc): AgendaSessionDto {
  const { en, es, pt, fr } = doc.title;
  return {
    id: doc._id.toHexString(),
    workspaceId: doc.workspaceId.toHexString(),
    title: { en, es, ...(pt ? { pt } : {}), ...(fr ? { fr } : {}) },
    start: doc.start.toISOString(),
    end: doc.end.toISOString(),
    timeZone: doc.timeZone,
    blockId: doc.blockId ? doc.blockId.toHexString() : null,
  };
}
