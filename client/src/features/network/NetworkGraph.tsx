import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';
import { countryName, type NetworkDto, type NetworkStatus, type RegionGroup } from '@polos/shared';

/** The drawing's coordinate space (the SVG scales to its container's width through its viewBox). */
const WIDTH = 640;
const HEIGHT = 420;
/** Where each region group is pulled to: the EU on the left, Latin America & Caribbean on the right. */
const REGION_X: Record<RegionGroup, number> = { EU: WIDTH * 0.28, LAC: WIDTH * 0.72, other: WIDTH * 0.5 };

/** Colours per region (Okabe–Ito, distinguishable with colour-vision deficiencies) — shapes repeat the cue. */
export const REGION_COLOUR: Record<RegionGroup, string> = { EU: '#0072B2', LAC: '#D55E00', other: '#6b6b6b' };

/** Edge styles by status: dash pattern and width repeat what colour says. */
export const EDGE_STYLE: Record<NetworkStatus, { stroke: string; width: number; dash?: string }> = {
  interest: { stroke: '#8a8a8a', width: 1.2, dash: '2 3' },
  match: { stroke: '#4d4d4d', width: 1.6, dash: '6 3' },
  requested: { stroke: '#7a4fa0', width: 1.8, dash: '1 2' },
  scheduled: { stroke: '#7a4fa0', width: 2.4 },
  held: { stroke: '#1b6e3a', width: 3 },
  agreement: { stroke: '#009E73', width: 4.5 },
};

interface Node extends SimulationNodeDatum {
  id: string;
  name: string;
  country: string;
  regionGroup: RegionGroup;
  mine: boolean;
}
interface Link extends SimulationLinkDatum<Node> {
  status: NetworkStatus;
}

/** The node's shape: circle (EU), square (LAC), triangle (other), centred on (0, 0). */
export function NodeShape({ group, size, mine }: { group: RegionGroup; size: number; mine?: boolean }) {
  const common = {
    fill: REGION_COLOUR[group],
    stroke: mine ? '#111' : '#fff',
    strokeWidth: mine ? 2.5 : 1,
  };
  if (group === 'EU') return <circle r={size} {...common} />;
  if (group === 'LAC')
    return <rect x={-size * 0.9} y={-size * 0.9} width={size * 1.8} height={size * 1.8} {...common} />;
  const h = size * 1.2;
  return <polygon points={`0,${-h} ${h},${h * 0.8} ${-h},${h * 0.8}`} {...common} />;
}

/**
 * Lays the connected districts out with d3-force (computed once per data change, synchronously — no animation,
 * so the picture is stable and cheap) and draws them as an SVG that scales to the width (390 px phones too).
 * The drawing is one labelled image; the table view is its accessible equivalent.
 */
export function NetworkGraph({ network }: { network: NetworkDto }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  const layout = useMemo(() => {
    const linked = new Set(network.edges.flatMap((e) => [e.a, e.b]));
    const mine = new Set(network.myDistrictIds);
    const nodes: Node[] = network.nodes
      .filter((n) => linked.has(n.id))
      .map((n, i) => ({
        id: n.id,
        name: n.name,
        country: n.country,
        regionGroup: n.regionGroup,
        mine: mine.has(n.id),
        // Deterministic start: the same data gives the same picture.
        x: REGION_X[n.regionGroup] + ((i * 37) % 80) - 40,
        y: HEIGHT / 2 + ((i * 53) % 200) - 100,
      }));
    const links: Link[] = network.edges.map((e) => ({ source: e.a, target: e.b, status: e.status }));
    const simulation = forceSimulation(nodes)
      .force(
        'link',
        forceLink<Node, Link>(links)
          .id((d) => d.id)
          .distance(70),
      )
      .force('charge', forceManyBody().strength(-60))
      .force('x', forceX<Node>((d) => REGION_X[d.regionGroup]).strength(0.12))
      .force('y', forceY(HEIGHT / 2).strength(0.08))
      .force('collide', forceCollide(12))
      .stop();
    simulation.tick(Math.min(300, 60 + nodes.length * 2));
    for (const n of nodes) {
      n.x = Math.max(14, Math.min(WIDTH - 14, n.x ?? 0));
      n.y = Math.max(14, Math.min(HEIGHT - 14, n.y ?? 0));
    }
    return { nodes, links: links as Array<Link & { source: Node; target: Node }> };
  }, [network]);
  const labels = layout.nodes.length <= 40;
  const notDrawn = network.nodes.length - layout.nodes.length;
  return (
    <figure className="network-graph">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={t('network.graphLabel', {
          districts: layout.nodes.length,
          edges: network.edges.length,
          euLac: network.counts.euLac,
          within: network.counts.within,
        })}
        data-testid="network-graph"
      >
        <g>
          {layout.links.map((l) => {
            const s = EDGE_STYLE[l.status];
            return (
              <line
                key={`${l.source.id}|${l.target.id}`}
                x1={l.source.x}
                y1={l.source.y}
                x2={l.target.x}
                y2={l.target.y}
                stroke={s.stroke}
                strokeWidth={s.width}
                strokeDasharray={s.dash}
                data-status={l.status}
              >
                <title>{`${l.source.name} – ${l.target.name}: ${t(`network.status.${l.status}`)}`}</title>
              </line>
            );
          })}
        </g>
        <g>
          {layout.nodes.map((n) => (
            <g
              key={n.id}
              transform={`translate(${n.x},${n.y})`}
              className="network-node"
              data-region={n.regionGroup}
            >
              <title>{`${n.name} (${countryName(n.country, lng)}, ${t(`network.region.${n.regionGroup}`)})`}</title>
              <NodeShape group={n.regionGroup} size={7} mine={n.mine} />
              {labels && (
                <text x={10} y={4} className="network-label">
                  {n.name}
                </text>
              )}
            </g>
          ))}
        </g>
      </svg>
      {notDrawn > 0 && <figcaption>{t('network.notDrawn', { count: notDrawn })}</figcaption>}
    </figure>
  );
}
