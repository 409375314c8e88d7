/** A workspace's agenda changed (a session scheduled, edited or deleted; clocks or feed token changed). */
export interface AgendaChanged {
  type: 'agenda.changed';
  workspaceId: string;
}

export type AgendaEvent = AgendaChanged;
