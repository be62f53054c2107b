import { isPublicHoliday } from './public-holidays';

/**
 * Service-level clocks whose length is configured (SLA_CLOCKS). Hold expiry is
 * a clock too, but its due time is the hold's own expiry, not a configured length.
 */
export type SlaClockName = 'triage' | 'le_acknowledgement' | 'info_request';

export type SlaUnit = 's' | 'm' | 'h' | 'd' | 'bd';

export type SlaDurations = Record<SlaClockName, { amount: number; unit: SlaUnit }>;

export const SLA_CLOCK_NAMES: readonly SlaClockName[] = [
  'triage',
  'le_acknowledgement',
  'info_request',
];

export const DEFAULT_SLA_CLOCKS = 'triage=2bd,le_acknowledgement=5d,info_request=7d';

const UNIT_MS: Record<Exclude<SlaUnit, 'bd'>, number> = {
  s: 1000,
  m: 60 * 1000,
  h: 3600 * 1000,
  d: 24 * 3600 * 1000,
};

/** No clock may run longer than about ten years (keeps every deadline a valid date). */
const MAX_MS = 3653 * UNIT_MS.d;
const MAX_BUSINESS_DAYS = 2610;

const PAIR = /^([a-z_]+)\s*=\s*(\d+)\s*(bd|s|m|h|d)$/;

function isClockName(name: string): name is SlaClockName {
  return (SLA_CLOCK_NAMES as readonly string[]).includes(name);
}

function withinLimit(amount: number, unit: SlaUnit): boolean {
  return unit === 'bd' ? amount <= MAX_BUSINESS_DAYS : amount * UNIT_MS[unit] <= MAX_MS;
}

function parsePairs(spec: string, into: SlaDurations): void {
  const unknown: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const raw of spec.split(',')) {
    const piece = raw.trim();
    if (piece === '') continue;
    const match = PAIR.exec(piece);
    if (!match) {
      problems.push(`"${piece}" is not name=duration (durations in s, m, h, d or bd)`);
      continue;
    }
    const [, name, digits, unit] = match as unknown as [string, string, string, SlaUnit];
    if (!isClockName(name)) {
      unknown.push(name);
      continue;
    }
    if (seen.has(name)) {
      problems.push(`clock "${name}" is given more than once`);
      continue;
    }
    seen.add(name);
    const amount = Number(digits);
    if (amount < 1) {
      problems.push(`clock "${name}" must last at least 1${unit}`);
    } else if (!withinLimit(amount, unit)) {
      problems.push(`clock "${name}" is longer than ten years`);
    } else {
      into[name] = { amount, unit };
    }
  }
  if (unknown.length > 0) {
    problems.unshift(
      `unknown SLA clock${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} ` +
        `(known clocks: ${SLA_CLOCK_NAMES.join(', ')})`,
    );
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}

/**
 * Read an SLA_CLOCKS value such as `triage=2bd,le_acknowledgement=5d`. Clocks
 * left out keep their default; an unknown clock name, a malformed pair, a
 * repeated clock or a zero length throws an Error naming them.
 */
export function parseSlaClocks(spec: string): SlaDurations {
  const durations = {} as SlaDurations;
  parsePairs(DEFAULT_SLA_CLOCKS, durations);
  parsePairs(spec, durations);
  return durations;
}

function isWeekday(date: Date): boolean {
  const day = date.getUTCDay();
  return day >= 1 && day <= 5;
}

function addBusinessDays(from: Date, days: number, jurisdiction: string | null): Date {
  const at = new Date(from.getTime());
  let remaining = days;
  // One day at a time (at most about 3,700 steps for the longest clock allowed),
  // which also moves a start on a weekend or a holiday onto the next working day.
  while (remaining > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    if (isWeekday(at) && !isPublicHoliday(jurisdiction, at)) remaining -= 1;
  }
  return at;
}

/**
 * When a clock started at `from` falls due. Seconds, minutes, hours and days are
 * exact lengths (a day is 24 hours); `bd` counts business days, keeping the time
 * of day: Monday to Friday in UTC, less the public holidays of `jurisdiction`
 * (the case's jurisdiction; see public-holidays.ts). One business day after a
 * Friday, a Saturday or a Sunday is the next Monday, or the Tuesday when that
 * Monday is a public holiday there. Without a jurisdiction only weekends count.
 */
export function slaDeadline(
  durations: SlaDurations,
  clock: SlaClockName,
  from: Date,
  jurisdiction: string | null = null,
): Date {
  const duration = durations[clock];
  if (!duration) throw new Error(`unknown SLA clock: ${String(clock)}`);
  const { amount, unit } = duration;
  if (unit === 'bd') return addBusinessDays(from, amount, jurisdiction);
  return new Date(from.getTime() + amount * UNIT_MS[unit]);
}

const UNIT_WORDS: Record<SlaUnit, [string, string]> = {
  s: ['second', 'seconds'],
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  bd: ['business day', 'business days'],
};

/** A clock's length in words, for alert messages: "2 business days", "1 hour". */
export function describeSlaDuration(duration: { amount: number; unit: SlaUnit }): string {
  const [one, many] = UNIT_WORDS[duration.unit];
  return `${duration.amount} ${duration.amount === 1 ? one : many}`;
}
