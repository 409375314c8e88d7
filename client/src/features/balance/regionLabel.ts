import type { TFunction } from 'i18next';
import type { RegionGroup } from '@polos/shared';
import './balanceStrings';

/**
 * The region group's name in the viewer's language ("EU"/"LAC" in English, "UE"/"ALC" in Spanish, …), from
 * balanceStrings.ts — the one source for region labels on the balance page, its warning and the projector.
 */
export function regionLabel(t: TFunction, region: RegionGroup): string {
  return t(`balance.region.${region}`);
}
