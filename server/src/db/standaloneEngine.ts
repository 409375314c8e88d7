/**
 * `npm run db -- --port 27018 --data ./data/db`: runs the embedded engine on its own, so several app
 * processes can share it. Starts the same bundled CLI the app's supervisor starts (see engineBundle.ts)
 * and passes every flag through.
 */
import { spawn } from 'node:child_process';
import { engineNodeArgs } from './engineBundle';

const args = await engineNodeArgs((reason) =>
  process.stderr.write(`engine bundle could not be built (${reason}); running through tsx\n`),
);
const engine = spawn(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
// A terminal's Ctrl-C reaches both processes; the engine closes cleanly and this one follows it.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => engine.kill('SIGTERM'));
engine.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
