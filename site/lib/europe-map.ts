/**
 * The outline of Europe that the network map draws, made once per build from Natural Earth's
 * countries at 1:110 million (`world-atlas`), so that the page needs no tiles, no request to anyone
 * and no script. Projected with the Lambert azimuthal equal area centred on 10° E 52° N (the
 * projection of the EU's own statistical maps, ETRS89-LAEA), so that areas compare fairly; clipped
 * to a frame from Iceland to the Caucasus and from North Africa's coast to the North Cape; every
 * coordinate rounded to a whole unit of a 600-unit-wide drawing. What is left is about 14 KB of path
 * data, 5 KB once compressed (`bench:pages` measures the page).
 *
 * A limitation: the smallest states (Malta, Andorra, Monaco, Liechtenstein, San Marino, the Holy
 * See) have no shape at this scale. Their partners and events are in the page's table all the same.
 */
import { geoAzimuthalEqualArea, geoPath } from 'd3-geo';
import type { Feature, GeoJsonProperties, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json' with { type: 'json' };

export const MAP_WIDTH = 600;
export const MAP_HEIGHT = 520;

/**
 * ISO 3166-1 numeric (Natural Earth's ids) to alpha-2 (the content's country codes), for the
 * countries the frame shows. Kosovo has no numeric code: Natural Earth leaves its id out.
 */
const ALPHA2: Record<string, string> = {
  '008': 'AL',
  '031': 'AZ',
  '051': 'AM',
  '304': 'GL',
  '364': 'IR',
  '434': 'LY',
  '818': 'EG',
  '012': 'DZ',
  '040': 'AT',
  '056': 'BE',
  '070': 'BA',
  '100': 'BG',
  '112': 'BY',
  '191': 'HR',
  '196': 'CY',
  '203': 'CZ',
  '208': 'DK',
  '233': 'EE',
  '246': 'FI',
  '250': 'FR',
  '268': 'GE',
  '275': 'PS',
  '276': 'DE',
  '300': 'GR',
  '348': 'HU',
  '352': 'IS',
  '368': 'IQ',
  '372': 'IE',
  '376': 'IL',
  '380': 'IT',
  '398': 'KZ',
  '400': 'JO',
  '422': 'LB',
  '428': 'LV',
  '440': 'LT',
  '442': 'LU',
  '498': 'MD',
  '499': 'ME',
  '504': 'MA',
  '528': 'NL',
  '578': 'NO',
  '616': 'PL',
  '620': 'PT',
  '642': 'RO',
  '643': 'RU',
  '682': 'SA',
  '688': 'RS',
  '703': 'SK',
  '705': 'SI',
  '724': 'ES',
  '752': 'SE',
  '756': 'CH',
  '760': 'SY',
  '788': 'TN',
  '792': 'TR',
  '804': 'UA',
  '807': 'MK',
  '826': 'GB',
};
const ALPHA2_BY_NAME: Record<string, string> = { Kosovo: 'XK' };

/** One country's outline: its alpha-2 code (null where it has none, e.g. Northern Cyprus) and its SVG path. */
export interface CountryShape {
  code: string | null;
  d: string;
}

/** Corners and edges of the frame, in longitude and latitude, that the projection is fitted to. */
const FRAME: Feature = {
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'MultiPoint',
    coordinates: [
      [-24, 63],
      [-11, 35],
      [42, 35],
      [45, 62],
      [26, 71],
      [10, 71],
    ],
  },
};

let made: CountryShape[] | undefined;

/** The outlines of every country inside the frame, in the drawing's units (`MAP_WIDTH` × `MAP_HEIGHT`). */
export function europeShapes(): CountryShape[] {
  if (made) return made;
  const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries);
  const projection = geoAzimuthalEqualArea()
    .rotate([-10, -52])
    .fitExtent(
      [
        [4, 4],
        [MAP_WIDTH - 4, MAP_HEIGHT - 4],
      ],
      FRAME,
    )
    .clipExtent([
      [0, 0],
      [MAP_WIDTH, MAP_HEIGHT],
    ]);
  // Whole units: at 600 units across Europe a unit is some 8 km, finer than a screen shows.
  const path = geoPath(projection).digits(0);
  made = collection.features.flatMap((country: Feature<Geometry, GeoJsonProperties>) => {
    const d = path(country);
    if (!d) return [];
    const name = String(country.properties?.name ?? '');
    return [{ code: ALPHA2[String(country.id)] ?? ALPHA2_BY_NAME[name] ?? null, d }];
  });
  return made;
}
