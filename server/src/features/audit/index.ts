import { defineFeature } from '../../contracts/feature';
import { auditRoutes } from './audit.routes';

/** The workspace's audit log (written by every feature through `recordAudit`, read by moderators). */
export const audit = defineFeature({
  name: 'audit',
  setup: (ctx) => ({ routes: auditRoutes(ctx) }),
});
