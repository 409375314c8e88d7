import { defineFeature } from '../../contracts/feature';

/**
 * The workspace's audit log, written by every feature through `recordAudit`. It contributes no route: moderators
 * read it through `GET /api/workspaces/:workspaceId/audit` of `workspaces`, which owns the access rule.
 */
export const audit = defineFeature({
  name: 'audit',
  setup: () => ({}),
});
