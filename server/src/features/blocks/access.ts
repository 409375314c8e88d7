import type { Types } from 'mongoose';
import type { Role } from '@polos/shared';
import { accessTo } from '../workspaces/access';
import type { Ability } from '../workspaces/workspaces.policy';
import type { BlockDoc } from './block.model';
import { getBlockOrThrow } from './blocks.service';

/** Loads the block (`not_found`), then applies the access rule to it. */
export async function accessBlock(
  blockId: string,
  userId: Types.ObjectId,
  ability: Ability,
): Promise<{ block: BlockDoc; role: Role }> {
  const block = await getBlockOrThrow(blockId);
  return { block, role: await accessTo(block, userId, ability) };
}
