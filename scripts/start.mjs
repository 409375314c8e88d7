#!/usr/bin/env node
// `npm start`: builds the client when its build is missing or older than its sources, then starts the
// server (embedded database unless MONGODB_URI is set). Needs nothing beyond Node and npm.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = path.join(root, 'client');
const builtIndex = path.join(clientDir, 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const sources = [
  path.join(clientDir, 'src'),
  path.join(clientDir, 'index.html'),
  path.join(root, 'shared', 'src'),
];
const sourceMtime = Math.max(
  ...sources.map((s) => (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs)),
);
if (!existsSync(builtIndex) || statSync(builtIndex).mtimeMs < sourceMtime) {
  console.log('Building the client…');
  const build = spawnSync('npm', ['run', 'build', '--workspace', '@polos/client'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const tsx = createRequire(import.meta.url).resolve('tsx', { paths: [path.join(root, 'server')] });
const instances = Number(process.env.INSTANCES ?? '1');
if (!Number.isInteger(instances) || instances < 1 || instances > 64) {
  console.error(`INSTANCES must be a whole number from 1 to 64 (got ${process.env.INSTANCES})`);
  process.exit(1);
}
if (instances > 1) {
  // INSTANCES=N: N app processes behind one port (scripts/cluster.mjs, docs/DEPLOY.md).
  const { startCluster } = await import('./cluster.mjs');
  await startCluster({ root, tsx, instances });
} else {
  startSingle();
}

function startSingle() {
  const server = spawn(process.execPath, ['--import', tsx, path.join(root, 'server', 'src', 'index.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { NODE_ENV: 'production', ...process.env },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
