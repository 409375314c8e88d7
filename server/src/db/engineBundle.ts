/**
 * How the embedded engine is started as a process. It runs from a single-file bundle of
 * `embedded/cli.ts` built with esbuild (which tsx already brings), under plain Node: that starts in
 * about a quarter of a second, where loading the same sources through the TypeScript loader takes
 * about a second — which counts against the cold-start budget of every restart.
 * The bundle is rebuilt whenever an engine source file or the lockfile is newer than it, so it can
 * never run code older than the tree. If it cannot be built (read-only install, no esbuild), the
 * engine runs through tsx as before.
 */
import { existsSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dbDir = path.dirname(fileURLToPath(import.meta.url));
const engineSourceDir = path.join(dbDir, 'embedded');
const cliSource = path.join(engineSourceDir, 'cli.ts');
const serverRoot = path.resolve(dbDir, '..', '..');
const repoLockfile = path.resolve(serverRoot, '..', 'package-lock.json');
export const ENGINE_BUNDLE_PATH = path.join(serverRoot, 'dist', 'engine', 'cli.mjs');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsFresh(): boolean {
  if (!existsSync(ENGINE_BUNDLE_PATH)) return false;
  const built = statSync(ENGINE_BUNDLE_PATH).mtimeMs;
  const lockfile = existsSync(repoLockfile) ? statSync(repoLockfile).mtimeMs : 0;
  return built >= Math.max(newestMtime(engineSourceDir), lockfile);
}

async function buildBundle(): Promise<void> {
  const esbuild = await import('esbuild');
  // Unique temporary name, then an atomic rename: parallel test workers may build at the same time.
  const tmp = `${ENGINE_BUNDLE_PATH}.${process.pid}.${Date.now()}.tmp`;
  try {
    await esbuild.build({
      entryPoints: [cliSource],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      keepNames: true,
      logLevel: 'silent',
      // Bundled CommonJS dependencies call require(); ESM output has none unless we make one.
      banner: {
        js: "import { createRequire as __polosCreateRequire } from 'node:module';\nconst require = __polosCreateRequire(import.meta.url);",
      },
    });
    renameSync(tmp, ENGINE_BUNDLE_PATH);
  } finally {
    if (existsSync(tmp)) unlinkSync(tmp);
  }
}

/** Builds the bundle when it is missing or older than a source; resolves whether it had to build. */
export async function ensureEngineBundle(): Promise<boolean> {
  if (bundleIsFresh()) return false;
  await buildBundle();
  return true;
}

let resolved: Promise<string[]> | undefined;

/**
 * Node arguments that start the engine CLI (append the CLI's own flags). Builds the bundle first
 * when it is missing or stale; resolved once per process.
 */
export function engineNodeArgs(onFallback?: (reason: string) => void): Promise<string[]> {
  resolved ??= (async () => {
    try {
      await ensureEngineBundle();
      return [ENGINE_BUNDLE_PATH];
    } catch (err) {
      onFallback?.(err instanceof Error ? err.message : String(err));
      const tsxLoader = createRequire(import.meta.url).resolve('tsx');
      return ['--import', tsxLoader, cliSource];
    }
  })();
  return resolved;
}
