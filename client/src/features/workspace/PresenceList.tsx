import { useTranslation } from 'react-i18next';
import { isolateBidi, stripBidiControls, type PresenceDto } from '@polos/shared';
import { countryName, flagEmoji, initials } from '../../i18n/format';

/** Who is in the block: avatars with name, district and country. */
export function PresenceList({ presence }: { presence: PresenceDto | undefined }) {
  const { t, i18n } = useTranslation();
  const users = presence?.users ?? [];
  return (
    <section className="presence card" aria-labelledby="presence-title">
      <h2 id="presence-title" className="small-title">
        {t('presence.title')} <span className="muted">· {t('presence.count', { count: users.length })}</span>
      </h2>
      <ul className="presence-list">
        {users.map((user) => {
          const country = user.district ? countryName(user.district.country, i18n.language) : '';
          // The tooltip shows names cut short by the ellipsis in full (isolated: they are user text).
          const where = user.district
            ? `${isolateBidi(user.district.name)} · ${country}`
            : t('presence.noDistrict');
          return (
            <li key={user.userId} className="presence-user" title={`${isolateBidi(user.name)} — ${where}`}>
              <span className={`avatar role-${user.role}`} aria-hidden="true">
                {initials(user.name)}
              </span>
              <span className="presence-text">
                <bdi className="presence-name">{stripBidiControls(user.name)}</bdi>
                <span className="muted presence-where">
                  {user.district ? (
                    <>
                      <span aria-hidden="true">{flagEmoji(user.district.country)} </span>
                      <bdi>{stripBidiControls(user.district.name)}</bdi> · {country}
                    </>
                  ) : (
                    where
                  )}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
