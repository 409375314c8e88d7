import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../server/src/config/config';

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'polos-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('appliesDefaultsAndFreezes', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info', demo: true });
    expect(config.mongodbUri).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('listsEveryProblemAtOnce', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        MONGODB_URI: 'http://nope',
        LOG_LEVEL: 'loud',
        SESSION_SECRET: 'short',
        DATA_DIR: dataDir,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const field of ['PORT', 'MONGODB_URI', 'LOG_LEVEL', 'SESSION_SECRET'])
      expect(problems).toContain(field);
  });

  test('treatsEmptyVariablesAsUnset', () => {
    expect(loadConfig({ MONGODB_URI: '', PORT: '', DATA_DIR: dataDir }).mongodbUri).toBeUndefined();
  });

  test('persistsAGeneratedSessionSecret', () => {
    const first = loadConfig({ DATA_DIR: dataDir }).sessionSecret;
    const second = loadConfig({ DATA_DIR: dataDir }).sessionSecret;
    expect(first).toHaveLength(64);
    expect(second).toBe(first);
    expect(readFileSync(path.join(dataDir, 'session-secret'), 'utf8').trim()).toBe(first);
  });

  test('usesGivenMongoUriAndSecret', () => {
    const secret = 'x'.repeat(40);
    const config = loadConfig({
      MONGODB_URI: 'mongodb://db:27017/polos',
      SESSION_SECRET: secret,
      DATA_DIR: dataDir,
    });
    expect(config.mongodbUri).toBe('mongodb://db:27017/polos');
    expect(config.sessionSecret).toBe(secret);
  });
});
