/** Someone else in the draft, as the server stamped them in the awareness state. */
export interface Presence {
  clientId: number;
  user: { name: string; color?: string };
}

/**
 * The other people in a draft, split by what they can do: the server stamps each awareness state with the
 * authenticated user and `readOnly` (their access), so a read-only viewer is listed under "Viewing", not "Editing now".
 */
export function splitPresence(
  states: ReadonlyMap<number, unknown>,
  ownClientId: number,
): { editing: Presence[]; viewing: Presence[] } {
  const editing: Presence[] = [];
  const viewing: Presence[] = [];
  for (const [clientId, state] of states) {
    if (clientId === ownClientId) continue;
    const user = (state as { user?: { name?: unknown; color?: unknown; readOnly?: unknown } } | null)?.user;
    if (typeof user?.name !== 'string' || !user.name) continue;
    const entry = {
      clientId,
      user: { name: user.name, ...(typeof user.color === 'string' ? { color: user.color } : {}) },
    };
    (user.readOnly === true ? viewing : editing).push(entry);
  }
  return { editing, viewing };
}
