/**
 * A few hundred synthetic addresses in the OS Places / Royal Mail PAF (DPA) shape, generated
 * deterministically: real post towns and common street names, made-up house numbers, UPRNs and
 * postcodes of the right form. No real person's address is here; the same list comes out every run.
 */

export interface DpaRecord {
  readonly UPRN: string;
  readonly UDPRN: string;
  readonly ADDRESS: string;
  readonly SUB_BUILDING_NAME?: string;
  readonly BUILDING_NAME?: string;
  readonly BUILDING_NUMBER?: string;
  readonly THOROUGHFARE_NAME: string;
  readonly DEPENDENT_LOCALITY?: string;
  readonly POST_TOWN: string;
  readonly POSTCODE: string;
  readonly RPC: string;
  readonly X_COORDINATE: number;
  readonly Y_COORDINATE: number;
  readonly STATUS: 'APPROVED';
  readonly LOGICAL_STATUS_CODE: '1';
  readonly CLASSIFICATION_CODE: string;
  readonly CLASSIFICATION_CODE_DESCRIPTION: string;
  readonly LOCAL_CUSTODIAN_CODE: number;
  readonly LOCAL_CUSTODIAN_CODE_DESCRIPTION: string;
  readonly COUNTRY_CODE: 'E' | 'W' | 'S';
  readonly COUNTRY_CODE_DESCRIPTION: string;
  readonly POSTAL_ADDRESS_CODE: 'D';
  readonly POSTAL_ADDRESS_CODE_DESCRIPTION: 'A record which is linked to PAF';
  readonly BLPU_STATE_CODE: null;
  readonly BLPU_STATE_CODE_DESCRIPTION: 'Unknown/Not applicable';
  readonly TOPOGRAPHY_LAYER_TOID: string;
  readonly LAST_UPDATE_DATE: string;
  readonly ENTRY_DATE: string;
  readonly LANGUAGE: 'EN';
  readonly MATCH: number;
  readonly MATCH_DESCRIPTION: 'EXACT';
  readonly DELIVERY_POINT_SUFFIX: string;
}

interface Town {
  readonly postTown: string;
  readonly area: string;
  readonly district: number;
  readonly custodian: number;
  readonly authority: string;
  readonly country: 'E' | 'W' | 'S';
  readonly easting: number;
  readonly northing: number;
}

const TOWNS: readonly Town[] = [
  {
    postTown: 'LEEDS',
    area: 'LS',
    district: 6,
    custodian: 4720,
    authority: 'LEEDS',
    country: 'E',
    easting: 429_000,
    northing: 434_000,
  },
  {
    postTown: 'SHEFFIELD',
    area: 'S',
    district: 11,
    custodian: 4415,
    authority: 'SHEFFIELD',
    country: 'E',
    easting: 435_000,
    northing: 387_000,
  },
  {
    postTown: 'MANCHESTER',
    area: 'M',
    district: 14,
    custodian: 4215,
    authority: 'MANCHESTER',
    country: 'E',
    easting: 384_000,
    northing: 398_000,
  },
  {
    postTown: 'NEWCASTLE UPON TYNE',
    area: 'NE',
    district: 4,
    custodian: 4510,
    authority: 'NEWCASTLE UPON TYNE',
    country: 'E',
    easting: 424_000,
    northing: 564_000,
  },
  {
    postTown: 'BRISTOL',
    area: 'BS',
    district: 7,
    custodian: 116,
    authority: 'CITY OF BRISTOL',
    country: 'E',
    easting: 358_000,
    northing: 173_000,
  },
  {
    postTown: 'NORWICH',
    area: 'NR',
    district: 2,
    custodian: 2635,
    authority: 'NORWICH',
    country: 'E',
    easting: 622_000,
    northing: 308_000,
  },
  {
    postTown: 'PLYMOUTH',
    area: 'PL',
    district: 4,
    custodian: 1160,
    authority: 'PLYMOUTH',
    country: 'E',
    easting: 247_000,
    northing: 55_000,
  },
  {
    postTown: 'CARDIFF',
    area: 'CF',
    district: 14,
    custodian: 6815,
    authority: 'CARDIFF',
    country: 'W',
    easting: 318_000,
    northing: 177_000,
  },
  {
    postTown: 'SWANSEA',
    area: 'SA',
    district: 1,
    custodian: 6855,
    authority: 'SWANSEA',
    country: 'W',
    easting: 265_000,
    northing: 193_000,
  },
  {
    postTown: 'GLASGOW',
    area: 'G',
    district: 12,
    custodian: 9172,
    authority: 'GLASGOW CITY',
    country: 'S',
    easting: 258_000,
    northing: 665_000,
  },
  {
    postTown: 'EDINBURGH',
    area: 'EH',
    district: 9,
    custodian: 9064,
    authority: 'CITY OF EDINBURGH',
    country: 'S',
    easting: 325_000,
    northing: 673_000,
  },
  {
    postTown: 'BLACKPOOL',
    area: 'FY',
    district: 1,
    custodian: 2372,
    authority: 'BLACKPOOL',
    country: 'E',
    easting: 331_000,
    northing: 436_000,
  },
];

