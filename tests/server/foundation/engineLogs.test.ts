import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { engineLogEntry, startSupervisedEngine } from '../../../server/src/db/embeddedSupervisor';

jest.setTimeout(60_000);

/** Issue 15.16: the engine's JSON log lines reach the app's log as fields, not as a JSON string in a message. */
describe('engine log lines in the app log', () => {
  it('parsesAnEngineJsonLineIntoLevelMessageAndFields', () => {
    const line = JSON.stringify({
      time: '2026-11-29T10:00:00.000Z',
      level: 'warn',
      msg: 'journal has a torn tail',
      file: 'j-0001.log',
      bytes: 12,
    });
    expect(engineLogEntry(line)).toEqual({
      level: 'warn',
      msg: 'journal has a torn tail',
      fields: { source: 'engine', file: 'j-0001.log', bytes: 12, engineTime: '2026-11-29T10:00:00.000Z' },
    });
    // An unknown level is logged at info; text that is not JSON (a crash trace) at warn, as text.
    expect(engineLogEntry('{"level":"trace","msg":"x"}')?.level).toBe('info');
    expect(engineLogEntry('Error: boom')).toEqual({
      level: 'warn',
      msg: 'Error: boom',
      fields: { source: 'engine' },
    });
    expect(engineLogEntry('{"unterminated')).toMatchObject({ level: 'warn', msg: '{"unterminated' });
    expect(engineLogEntry('   ')).toBeNull();
  });

  it('logsTheRunningEnginesLinesWithTheirFields', async () => {
    const entries: Record<string, unknown>[] = [];
    let buffered = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line) entries.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'polos-engine-logs-'));
    const engine = await startSupervisedEngine(dataDir, logger);
    try {
      const deadline = Date.now() + 10_000;
      let listening: Record<string, unknown> | undefined;
      while (!listening && Date.now() < deadline) {
        listening = entries.find((e) => e.msg === 'embedded engine listening');
        if (!listening) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(listening).toMatchObject({ source: 'engine', uri: engine.uri, level: 30 });
      // No entry carries an engine line as a nested JSON string.
      expect(entries.filter((e) => typeof e.msg === 'string' && e.msg.startsWith('{'))).toEqual([]);
    } finally {
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
