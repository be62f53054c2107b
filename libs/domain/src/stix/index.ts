/**
 * STIX 2.1 export of case packages: the pure builder, the official TLP 2.0
 * markings, our own schemas and the validator every bundle passes before it
 * leaves. Never reads storage; never sees anything the package does not carry.
 */
export * from './stix-bundle';
export * from './stix-ids';
export * from './stix-observables';
export * from './stix-schemas';
export * from './stix-validator';
export * from './tlp-markings';
