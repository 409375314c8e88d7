import {
  endorsementAnswerSchema,
  endorsementApplySchema,
  endorsementOpenSchema,
  endorsementRoundRefSchema,
  workspaceRefSchema,
  type EndorsementListResult,
} from '@polos/shared';
import type { ServerContext } from '../../context';
import type { SocketFeature } from '../../contracts/feature';
import { accessTo, accessWorkspace } from '../workspaces/access';
import {
  answer,
  answeringDistrictOf,
  answersOf,
  applyAmendment,
  closeRound,
  getDraftOrThrow,
  getRoundOrThrow,
  openRound,
  presentRound,
  roundsOfWorkspace,
} from './endorsements.service';
import type { Types } from 'mongoose';

const myDistrictIn = async (userId: Types.ObjectId, workspaceId: Types.ObjectId) => {
  const { district } = await answeringDistrictOf(userId, workspaceId);
  return district
    ? { id: district._id.toHexString(), name: district.name, regionGroup: district.regionGroup }
    : null;
};

/**
 * Endorsement commands: open/close/apply-amendment (moderators and admins), answer (representatives of a district
 * taking part in the workspace; observers never), list/get (any member). Each loads its resource, then checks the
 * sender's role in that resource's workspace.
 */
export const endorsementsSocket =
  (ctx: ServerContext): SocketFeature =>
  (register) => {
    register('endorsement:open', endorsementOpenSchema, async ({ draftId, versionId, quorum }, { user }) => {
      const draft = await getDraftOrThrow(draftId);
      await accessTo(draft, user.userId, 'moderate');
      const { data, events } = await openRound(draft, versionId, quorum, user);
      return { data: await presentRound(data), events };
    });

    register('endorsement:answer', endorsementAnswerSchema, async (payload, { user }) => {
      const round = await getRoundOrThrow(payload.roundId);
      await accessTo(round, user.userId, 'participate');
      const { data, events } = await answer(round, user, payload);
      return { data: { kind: 'answered' as const, round: data.round, answer: data.answer }, events };
    });

    register('endorsement:close', endorsementRoundRefSchema, async ({ roundId }, { user }) => {
      const round = await getRoundOrThrow(roundId);
      await accessTo(round, user.userId, 'moderate');
      const { data, events } = await closeRound(round, user);
      return { data: await presentRound(data), events };
    });

    register(
      'endorsement:apply-amendment',
      endorsementApplySchema,
      async ({ roundId, paragraphId, districtId }, { user }) => {
        const round = await getRoundOrThrow(roundId);
        await accessTo(round, user.userId, 'moderate');
        return applyAmendment(ctx, round, paragraphId, districtId, user);
      },
    );

    register('endorsement:list', workspaceRefSchema, async ({ workspaceId }, { user }) => {
      const { workspace } = await accessWorkspace(workspaceId, user.userId, 'read');
      const rounds = await roundsOfWorkspace(workspace._id);
      const data: EndorsementListResult = {
        rounds: await Promise.all(rounds.map(presentRound)),
        myDistrict: await myDistrictIn(user.userId, workspace._id),
      };
      return { data };
    });

    register('endorsement:get', endorsementRoundRefSchema, async ({ roundId }, { user }) => {
      const round = await getRoundOrThrow(roundId);
      await accessTo(round, user.userId, 'read');
      return {
        data: {
          round: await presentRound(round),
          answers: await answersOf(round),
          myDistrict: await myDistrictIn(user.userId, round.workspaceId),
        },
      };
    });
  };
