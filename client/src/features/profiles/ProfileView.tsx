import { useTranslation } from 'react-i18next';
import {
  PROFILE_FIELDS,
  type CooperationCard,
  type DistrictProfileDto,
  type ProfileField,
} from '@polos/shared';
import { fieldLabel, formatFieldValue, isHttpUrl, sectorList, countryList } from './profileModel';

/**
 * Fields shown on the profile page and in compare, in the profile's own order (`PROFILE_FIELDS`): all but the
 * name (the heading), the offer/request cards (shown as cards) and the contact person (shown apart).
 */
const NOT_IN_VIEW: ReadonlySet<ProfileField> = new Set(['name', 'offers', 'requests', 'contactPerson']);
export const VIEW_FIELDS: ProfileField[] = PROFILE_FIELDS.filter((field) => !NOT_IN_VIEW.has(field));

/** A website as a link only when it is an http(s) address; anything else is shown as text. */
export function WebsiteLink({ url }: { url: string | null }) {
  if (!url) return null;
  if (!isHttpUrl(url)) return <span>{url}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer nofollow">
      {url}
    </a>
  );
}

/** The value of one field of a profile as React text (the website as a safe link). */
export function FieldValue({ profile, field }: { profile: DistrictProfileDto; field: ProfileField }) {
  const { t, i18n } = useTranslation();
  if (field === 'website') return <WebsiteLink url={profile.website} />;
  const value = profile[field];
  const text = formatFieldValue(field, value, t, i18n.language);
  if (field === 'country')
    return (
      <>
        {text} ({t(`profiles.regionGroup.${profile.regionGroup}`)})
      </>
    );
  return <span className="pre-wrap">{text}</span>;
}

/** Offer/request cards read-only. */
export function CardList({ cards, kind }: { cards: CooperationCard[]; kind: 'offers' | 'requests' }) {
  const { t, i18n } = useTranslation();
  if (cards.length === 0) return <p className="muted">{t('profiles.card.none')}</p>;
  return (
    <ul className="offer-cards" style={{ listStyle: 'none', padding: 0 }}>
      {cards.map((card) => (
        <li
          key={card.id}
          className={`offer-card${kind === 'requests' ? ' request' : ''}`}
          data-testid={`${kind}-view`}
        >
          <h4 style={{ margin: 0 }}>{card.title}</h4>
          {card.description && <p className="pre-wrap">{card.description}</p>}
          {card.sectors.length > 0 && (
            <p className="small">
              {t('profiles.card.sectors')}: {sectorList(card.sectors, i18n.language)}
            </p>
          )}
          {card.targetCountries.length > 0 && (
            <p className="small">
              {t('profiles.card.targetCountries')}: {countryList(card.targetCountries, i18n.language)}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The whole profile, read-only, as a definition list. */
export function ProfileView({ profile }: { profile: DistrictProfileDto }) {
  const { t } = useTranslation();
  return (
    <>
      <dl className="profile-view">
        {VIEW_FIELDS.filter(
          (f) => profile[f] !== null && !(Array.isArray(profile[f]) && profile[f].length === 0),
        ).map((field) => (
          <div key={field} className="profile-view-row">
            <dt>{fieldLabel(field, t)}</dt>
            <dd data-field={field}>
              <FieldValue profile={profile} field={field} />
            </dd>
          </div>
        ))}
        {profile.contactPerson && (
          <div className="profile-view-row">
            <dt>{t('profiles.field.contactPerson')}</dt>
            <dd data-field="contactPerson">
              {formatFieldValue('contactPerson', profile.contactPerson, t, '')}
            </dd>
          </div>
        )}
      </dl>
      <h3 className="small-title">{t('profiles.field.offers')}</h3>
      <CardList cards={profile.offers} kind="offers" />
      <h3 className="small-title">{t('profiles.field.requests')}</h3>
      <CardList cards={profile.requests} kind="requests" />
    </>
  );
}
