/**
 * The demo workspace's 76 fictitious districts from 27 countries (EU 14, LAC 13), labelled demo (`demo: true`,
 * and every name says "Demo"/"Démo"). Names keep their original spelling and accents. Sizes, offers, requests
 * and completeness are derived deterministically from the row index, so every seed gives the same directory:
 * 41 of the 76 profiles are complete.
 */
import type { CooperationCard, DistrictKind, DistrictProfileFields } from '@polos/shared';
import { LAC_COUNTRY_CODES, regionGroupOf } from '@polos/shared';

// name | local designation | kind | country | region | region code | city | lat | lng | sectors (NACE) | specialisation
const ROWS = `Clúster Demo de Autopartes del Norte|clúster|cluster|MX|Nuevo León|MX-NLE|Monterrey|25.67|-100.31|29,25,28|Autopartes metálicas, estampado y maquinado de precisión para armadoras de Norteamérica
Polo Demo Cafetalero de Antioquia|clúster|cluster|CO|Antioquia|CO-ANT|Medellín|6.24|-75.58|01,10|Cafés especiales de origen, tostión y trazabilidad para exportación
Arranjo Produtivo Local Demo do Calçado|arranjo produtivo local (APL)|cluster|BR|Rio Grande do Sul|BR-RS|Novo Hamburgo|-29.68|-51.13|15|Calçado de couro, componentes e design de moda
Parque Tecnológico Demo del Valle Central|parque tecnológico|technology_park|CR|San José|CR-SJ|San José|9.93|-84.08|62,21,72|Software, servicios digitales y ciencias de la vida
Clúster Demo Vitivinícola de Cuyo|clúster|cluster|AR|Mendoza|AR-M|Mendoza|-32.89|-68.84|11,01,55|Vinos de altura, enoturismo y riego eficiente
Agencia Demo de Desarrollo de Los Ríos|agencia regional de desarrollo|agency|CL|Los Ríos|CL-LR|Valdivia|-39.81|-73.25|03,10|Acuicultura sostenible y alimentos del mar
Pôle Démo Mer et Littoral|pôle de compétitivité|cluster|FR|Provence-Alpes-Côte d’Azur|FRL0|Toulon|43.12|5.93|50,52,35|Économie maritime, ports intelligents et énergies marines renouvelables
Distretto Demo del Mobile di Brianza|distretto industriale|cluster|IT|Lombardia|ITC4|Lissone|45.61|9.24|31,16|Arredo di design, legno e contract
Clúster Demo Aeronáutico de Andalucía|agrupación empresarial innovadora (AEI)|cluster|ES|Andalucía|ES61|Sevilla|37.39|-5.98|30,25,33|Aeroestructuras, montaje final y mantenimiento aeronáutico
Kompetenznetz Demo Hafenlogistik|Cluster|cluster|DE|Hamburg|DE60|Hamburg|53.55|9.99|52,62|Hafenlogistik, digitale Lieferketten und Automatisierung von Terminals
Centro Demo de I&D Agroalimentar do Minho|centro de interface tecnológica|rd_organisation|PT|Norte|PT11|Braga|41.55|-8.42|72,10|Investigação agroalimentar, segurança alimentar e embalagens
Gmina Demo — Dolina Przemysłowa|gmina (samorząd lokalny)|local_government|PL|Podkarpackie|PL82|Rzeszów|50.04|22.00|30,25|Przemysł lotniczy i obróbka metali
Clúster Demo de Autopartes del Bajío|clúster|cluster|MX|Guanajuato|MX-GUA|León|21.12|-101.68|29,22|Autopartes plásticas, arneses y proveeduría Tier 2
Clúster Demo Aeroespacial de Querétaro|clúster|cluster|MX|Querétaro|MX-QUE|Querétaro|20.59|-100.39|30,33|Componentes de motor, MRO y ingeniería aeroespacial
Clúster Demo de Tecnologías de la Información de Jalisco|clúster|cluster|MX|Jalisco|MX-JAL|Guadalajara|20.67|-103.35|62,26|Diseño de semiconductores, software embebido y servicios TI
Clúster Demo Agroalimentario de Sinaloa|clúster|cluster|MX|Sinaloa|MX-SIN|Culiacán|24.81|-107.39|01,10|Hortalizas de exportación, empaque y cadena de frío
Clúster Demo de Software de Bogotá|clúster|cluster|CO|Bogotá|CO-DC|Bogotá|4.71|-74.07|62,63|Software empresarial, fintech y analítica de datos
Clúster Demo de Cosméticos del Valle|clúster|cluster|CO|Valle del Cauca|CO-VAC|Cali|3.45|-76.53|20,21|Cosmética natural con ingredientes de la biodiversidad
Arranjo Produtivo Local Demo de Software de Recife|arranjo produtivo local (APL)|cluster|BR|Pernambuco|BR-PE|Recife|-8.05|-34.88|62|Software, economia criativa e cidades inteligentes
Polo Demo Moveleiro da Serra Gaúcha|polo moveleiro|cluster|BR|Rio Grande do Sul|BR-RS|Bento Gonçalves|-29.17|-51.52|31|Móveis planejados, painéis de madeira e design
Parque Tecnológico Demo de São José dos Campos|parque tecnológico|technology_park|BR|São Paulo|BR-SP|São José dos Campos|-23.18|-45.88|30,72|Aeronáutica, defesa e incubação de startups de base tecnológica
APL Demo de Frutas do Vale do São Francisco|arranjo produtivo local (APL)|cluster|BR|Pernambuco|BR-PE|Petrolina|-9.39|-40.50|01,10|Fruticultura irrigada, uvas e mangas de exportação
Clúster Demo de Dispositivos Médicos de Costa Rica|clúster|cluster|CR|Heredia|CR-H|Heredia|10.00|-84.12|32,26|Dispositivos médicos, manufactura avanzada y esterilización
Clúster Demo del Software de Córdoba|clúster|cluster|AR|Córdoba|AR-X|Córdoba|-31.42|-64.18|62|Software a medida, servicios basados en conocimiento y videojuegos
Polo Demo Lácteo de Santa Fe|polo productivo|cluster|AR|Santa Fe|AR-S|Rafaela|-31.25|-61.49|10|Lácteos, quesos de exportación y maquinaria para tambos
Clúster Demo Minero de Antofagasta|clúster|cluster|CL|Antofagasta|CL-AN|Antofagasta|-23.65|-70.40|07,09,33|Proveedores de la minería del cobre, mantenimiento y automatización
Clúster Demo Frutícola del Maule|clúster|cluster|CL|Maule|CL-ML|Talca|-35.43|-71.66|01,10|Fruta fresca, berries y agricultura de precisión
Clúster Demo de Quinua y Granos Andinos|clúster|cluster|PE|Puno|PE-PUN|Puno|-15.84|-70.02|01,10|Quinua orgánica, cañihua y procesamiento de granos andinos
Clúster Demo Textil de Gamarra|conglomerado|cluster|PE|Lima|PE-LIM|Lima|-12.07|-77.01|13,14|Confecciones de algodón pima y moda rápida
Polo Demo Tecnológico de Montevideo|parque científico y tecnológico|technology_park|UY|Montevideo|UY-MO|Montevideo|-34.90|-56.16|62,72|Software, biotecnología y servicios globales
Conglomerado Demo Forestal-Madera de Rivera|conglomerado|cluster|UY|Rivera|UY-RV|Rivera|-30.90|-55.55|02,16|Forestación certificada, aserrío y construcción en madera
Clúster Demo del Cacao Fino de Aroma|clúster|cluster|EC|Los Ríos|EC-R|Babahoyo|-1.80|-79.53|01,10|Cacao fino de aroma, chocolate de origen y certificación
Clúster Demo de Camarón de El Oro|clúster|cluster|EC|El Oro|EC-O|Machala|-3.26|-79.96|03,10|Acuicultura de camarón, alimento balanceado y procesamiento
Clúster Demo del Café de Huehuetenango|clúster|cluster|GT|Huehuetenango|GT-13|Huehuetenango|15.32|-91.47|01,10|Café de altura, beneficiado húmedo y comercio justo
Clúster Demo de Manufactura de Santiago|clúster|cluster|DO|Santiago|DO-25|Santiago de los Caballeros|19.45|-70.70|12,14|Cigarros premium, confección y zonas francas
Clúster Demo Turístico de La Romana|clúster turístico|cluster|DO|La Romana|DO-12|La Romana|18.43|-68.97|55,79|Turismo de cruceros, hotelería y experiencias culturales
Clúster Demo Logístico del Canal|clúster|cluster|PA|Panamá|PA-8|Ciudad de Panamá|8.98|-79.52|52,50|Logística multimodal, servicios portuarios y zona libre
Clúster Demo de Castaña Amazónica|clúster|cluster|BO|Pando|BO-N|Cobija|-11.03|-68.77|02,10|Castaña amazónica, recolección sostenible y beneficiado
Clúster Demo Textil de Alpaca de La Paz|clúster|cluster|BO|La Paz|BO-L|El Alto|-16.50|-68.19|13,14|Hilados y prendas de fibra de alpaca
Polo Demo de Biotecnología de Valparaíso|centro de investigación|rd_organisation|CL|Valparaíso|CL-VS|Valparaíso|-33.05|-71.62|72,21|Biotecnología marina y compuestos bioactivos
Agencia Demo de Desarrollo Económico de Rosario|agencia de desarrollo|agency|AR|Santa Fe|AR-S|Rosario|-32.95|-60.65|28,10|Maquinaria agrícola y agroindustria
Secretaría Demo de Desarrollo Económico de Nuevo León|gobierno estatal|local_government|MX|Nuevo León|MX-NLE|Monterrey|25.68|-100.32|29,28|Política industrial, atracción de inversiones y proveeduría local
Clúster Demo de Energías Renovables de Oaxaca|clúster|cluster|MX|Oaxaca|MX-OAX|Juchitán de Zaragoza|16.43|-95.02|35|Energía eólica, operación y mantenimiento de parques
Polo Demo Naval de Itajaí|polo naval|cluster|BR|Santa Catarina|BR-SC|Itajaí|-26.91|-48.66|30,52|Construção naval, reparação e logística portuária
Pôle Démo Mer Bretagne Atlantique|pôle de compétitivité|cluster|FR|Bretagne|FRH0|Brest|48.39|-4.49|50,30,72|Navires du futur, ressources biologiques marines et sécurité maritime
Pôle de compétitivité Démo Aéronautique d’Occitanie|pôle de compétitivité|cluster|FR|Occitanie|FRJ2|Toulouse|43.60|1.44|30,26|Systèmes embarqués, drones et spatial
Pôle Démo Végétal de l’Anjou|pôle de compétitivité|cluster|FR|Pays de la Loire|FRG0|Angers|47.47|-0.55|01,72|Horticulture, semences et végétal spécialisé
Cluster Démo Lumière de Lyon|cluster|cluster|FR|Auvergne-Rhône-Alpes|FRK2|Lyon|45.76|4.84|27,26|Éclairage LED, lumière intelligente et scénographie urbaine
Distretto Demo della Ceramica di Sassuolo|distretto industriale|cluster|IT|Emilia-Romagna|ITH5|Sassuolo|44.54|10.78|23|Piastrelle ceramiche, macchine per ceramica e decorazione digitale
Distretto Demo dell’Occhialeria di Belluno|distretto industriale|cluster|IT|Veneto|ITH3|Belluno|46.14|12.22|32|Occhiali, montature e lenti di alta gamma
Distretto Demo Tecnologico Aerospaziale della Campania|distretto tecnologico|cluster|IT|Campania|ITF3|Napoli|40.85|14.27|30,72|Aerostrutture, materiali compositi e piccoli satelliti
Distretto Demo del Tessile di Prato|distretto industriale|cluster|IT|Toscana|ITI1|Prato|43.88|11.10|13|Tessuti cardati, riciclo della lana e moda sostenibile
Clúster Demo de Automoción de Galicia|agrupación empresarial innovadora (AEI)|cluster|ES|Galicia|ES11|Vigo|42.24|-8.72|29,22|Automoción, componentes y fábrica conectada
Clúster Demo Marítimo de Euskadi|agrupación empresarial innovadora (AEI)|cluster|ES|País Vasco|ES21|Bilbao|43.26|-2.93|30,33,50|Construcción naval, eólica marina y equipos navales
Clúster Demo del Mueble de la Región de Murcia|agrupación empresarial innovadora (AEI)|cluster|ES|Región de Murcia|ES62|Yecla|38.61|-1.11|31|Mueble tapizado, hábitat y contract
Clúster Demo de Energía de Navarra|agrupación empresarial innovadora (AEI)|cluster|ES|Navarra|ES22|Pamplona|42.81|-1.64|35,27|Energía eólica, almacenamiento y redes inteligentes
Spitzencluster Demo Medizintechnik Franken|Spitzencluster|cluster|DE|Mittelfranken|DE25|Erlangen|49.59|11.00|32,26,72|Medizintechnik, Bildgebung und digitale Gesundheit
Automotive-Cluster Demo Ostdeutschland|Cluster|cluster|DE|Sachsen|DED5|Leipzig|51.34|12.37|29|Elektromobilität, Batteriesysteme und Zulieferer
Cluster Demo Nanotechnologie Saarland|Kompetenzzentrum|rd_organisation|DE|Saarland|DEC0|Saarbrücken|49.24|6.99|72,20|Nanomaterialien, Oberflächen und Beschichtungen
Polo Demo de Moldes da Marinha Grande|cluster de competitividade|cluster|PT|Centro|PT16|Marinha Grande|39.75|-8.93|25,22|Moldes de precisão e injeção de plásticos
Cluster Demo do Vinho do Douro|cluster de competitividade|cluster|PT|Norte|PT11|Peso da Régua|41.16|-7.79|11,01|Vinho do Porto, enoturismo e viticultura de montanha
Klaster Demo Meblowy Wielkopolski|klaster|cluster|PL|Wielkopolskie|PL41|Poznań|52.41|16.93|31,16|Meble tapicerowane i płyty drewnopochodne
Klaster Demo ICT Pomorze|klaster|cluster|PL|Pomorskie|PL63|Gdańsk|54.35|18.65|62,61|Oprogramowanie, cyberbezpieczeństwo i telekomunikacja
Topsector Demo Agrifood Foodvalley|topsector cluster|cluster|NL|Gelderland|NL22|Wageningen|51.97|5.66|10,72|Voedselinnovatie, eiwittransitie en precisielandbouw
Brainport Demo Hightech Cluster|hightech cluster|cluster|NL|Noord-Brabant|NL41|Eindhoven|51.44|5.47|26,28|Halfgeleiders, fotonica en hightech machinebouw
Pôle Démo Agro-industriel de Wallonie|pôle de compétitivité|cluster|BE|Province de Namur|BE35|Gembloux|50.56|4.69|10|Agro-industrie, nutrition santé et emballages
Speerpuntcluster Demo Blauwe Economie|speerpuntcluster|cluster|BE|West-Vlaanderen|BE25|Oostende|51.23|2.92|50,35|Offshore energie, kustbescherming en aquacultuur
Cluster Demo Kunststoff Oberösterreich|Cluster|cluster|AT|Oberösterreich|AT31|Linz|48.31|14.29|22|Kunststofftechnik, Recycling und Leichtbau
Holzcluster Demo Steiermark|Cluster|cluster|AT|Steiermark|AT22|Graz|47.07|15.44|16,02|Holzbau, Forsttechnik und Bioökonomie
Klusterorganisation Demo Skogsindustri Norrland|kluster|cluster|SE|Mellersta Norrland|SE32|Sundsvall|62.39|17.31|17,02|Skogsindustri, massa och biobaserade material
Life Science Kluster Demo Uppsala|kluster|cluster|SE|Östra Mellansverige|SE12|Uppsala|59.86|17.64|21,72|Läkemedel, diagnostik och bioprocesser
Klusteri Demo Cleantech Lahti|klusteri|cluster|FI|Etelä-Suomi|FI1C|Lahti|60.98|25.66|38,35|Kiertotalous, jätteiden hyödyntäminen ja bioenergia
Klastr Demo Moravskoslezský Energetický|klastr|cluster|CZ|Moravskoslezsko|CZ08|Ostrava|49.82|18.26|35,24|Energetika, hutnictví a vodíkové technologie
Cluster Demo IT Transilvania|cluster|cluster|RO|Nord-Vest|RO11|Cluj-Napoca|46.77|23.59|62|Dezvoltare software, outsourcing IT și inteligență artificială
Agenția Demo de Dezvoltare Regională Vest|agenție de dezvoltare regională|agency|RO|Vest|RO42|Timișoara|45.75|21.23|29,26|Industria auto, electronică și atragerea investițiilor
Σύμπλεγμα Demo Τροφίμων Θεσσαλίας|σύμπλεγμα (cluster)|cluster|GR|Θεσσαλία|EL61|Λάρισα|39.64|22.42|10,01|Τρόφιμα, γαλακτοκομικά και αγροτική καινοτομία`;

