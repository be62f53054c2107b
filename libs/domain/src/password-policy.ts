/**
 * Password rules for every account. Length is what protects a password; the
 * upper bound keeps hashing cost bounded against oversized input.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

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
  return problems;
}
