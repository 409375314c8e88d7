import type { SeqLogSource } from '../questions/seqLog';
import { presentPollChange } from './polls.presenter';
import { pollChangesBetween, pollSeqsAfter, resultsOf } from './polls.service';

/**
 * The polls' seq log source (registered in `index.ts` with `registerSeqLogSource`): `sync:since` replays the poll
 * changes with the posts' changes from one cursor. Each poll changed in the replayed range comes once, with the
 * seq of its latest change there and its current state as the viewer may see it — hidden results stay null for
 * participants until the close (`presentPoll`); votes are never named.
 */
export const pollsSeqLogSource: SeqLogSource = {
  name: 'polls',
  seqsAfter: pollSeqsAfter,
  replay: async (question, afterSeq, untilSeq, viewer) => {
    const changes = await pollChangesBetween(question._id, afterSeq, untilSeq);
    const polls = await Promise.all(
      changes.map(async ({ seq, kind, poll }) =>
        presentPollChange(kind, seq, poll, await resultsOf(poll), viewer),
      ),
    );
    return { polls };
  },
};
