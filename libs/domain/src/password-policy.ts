import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Password rules for every account. Length is what protects a password; the
 * upper bound keeps hashing cost bounded against oversized input.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Never echoes the password: the person only learns to pick another. */
export const BREACHED_PASSWORD_MESSAGE =
  'is in a list of common leaked passwords; choose another (a passphrase of several words works well)';

let breached: ReadonlySet<string> | undefined;

function comparable(password: string): string {
  return password.normalize('NFKC').toLowerCase();
}

/**
 * The ranked list of common leaked passwords that zxcvbn ships (about 49,000).
 * Only entries long enough to pass the length rule can matter, so only those
 * are kept; decompressed on first use, then held for the life of the process.
 */
function breachedPasswords(): ReadonlySet<string> {
  breached ??= new Set(
    dictionary['passwords-common'].map(comparable).filter((p) => p.length >= PASSWORD_MIN_LENGTH),
  );
  return breached;
}

/** Whether the password (compared after NFKC, ignoring case) is a common leaked one. */
export function isBreachedPassword(password: string): boolean {
  return breachedPasswords().has(comparable(password));
}

export function passwordProblems(password: string, context: { email?: string } = {}): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  }
  if (context.email && password.toLowerCase().includes(context.email.toLowerCase().split('@')[0])) {
    problems.push('must not contain the account name');
  }
  if (/^(.)\1+$/su.test(password)) {
    problems.push('must not be a single repeated character');
  }
  if (password.length <= PASSWORD_MAX_LENGTH && isBreachedPassword(password)) {
    problems.push(BREACHED_PASSWORD_MESSAGE);
  }
  return problems;
}
