/**
 * Reliability row 1: packet crash corpus. Known engine.io / socket.io-parser crash packets and malformed frames are
 * sent to the real server over raw WebSocket and raw HTTP long-polling (no Socket.IO client in between, so nothing
 * is cleaned up on the way): huge and odd attachment counts in binary event headers, invalid JSON, arrays and
 * objects thousands deep, `__proto__` and friends as session id / event name / payload key / namespace, protocol
 * mismatches on the handshake and the upgrade, invalid base64 in polling, oversize packets, packets before the
 * CONNECT, huge and odd namespaces.
 *
 * After each case the offending connection must either be closed by the server or still answer (its CONNECT or an
 * acked command), within the probe's timeout; after the whole corpus the server is alive (`/api/health` 200; no
 * `uncaughtException`/`unhandledRejection`: the server runs in this process, and Jest fails the running test on
 * either — a listener added here would not even see them), no HTTP request answered 5xx,
 * `Object.prototype` is unpolluted, a bystander socket connected throughout still works, and the engine's clients
 * and the default namespace's sockets are back to their counts before the corpus.
 */
import WebSocket from 'ws';
import { SESSION_COOKIE } from '@polos/shared';
import {
  buildWorld,
  command,
  connectSocket,
  signIn,
  waitFor,
  type TestServer,
  type TestSocket,
  type TestWorld,
  startTestServer,
} from '../../helpers/server';

jest.setTimeout(60_000);

/** How long a probe waits for the server to answer or close (row 1: "alive" means answering within 1 s). */
const PROBE_TIMEOUT_MS = 2000;
/** Socket.IO's default `maxHttpBufferSize` family: comfortably above the server's 1 MB packet limit. */
const OVERSIZE_BYTES = 1_200_000;

const deep = (depth: number, open: string, close: string, inner = '1'): string =>
  open.repeat(depth) + inner + close.repeat(depth);

// — Raw WebSocket —

interface RawWs {
  ws: WebSocket;
  /** Text frames received, in order. */
  received: string[];
  closed: boolean;
  /** Resolves with the first received frame matching `test`, or the string 'closed', or 'timeout'. */
  next(test: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

function openWs(base: string, query: string, cookie?: string): Promise<RawWs | { refused: string }> {
  const url = `${base.replace(/^http/, 'ws')}/socket.io/?${query}`;
  const ws = new WebSocket(url, { headers: cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {} });
  const received: string[] = [];
  const waiters = new Set<() => void>();
  const raw: RawWs = {
    ws,
    received,
    closed: false,
    next: (test, timeoutMs = PROBE_TIMEOUT_MS) =>
      new Promise((resolve) => {
        let seen = 0;
        const check = () => {
          for (; seen < received.length; seen++) {
            if (test(received[seen])) return done(received[seen]);
          }
          if (raw.closed) return done('closed');
        };
        const timer = setTimeout(() => done('timeout'), timeoutMs);
        const done = (result: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(result);
        };
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        if (raw.closed) return resolve();
        ws.once('close', () => resolve());
        ws.terminate();
      }),
  };
  ws.on('message', (data, isBinary) => {
    received.push(isBinary ? '<binary>' : (data as Buffer).toString('utf8'));
    for (const waiter of [...waiters]) waiter();
  });
  ws.on('error', () => undefined); // reported as 'close'
  return new Promise((resolve) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: `HTTP ${res.statusCode}` });
      res.resume();
      ws.terminate();
    });
    ws.once('close', () => {
      raw.closed = true;
      for (const waiter of [...waiters]) waiter();
      resolve({ refused: 'closed' });
    });
    ws.once('open', () => resolve(raw));
  });
}

