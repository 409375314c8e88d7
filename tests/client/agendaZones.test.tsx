import './helpers/textEncoding';
import { zoneLabel, zoneName } from '../../client/src/features/agenda/zoneName';

const january = new Date('2027-01-14T15:00:00Z');

/** QA m5: the agenda names time zones as people read them, in the UI language, with the offset. */
describe('agenda zone names', () => {
  test('namesZonesByCityOrCountryInTheUiLanguage', () => {
    expect(zoneName('America/Mexico_City', 'es-MX', january)).toBe('hora de Ciudad de México');
    expect(zoneName('America/Bogota', 'es', january)).toBe('hora de Colombia');
    expect(zoneName('America/Mexico_City', 'pt-BR', january)).toBe('Horário Cidade do México');
    expect(zoneName('America/Bogota', 'fr', january)).toBe('heure : Colombie');
    expect(zoneName('Europe/Warsaw', 'en-GB', january)).not.toMatch(/Europe\//);
  });

  test('usesALongNameWhereTheShortOneIsOnlyAnAbbreviation', () => {
    // Spanish CLDR has "CET" as the short generic name of Madrid: the long one is shown instead.
    expect(zoneName('Europe/Madrid', 'es', january)).toBe('hora de Europa central');
    expect(zoneName('UTC', 'es', january)).not.toMatch(/^(GMT|UTC)/);
  });

  test('addsTheOffsetOfThatDay', () => {
    expect(zoneLabel('America/Bogota', 'es', january)).toBe('hora de Colombia, GMT-5');
    expect(zoneLabel('Europe/Madrid', 'es', new Date('2027-07-15T12:00:00Z'))).toBe(
      'hora de Europa central, GMT+2',
    );
  });

  test('keepsTheIdOfAZoneTheRuntimeDoesNotKnow', () => {
    expect(zoneName('Mars/Olympus', 'es', january)).toBe('Mars/Olympus');
    expect(zoneLabel('Mars/Olympus', 'es', january)).toBe('Mars/Olympus');
  });
});
