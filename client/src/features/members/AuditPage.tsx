import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, type AuditEntryDto, type MemberDto } from '@polos/shared';
import { api, ApiError, errorCode } from '../../api/http';
import { formatDateTime, localized } from '../../i18n/format';
import { useWorkspace } from '../workspace';
import '../history';
import { describeAudit, type AuditNames } from './auditText';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { useWorkspaceTitle } from '../../components/WorkspaceText';

const PAGE = 50;

/** `/w/:workspaceId/audit` (moderators and admins): the workspace's audit log, newest first, paged. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('audit.nav'), useWorkspaceTitle(ws.workspace));
  const [entries, setEntries] = useState<AuditEntryDto[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const allowed = can(ws.workspace?.role, 'moderate');

  const load = useCallback(
    async (before?: string) => {
      try {
        const query = new URLSearchParams({ limit: String(PAGE), ...(before ? { before } : {}) });
        const page = await api<AuditEntryDto[]>('GET', `/api/workspaces/${ws.workspaceId}/audit?${query}`);
        setEntries((list) => (before ? [...(list ?? []), ...page] : page));
        setMore(page.length === PAGE);
      } catch (err) {
        setError(
          t(`errors.${errorCode(err)}`, {
            defaultValue: err instanceof ApiError ? err.message : t('app.error'),
          }),
        );
      }
    },
    [t, ws.workspaceId],
  );

  useEffect(() => {
    if (allowed) void load();
  }, [allowed, load]);

  // Names for the ids entries point at: members (any member may list them) and the workspace's blocks/questions.
  const [members, setMembers] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    if (!allowed) return;
    api<MemberDto[]>('GET', `/api/workspaces/${ws.workspaceId}/members`).then(
      (list) => setMembers(new Map(list.map((m) => [m.user.id, m.user.name]))),
      () => undefined, // the entries still read, with "a former member"
    );
  }, [allowed, ws.workspaceId]);
  const names = useMemo<AuditNames>(() => {
    const titles = new Map<string, string>();
    for (const block of ws.blocks) {
      titles.set(block.id, localized(block.title, i18n.language));
      for (const question of block.questions)
        titles.set(question.id, localized(question.text, i18n.language));
    }
    return { members, titles };
  }, [members, ws.blocks, i18n.language]);

  if (!allowed) return <p role="alert">{t('errors.forbidden', { defaultValue: t('app.error') })}</p>;
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      {error && <p role="alert">{error}</p>}
      {!entries ? (
        !error && <p aria-busy="true">{t('audit.loading')}</p>
      ) : entries.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const { sentence, details } = describeAudit(e, t, names);
              return (
                <tr key={e.id}>
                  <td data-label={t('audit.when')}>
                    <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
                  </td>
                  <td data-label={t('audit.who')}>
                    <bdi>{e.actor.name}</bdi>
                  </td>
                  <td data-label={t('audit.what')}>
                    <bdi>{sentence}</bdi>
                  </td>
                  <td data-label={t('audit.details')}>
                    <bdi>{details.join(' · ')}</bdi>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {more && entries && (
        <button type="button" onClick={() => void load(entries[entries.length - 1]?.id)}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