/** Opens an engine.io WebSocket session (waits for the OPEN packet) and, unless `connect` is false, the CONNECT. */
async function wsSession(base: string, cookie: string | undefined, connect = true): Promise<RawWs> {
  const raw = await openWs(base, 'EIO=4&transport=websocket', cookie);
  if ('refused' in raw) throw new Error(`websocket refused: ${raw.refused}`);
  expect(await raw.next((f) => f.startsWith('0{'))).toMatch(/^0\{/);
  if (connect) {
    raw.ws.send('40');
    expect(await raw.next((f) => f.startsWith('40'))).toMatch(/^40\{"sid"/);
  }
  return raw;
}

let probeId = 1000;
/**
 * After a bad frame: the session either was closed by the server or still answers an acked unknown event with
 * `{ok:false}` (a connected socket) / a CONNECT (a session not yet connected).
 */
async function probeWs(raw: RawWs, connected: boolean): Promise<'closed' | 'answered'> {
  if (raw.closed) return 'closed';
  if (connected) {
    const id = probeId++;
    raw.ws.send(`42${id}["h8:probe",{}]`);
    const answer = await raw.next((f) => f.startsWith(`43${id}[`));
    if (answer === 'closed') return 'closed';
    expect(answer).toContain('"ok":false');
    return 'answered';
  }
  raw.ws.send('40');
  const answer = await raw.next((f) => /^4[04]\{/.test(f));
  if (answer === 'closed') return 'closed';
  expect(answer).toMatch(/^4[04]\{/);
  return 'answered';
}

// — Raw long-polling —

interface PollResult {
  status: number;
  text: string;
}

async function http(
  base: string,
  path: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<PollResult> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: init.headers,
    body: Buffer.isBuffer(init.body) ? new Uint8Array(init.body) : init.body,
  });
  return { status: res.status, text: await res.text() };
}

async function pollSession(
  base: string,
  cookie?: string,
): Promise<{ sid: string; headers: Record<string, string> }> {
  const headers: Record<string, string> = cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {};
  const open = await http(base, '/socket.io/?EIO=4&transport=polling', { headers });
  expect(open.status).toBe(200);
  const match = /^0(\{.*\})/.exec(open.text);
  expect(match).not.toBeNull();
  return { sid: (JSON.parse(match![1]) as { sid: string }).sid, headers };
}

const pollPath = (sid: string) => `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;

/**
 * After a bad POST: the session is gone (400 "Session ID unknown" or similar) or still answers a CONNECT on the next
 * GET; then it is closed by the client.
 */
async function probePoll(
  base: string,
  session: { sid: string; headers: Record<string, string> },
): Promise<'closed' | 'answered'> {
  const post = await http(base, pollPath(session.sid), {
    method: 'POST',
    body: '40',
    headers: { ...session.headers, 'content-type': 'text/plain;charset=UTF-8' },
  });
  if (post.status === 400) return 'closed';
  expect(post.status).toBe(200);
  const get = await http(base, pollPath(session.sid), { headers: session.headers });
  if (get.status === 400) return 'closed';
  expect(get.status).toBe(200);
  const packets = get.text.split('\u001e');
  // "6" NOOP then "1" CLOSE: the server is closing the session (e.g. after a parse error).
  if (packets.includes('1')) return 'closed';
  // A CONNECT answer (or the CONNECT_ERROR of a namespace the bad body asked for), not shown whole: it may be huge.
  expect(packets.some((p) => /^4[04]/.test(p)) ? 'answered' : get.text.slice(0, 200)).toBe('answered');
  // Close the session from the client side, as a well-behaved client would.
  await http(base, pollPath(session.sid), {
    method: 'POST',
    body: '1',
    headers: { ...session.headers, 'content-type': 'text/plain;charset=UTF-8' },
  });
  return 'answered';
}

describe('packet crash corpus (reliability row 1)', () => {
  let app: TestServer;
  let world: TestWorld;
  let cookie: string;
  let bystander: TestSocket;

  beforeAll(async () => {
    app = await startTestServer();
    world = await buildWorld();
    cookie = (await signIn(app.url, world.users.participant.email)).cookie!;
    bystander = await connectSocket(app.url, (await signIn(app.url, world.users.participant2.email)).cookie);
  });

  afterAll(async () => {
    bystander?.close();
    await app?.stop();
  });

  const counts = () => ({
    engineClients: app.server.io.engine.clientsCount,
    sockets: app.server.io.of('/').sockets.size,
  });

  test('theServerSurvivesEveryCrashPacketAndItsConnectionsReturnToBaseline', async () => {
    const baseline = counts();
    expect(baseline).toEqual({ engineClients: 1, sockets: 1 }); // the bystander
    const outcomes: Record<string, string> = {};
    const questionId = world.questionIds[0][0];

    // — WebSocket: frames on a connected (authenticated) socket —
    const connectedFrames: Record<string, string | Buffer | Array<string | Buffer>> = {
      'binary event, attachment count 1e9 (451e9-)': '451e9-["x",{"_placeholder":true,"num":0}]',
      'binary event, 1,000,000,000 attachments': '451000000000-["x",{"_placeholder":true,"num":0}]',
      'binary event, 400-digit attachment count': `4${'9'.repeat(400)}-["x"]`,
      'binary event, negative / zero / fractional attachments': ['45-1-["x"]', '450-["x"]', '451.5-["x"]'],
      'binary event, Infinity / NaN attachments': ['45Infinity-["x"]', '45NaN-["x"]'],
      'binary event, header only, no dash': '451["x"]',
      'binary event announcing 2 attachments, 1 sent, then text': [
        '452-["x",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
        Buffer.from([1, 2, 3]),
        '42["x"]',
      ],
      'binary placeholder index out of range': ['451-["x",{"_placeholder":true,"num":99}]', Buffer.from([1])],
      'binary placeholder with __proto__ index': [
        '451-["x",{"_placeholder":true,"num":"__proto__"}]',
        Buffer.from([1]),
      ],
      'binary frame with no binary event announced': Buffer.from([0, 1, 2, 3, 255]),
      'binary ack with attachments': '461-0[{"_placeholder":true,"num":0}]',
      'invalid JSON': ['42[', '42{"a":', '42["x",]', '42["x"', '42null', '42"str"', '42[]', '42[1]'],
      'event name not a string': ['42[{"a":1}]', '42[null]', '42[["nested"]]', '42[12345]'],
      'reserved and prototype event names': [
        '42["__proto__"]',
        '42["constructor",1]',
        '42["hasOwnProperty",1]',
        '42["toString"]',
        '42["newListener","x"]',
        '42["removeListener","x"]',
        '42["connect"]',
        '42["disconnect"]',
        '42["disconnecting"]',
        '42["error",{"message":"x"}]',
      ],
      'arrays 10,000 deep': `42${'["question:subscribe",'}${deep(10_000, '[', ']')}]`,
      'arrays 10,000 deep with ack': `427${'["question:subscribe",'}${deep(10_000, '[', ']')}]`,
      'objects 10,000 deep as payload': `428["question:subscribe",${deep(10_000, '{"questionId":', '}', '"x"')}]`,
      '__proto__ keys in payload': [
        `429["question:subscribe",{"__proto__":{"polluted":true},"questionId":"${questionId}"}]`,
        `4210["post:create",{"questionId":"${questionId}","clientId":"h8-proto","body":"x","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}]`,
      ],
      'ack ids: huge, negative, unsolicited acks': [
        '4299999999999999999999999["x"]',
        '42-1["x"]',
        '43999[]',
        '4312345678901234567890[{"a":1}]',
        '43["x"]',
      ],
      'packet types out of range / client-only': ['47["x"]', '48', '49', '4', '44{"message":"x"}', '40'],
      'engine.io packet types out of range': ['7', '8', '9', '', 'x', '2probe', '5', '6', '3'],
      'event on a namespace never connected': '42/admin,["x"]',
      'oversize text frame (> maxHttpBufferSize)': `42["x","${'a'.repeat(OVERSIZE_BYTES)}"]`,
      'oversize binary frame': Buffer.alloc(OVERSIZE_BYTES, 7),
    };
    for (const [name, frames] of Object.entries(connectedFrames)) {
      const raw = await wsSession(app.url, cookie);
      for (const frame of Array.isArray(frames) ? frames : [frames]) {
        if (!raw.closed) raw.ws.send(frame);
      }
      outcomes[`ws connected: ${name}`] = await probeWs(raw, true);
      await raw.close();
    }

    // — WebSocket: packets before the CONNECT, and odd namespaces —
    const beforeConnect: Record<string, string | string[]> = {
      'event before CONNECT': ['42["question:subscribe",{}]', '421["post:create",{}]'],
      'ack before CONNECT': '430[{}]',
      'binary event before CONNECT': '451e9-["x"]',
      'DISCONNECT before CONNECT': '41',
      'namespace of 100,000 characters': `40/${'n'.repeat(100_000)},`,
      'namespace __proto__ / constructor / prototype': ['40/__proto__,', '40/constructor,', '40/prototype,'],
      'namespace with NUL, traversal, unicode, no trailing comma': [
        '40/\u0000,',
        '40/../admin,',
        '40/\u202Egpj.exe,',
        '40/abc',
        '40//,',
        '40/,',
      ],
      'CONNECT with odd auth payloads': [
        '40{"__proto__":{"polluted":true}}',
        '40[',
        '40"x"',
        '40null',
        '40[1,2]',
      ],
    };
    for (const [name, frames] of Object.entries(beforeConnect)) {
      const raw = await wsSession(app.url, cookie, false);
      for (const frame of Array.isArray(frames) ? frames : [frames]) {
        if (!raw.closed) raw.ws.send(frame);
      }
      outcomes[`ws before connect: ${name}`] = await probeWs(raw, false);
      await raw.close();
    }

    // — Anonymous WebSocket: the parser runs before authentication —
    {
      const raw = await wsSession(app.url, undefined, false);
      raw.ws.send('451e9-["x"]');
      raw.ws.send(`40/${'n'.repeat(10_000)},`);
      raw.ws.send('40');
      const answer = await raw.next((f) => f.startsWith('44{') || f.startsWith('40{'));
      outcomes['ws anonymous: crash packets then CONNECT'] = answer;
      if (answer !== 'closed') expect(answer).toMatch(/^44\{.*unauthenticated/);
      await raw.close();
    }

    // — Handshake and upgrade mismatches: refused, never a crash —
    const handshakes = [
      'EIO=3&transport=websocket',
      'EIO=5&transport=websocket',
      'EIO=abc&transport=websocket',
      'transport=websocket',
      'EIO=4',
      'EIO=4&transport=flashsocket',
      'EIO=4&transport=__proto__',
      'EIO=4&transport=websocket&sid=__proto__',
      'EIO=4&transport=websocket&sid=constructor',
      'EIO=4&transport=websocket&sid=hasOwnProperty',
      'EIO=4&transport=websocket&sid=unknown-session-id',
      'EIO=4&transport=websocket&transport=polling',
      'EIO=4&EIO=3&transport=websocket',
    ];
    for (const query of handshakes) {
      const raw = await openWs(app.url, query, cookie);
      if ('refused' in raw) {
        outcomes[`ws handshake ${query}`] = `refused (${raw.refused})`;
        expect(raw.refused).not.toMatch(/HTTP 5/);
      } else {
        // Accepted as a plain new session despite the oddity: it must behave like one.
        outcomes[`ws handshake ${query}`] = await probeWs(raw, false);
        await raw.close();
      }
    }
    {
      // Upgrading a polling session with the wrong protocol version, and upgrading twice.
      const session = await pollSession(app.url, cookie);
      const wrong = await openWs(app.url, `EIO=3&transport=websocket&sid=${session.sid}`, cookie);
      expect('refused' in wrong ? wrong.refused : 'accepted').not.toMatch(/HTTP 5/);
      if (!('refused' in wrong)) await wrong.close();
      const first = await openWs(app.url, `EIO=4&transport=websocket&sid=${session.sid}`, cookie);
      const second = await openWs(app.url, `EIO=4&transport=websocket&sid=${session.sid}`, cookie);
      for (const raw of [first, second]) {
        if (!('refused' in raw)) {
          raw.ws.send('5'); // UPGRADE without the probe
          raw.ws.send('2probe');
          await raw.close();
        } else expect(raw.refused).not.toMatch(/HTTP 5/);
      }
      outcomes['upgrade: wrong EIO, double upgrade, upgrade without probe'] = 'done';
      await http(app.url, pollPath(session.sid), {
        method: 'POST',
        body: '1',
        headers: { ...session.headers, 'content-type': 'text/plain;charset=UTF-8' },
      });
    }

    // — Raw HTTP long-polling —
    const statuses: Record<string, number> = {};
    for (const query of [
      'EIO=3&transport=polling',
      'EIO=4&transport=websocket', // websocket transport without an upgrade
      'EIO=4&transport=polling&sid=__proto__',
      'EIO=4&transport=polling&sid=constructor',
      'EIO=4&transport=polling&sid=toString',
      'EIO=4&transport=polling&sid=',
      'EIO=4&transport=polling&j=0', // JSONP (removed in EIO 4)
      'EIO=4&transport=polling&b64=1',
    ]) {
      for (const method of ['GET', 'POST']) {
        const res = await http(app.url, `/socket.io/?${query}`, {
          method,
          body: method === 'POST' ? '40' : undefined,
          headers: { cookie: `${SESSION_COOKIE}=${cookie}`, 'content-type': 'text/plain;charset=UTF-8' },
        });
        statuses[`${method} ${query}`] = res.status;
        // A session opened by one of these odd GETs (an empty sid is a new handshake; JSONP, `j=`, is still served)
        // is closed again: its sid is in the body, JSON-escaped inside the JSONP callback.
        const opened = /sid\\?"\s*:\s*\\?"([^"\\]+)/.exec(res.text);
        if (opened && res.status === 200) {
          const jsonp = query.includes('&j=');
          await http(app.url, `${pollPath(opened[1])}${jsonp ? '&j=0' : ''}`, {
            method: 'POST',
            body: jsonp ? 'd=1' : '1',
            headers: {
              'content-type': jsonp ? 'application/x-www-form-urlencoded' : 'text/plain;charset=UTF-8',
            },
          });
        }
      }
    }
    const pollBodies: Record<string, string | Buffer> = {
      'invalid base64 binary packet': 'b!!!not-base64%%%',
      'base64 of garbage, then a binary event needing it': '451e9-["x"]\u001ebAAAA',
      'empty packets between separators': '\u001e\u001e\u001e40\u001e\u001e',
      'huge attachment count': '451000000000-["x",{"_placeholder":true,"num":0}]',
      'invalid JSON and deep nesting': `42[\u001e42${deep(10_000, '[', ']')}`,
      '__proto__ payload': '42["__proto__",{"__proto__":{"polluted":true}}]',
      'namespace of 100,000 characters': `40/${'n'.repeat(100_000)},`,
      'oversize body (> maxHttpBufferSize)': `42["x","${'a'.repeat(OVERSIZE_BYTES)}"]`,
      'binary body with binary content type': Buffer.from([0, 255, 1, 254]),
    };
    for (const [name, body] of Object.entries(pollBodies)) {
      const session = await pollSession(app.url, cookie);
      const res = await http(app.url, pollPath(session.sid), {
        method: 'POST',
        body,
        headers: {
          ...session.headers,
          'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'text/plain;charset=UTF-8',
        },
      });
      statuses[`POST body: ${name}`] = res.status;
      outcomes[`polling: ${name}`] = await probePoll(app.url, session);
    }
    {
      // Two overlapping GETs on one session (engine.io closes it), then a GET on the closed session.
      const session = await pollSession(app.url, cookie);
      const [a, b] = await Promise.all([
        http(app.url, pollPath(session.sid), { headers: session.headers }),
        http(app.url, pollPath(session.sid), { headers: session.headers }),
      ]);
      const after = await http(app.url, pollPath(session.sid), { headers: session.headers });
      statuses['overlapping GETs'] = Math.max(a.status, b.status);
      statuses['GET after overlap'] = after.status;
      outcomes['polling: overlapping GETs'] =
        after.status === 400 ? 'closed' : await probePoll(app.url, session);
    }
    for (const [what, status] of Object.entries(statuses))
      expect(`${what}: ${status}`).not.toMatch(/: 5\d\d$/);

    const tally: Record<string, number> = {};
    for (const outcome of Object.values(outcomes)) tally[outcome] = (tally[outcome] ?? 0) + 1;
    process.stdout.write(`packet corpus: ${Object.keys(outcomes).length} cases ${JSON.stringify(tally)}\n`);

    // Alive: health, no prototype pollution, the bystander still works.
    const health = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(1000) });
    expect(health.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(bystander.connected).toBe(true);
    expect(
      await command<unknown>(bystander, 'workspace:join', { workspaceId: world.workspaceId }).then(
        () => 'ok',
        (error: Error) => error.message,
      ),
    ).toBe('ok');

    // Open handles back to baseline: every session the corpus opened is gone from the engine and the namespace.
    await waitFor(() => {
      const now = counts();
      return now.engineClients === baseline.engineClients && now.sockets === baseline.sockets;
    }, 5000).catch(() => undefined); // reported below
    expect(counts()).toEqual(baseline);
  });
});
