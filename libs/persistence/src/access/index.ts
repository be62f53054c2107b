export type { AccessLoader, Held } from './record-access';
