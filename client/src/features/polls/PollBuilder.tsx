import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  POLL_KINDS,
  POLL_UNITS,
  POLL_VISIBILITIES,
  type PollKind,
  type PollOpenPayload,
  type PollUnit,
  type PollVisibility,
} from '@polos/shared';

/** The moderator's poll builder: kind, prompt, options (one per line), results visibility, voting unit. */
export function PollBuilder({
  onOpen,
}: {
  onOpen: (payload: Omit<PollOpenPayload, 'questionId'>) => Promise<string | null>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [kind, setKind] = useState<PollKind>('single');
  const [prompt, setPrompt] = useState('');
  const [options, setOptions] = useState('');
  const [visibility, setVisibility] = useState<PollVisibility>('live');
  const [unit, setUnit] = useState<PollUnit>('person');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const lines = options
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const failed = await onOpen({
      kind,
      prompt,
      ...(kind === 'scale' ? {} : { options: lines }),
      visibility,
      unit,
    });
    setBusy(false);
    setError(failed);
    if (!failed) {
      setPrompt('');
      setOptions('');
    }
  };

  return (
    <details className="poll-builder">
      <summary>{t('polls.builder')}</summary>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor={`${id}-prompt`}>{t('polls.prompt')}</label>
        <input
          id={`${id}-prompt`}
          value={prompt}
          maxLength={300}
          required
          onChange={(e) => setPrompt(e.target.value)}
        />
        <label htmlFor={`${id}-kind`}>{t('polls.kind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as PollKind)}>
          {POLL_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`polls.kinds.${k}`)}
            </option>
          ))}
        </select>
        {kind !== 'scale' && (
          <>
            <label htmlFor={`${id}-options`}>{t('polls.options')}</label>
            <textarea
              id={`${id}-options`}
              rows={4}
              value={options}
              required
              onChange={(e) => setOptions(e.target.value)}
            />
          </>
        )}
        <fieldset>
          <legend>{t('polls.visibility')}</legend>
          {POLL_VISIBILITIES.map((v) => (
            <label key={v}>
              <input
                type="radio"
                name={`${id}-visibility`}
                checked={visibility === v}
                onChange={() => setVisibility(v)}
              />{' '}
              {t(`polls.visibilities.${v}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('polls.unit')}</legend>
          {POLL_UNITS.map((u) => (
            <label key={u}>
              <input type="radio" name={`${id}-unit`} checked={unit === u} onChange={() => setUnit(u)} />{' '}
              {t(`polls.units.${u}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('polls.open')}
        </button>
        {error && (
          <p className="error" role="alert">
            {t('polls.failed', { message: error })}
          </p>
        )}
      </form>
    </details>
  );
}
