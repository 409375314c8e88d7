import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/**
 * Serves the built client from the same port: hashed assets cached for a year, everything else
 * revalidated, and an SPA fallback to index.html for non-API GETs.
 */
export function mountStaticClient(app: Express, clientDistDir: string | undefined): void {
  if (!clientDistDir) return;
  const indexHtml = path.join(clientDistDir, 'index.html');
  if (!existsSync(indexHtml)) return;
  app.use(
    '/assets',
    express.static(path.join(clientDistDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  app.use(express.static(clientDistDir, { index: false, maxAge: 0 }));
  app.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
}
