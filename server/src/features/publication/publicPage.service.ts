import {
  DEFAULT_WORKSPACE_TIME_ZONE,
  REGION_GROUPS,
  type PublicConclusionDto,
  type PublicWorkspaceDto,
  type RegionGroup,
} from '@polos/shared';
import { Block, type BlockDoc } from '../blocks/block.model';
import { Question } from '../questions/question.model';
import type { DraftPublicationDoc } from '../drafts/draft.model';
import { computeBalance, isLive } from '../balance/balance.service';
import { latestReleases, renderRelease, type BundleInput } from './bundle.service';
import { workspaceTexts } from '../workspaces/workspaceTexts';

/**
 * The public year page's content (`GET /api/public/workspaces/:id`): the workspace's title and description, its
 * blocks in order with their question count and latest released conclusions (as the drafts' Markdown export),
 * the overall conclusions, the participation summary (posts, contributors, posts and members per region group;
 * null while a live session runs, as for the balance dashboard) and the bundle's path. Nothing names a member
 * beyond the released conclusions' contributor lists; no email, no contact person, no hidden post.
 */
export async function publicSummary(input: BundleInput): Promise<PublicWorkspaceDto> {
  const { workspace } = input;
  const id = workspace._id.toHexString();
  const [blocks, questions, releases, live] = await Promise.all([
    Block.find({ workspaceId: workspace._id }).sort({ order: 1 }).lean<BlockDoc[]>().exec(),
    Question.find({ workspaceId: workspace._id }, { blockId: 1 }).lean().exec(),
    latestReleases(workspace._id),
    isLive(workspace._id),
  ]);
  const conclusion = async (release: DraftPublicationDoc | undefined): Promise<PublicConclusionDto | null> =>
    release
      ? {
          title: release.title,
          number: release.number,
          publishedAt: release.publishedAt.toISOString(),
          markdown: (await renderRelease(release, 'md', input)).toString('utf8'),
        }
      : null;
  const releaseOf = new Map(releases.map((r) => [r.blockId?.toHexString() ?? 'overall', r]));
  let participation: PublicWorkspaceDto['participation'] = null;
  if (!live) {
    const balance = await computeBalance(workspace, {});
    const postsByRegion = Object.fromEntries(
      REGION_GROUPS.map((r) => [r, balance.breakdown.regionGroup.find((row) => row.key === r)?.posts ?? 0]),
    ) as Record<RegionGroup, number>;
    participation = {
      posts: balance.totals.posts,
      contributors: balance.totals.contributors,
      postsByRegion,
      members: balance.members,
    };
  }
  return {
    id,
    title: workspace.title,
    description: workspace.description,
    ...workspaceTexts(workspace),
    timeZone: workspace.timeZone ?? DEFAULT_WORKSPACE_TIME_ZONE,
    blocks: await Promise.all(
      blocks.map(async (block) => ({
        id: block._id.toHexString(),
        order: block.order,
        title: block.title,
        questions: questions.filter((q) => q.blockId.equals(block._id)).length,
        conclusions: await conclusion(releaseOf.get(block._id.toHexString())),
      })),
    ),
    overall: await conclusion(releaseOf.get('overall')),
    participation,
    bundlePath: `/api/public/workspaces/${id}/bundle.zip`,
  };
}
