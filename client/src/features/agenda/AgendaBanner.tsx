import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { agendaStatus, formatInZone } from '@polos/shared';
import { formatLocale, resolveLocalized } from '../../i18n/format';
import './agendaStrings';
import { viewerTimeZone } from './agendaApi';
import { useAgenda, useNow } from './useAgenda';
import { zoneLabel } from './zoneName';

/**
 * "Starting soon / live now" for the workspace's next session, in a polite live region (announced once when it
 * appears or changes, never interrupting). Renders an empty region otherwise, so the announcement is heard.
 */
export function AgendaBanner({ workspaceId }: { workspaceId: string }) {
  const { t, i18n } = useTranslation();
  const { agenda } = useAgenda(workspaceId);
  const now = useNow();
  const zone = viewerTimeZone();
  const locale = formatLocale(i18n.language);
  const current = agenda?.sessions
    .map((s) => ({ s, status: agendaStatus(s, now) }))
    .find((x) => x.status === 'live' || x.status === 'soon');
  let message: string | null = null;
  if (current) {
    // A title with no version in the UI language shows the fallback marked, as <Localized> does ("… (EN)").
    const resolved = resolveLocalized(current.s.title, i18n.language);
    const title = resolved.fallback ? `${resolved.text} (${resolved.lang.toUpperCase()})` : resolved.text;
    const instant = current.status === 'live' ? current.s.end : current.s.start;
    const at = formatInZone(instant, zone, locale);
    message = t(current.status === 'live' ? 'agenda.bannerLive' : 'agenda.bannerSoon', {
      title,
      time: at.time,
      zone: zoneLabel(zone, locale, new Date(instant)),
    });
  }
  return (
    <div aria-live="polite" aria-atomic="true" className="agenda-banner-region">
      {message && current && (
        <p className={`agenda-banner agenda-banner-${current.status}`} data-testid="agenda-banner">
          {message}{' '}
          <Link to={`/w/${workspaceId}/agenda#session-${current.s.id}`}>{t('agenda.openAgenda')}</Link>
        </p>
      )}
    </div>
  );
}
