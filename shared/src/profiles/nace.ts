/**
 * NACE Rev. 2 divisions (the 88 two-digit codes 01–99 of Regulation (EC) No 1893/2006) with short labels in
 * en/es/pt/fr, kept as data. Sectors of a district profile are division codes from this list.
 * Labels are shortened forms of the official titles (Eurostat RAMON / CNAE-2009 / CAE Rev. 3 / NAF rév. 2).
 */

/** One NACE Rev. 2 division. */
export interface NaceDivision {
  /** Two digits, `01`–`99`. */
  code: string;
  /** Section letter `A`–`U`. */
  section: string;
  label: { en: string; es: string; pt: string; fr: string };
}

// code|section|en|es|pt|fr
const ROWS = `01|A|Crop and animal production, hunting|Agricultura, ganadería y caza|Agricultura, produção animal e caça|Culture et production animale, chasse
02|A|Forestry and logging|Silvicultura y explotación forestal|Silvicultura e exploração florestal|Sylviculture et exploitation forestière
03|A|Fishing and aquaculture|Pesca y acuicultura|Pesca e aquicultura|Pêche et aquaculture
05|B|Mining of coal and lignite|Extracción de antracita, hulla y lignito|Extração de hulha e lenhite|Extraction de houille et de lignite
06|B|Extraction of crude petroleum and natural gas|Extracción de crudo de petróleo y gas natural|Extração de petróleo bruto e gás natural|Extraction d'hydrocarbures
07|B|Mining of metal ores|Extracción de minerales metálicos|Extração e preparação de minérios metálicos|Extraction de minerais métalliques
08|B|Other mining and quarrying|Otras industrias extractivas|Outras indústrias extrativas|Autres industries extractives
09|B|Mining support service activities|Actividades de apoyo a las industrias extractivas|Atividades de apoio à indústria extrativa|Services de soutien aux industries extractives
10|C|Manufacture of food products|Industria de la alimentación|Indústrias alimentares|Industries alimentaires
11|C|Manufacture of beverages|Fabricación de bebidas|Indústria das bebidas|Fabrication de boissons
12|C|Manufacture of tobacco products|Industria del tabaco|Indústria do tabaco|Fabrication de produits à base de tabac
13|C|Manufacture of textiles|Industria textil|Fabricação de têxteis|Fabrication de textiles
14|C|Manufacture of wearing apparel|Confección de prendas de vestir|Indústria do vestuário|Industrie de l'habillement
15|C|Manufacture of leather and related products|Industria del cuero y del calzado|Indústria do couro e do calçado|Industrie du cuir et de la chaussure
16|C|Manufacture of wood and cork products|Industria de la madera y del corcho|Indústrias da madeira e da cortiça|Travail du bois et fabrication d'articles en bois et en liège
17|C|Manufacture of paper and paper products|Industria del papel|Fabricação de pasta, papel e cartão|Industrie du papier et du carton
18|C|Printing and reproduction of recorded media|Artes gráficas y reproducción de soportes grabados|Impressão e reprodução de suportes gravados|Imprimerie et reproduction d'enregistrements
19|C|Manufacture of coke and refined petroleum products|Coquerías y refino de petróleo|Fabricação de coque e produtos petrolíferos refinados|Cokéfaction et raffinage
20|C|Manufacture of chemicals and chemical products|Industria química|Fabricação de produtos químicos|Industrie chimique
21|C|Manufacture of basic pharmaceutical products|Fabricación de productos farmacéuticos|Fabricação de produtos farmacêuticos|Industrie pharmaceutique
22|C|Manufacture of rubber and plastic products|Fabricación de productos de caucho y plásticos|Fabricação de artigos de borracha e de matérias plásticas|Fabrication de produits en caoutchouc et en plastique
23|C|Manufacture of other non-metallic mineral products|Fabricación de otros productos minerales no metálicos|Fabricação de outros produtos minerais não metálicos|Fabrication d'autres produits minéraux non métalliques
24|C|Manufacture of basic metals|Metalurgia|Indústrias metalúrgicas de base|Métallurgie
25|C|Manufacture of fabricated metal products|Fabricación de productos metálicos|Fabricação de produtos metálicos|Fabrication de produits métalliques
26|C|Manufacture of computer, electronic and optical products|Fabricación de productos informáticos, electrónicos y ópticos|Fabricação de equipamentos informáticos, eletrónicos e óticos|Fabrication de produits informatiques, électroniques et optiques
27|C|Manufacture of electrical equipment|Fabricación de material y equipo eléctrico|Fabricação de equipamento elétrico|Fabrication d'équipements électriques
28|C|Manufacture of machinery and equipment n.e.c.|Fabricación de maquinaria y equipo n.c.o.p.|Fabricação de máquinas e equipamentos, n.e.|Fabrication de machines et équipements n.c.a.
29|C|Manufacture of motor vehicles, trailers and semi-trailers|Fabricación de vehículos de motor, remolques y semirremolques|Fabricação de veículos automóveis, reboques e semirreboques|Industrie automobile
30|C|Manufacture of other transport equipment|Fabricación de otro material de transporte|Fabricação de outro equipamento de transporte|Fabrication d'autres matériels de transport
31|C|Manufacture of furniture|Fabricación de muebles|Fabricação de mobiliário|Fabrication de meubles
32|C|Other manufacturing|Otras industrias manufactureras|Outras indústrias transformadoras|Autres industries manufacturières
33|C|Repair and installation of machinery and equipment|Reparación e instalación de maquinaria y equipo|Reparação e instalação de máquinas e equipamentos|Réparation et installation de machines et d'équipements
35|D|Electricity, gas, steam and air conditioning supply|Suministro de energía eléctrica, gas, vapor y aire acondicionado|Eletricidade, gás, vapor, água quente e fria e ar frio|Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné
36|E|Water collection, treatment and supply|Captación, depuración y distribución de agua|Captação, tratamento e distribuição de água|Captage, traitement et distribution d'eau
37|E|Sewerage|Recogida y tratamiento de aguas residuales|Recolha, drenagem e tratamento de águas residuais|Collecte et traitement des eaux usées
38|E|Waste collection, treatment and disposal; materials recovery|Recogida, tratamiento y eliminación de residuos; valorización|Recolha, tratamento e eliminação de resíduos; valorização de materiais|Collecte, traitement et élimination des déchets ; récupération
39|E|Remediation and other waste management|Actividades de descontaminación y otros servicios de gestión de residuos|Descontaminação e atividades similares|Dépollution et autres services de gestion des déchets
41|F|Construction of buildings|Construcción de edificios|Promoção imobiliária e construção de edifícios|Construction de bâtiments
42|F|Civil engineering|Ingeniería civil|Engenharia civil|Génie civil
43|F|Specialised construction activities|Actividades de construcción especializada|Atividades especializadas de construção|Travaux de construction spécialisés
45|G|Trade and repair of motor vehicles and motorcycles|Venta y reparación de vehículos de motor y motocicletas|Comércio e reparação de veículos automóveis e motociclos|Commerce et réparation d'automobiles et de motocycles
46|G|Wholesale trade|Comercio al por mayor|Comércio por grosso|Commerce de gros
47|G|Retail trade|Comercio al por menor|Comércio a retalho|Commerce de détail
49|H|Land transport and transport via pipelines|Transporte terrestre y por tubería|Transportes terrestres e por oleodutos ou gasodutos|Transports terrestres et transport par conduites
50|H|Water transport|Transporte marítimo y por vías navegables interiores|Transportes por água|Transports par eau
51|H|Air transport|Transporte aéreo|Transportes aéreos|Transports aériens
52|H|Warehousing and support activities for transportation|Almacenamiento y actividades anexas al transporte|Armazenagem e atividades auxiliares dos transportes|Entreposage et services auxiliaires des transports
53|H|Postal and courier activities|Actividades postales y de correos|Atividades postais e de courier|Activités de poste et de courrier
55|I|Accommodation|Servicios de alojamiento|Alojamento|Hébergement
56|I|Food and beverage service activities|Servicios de comidas y bebidas|Restauração e similares|Restauration
58|J|Publishing activities|Edición|Atividades de edição|Édition
59|J|Motion picture, video, television, sound recording and music publishing|Cine, vídeo, televisión, grabación de sonido y edición musical|Cinema, vídeo, televisão, gravação de som e edição de música|Cinéma, vidéo, télévision, enregistrement sonore et édition musicale
60|J|Programming and broadcasting activities|Actividades de programación y emisión de radio y televisión|Atividades de rádio e de televisão|Programmation et diffusion
61|J|Telecommunications|Telecomunicaciones|Telecomunicações|Télécommunications
62|J|Computer programming, consultancy and related activities|Programación, consultoría y otras actividades informáticas|Consultoria e programação informática|Programmation, conseil et autres activités informatiques
63|J|Information service activities|Servicios de información|Atividades dos serviços de informação|Services d'information
64|K|Financial service activities|Servicios financieros|Atividades de serviços financeiros|Activités des services financiers
65|K|Insurance, reinsurance and pension funding|Seguros, reaseguros y fondos de pensiones|Seguros, resseguros e fundos de pensões|Assurance, réassurance et caisses de retraite
66|K|Activities auxiliary to financial services and insurance|Actividades auxiliares a los servicios financieros y a los seguros|Atividades auxiliares de serviços financeiros e dos seguros|Activités auxiliaires de services financiers et d'assurance
68|L|Real estate activities|Actividades inmobiliarias|Atividades imobiliárias|Activités immobilières
69|M|Legal and accounting activities|Actividades jurídicas y de contabilidad|Atividades jurídicas e de contabilidade|Activités juridiques et comptables
70|M|Head offices; management consultancy|Actividades de las sedes centrales; consultoría de gestión empresarial|Sedes sociais e consultoria para a gestão|Activités des sièges sociaux ; conseil de gestion
71|M|Architectural and engineering activities; technical testing|Servicios técnicos de arquitectura e ingeniería; ensayos y análisis técnicos|Atividades de arquitetura, engenharia e ensaios técnicos|Architecture, ingénierie, contrôle et analyses techniques
72|M|Scientific research and development|Investigación y desarrollo|Investigação científica e desenvolvimento|Recherche-développement scientifique
73|M|Advertising and market research|Publicidad y estudios de mercado|Publicidade, estudos de mercado e sondagens|Publicité et études de marché
74|M|Other professional, scientific and technical activities|Otras actividades profesionales, científicas y técnicas|Outras atividades de consultoria, científicas e técnicas|Autres activités spécialisées, scientifiques et techniques
75|M|Veterinary activities|Actividades veterinarias|Atividades veterinárias|Activités vétérinaires
77|N|Rental and leasing activities|Actividades de alquiler|Atividades de aluguer|Activités de location et location-bail
78|N|Employment activities|Actividades relacionadas con el empleo|Atividades de emprego|Activités liées à l'emploi
79|N|Travel agency, tour operator and reservation services|Agencias de viajes, operadores turísticos y servicios de reservas|Agências de viagem, operadores turísticos e reservas|Agences de voyage, voyagistes et services de réservation
80|N|Security and investigation activities|Actividades de seguridad e investigación|Atividades de investigação e segurança|Enquêtes et sécurité
81|N|Services to buildings and landscape activities|Servicios a edificios y actividades de jardinería|Atividades relacionadas com edifícios e paisagismo|Services relatifs aux bâtiments et aménagement paysager
82|N|Office administrative and business support activities|Actividades administrativas de oficina y otras auxiliares a las empresas|Atividades de serviços administrativos e de apoio às empresas|Activités administratives et autres activités de soutien aux entreprises
84|O|Public administration and defence; compulsory social security|Administración pública y defensa; seguridad social obligatoria|Administração pública e defesa; segurança social obrigatória|Administration publique et défense ; sécurité sociale obligatoire
85|P|Education|Educación|Educação|Enseignement
86|Q|Human health activities|Actividades sanitarias|Atividades de saúde humana|Activités pour la santé humaine
87|Q|Residential care activities|Asistencia en establecimientos residenciales|Atividades de apoio social com alojamento|Hébergement médico-social et social
88|Q|Social work activities without accommodation|Actividades de servicios sociales sin alojamiento|Atividades de apoio social sem alojamento|Action sociale sans hébergement
90|R|Creative, arts and entertainment activities|Actividades de creación, artísticas y espectáculos|Atividades de teatro, de música, de dança e outras atividades artísticas e literárias|Activités créatives, artistiques et de spectacle
91|R|Libraries, archives, museums and other cultural activities|Bibliotecas, archivos, museos y otras actividades culturales|Bibliotecas, arquivos, museus e outras atividades culturais|Bibliothèques, archives, musées et autres activités culturelles
92|R|Gambling and betting activities|Actividades de juegos de azar y apuestas|Lotarias e outros jogos de aposta|Organisation de jeux de hasard et d'argent
93|R|Sports activities and amusement and recreation activities|Actividades deportivas, recreativas y de entretenimiento|Atividades desportivas, de diversão e recreativas|Activités sportives, récréatives et de loisirs
94|S|Activities of membership organisations|Actividades asociativas|Atividades das organizações associativas|Activités des organisations associatives
95|S|Repair of computers and personal and household goods|Reparación de ordenadores, efectos personales y artículos de uso doméstico|Reparação de computadores e de bens de uso pessoal e doméstico|Réparation d'ordinateurs et de biens personnels et domestiques
96|S|Other personal service activities|Otros servicios personales|Outras atividades de serviços pessoais|Autres services personnels
97|T|Activities of households as employers of domestic personnel|Actividades de los hogares como empleadores de personal doméstico|Atividades das famílias empregadoras de pessoal doméstico|Activités des ménages en tant qu'employeurs de personnel domestique
98|T|Undifferentiated production activities of households for own use|Actividades de los hogares como productores de bienes y servicios para uso propio|Atividades de produção das famílias para uso próprio|Activités indifférenciées des ménages en tant que producteurs pour usage propre
99|U|Activities of extraterritorial organisations and bodies|Actividades de organizaciones y organismos extraterritoriales|Atividades dos organismos internacionais e outras instituições extraterritoriais|Activités des organisations et organismes extraterritoriaux`;

/** All 88 NACE Rev. 2 divisions in code order. */
export const NACE_DIVISIONS: readonly NaceDivision[] = ROWS.split('\n').map((row) => {
  const [code = '', section = '', en = '', es = '', pt = '', fr = ''] = row.split('|');
  return { code, section, label: { en, es, pt, fr } };
});

/** The 88 division codes (`01`…`99`). */
export const NACE_DIVISION_CODES: readonly string[] = NACE_DIVISIONS.map((d) => d.code);

const naceSet = new Set(NACE_DIVISION_CODES);
/** True for a NACE Rev. 2 division code of the list. */
export const isNaceDivision = (code: string): boolean => naceSet.has(code);

const naceByCode = new Map(NACE_DIVISIONS.map((d) => [d.code, d]));
/** The division's label in `locale` (`en` when the locale is not one of en/es/pt/fr); the code when unknown. */
export function naceLabel(code: string, locale: string): string {
  const d = naceByCode.get(code);
  if (!d) return code;
  const key = (['en', 'es', 'pt', 'fr'] as const).find((l) => l === locale) ?? 'en';
  return d.label[key];
}
