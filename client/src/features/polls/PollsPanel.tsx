import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../workspace';
import { PollBuilder } from './PollBuilder';
import { PollResults } from './PollResults';
import { PollVoteForm } from './PollVoteForm';
import { usePolls } from './usePolls';
import './pollStrings';
import './polls.css';

/**
 * The polls of a live question, shown inside its thread: the moderator's builder and close buttons, the voting
 * form (members who may post), results (overall and EU vs LAC), and a polite live region announcing openings,
 * closings and stored votes.
 */
export function PollsPanel({ questionId, writable }: { questionId: string; writable: boolean }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const { polls, myVotes, lastChange, open, close, vote } = usePolls(questionId);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!lastChange || lastChange.kind === 'voted') return;
    setMessage(
      t(lastChange.kind === 'opened' ? 'polls.announceOpened' : 'polls.announceClosed', {
        prompt: lastChange.poll.prompt,
      }),
    );
  }, [lastChange, t]);

  if (polls.length === 0 && !(ws.canModerate && writable)) return null;
  return (
    <section className="polls card" aria-label={t('polls.title')}>
      <h3>{t('polls.title')}</h3>
      {ws.canModerate && writable && <PollBuilder onOpen={open} />}
      {polls.length === 0 && <p className="hint">{t('polls.none')}</p>}
      {[...polls].reverse().map((poll) => (
        <article key={poll.id} className="poll" aria-labelledby={`poll-${poll.id}-title`}>
          <h4 id={`poll-${poll.id}-title`}>
            {poll.prompt}{' '}
            <span className="poll-meta">
              {poll.state === 'open' ? t('polls.stateOpen') : t('polls.stateClosed')} ·{' '}
              {t('polls.votes', { count: poll.voteCount })}
            </span>
          </h4>
          {poll.state === 'open' && ws.canPost && (
            <PollVoteForm
              key={myVotes[poll.id]?.join(',') ?? 'none'}
              poll={poll}
              myVote={myVotes[poll.id]}
              onVote={async (choice) => {
                const failed = await vote(poll.id, choice);
                if (!failed) setMessage(t('polls.announceVoted'));
                return failed;
              }}
            />
          )}
          <PollResults poll={poll} />
          {ws.canModerate && poll.state === 'open' && (
            <button type="button" onClick={() => void close(poll.id)}>
              {t('polls.close')}
            </button>
          )}
        </article>
      ))}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="poll-announcer">
        {message}
      </div>
    </section>
  );
}
