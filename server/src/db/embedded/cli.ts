/**
 * Standalone engine (`npm run db`, which runs its bundle: see ../engineBundle.ts): `cli.ts --port 27018 --data ./data/db [--host 127.0.0.1] [--memory]`.
 * Prints `listening on mongodb://<host>:<port>` on stdout when ready; logs go to stderr.
 * SIGTERM/SIGINT close cleanly (flush journal, snapshot) and exit 0.
 */
import { startEmbeddedEngine } from './index';
import type { EngineLogger } from './types';

interface CliArgs {
  port: number;
  host: string;
  dataDir: string | undefined;
  verbose: boolean;
  /** Exit (cleanly) when stdin closes: a supervising parent that dies, even by SIGKILL, takes the engine with it. */
  exitWithParent: boolean;
}

function usage(msg: string): never {
  process.stderr.write(
    `${msg}\nusage: cli.ts [--port 27018] [--host 127.0.0.1] [--data ./data/db | --memory] [--verbose] [--exit-with-parent]\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    port: 27018,
    host: '127.0.0.1',
    dataDir: './data/db',
    verbose: false,
    exitWithParent: false,
  };
  let memory = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`missing value for ${flag}`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const p = Number(value());
        if (!Number.isInteger(p) || p < 0 || p > 65535) usage('invalid --port');
        args.port = p;
        break;
      }
      case '--host':
        args.host = value();
        break;
      case '--data':
      case '--dbpath':
        args.dataDir = value();
        break;
      case '--memory':
        memory = true;
        break;
      case '--verbose':
        args.verbose = true;
        break;
      case '--exit-with-parent':
        args.exitWithParent = true;
        break;
      case '--help':
        usage('');
        break;
      default:
        usage(`unknown argument ${a}`);
    }
  }
  if (memory) args.dataDir = undefined;
  return args;
}

function stderrLogger(verbose: boolean): EngineLogger {
  const write = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const line = { time: new Date().toISOString(), level, msg: message, ...fields };
    process.stderr.write(JSON.stringify(line) + '\n');
  };
  return {
    debug: (m, f) => (verbose ? write('debug', m, f) : undefined),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

async function main(): Promise<void> {
  // Logs are best-effort: when a supervising parent dies its pipes break (EPIPE), and the engine must
  // still flush and exit rather than fail on every log line.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const args = parseArgs(process.argv.slice(2));
  const logger = stderrLogger(args.verbose);
  const engine = await startEmbeddedEngine({
    host: args.host,
    port: args.port,
    ...(args.dataDir ? { dataDir: args.dataDir } : {}),
    logger,
  });
  process.stdout.write(`listening on ${engine.uri}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    engine.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      },
    );
  };
  if (args.exitWithParent) {
    process.stdin.on('end', () => stop('parent-exit'));
    process.stdin.on('error', () => stop('parent-exit'));
    process.stdin.resume();
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('uncaughtException', (err) => {
    logger.error('uncaught exception', { error: err.message, stack: err.stack });
  });
  process.on('unhandledRejection', (err) => {
    logger.error('unhandled rejection', { error: err instanceof Error ? err.message : String(err) });
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `engine failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
