import { kind, rejectionOf, useDriver } from './fixture';

const ctx = useDriver();

const posts = [
  {
    _id: 1,
    lang: 'es',
    title: 'Acción regional',
    body: 'La cooperación entre distritos de América Latina y la Unión Europea.',
  },
  {
    _id: 2,
    lang: 'pt',
    title: 'Coração da inovação',
    body: 'Uma região com informação e educação para todos.',
  },
  {
    _id: 3,
    lang: 'fr',
    title: 'Les élèves et la créativité',
    body: 'Un café à Montréal avec des idées naïves.',
  },
  {
    _id: 4,
    lang: 'en',
    title: 'Competitive districts',
    body: 'Cooperation between European and Latin American districts.',
  },
  { _id: 5, lang: 'en', title: 'Unrelated', body: 'Nothing to see here.' },
];

async function search(text: string, extra: Record<string, unknown> = {}): Promise<number[]> {
  const docs = await ctx.db
    .collection('txt_posts')
    .find({ $text: { $search: text }, ...extra }, { projection: { _id: 1 } })
    .sort({ _id: 1 })
    .toArray();
  return docs.map((d) => d._id as unknown as number);
}

describe(`text search (${kind})`, () => {
  beforeAll(async () => {
    await ctx.db.collection('txt_posts').insertMany(posts as never[]);
    await ctx.db
      .collection('txt_posts')
      .createIndex({ title: 'text', body: 'text' }, { name: 'post_text', default_language: 'none' });
  });

  test('accent- and case-insensitive matches in Spanish, Portuguese and French', async () => {
    expect(await search('accion')).toEqual([1]);
    expect(await search('ACCIÓN')).toEqual([1]);
    expect(await search('coracao')).toEqual([2]);
    expect(await search('inovação')).toEqual([2]);
    expect(await search('eleves')).toEqual([3]);
    expect(await search('cafe')).toEqual([3]);
    expect(await search('CAFÉ')).toEqual([3]);
    expect(await search('naives')).toEqual([3]);
    expect(await search('montreal')).toEqual([3]);
  });

  test('several words match any of them; other filters combine with $text', async () => {
    expect(await search('coracao districts')).toEqual([2, 4]);
    expect(await search('cooperacion cooperation')).toEqual([1, 4]);
    expect(await search('districts', { lang: 'en' })).toEqual([4]);
    expect(await search('xyzzy')).toEqual([]);
  });

  test('textScore can be projected and sorted on; more matches score higher', async () => {
    const docs = await ctx.db
      .collection('txt_posts')
      .find(
        { $text: { $search: 'districts competitive european' } },
        { projection: { score: { $meta: 'textScore' } } },
      )
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(docs[0]._id).toBe(4);
    for (const doc of docs) expect(typeof doc.score).toBe('number');
    for (let i = 1; i < docs.length; i++)
      expect(docs[i - 1].score).toBeGreaterThanOrEqual(docs[i].score as number);
  });

  test('$text in an aggregation $match', async () => {
    const rows = await ctx.db
      .collection('txt_posts')
      .aggregate([{ $match: { $text: { $search: 'educacao' } } }, { $project: { _id: 1 } }])
      .toArray();
    expect(rows).toEqual([{ _id: 2 }]);
  });

  test('$text without a text index is IndexNotFound (27)', async () => {
    const err = await rejectionOf(
      ctx.db
        .collection('txt_none')
        .find({ $text: { $search: 'x' } })
        .toArray(),
    );
    expect(err.code).toBe(27);
  });

  test('the text index is listed with its weights', async () => {
    const spec = (await ctx.db.collection('txt_posts').listIndexes().toArray()).find(
      (i) => i.name === 'post_text',
    );
    expect(spec).toMatchObject({ key: { _fts: 'text', _ftsx: 1 }, weights: { title: 1, body: 1 } });
  });
});