const LANGUAGE_OF: Record<string, string> = {
  FR: 'fr',
  BE: 'fr',
  IT: 'it',
  ES: 'es',
  DE: 'de',
  AT: 'de',
  PT: 'pt',
  BR: 'pt',
  PL: 'pl',
  NL: 'nl',
  SE: 'sv',
  FI: 'fi',
  CZ: 'cs',
  RO: 'ro',
  GR: 'el',
};

/** Offer and request ideas by the first NACE division of a district. */
const IDEAS: Record<string, { offer: [string, string]; request: [string, string] }> = {
  '01': {
    offer: [
      'Precision agriculture pilots',
      'Field trials of sensors and irrigation scheduling with our growers.',
    ],
    request: [
      'Partners for organic certification',
      'Certification bodies and buyers for organic produce in the other region.',
    ],
  },
  '02': {
    offer: ['Certified sustainable timber', 'FSC/PEFC-certified wood supply and traceability know-how.'],
    request: ['Wood construction technology', 'Engineers and firms with cross-laminated timber experience.'],
  },
  '03': {
    offer: ['Aquaculture training', 'Courses on hatcheries, feed and water quality for technicians.'],
    request: ['Seafood processing equipment', 'Suppliers of processing and cold-chain equipment.'],
  },
  '07': {
    offer: ['Mining automation know-how', 'Remote operation and predictive maintenance of mining equipment.'],
    request: ['Green hydrogen partners', 'Technology partners to decarbonise mining operations.'],
  },
  '10': {
    offer: ['Food safety laboratory', 'Accredited testing of food products for export markets.'],
    request: ['Distributors for origin products', 'Importers and distributors of speciality foods.'],
  },
  '11': {
    offer: ['Wine tourism routes', 'Joint wine-tourism packages and exchange of hospitality staff.'],
    request: ['Water-saving irrigation', 'Drip irrigation and water reuse technology for vineyards.'],
  },
  '12': {
    offer: ['Premium hand-made products', 'Artisanal manufacturing capacity for premium brands.'],
    request: ['Export marketing support', 'Partners to open retail channels in the EU.'],
  },
  '13': {
    offer: ['Recycled fibres', 'Mechanical recycling of wool and cotton into new yarns.'],
    request: ['Natural fibre supply', 'Suppliers of alpaca, cotton and other natural fibres.'],
  },
  '15': {
    offer: ['Leather design studio', 'Design and prototyping of footwear collections.'],
    request: ['Sustainable tanning', 'Chrome-free tanning processes and partners.'],
  },
  '16': {
    offer: ['Wood processing capacity', 'Sawmilling, drying and panel production for partners.'],
    request: ['Forest certification know-how', 'Support to certify forests and chains of custody.'],
  },
  '17': {
    offer: ['Bio-based materials pilot plant', 'Pilot lines for pulp-based packaging and textiles.'],
    request: ['Eucalyptus pulp research', 'Research partners on fast-growing plantation fibres.'],
  },
  '20': {
    offer: ['Natural ingredients portfolio', 'Extracts and actives from biodiversity for cosmetics.'],
    request: ['Regulatory support for the EU market', 'Help with REACH and cosmetics regulation dossiers.'],
  },
  '21': {
    offer: ['Clinical research network', 'Access to clinical trial sites and biobanks.'],
    request: ['Biotech start-up partners', 'Start-ups to co-develop bioactive compounds.'],
  },
  '22': {
    offer: ['Plastics recycling lines', 'Chemical and mechanical recycling for automotive plastics.'],
    request: ['Lightweight materials', 'Composite and lightweight material suppliers.'],
  },
  '23': {
    offer: ['Digital decoration of ceramics', 'Inkjet decoration and kiln technology transfer.'],
    request: ['Raw clay and feldspar supply', 'Suppliers of ceramic raw materials.'],
  },
  '25': {
    offer: ['Precision machining capacity', 'Five-axis machining and mould making for partners.'],
    request: ['Industry 4.0 integrators', 'Partners to connect machines and analyse shop-floor data.'],
  },
  '26': {
    offer: ['Electronics design services', 'Embedded systems and printed circuit board design.'],
    request: ['Semiconductor packaging partners', 'Packaging and test capacity for chips.'],
  },
  '27': {
    offer: ['Smart lighting demonstrators', 'Urban lighting pilots with sensors and controls.'],
    request: ['Component suppliers', 'LED drivers and optics suppliers.'],
  },
  '28': {
    offer: ['Agricultural machinery', 'Machinery for harvesting and processing, with after-sales service.'],
    request: ['Precision farming software', 'Software partners for connected machinery.'],
  },
  '29': {
    offer: ['Tier 2 supplier capacity', 'Stamping, machining and plastic parts for vehicle makers.'],
    request: ['Electric vehicle components', 'Partners for battery housings and e-mobility parts.'],
  },
  '30': {
    offer: ['Aerostructures and MRO', 'Composite aerostructures, maintenance and test benches.'],
    request: ['Engineering talent exchange', 'Exchange of engineers and joint training in aerospace.'],
  },
  '31': {
    offer: ['Furniture design and contract', 'Design and manufacture of furniture for hotels and offices.'],
    request: ['Certified wood and panels', 'Suppliers of certified wood and low-emission panels.'],
  },
  '32': {
    offer: ['Medical device manufacturing', 'Clean-room manufacturing and sterilisation services.'],
    request: ['Clinical validation partners', 'Hospitals and labs for clinical validation.'],
  },
  '35': {
    offer: ['Renewable energy operation', 'Operation and maintenance of wind and solar plants.'],
    request: ['Energy storage technology', 'Battery and hydrogen storage technology partners.'],
  },
  '38': {
    offer: ['Circular economy solutions', 'Waste-to-resource processes and industrial symbiosis.'],
    request: ['Pilot cities for circularity', 'Municipalities to pilot circular waste systems.'],
  },
  '50': {
    offer: ['Port and maritime services', 'Port operations, ship repair and maritime training.'],
    request: ['Offshore wind supply chain', 'Partners for offshore wind logistics and foundations.'],
  },
  '52': {
    offer: ['Logistics hub services', 'Warehousing, customs and multimodal connections.'],
    request: ['Digital supply chain tools', 'Track-and-trace and port community systems.'],
  },
  '55': {
    offer: ['Tourism experiences', 'Cultural and nature tourism packages for partner regions.'],
    request: ['Sustainable tourism certification', 'Partners to certify sustainable destinations.'],
  },
  '62': {
    offer: ['Software development teams', 'Nearshore software teams, data analytics and AI.'],
    request: ['Market access in the other region', 'Clients and partners to enter new markets.'],
  },
  '72': {
    offer: ['Joint research projects', 'Laboratories and researchers for Horizon Europe proposals.'],
    request: ['Industrial partners for pilots', 'Companies to test and scale research results.'],
  },
  '84': {
    offer: ['Investment promotion', 'Soft-landing services and incentives for investors.'],
    request: ['Supplier development programmes', 'Methods to upgrade local suppliers.'],
  },
};

