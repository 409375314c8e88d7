/**
 * Embedded engine text search (issue 13's target: search over 100,000 posts + 1,000 profiles, p95 ≤ 50 ms
 * server time). One `searchentries`-shaped collection with the search feature's text index (title weight 4,
 * body 1, `default_language` spanish, `language_override` language) and its `{ workspaceId, kind }` index;
 * queries as the search service sends them: `$text` with `$language`, `workspaceId: { $in: [ws, null] }`,
 * `hidden: false`, sort by textScore, limit 204. Latency through the official driver on loopback (the driver
 * itself adds ~0.3 ms), so the printed p95 is an upper bound on the engine's server time.
 *
 *   npx tsx bench/dbText.bench.ts            (standalone: own in-memory engine child)
 *   npm run bench:db                         (also runs it)
 *
 * Prints `RESULT engine_text_search_p95_ms` (and p50, and the 4-language fan-out the service does).
 */
import { MongoClient, ObjectId, type Document } from 'mongodb';
import path from 'node:path';
import { startEngineChild } from './lib/engine';
import { percentile } from './lib/stats';

const POSTS = 100_000;
const PROFILES = 1_000;
const WORKSPACES = 4;
const QUERIES = 300;
const LIMIT = 204;

/** Deterministic PRNG (mulberry32) so every run indexes the same corpus. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON: Record<string, string[]> = {
  spanish:
    'competitividad distritos cooperación innovación empresas región políticas internacionalización clúster exportaciones financiación talento universidades logística turismo agroindustria'.split(
      ' ',
    ),
  portuguese:
    'competitividade distritos cooperação inovação empresas região políticas internacionalização cluster exportações financiamento talento universidades logística turismo agroindústria'.split(
      ' ',
    ),
  english:
    'competitiveness districts cooperation innovation companies region policies internationalisation cluster exports funding talent universities logistics tourism agribusiness'.split(
      ' ',
    ),
  french:
    'compétitivité districts coopération innovation entreprises région politiques internationalisation grappe exportations financement talent universités logistique tourisme agro-industrie'.split(
      ' ',
    ),
};
const LANGS = Object.keys(COMMON);
const SYLLABLES =
  'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga go la le li lo lu ma me mi mo mu na ne ni no pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi za zo'.split(
    ' ',
  );

/** Vocabulary: the domain words (frequent) then 6,000 made-up words per language (Zipf tail). */
function vocabulary(random: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let j = 0; j < n; j++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    out.push(w);
  }
  return out;
}

function zipf(random: () => number, n: number): number {
  // inverse-CDF of a 1/rank distribution, fine for a benchmark corpus
  return Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1)) - 1));
}

function text(random: () => number, lang: string, vocab: string[], words: number): string {
  const common = COMMON[lang];
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    if (random() < 0.12) out.push(common[zipf(random, common.length)]);
    else out.push(vocab[zipf(random, vocab.length)]);
    if (random() < 0.3) out.push(random() < 0.5 ? 'de' : 'la');
  }
  return out.join(' ');
}

export interface TextQuery {
  q: string;
  lang: string;
  ws: ObjectId;
}

/** The deterministic corpus (100k posts in 4 workspaces + 1k profiles, 4 languages) and the query mix. */
export function makeCorpus(): { docs: Document[]; queries: TextQuery[] } {
  const random = rng(42);
  const vocab = vocabulary(random);
  const workspaces = Array.from({ length: WORKSPACES }, () => new ObjectId());
  const docs: Document[] = [];
  for (let i = 0; i < POSTS + PROFILES; i++) {
    const profile = i >= POSTS;
    const lang = LANGS[Math.floor(random() * LANGS.length)];
    docs.push({
      _id: `${profile ? 'profile' : 'post'}:${i}`,
      kind: profile ? 'profile' : 'post',
      workspaceId: profile ? null : workspaces[i % WORKSPACES],
      language: lang,
      title: profile ? text(random, lang, vocab, 4) : '',
      body: text(random, lang, vocab, profile ? 120 : 25 + Math.floor(random() * 60)),
      hidden: !profile && random() < 0.05,
      at: new Date(1_700_000_000_000 + i * 60_000),
    });
  }
  const queries: TextQuery[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const lang = LANGS[i % LANGS.length];
    const n = 1 + Math.floor(random() * 3);
    const parts: string[] = [];
    for (let j = 0; j < n; j++)
      parts.push(random() < 0.5 ? COMMON[lang][zipf(random, COMMON[lang].length)] : vocab[zipf(random, 600)]);
    queries.push({ q: parts.join(' '), lang, ws: workspaces[i % WORKSPACES] });
  }
  return { docs, queries };
}

