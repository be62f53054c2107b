import { VOCABULARY } from '@crh/vocabulary';

/** Each kind and mail choice in plain words, from the shared vocabulary. */
export const KIND_WORDS = VOCABULARY.notificationKind;
export const MODE_WORDS = VOCABULARY.notificationMode;