/** Deterministic pseudo-random number in [0, 1) from a row index and a salt (a small LCG step). */
const rand = (i: number, salt: number): number =>
  (((i + 1) * 1103515245 + salt * 12345) % 2147483648) / 2147483648;
const between = (i: number, salt: number, min: number, max: number) =>
  Math.floor(min + rand(i, salt) * (max - min + 1));

function card(
  prefix: string,
  i: number,
  n: number,
  idea: [string, string],
  sectors: string[],
  targets: string[],
) {
  return {
    id: `demo-${prefix}-${i}-${n}`,
    title: idea[0],
    description: idea[1],
    sectors: sectors.slice(0, 2),
    targetCountries: targets,
  } satisfies CooperationCard;
}

export interface DemoDistrict {
  fields: DistrictProfileFields;
}

const EU_TARGETS = ['ES', 'FR', 'DE', 'IT', 'PT', 'NL'];
const LAC_TARGETS = ['MX', 'BR', 'CO', 'AR', 'CL', 'PE'];

/** The 76 demo profiles, in a fixed order (demo accounts refer to them by index). */
export const DEMO_DISTRICT_PROFILES: DistrictProfileFields[] = ROWS.split('\n').map((row, i) => {
  const [
    name,
    localDesignation,
    kind,
    country,
    region,
    regionCode,
    city,
    lat,
    lng,
    sectorList,
    specialisation,
  ] = row.split('|');
  const sectors = sectorList.split(',');
  const lac = LAC_COUNTRY_CODES.includes(country);
  const pool = lac ? EU_TARGETS : LAC_TARGETS;
  const targets = [pool[i % pool.length], pool[(i + 2) % pool.length]];
  const idea = IDEAS[sectors[0]] ?? IDEAS['72'];
  const firms = between(i, 1, 18, 420);
  const complete = (i * 7) % 76 < 41;
  const language = LANGUAGE_OF[country] ?? 'es';
  const summaryText =
    `${name} (${city}) brings together ${firms} member firms working on: ${specialisation.toLowerCase()}. ` +
    'Fictitious demo profile.';
  const summary: DistrictProfileFields['summary'] =
    language === 'es' || language === 'pt' || language === 'fr'
      ? { en: summaryText, [language]: `${name}: ${specialisation}.` }
      : { en: summaryText };
  const offers = [card('offer', i, 1, idea.offer, sectors, targets)];
  if (i % 3 === 0)
    offers.push(card('offer', i, 2, (IDEAS[sectors[1] ?? ''] ?? IDEAS['72']).offer, sectors, targets));
  const requests = i % 4 === 3 && !complete ? [] : [card('request', i, 1, idea.request, sectors, targets)];
  const fields: DistrictProfileFields = {
    name,
    localDesignation,
    kind: kind as DistrictKind,
    country,
    region,
    regionCode,
    city,
    coordinates: { lat: Number(lat), lng: Number(lng) },
    foundingYear: between(i, 2, 1988, 2019),
    sectors,
    specialisation,
    members: {
      firms,
      smes: Math.floor(firms * (0.7 + rand(i, 3) * 0.25)),
      universitiesAndRnd: between(i, 4, 1, 9),
      publicBodies: between(i, 5, 1, 6),
      other: between(i, 6, 0, 12),
    },
    employees: firms * between(i, 7, 25, 140),
    managementFte: between(i, 8, 2, 16) + (i % 2 ? 0.5 : 0),
    governance: complete
      ? 'Board elected by the general assembly of members; firms hold the majority of seats, with universities and the regional government as members.'
      : null,
    services: complete
      ? ['Joint internationalisation missions', 'Innovation project brokerage', 'Training for member firms']
      : [],
    rdPartners: [`Universidad Demo ${i + 1}`, `Demo Research Institute ${i + 1}`],
    exportMarkets: [...new Set([...targets, regionGroupOf(country) === 'EU' ? 'US' : 'US'])],
    internationalPartners: i % 2 ? [`Demo partner network ${i}`] : [],
    offers,
    requests,
    workingLanguages: [...new Set([language, 'en'])],
    website: `https://demo-district-${i + 1}.polos.example`,
    contactPerson: {
      name: `Demo Contact ${i + 1}`,
      role: 'Cluster manager',
      email: `contact${i + 1}@demo.polos.example`,
      phone: null,
    },
    summary: complete || i % 2 ? summary : null,
  };
  if (!complete && i % 2) fields.summary = summary;
  if (!complete && i % 5 === 0) fields.managementFte = null;
  return fields;
});
