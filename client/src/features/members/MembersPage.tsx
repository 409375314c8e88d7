import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, ROLES, type InviteDto, type MemberDto, type Role } from '@polos/shared';
import { api, ApiError, errorCode } from '../../api/http';
import { districtLabel, formatDate } from '../../i18n/format';
import { useSession } from '../auth';
import { useWorkspace } from '../workspace';
import '../history';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { useWorkspaceTitle } from '../../components/WorkspaceText';

/**
 * `/w/:workspaceId/members` (admins): every member with district and role, role changes, removal, and the
 * invite links still open with revoke. Results are announced in a live region.
 */
export default function MembersPage() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('members.nav'), useWorkspaceTitle(ws.workspace));
  const { session } = useSession();
  const base = `/api/workspaces/${ws.workspaceId}`;
  const [members, setMembers] = useState<MemberDto[] | null>(null);
  const [invites, setInvites] = useState<InviteDto[]>([]);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const admin = can(ws.workspace?.role, 'administer');

  const failed = useCallback(
    (err: unknown) => {
      const message =
        errorCode(err) === 'conflict'
          ? t('members.lastAdmin')
          : t(`errors.${errorCode(err)}`, {
              defaultValue: err instanceof ApiError ? err.message : t('app.error'),
            });
      setStatus(t('members.failed', { message }));
    },
    [t],
  );

  const load = useCallback(async () => {
    try {
      const [list, open] = await Promise.all([
        api<MemberDto[]>('GET', `${base}/members`),
        api<InviteDto[]>('GET', `${base}/invites`),
      ]);
      setMembers(list);
      setInvites(open);
    } catch (err) {
      failed(err);
    }
  }, [base, failed]);

  useEffect(() => {
    if (admin) void load();
  }, [admin, load]);

  if (!admin) return <p role="alert">{t('errors.forbidden', { defaultValue: t('app.error') })}</p>;

  const changeRole = async (member: MemberDto, role: Role) => {
    setBusy(member.user.id);
    try {
      const updated = await api<MemberDto>('PATCH', `${base}/members/${member.user.id}`, { role });
      setMembers((list) => list?.map((m) => (m.user.id === updated.user.id ? updated : m)) ?? null);
      setStatus(t('members.roleChanged', { name: member.user.name, role: t(`roles.${role}`) }));
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (member: MemberDto) => {
    if (!window.confirm(t('members.confirmRemove', { name: member.user.name }))) return;
    setBusy(member.user.id);
    try {
      await api('DELETE', `${base}/members/${member.user.id}`);
      setMembers((list) => list?.filter((m) => m.user.id !== member.user.id) ?? null);
      setStatus(t('members.removed', { name: member.user.name }));
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  };

  const revoke = async (invite: InviteDto) => {
    setBusy(invite.id);
    try {
      await api('DELETE', `${base}/invites/${invite.id}`);
      setInvites((list) => list.filter((i) => i.id !== invite.id));
      setStatus(t('members.revoked'));
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  };

  const date = (iso: string) => formatDate(iso, i18n.language);
  return (
    <section className="members-page" aria-labelledby="members-title">
      <h1 id="members-title">{t('members.title')}</h1>
      <p className="muted">{t('members.intro')}</p>
      <p role="status" aria-live="polite" className="status-line">
        {status}
      </p>
      {!members ? (
        <p aria-busy="true">{t('members.loading')}</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('members.name')}</th>
              <th scope="col">{t('members.district')}</th>
              <th scope="col">{t('members.role')}</th>
              <th scope="col">{t('members.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.user.id}>
                <td data-label={t('members.name')}>
                  {/* One grid cell (at phone width the label is the first column): "(you)" stays beside the name. */}
                  <span>
                    <bdi>{m.user.name}</bdi>
                    {m.user.id === session?.user.id && <span className="muted"> {t('members.you')}</span>}
                  </span>
                </td>
                <td data-label={t('members.district')}>
                  <bdi>{districtLabel(m.user.district, i18n.language) ?? t('members.noDistrict')}</bdi>
                </td>
                <td data-label={t('members.role')}>
                  <select
                    aria-label={t('members.roleOf', { name: m.user.name })}
                    value={m.role}
                    disabled={busy === m.user.id}
                    onChange={(e) => void changeRole(m, e.target.value as Role)}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-label={t('members.actions')}>
                  <button
                    type="button"
                    className="danger"
                    aria-label={t('members.removeLabel', { name: m.user.name })}
                    disabled={busy === m.user.id}
                    onClick={() => void remove(m)}
                  >
                    {t('members.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('members.invites')}</h2>
      {invites.length === 0 ? (
        <p className="muted">{t('members.noInvites')}</p>
      ) : (
        <ul className="invite-list">
          {invites.map((invite) => (
            <li key={invite.id}>
              <span>
                {t('members.inviteSummary', {
                  role: t(`roles.${invite.role}`),
                  uses: invite.uses,
                  maxUses: invite.maxUses,
                  date: date(invite.expiresAt),
                })}
              </span>
              <button
                type="button"
                className="danger"
                disabled={busy === invite.id}
                aria-label={t('members.revokeLabel', {
                  role: t(`roles.${invite.role}`),
                  date: date(invite.expiresAt),
                })}
                onClick={() => void revoke(invite)}
              >
                {t('members.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
