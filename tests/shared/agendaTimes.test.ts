import { agendaStatus, formatInZone, sessionClocks } from '@polos/shared';

/**
 * Agenda times (issue 13.2): one session shown in Mexico City, Bogotá, Madrid and Warsaw on both sides of the
 * European daylight-saving change of 28 March 2027 — explicit instants, formatted by `Intl` with `timeZone`.
 */
describe('agenda times across a DST change', () => {
  const zones = ['America/Mexico_City', 'America/Bogota', 'Europe/Madrid', 'Europe/Warsaw'];
  // The same 15:00 UTC slot the Thursday before and the Thursday after Europe moves its clocks forward.
  const before = { start: '2027-03-25T15:00:00.000Z', end: '2027-03-25T16:30:00.000Z' };
  const after = { start: '2027-04-01T15:00:00.000Z', end: '2027-04-01T16:30:00.000Z' };

  const times = (session: { start: string; end: string }) =>
    Object.fromEntries(
      sessionClocks(session, zones[0], zones.slice(1), 'en-GB').map((c) => [
        c.zone,
        `${c.start.time}–${c.end.time} ${c.start.offset}`,
      ]),
    );

  it('showsEveryZoneItsOwnWallClockBeforeTheChange', () => {
    expect(times(before)).toEqual({
      'America/Mexico_City': '09:00–10:30 GMT-6',
      'America/Bogota': '10:00–11:30 GMT-5',
      'Europe/Madrid': '16:00–17:30 GMT+1',
      'Europe/Warsaw': '16:00–17:30 GMT+1',
    });
  });

  it('movesOnlyTheEuropeanClocksAfterTheChange', () => {
    expect(times(after)).toEqual({
      'America/Mexico_City': '09:00–10:30 GMT-6',
      'America/Bogota': '10:00–11:30 GMT-5',
      'Europe/Madrid': '17:00–18:30 GMT+2',
      'Europe/Warsaw': '17:00–18:30 GMT+2',
    });
  });

  it('keepsMadridAndSantiagoFourHoursApartInJanuaryAndSixInJuly', () => {
    const gap = (iso: string) => {
      const hour = (zone: string) => Number(formatInZone(iso, zone, 'en-GB').time.slice(0, 2));
      return hour('Europe/Madrid') - hour('America/Santiago');
    };
    expect(gap('2027-01-14T12:00:00Z')).toBe(4);
    expect(gap('2027-07-15T12:00:00Z')).toBe(6);
  });

  it('namesTheZoneAndFormatsDateAndTimeInTheViewersLocale', () => {
    const fr = formatInZone(after.start, 'Europe/Madrid', 'fr');
    expect(fr).toMatchObject({ zone: 'Europe/Madrid', time: '17:00', offset: 'GMT+2' });
    expect(fr.text).toMatch(/jeu\.? 1 avr/);
    // The date differs between zones for a late slot: 03:00 UTC is still the previous evening in Mexico City.
    const late = formatInZone('2027-04-02T03:00:00Z', 'America/Mexico_City', 'es');
    expect(late.text).toMatch(/jue.*1 abr/);
  });

  it('listsTheViewersZoneFirstAndEachZoneOnce', () => {
    const clocks = sessionClocks(before, 'Europe/Madrid', ['Europe/Madrid', 'America/Bogota'], 'en');
    expect(clocks.map((c) => c.zone)).toEqual(['Europe/Madrid', 'America/Bogota']);
  });

  it('tellsSoonLiveAndEndedFromTheInstantGiven', () => {
    const start = Date.parse(before.start);
    expect(agendaStatus(before, start - 60 * 60_000)).toBe('upcoming');
    expect(agendaStatus(before, start - 10 * 60_000)).toBe('soon');
    expect(agendaStatus(before, start + 60_000)).toBe('live');
    expect(agendaStatus(before, Date.parse(before.end))).toBe('ended');
  });
});
