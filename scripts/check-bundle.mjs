#!/usr/bin/env node
// Budget for the client's entry chunk (what every visitor downloads first), gzip-compressed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_KB = 150;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'client', 'dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]+src="\/(assets\/[^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
if (entries.length === 0) {
  console.error('check-bundle: no entry script found in client/dist/index.html');
  process.exit(1);
}
let totalKb = 0;
for (const file of new Set(entries)) {
  const kb = gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length / 1024;
  totalKb += kb;
  console.log(`  ${file}: ${kb.toFixed(1)} KB gzip`);
}
console.log(`Entry JS: ${totalKb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`);
if (totalKb > BUDGET_KB) {
  console.error(`Entry bundle over budget by ${(totalKb - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
