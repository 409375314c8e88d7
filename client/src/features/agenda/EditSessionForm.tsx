import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaSessionDto } from '@polos/shared';
import { errorCode } from '../../api/http';
import { formatLocale, localized } from '../../i18n/format';
import './agendaStrings';
import { agendaApi, instantToWallTime, wallTimeToInstant } from './agendaApi';
import { zoneLabel } from './zoneName';

/** IANA zones the runtime knows (for the zone pickers). */
export const zoneNames = (): string[] => {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
};

const LANGUAGES = ['en', 'es', 'pt', 'fr'] as const;

/** The day after `date` ("2027-03-25" → "2027-03-26"), calendar arithmetic only (no zone involved). */
const nextDay = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * Edits one scheduled session (moderators and admins): its four titles, the date and start/end wall times in a
 * chosen IANA zone (the zone is named in the time fields' labels; an end earlier than the start is on the next
 * day), sent as `PATCH /api/agenda/sessions/:id`. A concurrent edit answers 409 `conflict`, shown in the status.
 */
export function EditSessionForm({
  session,
  onDone,
  onCancel,
}: {
  session: AgendaSessionDto;
  onDone: (message: string, saved: boolean) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [zone, setZone] = useState(session.timeZone);
  const wallStart = instantToWallTime(session.start, session.timeZone);
  const wallEnd = instantToWallTime(session.end, session.timeZone);
  const title = localized(session.title, i18n.language);
  const locale = formatLocale(i18n.language);
  // The time fields' labels name the zone as people read it (QA m5), with its offset on the session's day.
  const zoneText = zoneLabel(zone, locale, new Date(session.start));
  const firstField = useRef<HTMLInputElement>(null);
  // Opening the editor moves focus into it (its first field).
  useEffect(() => firstField.current?.focus(), []);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (name: string) => {
      const v = data.get(name);
      return typeof v === 'string' ? v.trim() : '';
    };
    try {
      const date = text('date');
      // In UTC ('Z'), as stored and presented.
      const utc = (day: string, time: string) => new Date(wallTimeToInstant(day, time, zone)).toISOString();
      const start = utc(date, text('start'));
      let end = utc(date, text('end'));
      if (Date.parse(end) <= Date.parse(start)) end = utc(nextDay(date), text('end'));
      await agendaApi.update(session.id, {
        title: {
          en: text('en'),
          es: text('es'),
          ...(text('pt') ? { pt: text('pt') } : {}),
          ...(text('fr') ? { fr: text('fr') } : {}),
        },
        start,
        end,
        timeZone: zone,
      });
      onDone(t('agenda.saved'), true);
    } catch (err) {
      onDone(t('agenda.error', { message: errorCode(err) }), false);
    }
  };
  return (
    <form
      className="agenda-form agenda-edit-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby={`${id}-h`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h4 id={`${id}-h`}>{t('agenda.editHeading', { title })}</h4>
      {LANGUAGES.map((l, i) => (
        <label key={l}>
          {t(`agenda.title${l[0].toUpperCase()}${l[1]}` as 'agenda.titleEn')}
          <input
            name={l}
            required={l === 'en' || l === 'es'}
            maxLength={200}
            defaultValue={session.title[l] ?? ''}
            ref={i === 0 ? firstField : undefined}
          />
        </label>
      ))}
      <label>
        {t('agenda.timeZone')}
        <input list={`${id}-zones`} value={zone} onChange={(e) => setZone(e.target.value)} required />
      </label>
      <datalist id={`${id}-zones`}>
        {zoneNames().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <label>
        {t('agenda.date')}
        <input name="date" type="date" required defaultValue={wallStart.date} />
      </label>
      <label>
        {t('agenda.startTimeIn', { zone: zoneText })}
        <input name="start" type="time" required defaultValue={wallStart.time} />
      </label>
      <label>
        {t('agenda.endTimeIn', { zone: zoneText })}
        <input name="end" type="time" required defaultValue={wallEnd.time} />
      </label>
      <p className="agenda-actions">
        <button type="submit">{t('agenda.save')}</button>
        <button type="button" onClick={onCancel}>
          {t('agenda.cancel')}
        </button>
      </p>
    </form>
  );
}
