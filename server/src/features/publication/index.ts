import { defineFeature } from '../../contracts/feature';
import { publicationRoutes } from './publication.routes';

/**
 * The publication bundle and the public year page (issue 12.4): a moderator downloads the year as one ZIP (released
 * conclusions in PDF/DOCX/HTML/Markdown, thread transcripts, poll, endorsement and participation results,
 * `index.html`, `manifest.json` with SHA-256 per file; the same input gives the same bytes), and an admin can make
 * a read-only year page public (the flag is the workspaces feature's, set through its `setPublicPage` port).
 * Sits at the top of the feature layers: it only reads the features below; it owns no collection.
 */
export const publication = defineFeature({
  name: 'publication',
  setup: (ctx) => ({ routes: publicationRoutes(ctx) }),
});
