import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isWindowOpenAt, timeLeft, type QuestionDto } from '@polos/shared';
import { formatInstant, viewerZone } from '../../i18n/format';
import { useNow } from '../../hooks/useNow';
import { command } from '../../realtime/socket';
import './asyncWindowStrings';

/** `YYYY-MM-DDTHH:mm` of an instant in the viewer's zone: the value a `datetime-local` input shows. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The instant of a `datetime-local` value read in the viewer's zone (ECMAScript parses a date-time without offset
 * as local time), as an ISO UTC string; null when empty or invalid.
 */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Whether `question` accepts contributions now through its asynchronous window (the server's rule, start ≤ now <
 * end, re-evaluated every 15 s so the composer appears and disappears at the instants).
 */
export function useWindowOpen(question: QuestionDto): boolean {
  const w = question.asyncWindow ?? null;
  const now = useNow(15_000, !!w && w.state !== 'closed');
  return !!w && w.state !== 'closed' && isWindowOpenAt(w, now);
}

/**
 * Participants' view of a question's asynchronous window: its state as a badge in a polite live region (announced
 * when it opens or closes, not every minute), and while open a countdown ("2 h 14 min left · closes 1 Dec, 18:00
 * CET") outside the live region, with the viewer's zone named. Nothing when the question has no window.
 */
export function AsyncWindowBadge({ question }: { question: QuestionDto }) {
  const { t, i18n } = useTranslation();
  const w = question.asyncWindow ?? null;
  const now = useNow(30_000, !!w && w.state !== 'closed');
  if (!w) return null;
  const open = w.state !== 'closed' && isWindowOpenAt(w, now);
  const before = !open && w.state !== 'closed' && now < Date.parse(w.startsAt);
  const label = open
    ? t('asyncWindow.open')
    : before
      ? t('asyncWindow.scheduled', { start: formatInstant(w.startsAt, i18n.language) })
      : t('asyncWindow.closed', { end: formatInstant(w.endsAt, i18n.language) });
  const left = timeLeft(w.endsAt, now);
  return (
    <p
      className="async-window"
      data-testid="async-window"
      data-state={open ? 'open' : before ? 'scheduled' : 'closed'}
    >
      <span role="status" aria-live="polite" className={`badge state-${open ? 'open' : 'closed'}`}>
        {label}
      </span>
      {open && (
        <span className="async-window-countdown">
          {' · '}
          {t('asyncWindow.closesIn', { ...left, end: formatInstant(w.endsAt, i18n.language) })}
        </span>
      )}{' '}
      <span className="muted">({t('asyncWindow.zone', { zone: viewerZone() })})</span>
    </p>
  );
}

/**
 * The moderator's editor of a question's asynchronous window: two `datetime-local` inputs read in the viewer's
 * zone (named), set and remove buttons, and the outcome in a status line.
 */
export function AsyncWindowEditor({ question }: { question: QuestionDto }) {
  const { t } = useTranslation();
  const id = useId();
  const w = question.asyncWindow ?? null;
  const [start, setStart] = useState(() => (w ? toLocalInput(w.startsAt) : ''));
  const [end, setEnd] = useState(() => (w ? toLocalInput(w.endsAt) : ''));
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  // aria-disabled (not disabled) while a command runs: a disabled button drops keyboard focus to <body>.
  const saveButton = useRef<HTMLButtonElement>(null);

  const report = (
    ack: { ok: true } | { ok: false; error: { code: string; message: string } },
    done: string,
  ) =>
    setStatus(
      ack.ok
        ? done
        : t('asyncWindow.failed', {
            message: t(`errors.${ack.error.code}`, { defaultValue: ack.error.message }),
          }),
    );

  const save = async () => {
    const startsAt = fromLocalInput(start);
    const endsAt = fromLocalInput(end);
    if (busy) return;
    if (!startsAt || !endsAt || Date.parse(endsAt) <= Date.parse(startsAt)) {
      setStatus(t('asyncWindow.endBeforeStart'));
      return;
    }
    setBusy(true);
    const ack = await command('question:set-window', { questionId: question.id, startsAt, endsAt });
    setBusy(false);
    report(ack, t('asyncWindow.saved'));
  };

  const clear = async () => {
    if (busy) return;
    setBusy(true);
    const ack = await command('question:clear-window', { questionId: question.id });
    setBusy(false);
    if (ack.ok) {
      setStart('');
      setEnd('');
      // The remove button disappears with the window: keep keyboard focus in the editor.
      requestAnimationFrame(() => saveButton.current?.focus());
    }
    report(ack, t('asyncWindow.cleared'));
  };

  return (
    <fieldset className="async-window-editor" aria-describedby={`${id}-help`}>
      <legend>{t('asyncWindow.title')}</legend>
      <p id={`${id}-help`} className="async-window-hint">
        {t('asyncWindow.help')} ({t('asyncWindow.zone', { zone: viewerZone() })})
      </p>
      <label htmlFor={`${id}-start`}>{t('asyncWindow.start')}</label>
      <input
        id={`${id}-start`}
        type="datetime-local"
        value={start}
        onChange={(e) => setStart(e.target.value)}
        data-testid="window-start"
      />
      <label htmlFor={`${id}-end`}>{t('asyncWindow.end')}</label>
      <input
        id={`${id}-end`}
        type="datetime-local"
        value={end}
        min={start || undefined}
        onChange={(e) => setEnd(e.target.value)}
        data-testid="window-end"
      />
      <div className="async-window-buttons">
        <button type="button" ref={saveButton} onClick={() => void save()} aria-disabled={busy}>
          {t('asyncWindow.save')}
        </button>
        {w && (
          <button type="button" className="secondary" onClick={() => void clear()} aria-disabled={busy}>
            {t('asyncWindow.clear')}
          </button>
        )}
      </div>
      <p role="status" className="async-window-hint">
        {status}
      </p>
    </fieldset>
  );
}
