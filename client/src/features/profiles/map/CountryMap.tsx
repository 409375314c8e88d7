import { memo, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
// Natural Earth 1:50m outlines, bundled into this lazy chunk as text: no tile server, no request at run time.
import atlasText from 'world-atlas/countries-50m.json?raw';
import { countryName } from '../../../i18n/format';
import '../profileStrings';
import '../mapStrings';
import { alpha2Of } from './countryCodes';
import { shadeBuckets, bucketOf } from './shading';

/** A district drawn as a point (WGS 84 degrees). */
export interface MapPoint {
  id: string;
  name: string;
  country: string;
  lat: number;
  lon: number;
}

export interface CountryMapProps {
  /** Districts per ISO 3166-1 alpha-2 country. */
  counts: Record<string, number>;
  /** Districts with coordinates. */
  points: MapPoint[];
  /** The country the directory is filtered by, if any. */
  selected: string | null;
  /** Called with the alpha-2 code when a shaded country is clicked or activated with Enter/Space. */
  onSelect: (country: string) => void;
}

interface CountryShape {
  code: string | null;
  key: string;
  feature: Feature<Geometry>;
}

let shapesCache: CountryShape[] | null = null;
/** The atlas parsed once per page (≈ 240 countries). */
function countryShapes(): CountryShape[] {
  if (shapesCache) return shapesCache;
  const topology = JSON.parse(atlasText) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<
    Geometry,
    { name: string }
  >;
  shapesCache = collection.features.map((f, index) => ({
    code: alpha2Of(f.id, f.properties?.name),
    key: `${String(f.id ?? f.properties?.name)}-${index}`,
    feature: f,
  }));
  return shapesCache;
}

/** The two panels: lon/lat boxes of Europe and of Latin America & the Caribbean. */
const PANELS = [
  { id: 'europe', box: [-25, 34, 45, 71] as const, width: 460, height: 420 },
  { id: 'lac', box: [-118, -56, -33, 33] as const, width: 460, height: 520 },
] as const;

function panelProjection(box: readonly [number, number, number, number], width: number, height: number) {
  const [west, south, east, north] = box;
  const outline: Feature<Geometry> = {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'MultiPoint',
      coordinates: [
        [west, south],
        [east, north],
        [west, north],
        [east, south],
      ],
    },
  };
  return geoMercator()
    .fitExtent(
      [
        [4, 4],
        [width - 4, height - 4],
      ],
      outline,
    )
    .clipExtent([
      [0, 0],
      [width, height],
    ]);
}

/** The panels with their projections, made once per page (stable identities keep the outline memo warm). */
const PANEL_PROJECTIONS = PANELS.map((p) => ({
  ...p,
  projection: panelProjection(p.box, p.width, p.height),
}));

