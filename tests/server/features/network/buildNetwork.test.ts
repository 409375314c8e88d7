import type { NetworkNodeDto } from '@polos/shared';
import {
  buildNetwork,
  pairingOf,
  type MeetingEdge,
  type NetworkViewer,
} from '../../../../server/src/features/network/network.service';

// Pure collapse rules of the network (meetings from the `listMeetingEdges` port shape).
const node = (id: string, regionGroup: NetworkNodeDto['regionGroup'], sectors: string[]): NetworkNodeDto => ({
  id,
  name: id.toUpperCase(),
  country: regionGroup === 'EU' ? 'ES' : regionGroup === 'LAC' ? 'CL' : 'US',
  regionGroup,
  kind: 'cluster',
  sectors,
});
const nodes = [
  node('a', 'EU', ['10']),
  node('b', 'LAC', ['52']),
  node('c', 'LAC', ['01']),
  node('d', 'other', []),
];
const meeting = (a: string, b: string, status: MeetingEdge['status'], n: number): MeetingEdge => ({
  a,
  b,
  status,
  eventId: 'e',
  meetingId: `m${n}`,
});
const all: NetworkViewer = { interests: 'all', myDistrictIds: new Set() };
const none: NetworkViewer = { interests: 'none', myDistrictIds: new Set() };

describe('buildNetwork', () => {
  it('collapses a pair to its strongest status and keeps the counts of each', () => {
    const net = buildNetwork(
      'w',
      nodes,
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ],
      [meeting('b', 'a', 'held', 1), meeting('a', 'b', 'agreement', 2), meeting('a', 'b', 'scheduled', 3)],
      all,
      {},
    );
    expect(net.edges).toEqual([
      {
        a: 'a',
        b: 'b',
        status: 'agreement',
        pairing: 'EU-LAC',
        counts: { interest: 2, match: 1, requested: 0, scheduled: 1, held: 1, agreement: 1 },
      },
    ]);
    expect(net.counts.byStatus.agreement.euLac).toBe(1);
    expect(net.counts.byStatus.match.total).toBe(0);
  });

  it('hides one-sided interests from other viewers but keeps the meeting edge without telling who is interested', () => {
    const interests = [
      { from: 'a', to: 'c' },
      { from: 'b', to: 'c' },
    ];
    const meetings = [meeting('b', 'c', 'requested', 1)];
    const forNone = buildNetwork('w', nodes, interests, meetings, none, {});
    expect(forNone.edges).toEqual([
      expect.objectContaining({ a: 'b', b: 'c', status: 'requested', pairing: 'LAC-LAC' }),
    ]);
    expect(forNone.edges[0].counts.interest).toBe(0);
    const forA = buildNetwork(
      'w',
      nodes,
      interests,
      meetings,
      { interests: 'own', myDistrictIds: new Set(['a']) },
      {},
    );
    expect(forA.edges.map((e) => `${e.a}${e.b}:${e.status}`)).toEqual(['ac:interest', 'bc:requested']);
    expect(forA.edges[1].counts.interest).toBe(0);
    expect(forA.counts).toMatchObject({ euLac: 1, lacLac: 1, within: 1, total: 2 });
  });

  it('pairs region groups; ignores self-pairs and districts outside the workspace; filters by sector and status', () => {
    expect(pairingOf('EU', 'LAC')).toBe('EU-LAC');
    expect(pairingOf('LAC', 'EU')).toBe('EU-LAC');
    expect(pairingOf('EU', 'EU')).toBe('EU-EU');
    expect(pairingOf('LAC', 'other')).toBe('other');
    const interests = [
      { from: 'a', to: 'a' },
      { from: 'a', to: 'zz' },
      { from: 'a', to: 'd' },
      { from: 'b', to: 'c' },
    ];
    const net = buildNetwork('w', nodes, interests, [], all, {});
    expect(net.edges.map((e) => `${e.a}${e.b}`)).toEqual(['ad', 'bc']);
    expect(net.counts).toMatchObject({ other: 1, lacLac: 1, total: 2 });
    const sector = buildNetwork('w', nodes, interests, [], all, { sector: '01' });
    expect(sector.edges.map((e) => `${e.a}${e.b}`)).toEqual(['bc']);
    expect(sector.nodes.map((n) => n.id)).toEqual(['b', 'c']);
    const status = buildNetwork('w', nodes, interests, [meeting('c', 'd', 'held', 1)], all, {
      status: ['held'],
    });
    expect(status.edges.map((e) => `${e.a}${e.b}:${e.status}`)).toEqual(['cd:held']);
    expect(status.nodes).toHaveLength(4);
  });
});
