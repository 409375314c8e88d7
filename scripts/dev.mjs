#!/usr/bin/env node
// `npm run dev`: the server with reload on port 3000 and Vite's dev server (proxying /api and
// /socket.io to it, WebSocket included) on port 5173.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const children = [
  spawn('npx', ['tsx', 'watch', 'server/src/index.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { PORT: '3000', PUBLIC_ORIGIN: 'http://localhost:5173,http://127.0.0.1:5173', ...process.env },
  }),
  spawn('npm', ['run', 'dev', '--workspace', '@polos/client'], { cwd: root, stdio: 'inherit' }),
];
const stopAll = (signal) => children.forEach((child) => child.kill(signal));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
for (const child of children) child.on('exit', (code) => { stopAll('SIGTERM'); process.exit(code ?? 0); });
