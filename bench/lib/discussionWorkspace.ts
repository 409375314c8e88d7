/**
 * The discussion workspace the balance and publication benches share: 60 members (locales es/en/pt/fr) of 12
 * districts alternating EU (ES) and LAC (MX), a moderator who signs in with {@link BENCH_PASSWORD}, 4 blocks of 5
 * questions, and `postCount` posts inserted through the Post model (so each stores its `wordCount`): a third of them
 * replies, 1 in 97 hidden, every fifth with two reactions, 20 s apart from 2026-03-02 08:00 UTC.
 */
import { Types } from 'mongoose';
import { hashPassword } from '../../server/src/features/auth/password';
import { Block } from '../../server/src/features/blocks/block.model';
import { District } from '../../server/src/features/districts/district.model';
import { Post } from '../../server/src/features/posts/post.model';
import { Question } from '../../server/src/features/questions/question.model';
import { User } from '../../server/src/features/users/user.model';
import { Workspace } from '../../server/src/features/workspaces/workspace.model';
import { BENCH_PASSWORD } from './app';

const text = (en: string) => ({ en, es: en });

/** Seeds the workspace; `prefix` keeps the e-mail addresses of two benches apart. */
export async function seedDiscussionWorkspace({
  prefix,
  title,
  postCount,
  log,
}: {
  prefix: string;
  title: string;
  postCount: number;
  log: (line: string) => void;
}) {
  const password = BENCH_PASSWORD;
  const moderator = await User.create({
    email: `${prefix}-mod@example.test`,
    name: 'Bench Moderator',
    passwordHash: await hashPassword(password),
    districtId: null,
    locale: 'en',
  });
  const districts = await District.insertMany(
    Array.from({ length: 12 }, (_, i) => ({
      name: `District ${i}`,
      country: i % 2 ? 'MX' : 'ES',
      region: 'R',
      regionGroup: i % 2 ? ('LAC' as const) : ('EU' as const),
      sectors: [],
      kind: 'cluster' as const,
      demo: true,
    })),
  );
  const users = await User.insertMany(
    Array.from({ length: 60 }, (_, i) => ({
      email: `${prefix}-${i}@example.test`,
      name: `Member ${i}`,
      passwordHash: 'x',
      districtId: districts[i % districts.length]._id,
      locale: (['es', 'en', 'pt', 'fr'] as const)[i % 4],
    })),
  );
  const workspace = await Workspace.create({
    title,
    members: [
      { userId: moderator._id, role: 'moderator' as const, joinedAt: new Date() },
      ...users.map((u) => ({ userId: u._id, role: 'participant' as const, joinedAt: new Date() })),
    ],
  });
  const questionIds: Types.ObjectId[] = [];
  const blockIds: Types.ObjectId[] = [];
  for (let b = 1; b <= 4; b += 1) {
    const block = await Block.create({
      workspaceId: workspace._id,
      order: b,
      title: text(`Block ${b}`),
      description: text('About'),
      kind: 'discussion',
    });
    blockIds.push(block._id);
    for (let q = 1; q <= 5; q += 1)
      questionIds.push(
        (
          await Question.create({
            workspaceId: workspace._id,
            blockId: block._id,
            order: q,
            text: text('Q'),
          })
        )._id,
      );
  }
  log(`inserting ${postCount} posts`);
  const start = Date.parse('2026-03-02T08:00:00Z');
  const tops: Types.ObjectId[][] = questionIds.map(() => []);
  for (let i = 0; i < postCount; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(postCount, i + 1000); j += 1) {
      const qi = j % questionIds.length;
      const author = users[(j * 7) % users.length];
      const district = districts[((j * 7) % users.length) % districts.length];
      const reply = j % 3 === 2 && tops[qi].length > 0;
      const _id = new Types.ObjectId();
      if (!reply) tops[qi].push(_id);
      batch.push({
        _id,
        workspaceId: workspace._id,
        questionId: questionIds[qi],
        parentId: reply ? tops[qi][(j * 13) % tops[qi].length] : null,
        authorId: author._id,
        authorName: author.name,
        authorDistrict: {
          id: district._id,
          name: district.name,
          country: district.country,
          regionGroup: district.regionGroup,
        },
        clientId: `b-${j}`,
        body: 'We propose a joint training programme for SMEs in both regions '.repeat(1 + (j % 4)),
        seq: Math.floor(j / questionIds.length) + 1,
        lastSeq: Math.floor(j / questionIds.length) + 1,
        createdAt: new Date(start + j * 20_000),
        hidden: j % 97 === 0,
        reactions: { thumbs_up: j % 5 === 0 ? [users[0]._id, users[1]._id] : [] },
      });
    }
    await Post.insertMany(batch);
  }
  return { moderator, districts, users, workspace, questionIds, blockIds, start };
}
