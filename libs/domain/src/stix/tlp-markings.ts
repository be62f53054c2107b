/**
 * The official TLP 2.0 marking definitions (FIRST TLP 2.0 as STIX 2.1
 * marking-definition objects), published by the OASIS CTI TC in
 * oasis-open/cti-stix-common-objects, extension-definition-specifications/tlp-2.0
 * (marking-definition.json and examples/) and objects/marking-definition/.
 * Their ids, names and `created` are fixed by that publication: a receiver
 * recognises the marking by its id, so none of it may be changed here.
 */

export const TLP_2_0_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** When the OASIS TC created the TLP 2.0 marking definitions. */
export const TLP_2_0_CREATED = '2022-10-01T00:00:00.000Z';

const TLP_2_0_IDS = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
} as const;

export type Tlp20Level = keyof typeof TLP_2_0_IDS;

export interface TlpMarkingDefinition {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  name: string;
  extensions: Record<string, { extension_type: 'property-extension'; tlp_2_0: string }>;
}

/** The official marking definition of a TLP level (`AMBER+STRICT`); null for anything else. */
export function tlpMarkingDefinition(level: string): TlpMarkingDefinition | null {
  if (!Object.hasOwn(TLP_2_0_IDS, level)) return null;
  const key = level as Tlp20Level;
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_2_0_IDS[key],
    created: TLP_2_0_CREATED,
    name: `TLP:${key}`,
    extensions: {
      [TLP_2_0_EXTENSION_ID]: {
        extension_type: 'property-extension',
        tlp_2_0: key.toLowerCase(),
      },
    },
  };
}

/** Every official TLP 2.0 marking definition, by level. */
export const TLP_2_0_MARKINGS: ReadonlyArray<TlpMarkingDefinition> = (
  Object.keys(TLP_2_0_IDS) as Tlp20Level[]
).map((level) => tlpMarkingDefinition(level)!);