function Panel(props: {
  id: string;
  title: string;
  projection: GeoProjection;
  width: number;
  height: number;
  counts: Record<string, number>;
  buckets: number[];
  points: MapPoint[];
  selected: string | null;
  onSelect: (country: string) => void;
}) {
  const { t, i18n } = useTranslation();
  // The outlines depend only on the projection: computed once per panel, not on every filter change.
  const drawn = useMemo(() => {
    const path = geoPath(props.projection);
    return countryShapes()
      .map((shape) => ({ shape, d: path(shape.feature) }))
      .filter((x): x is { shape: CountryShape; d: string } => Boolean(x.d));
  }, [props.projection]);
  const lang = i18n.language;
  return (
    <figure className="map-panel">
      <figcaption className="small-title">{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${props.width} ${props.height}`}
        className="country-map"
        role="group"
        aria-label={props.title}
        data-testid={`map-${props.id}`}
      >
        <rect width={props.width} height={props.height} className="map-sea" />
        {drawn.map(({ shape, d }) => {
          const count = shape.code ? (props.counts[shape.code] ?? 0) : 0;
          const bucket = bucketOf(count, props.buckets);
          const active = shape.code !== null && count > 0;
          // Named in the UI language (Intl.DisplayNames by alpha-2 code, as everywhere in the client), never by
          // the atlas's English names (QA: "S. Geo. and the Is.: 0 distritos"); a shape without an ISO code
          // gets a neutral name. Only shaded countries are buttons, so only they say "filter the directory".
          const name = shape.code ? countryName(shape.code, lang) : t('profiles.map.otherTerritory');
          const label = active
            ? t('profiles.map.countryLabel', { country: name, count })
            : t('profiles.map.countryNone', { country: name });
          const select = () => shape.code && props.onSelect(shape.code);
          return (
            <path
              key={shape.key}
              d={d}
              className={`map-country shade-${bucket}${shape.code && shape.code === props.selected ? ' selected' : ''}`}
              data-country={shape.code ?? undefined}
              data-count={count}
              tabIndex={active ? 0 : undefined}
              role={active ? 'button' : undefined}
              aria-label={active ? label : undefined}
              aria-hidden={active ? undefined : true}
              aria-pressed={active ? shape.code === props.selected : undefined}
              // Mouse and keyboard alike: only shaded countries filter (an unshaded one would give 0 results).
              onClick={active ? select : undefined}
              onKeyDown={
                active
                  ? (event) => {
                      if (event.key === 'Enter' || event.key === ' ') {
                        event.preventDefault();
                        select();
                      }
                    }
                  : undefined
              }
            >
              <title>{label}</title>
            </path>
          );
        })}
        {props.points.map((point) => {
          const xy = props.projection([point.lon, point.lat]);
          if (!xy) return null;
          const [x, y] = xy;
          if (x < 0 || y < 0 || x > props.width || y > props.height) return null;
          return (
            <circle key={point.id} cx={x} cy={y} r={3.5} className="map-point" aria-hidden="true">
              <title>{point.name}</title>
            </circle>
          );
        })}
      </svg>
    </figure>
  );
}

/**
 * Offline choropleth of Europe and Latin America & the Caribbean: countries shaded by their number of
 * districts (legend below), districts with coordinates as points; shaded countries are buttons (Tab, Enter,
 * Space) that call `onSelect`. Loaded lazily (d3-geo + topojson + the 1:50m atlas stay out of the entry chunk).
 */
function CountryMap({ counts, points, selected, onSelect }: CountryMapProps) {
  const { t } = useTranslation();
  const buckets = useMemo(() => shadeBuckets(Math.max(0, ...Object.values(counts))), [counts]);
  const panels = PANEL_PROJECTIONS;
  // Every shaded country is a Tab stop: a skip link lets keyboard users jump past the map to the country table
  // that follows it (same choices), landing on a focusable end marker.
  const endId = useId();
  const end = useRef<HTMLSpanElement>(null);
  return (
    <div className="country-map-wrap" data-testid="country-map">
      <a
        href={`#${endId}`}
        className="skip-link map-skip"
        data-testid="map-skip"
        onClick={(event) => {
          event.preventDefault();
          end.current?.focus();
        }}
      >
        {t('profiles.map.skip')}
      </a>
      <div className="map-panels">
        {panels.map((panel) => (
          <Panel
            key={panel.id}
            id={panel.id}
            title={t(`profiles.map.${panel.id}`)}
            projection={panel.projection}
            width={panel.width}
            height={panel.height}
            counts={counts}
            buckets={buckets}
            points={points}
            selected={selected}
            onSelect={onSelect}
          />
        ))}
      </div>
      <ul className="map-legend" aria-label={t('profiles.map.legend')}>
        {buckets.map((low, index) => {
          const high = buckets[index + 1] !== undefined ? buckets[index + 1] - 1 : null;
          return (
            <li key={low}>
              <span className={`swatch shade-${index + 1}`} aria-hidden="true" />
              {high === null || high === low
                ? high === null
                  ? t('profiles.map.atLeast', { n: low })
                  : t('profiles.map.exactly', { n: low })
                : t('profiles.map.range', { low, high })}
            </li>
          );
        })}
        <li>
          <span className="swatch shade-0" aria-hidden="true" />
          {t('profiles.map.none')}
        </li>
        <li>
          <span className="swatch point" aria-hidden="true" />
          {t('profiles.map.point')}
        </li>
      </ul>
      <span id={endId} ref={end} tabIndex={-1} className="visually-hidden">
        {t('profiles.map.skipped')}
      </span>
    </div>
  );
}

/** Re-renders only when its props change (the directory re-renders on every keystroke of a filter). */
export default memo(CountryMap);