const STREETS = [
  'HIGH STREET',
  'STATION ROAD',
  'CHURCH LANE',
  'VICTORIA ROAD',
  'PARK AVENUE',
  'MILL LANE',
  'QUEENS ROAD',
  'THE GREEN',
  'MANOR WAY',
  'ALBERT STREET',
  'ORCHARD CLOSE',
  'MEADOW VIEW',
  'KINGS DRIVE',
  'SCHOOL LANE',
  'WOODLAND GROVE',
  'NEW ROAD',
  'BRIDGE STREET',
  'CHAPEL ROW',
  'GEORGE STREET',
  'HILLSIDE CRESCENT',
];
const HOUSE_NAMES = ['ROSE COTTAGE', 'THE OLD FORGE', 'HOLLY HOUSE', 'IVY LODGE', 'ELM VIEW', 'THE COACH HOUSE'];
const COUNTRY_DESCRIPTION = {
  E: 'This record is within England',
  W: 'This record is within Wales',
  S: 'This record is within Scotland',
} as const;
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
/** Postcode sectors per town and delivery points per postcode. */
const SECTORS_PER_TOWN = 3;
const POSTCODES_PER_SECTOR = 2;
const ADDRESSES_PER_POSTCODE = 4;
const SEED = 0x0d3a_11ed;

/** mulberry32: a small seeded generator, so the list is the same on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function generate(): DpaRecord[] {
  const random = seeded(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const out: DpaRecord[] = [];
  let n = 0;
  for (const town of TOWNS) {
    for (let sector = 1; sector <= SECTORS_PER_TOWN; sector++) {
      for (let p = 0; p < POSTCODES_PER_SECTOR; p++) {
        const unit = `${UNIT_LETTERS[Math.floor(random() * UNIT_LETTERS.length)]}${UNIT_LETTERS[Math.floor(random() * UNIT_LETTERS.length)]}`;
        const postcode = `${town.area}${town.district} ${sector}${unit}`;
        const street = pick(STREETS);
        let number = 1 + Math.floor(random() * 40);
        for (let a = 0; a < ADDRESSES_PER_POSTCODE; a++) {
          n += 1;
          const uprn = String(100_023_000_000 + n * 7919);
          const named = random() < 0.12;
          const flat = !named && random() < 0.15;
          const buildingName = named ? pick(HOUSE_NAMES) : undefined;
          const buildingNumber = named ? undefined : String(number);
          const subBuilding = flat ? `FLAT ${1 + Math.floor(random() * 6)}` : undefined;
          number += 1 + Math.floor(random() * 3);
          const premises = [subBuilding, buildingName, buildingNumber].filter(Boolean).join(', ');
          const updated = new Date(Date.UTC(2018 + (n % 6), n % 12, 1 + (n % 28)))
            .toISOString()
            .slice(0, 10)
            .split('-')
            .reverse()
            .join('/');
          out.push({
            UPRN: uprn,
            UDPRN: String(20_000_000 + n * 13),
            ADDRESS: `${premises}, ${street}, ${town.postTown}, ${postcode}`,
            ...(subBuilding ? { SUB_BUILDING_NAME: subBuilding } : {}),
            ...(buildingName ? { BUILDING_NAME: buildingName } : {}),
            ...(buildingNumber ? { BUILDING_NUMBER: buildingNumber } : {}),
            THOROUGHFARE_NAME: street,
            POST_TOWN: town.postTown,
            POSTCODE: postcode,
            RPC: '1',
            X_COORDINATE: town.easting + Math.round(random() * 4000),
            Y_COORDINATE: town.northing + Math.round(random() * 4000),
            STATUS: 'APPROVED',
            LOGICAL_STATUS_CODE: '1',
            CLASSIFICATION_CODE: flat ? 'RD06' : 'RD04',
            CLASSIFICATION_CODE_DESCRIPTION: flat
              ? 'Self Contained Flat (Includes Maisonette / Apartment)'
              : 'Terraced',
            LOCAL_CUSTODIAN_CODE: town.custodian,
            LOCAL_CUSTODIAN_CODE_DESCRIPTION: town.authority,
            COUNTRY_CODE: town.country,
            COUNTRY_CODE_DESCRIPTION: COUNTRY_DESCRIPTION[town.country],
            POSTAL_ADDRESS_CODE: 'D',
            POSTAL_ADDRESS_CODE_DESCRIPTION: 'A record which is linked to PAF',
            BLPU_STATE_CODE: null,
            BLPU_STATE_CODE_DESCRIPTION: 'Unknown/Not applicable',
            TOPOGRAPHY_LAYER_TOID: `osgb${String(1_000_000_000_000 + n * 104_729).padStart(16, '0')}`,
            LAST_UPDATE_DATE: updated,
            ENTRY_DATE: '01/04/2001',
            LANGUAGE: 'EN',
            MATCH: 1,
            MATCH_DESCRIPTION: 'EXACT',
            DELIVERY_POINT_SUFFIX: `${1 + (a % 9)}${UNIT_LETTERS[a % UNIT_LETTERS.length]}`,
          });
        }
      }
    }
  }
  return out;
}

/** Every synthetic address, in a stable order. */
export const ADDRESSES: readonly DpaRecord[] = Object.freeze(generate());

/** `ls1 4ap` -> `LS14AP`: how postcodes are compared. */
export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '');
}

const byPostcode = new Map<string, DpaRecord[]>();
const byUprn = new Map<string, DpaRecord>();
for (const a of ADDRESSES) {
  const key = normalisePostcode(a.POSTCODE);
  byPostcode.set(key, [...(byPostcode.get(key) ?? []), a]);
  byUprn.set(a.UPRN, a);
}

/** Every postcode that has addresses. */
export const POSTCODES: readonly string[] = Object.freeze([...new Set(ADDRESSES.map((a) => a.POSTCODE))]);

/** Addresses at a full postcode, or in a sector when given a partial one (`LS6 1`). */
export function addressesAt(postcode: string): readonly DpaRecord[] {
  const key = normalisePostcode(postcode);
  const exact = byPostcode.get(key);
  if (exact) return exact;
  return ADDRESSES.filter((a) => normalisePostcode(a.POSTCODE).startsWith(key));
}

export function addressByUprn(uprn: string): DpaRecord | undefined {
  return byUprn.get(uprn);
}
