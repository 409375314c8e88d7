/**
 * The app entry (`server/src/index.ts`) as one ESM file for tests that start real app processes: loading the
 * sources through the tsx loader costs several seconds of CPU per process on a loaded 2-core machine, a bundle
 * starts under plain Node in a fraction of that (same idea as server/src/db/engineBundle.ts for the engine).
 *
 * - Our workspaces (server/src, @polos/shared) are bundled; npm packages stay external and load from
 *   node_modules as under tsx (same versions, fonts and other files resolved the same way).
 * - Each source's `import.meta.url` is replaced by that source file's own URL, so paths computed from it
 *   (client/dist, package.json, the engine bundle, createRequire) are exactly the ones tsx sees.
 * - Rebuilt when any server/shared source, this file or the lockfile is newer than the bundle; written to a
 *   unique temporary name and renamed atomically (parallel jest workers may build at the same time).
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(__dirname, '..', '..');
const appEntry = path.join(repoRoot, 'server', 'src', 'index.ts');
const sourceDirs = [path.join(repoRoot, 'server', 'src'), path.join(repoRoot, 'shared', 'src')];
const lockfile = path.join(repoRoot, 'package-lock.json');

/** Where the bundle is written (git-ignored build output, next to the engine bundle). */
export const APP_BUNDLE_PATH = path.join(repoRoot, 'server', 'dist', 'app', 'index.mjs');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.(ts|tsx|json)$/.test(item.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh(outfile: string, extraDirs: readonly string[]): boolean {
  if (!existsSync(outfile)) return false;
  const built = statSync(outfile).mtimeMs;
  const inputs = Math.max(
    ...[...sourceDirs, ...extraDirs].map(newestMtime),
    statSync(__filename).mtimeMs,
    existsSync(lockfile) ? statSync(lockfile).mtimeMs : 0,
  );
  return built >= inputs;
}

/**
 * `import.meta.url` in code (not inside a string literal on its line: engineBundle.ts carries one in a banner
 * string) replaced by the literal URL of the source file.
 */
function withSourceUrl(contents: string, url: string): string {
  return contents.replace(/import\.meta\.url/g, (match, offset: number) => {
    const lineStart = contents.lastIndexOf('\n', offset) + 1;
    const before = contents.slice(lineStart, offset);
    const inString = ['"', "'", '`'].some((q) => before.split(q).length % 2 === 0);
    return inString ? match : JSON.stringify(url);
  });
}

async function build(entry: string, outfile: string): Promise<void> {
  const esbuild = await import('esbuild');
  const tmp = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      keepNames: true,
      logLevel: 'silent',
      banner: {
        js: "import { createRequire as __polosCreateRequire } from 'node:module';\nconst require = __polosCreateRequire(import.meta.url);",
      },
      plugins: [
        {
          name: 'polos-app',
          setup(b) {
            // npm packages stay external; our own workspaces (@polos/*) are bundled.
            b.onResolve({ filter: /^[^./]/ }, (args) =>
              args.path.startsWith('@polos/') ? undefined : { path: args.path, external: true },
            );
            b.onLoad({ filter: /\.(ts|tsx)$/ }, (args) => {
              const contents = readFileSync(args.path, 'utf8');
              if (!contents.includes('import.meta.url')) return undefined;
              return {
                contents: withSourceUrl(contents, pathToFileURL(args.path).href),
                loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
              };
            });
          },
        },
      ],
    });
    renameSync(tmp, outfile);
  } finally {
    if (existsSync(tmp)) unlinkSync(tmp);
  }
}

const ready = new Map<string, Promise<string>>();

/**
 * Bundles another entry the same way (a test fixture process that imports server sources) to
 * `server/dist/app/<name>.mjs`; `extraDirs` are watched for changes besides server/src and shared/src.
 * Resolves the bundle's path, building it first when missing or stale (once per jest worker).
 * @throws when esbuild fails (a syntax error in a source file: the same error tsx would give).
 */
export function ensureBundle(
  entry: string,
  name: string,
  extraDirs: readonly string[] = [],
): Promise<string> {
  const outfile = path.join(path.dirname(APP_BUNDLE_PATH), `${name}.mjs`);
  let promise = ready.get(outfile);
  if (!promise) {
    promise = (async () => {
      if (!isFresh(outfile, extraDirs)) await build(entry, outfile);
      return outfile;
    })();
    ready.set(outfile, promise);
  }
  return promise;
}

/** {@link ensureBundle} for the app entry, server/src/index.ts → {@link APP_BUNDLE_PATH}. */
export function ensureAppBundle(): Promise<string> {
  return ensureBundle(appEntry, 'index');
}
