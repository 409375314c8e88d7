import mongoose, { Schema, type Connection } from 'mongoose';
import { startTestDatabase, testDatabaseKind, type TestDatabase } from '../../../helpers/db';

const kind = testDatabaseKind();
let testDb: TestDatabase;
let conn: Connection;

const userSchema = new Schema(
  { email: { type: String, required: true, unique: true }, name: String },
  { timestamps: true },
);
const threadSchema = new Schema(
  { title: String, author: { type: Schema.Types.ObjectId, ref: 'MUser' }, tags: [String] },
  { timestamps: true },
);
const postSchema = new Schema(
  {
    thread: { type: Schema.Types.ObjectId, ref: 'MThread', required: true, index: true },
    author: { type: Schema.Types.ObjectId, ref: 'MUser' },
    body: String,
    seq: Number,
    reactions: [{ user: Schema.Types.ObjectId, kind: String }],
  },
  { timestamps: true },
);
postSchema.index({ thread: 1, seq: 1 }, { unique: true });

beforeAll(async () => {
  testDb = await startTestDatabase();
  conn = await mongoose.createConnection(testDb.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  conn.model('MUser', userSchema);
  conn.model('MThread', threadSchema);
  conn.model('MPost', postSchema);
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
});

afterAll(async () => {
  await conn?.close();
  await testDb?.stop();
});

describe(`mongoose models (${kind})`, () => {
  test('create with timestamps, populate, lean pagination by an indexed sort', async () => {
    const User = conn.model('MUser');
    const Thread = conn.model('MThread');
    const Post = conn.model('MPost');
    const ana = await User.create({ email: 'ana@example.org', name: 'Ana' });
    const thread = await Thread.create({ title: 'Distritos', author: ana._id, tags: ['eu', 'lac'] });
    expect(thread.get('createdAt')).toBeInstanceOf(Date);
    await Post.insertMany(
      Array.from({ length: 120 }, (_, i) => ({
        thread: thread._id,
        author: ana._id,
        body: `post ${i}`,
        seq: i,
      })),
    );
    const page = await Post.find({ thread: thread._id, seq: { $lt: 100 } })
      .sort({ seq: -1 })
      .limit(50)
      .lean<Array<{ seq: number }>>();
    expect(page).toHaveLength(50);
    expect(page[0].seq).toBe(99);
    expect(page[49].seq).toBe(50);
    const populated = await Thread.findById(thread._id)
      .populate('author')
      .lean<{ author: { name: string } }>();
    expect(populated!.author.name).toBe('Ana');
    expect(await Post.countDocuments({ thread: thread._id })).toBe(120);
  });

  test('findByIdAndUpdate with $push/$pull and returned new document; updatedAt moves', async () => {
    const Thread = conn.model('MThread');
    const Post = conn.model('MPost');
    const thread = await Thread.create({ title: 'Reactions' });
    const post = await Post.create({ thread: thread._id, body: 'hello', seq: 0 });
    const user = new mongoose.Types.ObjectId();
    const pushed = await Post.findByIdAndUpdate(
      post._id,
      { $push: { reactions: { user, kind: 'up' } } },
      { new: true },
    );
    expect(pushed!.get('reactions')).toHaveLength(1);
    expect((pushed!.get('updatedAt') as Date).getTime()).toBeGreaterThanOrEqual(
      (post.get('updatedAt') as Date).getTime(),
    );
    const pulled = await Post.findByIdAndUpdate(
      post._id,
      { $pull: { reactions: { user } } },
      { new: true },
    ).lean<{ reactions: unknown[] }>();
    expect(pulled!.reactions).toEqual([]);
  });

  test('a unique compound index from the schema is enforced', async () => {
    const Thread = conn.model('MThread');
    const Post = conn.model('MPost');
    const thread = await Thread.create({ title: 'Seq' });
    await Post.create({ thread: thread._id, seq: 1 });
    await expect(Post.create({ thread: thread._id, seq: 1 })).rejects.toMatchObject({
      name: 'MongoServerError',
      code: 11000,
    });
    const indexes = await Post.listIndexes();
    expect(indexes.map((i: { name: string }) => i.name)).toEqual(
      expect.arrayContaining(['_id_', 'thread_1', 'thread_1_seq_1']),
    );
  });

  test('aggregate, distinct, updateMany, deleteMany and exists', async () => {
    const Thread = conn.model('MThread');
    await Thread.create([
      { title: 'A', tags: ['x', 'y'] },
      { title: 'B', tags: ['y'] },
    ]);
    expect((await Thread.distinct('tags')).sort()).toEqual(expect.arrayContaining(['x', 'y']));
    const rows = await Thread.aggregate<{ _id: string; n: number }>([
      { $unwind: '$tags' },
      { $group: { _id: '$tags', n: { $sum: 1 } } },
      { $match: { _id: 'y' } },
    ]);
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
    const updated = await Thread.updateMany({ title: { $in: ['A', 'B'] } }, { $set: { title: 'renamed' } });
    expect(updated.modifiedCount).toBe(2);
    expect(await Thread.exists({ title: 'renamed' })).not.toBeNull();
    const deleted = await Thread.deleteMany({ title: 'renamed' });
    expect(deleted.deletedCount).toBe(2);
    expect(await Thread.exists({ title: 'renamed' })).toBeNull();
  });

  test('a document saved and re-read keeps ObjectId and Date types', async () => {
    const User = conn.model('MUser');
    const created = await User.create({ email: 'types@example.org' });
    const again = await User.findOne({ email: 'types@example.org' });
    expect(again!._id).toBeInstanceOf(mongoose.Types.ObjectId);
    expect(again!._id.equals(created._id)).toBe(true);
    expect(again!.get('createdAt')).toBeInstanceOf(Date);
  });
});
