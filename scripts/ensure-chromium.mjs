#!/usr/bin/env node
// Runs before `npm test`: the browser suite needs Debian's Chromium at /usr/bin/chromium and never
// silently skips. Installs it where it can (root with apt-get), otherwise fails with the instruction.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log(`Chromium not found at ${CHROMIUM}: installing Debian's chromium (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install =
    update.status === 0 && spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  if (install && install.status === 0 && existsSync(CHROMIUM)) process.exit(0);
}
console.error(
  `\nThe browser tests need Chromium at ${CHROMIUM}, and it could not be installed automatically.\n` +
    `Install it with:\n\n    sudo apt-get update && sudo apt-get install -y chromium\n\n` +
    `(or set CHROMIUM_PATH to an existing Chromium binary) and run npm test again.\n`,
);
process.exit(1);
