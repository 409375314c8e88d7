import { rooms } from '@polos/shared';
import { defineFeature } from '../../contracts/feature';
import { agendaRoutes } from './agenda.routes';
import type { AgendaEvent } from './events';

/** The workspace agenda: scheduled live sessions, reference clocks, ICS per session and the subscribable feed. */
export const agenda = defineFeature<AgendaEvent>({
  name: 'agenda',
  setup: (ctx) => ({
    routes: agendaRoutes(ctx),
    present: {
      'agenda.changed': ({ workspaceId }) => [
        { to: rooms.workspace(workspaceId), emit: ['agenda:changed', { workspaceId }] },
      ],
    },
  }),
});
