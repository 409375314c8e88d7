/** The agenda feature's public entry: the page (`/w/:workspaceId/agenda`) and the workspace banner. */
export { AgendaBanner } from './AgendaBanner';
export { default as AgendaPage } from './AgendaPage';
