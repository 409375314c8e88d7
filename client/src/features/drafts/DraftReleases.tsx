import { useTranslation } from 'react-i18next';
import {
  EXPORT_FORMATS,
  timeZoneLabel,
  type DraftDto,
  type DraftPublicationDto,
  type ExportFormat,
} from '@polos/shared';
import { Localized } from '../../components/Localized';
import { formatDate } from '../../i18n/format';
import { exportUrl } from './draftApi';
import './draftStrings';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  md: 'Markdown',
  html: 'HTML',
  docx: 'Word (DOCX)',
  pdf: 'PDF',
};

/** Links to a draft's (or release's) export in every format. */
export function Downloads({ href, label }: { href: (format: ExportFormat) => string; label: string }) {
  const { t } = useTranslation();
  return (
    <span className="draft-downloads" aria-label={`${t('drafts.download')}: ${label}`}>
      {t('drafts.download')}:{' '}
      {EXPORT_FORMATS.map((format) => (
        <a key={format} href={href(format)} download data-format={format}>
          {FORMAT_LABELS[format]}
        </a>
      ))}
    </span>
  );
}

/**
 * A release date in the workspace's time zone, the zone named in the UI language (`timeZoneLabel`): "30/11/2026
 * (hora de Europa oriental)", not the raw id "Europe/Athens" (QA).
 */
function releaseDate(iso: string, timeZone: string, language: string): string {
  const numeric = { year: 'numeric', month: 'numeric', day: 'numeric' } as const;
  const day = formatDate(iso, language, { ...numeric, timeZone });
  return day ? `${day} (${timeZoneLabel(timeZone, language)})` : formatDate(iso, language, numeric);
}

/**
 * The release's title in the UI language when it is its draft's generated title (stored in English, "Competitiveness
 * — conclusions"): the draft's `titleText` made per language by the server from the block's titles; a title someone
 * wrote, or a release of a draft renamed since, is shown as stored.
 */
function ReleaseTitle({
  publication,
  drafts,
}: {
  publication: DraftPublicationDto;
  drafts: readonly DraftDto[];
}) {
  const draft = drafts.find((d) => d.id === publication.draftId);
  if (draft?.titleText && draft.title === publication.title) return <Localized text={draft.titleText} />;
  return <>{publication.title}</>;
}

/** The published releases, newest first, each with its title in the UI language, date, publisher and downloads. */
export function Releases({
  publications,
  drafts,
}: {
  publications: DraftPublicationDto[];
  /** The drafts the releases belong to (for their titles per language). */
  drafts: readonly DraftDto[];
}) {
  const { t, i18n } = useTranslation();
  if (publications.length === 0) return <p className="muted">{t('drafts.noReleases')}</p>;
  return (
    <ul className="draft-releases">
      {publications.map((p) => (
        <li key={p.id} data-testid="draft-release">
          <strong>
            <ReleaseTitle publication={p} drafts={drafts} />
          </strong>{' '}
          —{' '}
          {t('drafts.release', {
            number: p.number,
            date: releaseDate(p.publishedAt, p.timeZone, i18n.language),
          })}{' '}
          <span className="muted">{t('drafts.by', { name: p.publishedBy.name })}</span>
          <br />
          <Downloads href={(format) => exportUrl.release(p.draftId, p.number, format)} label={p.title} />
        </li>
      ))}
    </ul>
  );
}
