import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageJsonPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');

/** The server package's version, read once. */
export const APP_VERSION: string = (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string }).version;
