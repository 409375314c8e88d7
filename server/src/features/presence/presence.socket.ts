import { blockRefSchema, rooms, typingSchema, type PresenceEntryDto } from '@polos/shared';
import type { CommandContext, SocketFeature } from '../../contracts/feature';
import { presentDistrictSummary } from '../districts/districts.presenter';
import { accessBlock } from '../blocks/access';
import { accessQuestion } from '../questions/access';
import { authorize } from '../workspaces/workspaces.policy';
import type { PresenceEvent as DomainEvent } from './events';
import { presenceOf } from './presence.service';

/** Leaves the socket's current block (if any); returns the presence event to publish. */
export async function leaveCurrentBlock({ ctx, socket, user }: CommandContext): Promise<DomainEvent[]> {
  const current = socket.data.blockId;
  if (!current) return [];
  socket.data.blockId = null;
  await socket.leave(rooms.block(current));
  const list = await presenceOf(ctx).leave(current, socket.id, user.userId.toHexString());
  return list ? [{ type: 'presence.changed', presence: list }] : [];
}

/** `block:join` / `block:leave` (presence) and `typing:start` / `typing:stop` (volatile). */
export const presenceSocket: SocketFeature = (register) => {
  register('block:join', blockRefSchema, async ({ blockId }, c) => {
    const { role } = await accessBlock(blockId, c.user.userId, 'read');
    const events = c.socket.data.blockId === blockId ? [] : await leaveCurrentBlock(c);
    const entry: PresenceEntryDto = {
      userId: c.user.userId.toHexString(),
      name: c.user.name,
      role,
      district: c.user.district ? presentDistrictSummary(c.user.district) : null,
    };
    await c.socket.join(rooms.block(blockId));
    c.socket.data.blockId = blockId;
    const list = await presenceOf(c.ctx).join(blockId, c.socket.id, entry);
    if (list) events.push({ type: 'presence.changed', presence: list });
    return { data: list ?? (await presenceOf(c.ctx).list(blockId)), events };
  });

  register('block:leave', blockRefSchema, async ({ blockId }, c) => {
    await accessBlock(blockId, c.user.userId, 'read');
    if (c.socket.data.blockId !== blockId) return { data: null };
    return { data: null, events: await leaveCurrentBlock(c) };
  });

  for (const [event, typing] of [
    ['typing:start', true],
    ['typing:stop', false],
  ] as const) {
    register(event, typingSchema, async ({ questionId }, { socket, user }) => {
      // Volatile and frequent: a subscribed socket is checked against the role cached at subscribe time
      // (role changes disconnect the member's sockets); otherwise against the database.
      const workspaceId = socket.data.subscriptions[questionId];
      if (workspaceId) authorize(socket.data.workspaces[workspaceId], 'participate');
      else await accessQuestion(questionId, user.userId, 'participate');
      return {
        data: null,
        events: [
          {
            type: 'typing.changed',
            questionId,
            userId: user.userId.toHexString(),
            name: user.name,
            typing,
            exceptSocketId: socket.id,
          },
        ],
      };
    });
  }
};
