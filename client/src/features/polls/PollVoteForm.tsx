import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PollDto } from '@polos/shared';

/**
 * The voting form, as easy by keyboard as by mouse: native radio groups (arrow keys) for single choice and the
 * scale, checkboxes for multiple choice, an ordered list with up/down buttons for a ranking.
 */
export function PollVoteForm({
  poll,
  myVote,
  onVote,
}: {
  poll: PollDto;
  myVote: number[] | undefined;
  onVote: (choice: number[]) => Promise<string | null>;
}) {
  const { t } = useTranslation();
  const values = poll.kind === 'scale' ? [1, 2, 3, 4, 5] : poll.options.map((_o, i) => i);
  const [choice, setChoice] = useState<number[]>(
    myVote ?? (poll.kind === 'ranking' ? poll.options.map((_o, i) => i) : []),
  );
  // The stored vote changed (this tab's vote, another tab's or another representative's): show it at once.
  const voteKey = myVote ? myVote.join(',') : null;
  const [shownVote, setShownVote] = useState(voteKey);
  if (voteKey !== shownVote) {
    setShownVote(voteKey);
    if (myVote) setChoice(myVote);
  }
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const labelOf = (v: number) => (poll.kind === 'scale' ? String(v) : (poll.options[v] ?? ''));
  const name = `poll-${poll.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const failed = await onVote(choice);
    setBusy(false);
    setError(failed);
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...choice];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item);
    setChoice(next);
  };

  return (
    <form className="poll-vote" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{poll.prompt}</legend>
        {poll.kind === 'ranking' ? (
          <>
            <p className="hint">{t('polls.rankHelp')}</p>
            <ol className="poll-ranking">
              {choice.map((option, index) => (
                <li key={option}>
                  <span>{labelOf(option)}</span>
                  <button
                    type="button"
                    disabled={index === 0}
                    aria-label={t('polls.up', { option: labelOf(option) })}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={index === choice.length - 1}
                    aria-label={t('polls.down', { option: labelOf(option) })}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <div className={poll.kind === 'scale' ? 'poll-choices poll-scale' : 'poll-choices'}>
            {values.map((v) => (
              <label key={v}>
                <input
                  type={poll.kind === 'multiple' ? 'checkbox' : 'radio'}
                  name={name}
                  value={v}
                  checked={choice.includes(v)}
                  onChange={(e) =>
                    setChoice(
                      poll.kind === 'multiple'
                        ? e.target.checked
                          ? [...choice, v].sort((a, b) => a - b)
                          : choice.filter((c) => c !== v)
                        : [v],
                    )
                  }
                />{' '}
                {labelOf(v)}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      {poll.unit === 'district' && <p className="hint">{t('polls.districtVoice')}</p>}
      <button type="submit" disabled={busy || choice.length === 0}>
        {myVote ? t('polls.changeVote') : t('polls.vote')}
      </button>
      {myVote && !error && <p className="hint">{t('polls.voted')}</p>}
      {error && (
        <p className="error" role="alert">
          {t('polls.failed', { message: error })}
        </p>
      )}
    </form>
  );
}
