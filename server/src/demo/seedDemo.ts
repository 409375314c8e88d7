import mongoose, { Types } from 'mongoose';
import type { Logger } from '../lib/logger';
import { hashPassword } from '../features/auth/password';
import { Block } from '../features/blocks/block.model';
import {
  addRepresentative,
  insertDistrictDocuments,
  newDistrictDocument,
} from '../features/districts/profile.service';
import { Question } from '../features/questions/question.model';
import { User } from '../features/users/user.model';
import { Workspace } from '../features/workspaces/workspace.model';
import { DEMO_ACCOUNTS, DEMO_BLOCKS, DEMO_PASSWORD, DEMO_WORKSPACE } from './demoContent';
import { DEMO_DISTRICT_PROFILES } from './demoDistricts';

export interface DemoCredentials {
  email: string;
  password: string;
  role: string;
  name: string;
}

/** True when nothing has been created yet (no workspace and no user). */
export async function isDatabaseEmpty(): Promise<boolean> {
  const [workspaces, users] = await Promise.all([
    Workspace.estimatedDocumentCount(),
    User.estimatedDocumentCount(),
  ]);
  return workspaces === 0 && users === 0;
}

/** Creates the demo workspace, blocks, questions, districts and accounts. Returns the credentials. */
export async function seedDemo(logger: Logger): Promise<DemoCredentials[]> {
  // The 76 demo districts take part in the demo workspace (its id is chosen first).
  const workspaceId = new Types.ObjectId();
  const districts = DEMO_DISTRICT_PROFILES.map((fields) =>
    newDistrictDocument({ fields, workspaceId, by: null, demo: true }),
  );
  await insertDistrictDocuments(districts);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = [];
  for (const account of DEMO_ACCOUNTS) {
    const district = account.district === undefined ? null : (districts[account.district]?._id ?? null);
    users.push(
      await User.create({
        email: account.email,
        name: account.name,
        passwordHash,
        locale: account.locale,
        districtId: district,
      }),
    );
  }
  const workspace = await Workspace.create({
    _id: workspaceId,
    ...DEMO_WORKSPACE,
    demo: true,
    members: users.map((u, i) => ({ userId: u._id, role: DEMO_ACCOUNTS[i].role, joinedAt: new Date() })),
  });
  // Demo participants represent their district (they may edit its profile).
  for (const [i, account] of DEMO_ACCOUNTS.entries()) {
    const district = account.district === undefined ? undefined : districts[account.district];
    if (district) await addRepresentative(district._id, users[i]._id);
  }
  for (const [index, demoBlock] of DEMO_BLOCKS.entries()) {
    const block = await Block.create({
      workspaceId: workspace._id,
      order: index + 1,
      title: demoBlock.title,
      description: demoBlock.description,
      kind: demoBlock.kind,
      state: 'upcoming',
    });
    await Question.insertMany(
      demoBlock.questions.map((text, q) => ({
        workspaceId: workspace._id,
        blockId: block._id,
        order: q + 1,
        text,
      })),
    );
  }
  logger.info({ workspaceId: workspace._id.toHexString() }, 'demo workspace created');
  return DEMO_ACCOUNTS.map((a) => ({ email: a.email, password: DEMO_PASSWORD, role: a.role, name: a.name }));
}

/** Seeds the demo on an empty database; returns the credentials, or null when nothing was created. */
export async function ensureDemo(logger: Logger): Promise<DemoCredentials[] | null> {
  if (!(await isDatabaseEmpty())) return null;
  return seedDemo(logger);
}

/** Drops every collection of the connected database (for `npm run seed -- --reset`). */
export async function resetDatabase(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  await db.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
}

/** Human-readable credentials block for stdout. */
export function formatCredentials(credentials: DemoCredentials[]): string {
  const width = Math.max(...credentials.map((c) => c.email.length));
  const lines = credentials.map((c) => `    ${c.role.padEnd(12)} ${c.email.padEnd(width)}  ${c.password}`);
  return `\n  Demo workspace created: "${DEMO_WORKSPACE.title}"\n  Demo accounts (role, email, password):\n${lines.join('\n')}\n\n`;
}
