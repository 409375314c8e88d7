/**
 * Text search with Snowball stemming (as mongod's libstemmer) and diacritic folding after stemming, per
 * document language (`language_override`), `$language`, phrases and negations; textScore by mongod's
 * formula. Runs against the embedded engine, or a real MongoDB when MONGODB_URI is set.
 */
import type { Document } from 'mongodb';
import { kind, useDriver } from './fixture';

const ctx = useDriver();

const docs = [
  { _id: 1, idioma: 'spanish', body: 'La competitividad de los distritos en Bogotá.' },
  { _id: 2, idioma: 'portuguese', body: 'A competitividade dos distritos e a inovação.' },
  { _id: 3, idioma: 'spanish', body: 'Internacionalizar las empresas de Medellín.' },
  { _id: 4, idioma: 'english', body: 'The old trees were dying near the river.' },
  { _id: 5, idioma: 'french', body: "L'économie des grappes et la coopération." },
  { _id: 6, idioma: 'spanish', body: 'Distritos competitivos de Bogota y Cali.' },
  { _id: 7, idioma: 'english', body: 'Competitive districts and generous partners.' },
  { _id: 8, idioma: 'none', body: 'Competitividad sin raíces.' },
];

async function ids(search: string, language?: string, extra: Document = {}): Promise<number[]> {
  const found = await ctx.db
    .collection('stem_posts')
    .find(
      { $text: { $search: search, ...(language ? { $language: language } : {}) }, ...extra },
      { projection: { _id: 1 } },
    )
    .sort({ _id: 1 })
    .toArray();
  return found.map((d) => d._id as unknown as number);
}

describe(`text search with Snowball stemmers (${kind})`, () => {
  beforeAll(async () => {
    const coll = ctx.db.collection('stem_posts');
    await coll.insertMany(docs as never[]);
    await coll.createIndex(
      { body: 'text' },
      { name: 'body_text', default_language: 'spanish', language_override: 'idioma' },
    );
  });

  test('"Bogota" finds "Bogotá" and the other way round (diacritics folded after stemming)', async () => {
    expect(await ids('Bogota')).toEqual([1, 6]);
    expect(await ids('BOGOTÁ')).toEqual([1, 6]);
  });

  test('Spanish and Portuguese forms of one word share a Snowball stem', async () => {
    // competitividad (es), competitividade (pt), competitivos (es), competitive (en) → "competit";
    // the "none" document is not stemmed
    expect(await ids('competitividad', 'spanish')).toEqual([1, 2, 6, 7]);
    expect(await ids('competitividade', 'portuguese')).toEqual([1, 2, 6, 7]);
    expect(await ids('competitividad', 'none')).toEqual([8]);
  });

  test('derivational suffixes are stemmed, not only plurals', async () => {
    // internacionalización → internacionaliz ← internacionalizar
    expect(await ids('internacionalización', 'spanish')).toEqual([3]);
    // économiques → econom ← économie
    expect(await ids('économiques', 'french')).toEqual([5]);
    expect(await ids('cooperation', 'french')).toEqual([5]);
    // Porter2 (Snowball english): dying → die; generously → generous
    expect(await ids('dies', 'english')).toEqual([4]);
    expect(await ids('generously', 'english')).toEqual([7]);
    expect(await ids('competitiveness', 'english')).toEqual([1, 2, 6, 7]);
  });

  test('stop words alone match nothing', async () => {
    expect(await ids('de la los', 'spanish')).toEqual([]);
  });

  test('phrases and negations keep working with stemming', async () => {
    expect(await ids('"distritos competitivos"')).toEqual([6]);
    expect(await ids('distritos -Bogota')).toEqual([2]);
    expect(await ids('distritos -"en Bogotá"')).toEqual([2, 6]);
  });

  test('other equality filters combine with $text', async () => {
    expect(await ids('competitividad', 'spanish', { idioma: 'portuguese' })).toEqual([2]);
  });

  test('textScore follows mongod: repeated terms add 1/2^n, short fields score higher, exact field +10%', async () => {
    const coll = ctx.db.collection('stem_scores');
    await coll.insertMany([
      { _id: 1, t: 'cluster cluster' },
      { _id: 2, t: 'Cluster' },
      { _id: 3, t: 'cluster policy innovation network' },
    ] as never[]);
    await coll.createIndex({ t: 'text' }, { default_language: 'english' });
    const rows = await coll
      .find({ $text: { $search: 'cluster' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(rows.map((r) => r._id)).toEqual([1, 2, 3]);
    // 1: freq 1 + 1/2, coefficient 0.5·2/2 + 0.5 = 1 → 1.5; 2: 1 · 1 · 1.1; 3: 1 · (0.5·1/4 + 0.5)
    expect(rows.map((r) => r.score as number)).toEqual([1.5, 1.1, 0.625]);
  });

  test('sort by textScore + limit (top-k path) returns the head of the full ranking, with filters', async () => {
    const coll = ctx.db.collection('stem_topk');
    const words = ['cluster', 'policy', 'innovation', 'export', 'talent'];
    const rows = Array.from({ length: 240 }, (_, i) => ({
      _id: i,
      ws: i % 3,
      hidden: i % 7 === 0,
      t:
        Array.from({ length: 1 + (i % 9) }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ') +
        ` filler${i}`,
    }));
    await coll.insertMany(rows as never[]);
    await coll.createIndex({ t: 'text' }, { default_language: 'english' });
    await coll.createIndex({ ws: 1 });
    for (const search of ['cluster', 'cluster talent', 'policy -export', 'innovation "export policy"']) {
      const filter = { $text: { $search: search }, ws: { $in: [1, 2] }, hidden: false };
      const ranked = async (limit: number) =>
        (
          await coll
            .find(filter, { projection: { score: { $meta: 'textScore' } } })
            .sort({ score: { $meta: 'textScore' } })
            .limit(limit)
            .toArray()
        ).map((d) => d.score as number);
      const all = await ranked(0);
      expect(all.length).toBeGreaterThan(6);
      expect(await ranked(6)).toEqual(all.slice(0, 6));
    }
  });
});
