import Holidays from 'date-holidays';

/**
 * Public holidays of a jurisdiction (an ISO 3166-1 alpha-2 country code), as
 * the date-holidays data knows them: days of type `public` or `bank` count;
 * observances, school and optional holidays do not. A jurisdiction the data
 * does not know (or none) has no holidays, so its business days are Monday
 * to Friday only.
 */
const COUNTED_TYPES = new Set(['public', 'bank']);

/** `YYYY-MM-DD` dates per `COUNTRY:year`; at most a few hundred small sets. */
const byCountryYear = new Map<string, ReadonlySet<string>>();
const calendars = new Map<string, Holidays>();

/** A country the data does not know yields a calendar without holidays. */
function calendarOf(country: string): Holidays {
  let calendar = calendars.get(country);
  if (!calendar) {
    calendar = new Holidays(country);
    calendars.set(country, calendar);
  }
  return calendar;
}

function holidaysIn(country: string, year: number): ReadonlySet<string> {
  const key = `${country}:${year}`;
  let days = byCountryYear.get(key);
  if (!days) {
    const calendar = calendarOf(country);
    days = new Set(
      calendar
        .getHolidays(year)
        .filter((holiday) => COUNTED_TYPES.has(holiday.type))
        // `date` is the local calendar day, e.g. "2026-12-25 00:00:00".
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    byCountryYear.set(key, days);
  }
  return days;
}

const COUNTRY = /^[A-Z]{2}$/;

/**
 * True when the calendar day of `day` (read in UTC, as the SLA clocks count
 * days) is a public holiday in the jurisdiction.
 */
export function isPublicHoliday(jurisdiction: string | null | undefined, day: Date): boolean {
  const country = jurisdiction?.trim().toUpperCase();
  if (!country || !COUNTRY.test(country)) return false;
  return holidaysIn(country, day.getUTCFullYear()).has(day.toISOString().slice(0, 10));
}