export interface TextBenchResult {
  p50: number;
  p95: number;
  fanoutP95: number;
  loadSeconds: number;
  hitsMedian: number;
}

/** Loads the corpus into `uri`'s database `benchText` and measures the searches. */
export async function runTextSearchBench(uri: string, log: (m: string) => void): Promise<TextBenchResult> {
  const client = new MongoClient(uri, { maxPoolSize: 8, serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    const db = client.db('benchText');
    await db.dropDatabase();
    const coll = db.collection('searchentries');
    await coll.createIndex(
      { title: 'text', body: 'text' },
      {
        name: 'search_text',
        weights: { title: 4, body: 1 },
        default_language: 'spanish',
        language_override: 'language',
      },
    );
    await coll.createIndex({ workspaceId: 1, kind: 1 });
    const { docs, queries } = makeCorpus();
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += 1000)
      await coll.insertMany(docs.slice(i, i + 1000), { ordered: false });
    const loadSeconds = (performance.now() - t0) / 1000;
    log(`text corpus: ${docs.length} entries loaded and indexed in ${loadSeconds.toFixed(1)} s`);

    const search = (q: string, lang: string, ws: ObjectId): Promise<Document[]> =>
      coll
        .find(
          { workspaceId: { $in: [ws, null] }, hidden: false, $text: { $search: q, $language: lang } },
          { projection: { score: { $meta: 'textScore' } } },
        )
        .sort({ score: { $meta: 'textScore' } })
        .limit(LIMIT)
        .toArray();

    for (const { q, lang, ws } of queries.slice(0, 30)) await search(q, lang, ws); // warm-up
    const times: number[] = [];
    const hits: number[] = [];
    for (const { q, lang, ws } of queries) {
      const s = performance.now();
      const rows = await search(q, lang, ws);
      times.push(performance.now() - s);
      hits.push(rows.length);
    }
    // the search service's shape: the same query in the four UI languages, in parallel
    const fanout: number[] = [];
    for (const { q, ws } of queries.slice(0, 100)) {
      const s = performance.now();
      await Promise.all(LANGS.map((lang) => search(q, lang, ws)));
      fanout.push(performance.now() - s);
    }
    await db.dropDatabase();
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      fanoutP95: percentile(fanout, 95),
      loadSeconds,
      hitsMedian: percentile(hits, 50),
    };
  } finally {
    await client.close();
  }
}

async function standalone(): Promise<void> {
  const engine = await startEngineChild(path.resolve(__dirname, '..'), null);
  try {
    const r = await runTextSearchBench(engine.uri, (m) => process.stderr.write(`[bench:db text] ${m}\n`));
    process.stderr.write(`[bench:db text] median results per query: ${r.hitsMedian}\n`);
    console.log(`RESULT engine_text_search_p50_ms ${r.p50.toFixed(2)}`);
    console.log(`RESULT engine_text_search_p95_ms ${r.p95.toFixed(2)}`);
    console.log(`RESULT engine_text_search_4lang_p95_ms ${r.fanoutP95.toFixed(2)}`);
  } finally {
    await engine.stop();
  }
}

if (require.main === module) {
  standalone().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
