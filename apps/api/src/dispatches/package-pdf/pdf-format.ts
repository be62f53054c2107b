/**
 * Dates, amounts and sizes as the printed package shows them. Times are UTC
 * and unambiguous (ISO date order), so every party reads the same instant.
 */

const NOT_GIVEN = 'not given';

/** `2026-04-02 09:30 UTC`; a value that is not a date is printed as given. */
export function utcDateTime(value: string | Date | null | undefined, seconds = false): string {
  if (value === null || value === undefined || value === '') return NOT_GIVEN;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
}

/** `2026-04-02`; a date-only value is printed as given. */
export function utcDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return NOT_GIVEN;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().slice(0, 10);
}

const grouped = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 8,
});

/** `1,200.00 EUR`: the currency code, never a symbol that could be misread. */
export function amountText(value: string, currency: string): string {
  const number = Number(value);
  const shown = value.trim() !== '' && Number.isFinite(number) ? grouped.format(number) : value;
  return currency ? `${shown} ${currency}` : shown;
}

export function byteSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'size unknown';
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size.toFixed(1)} ${units[unit]} (${bytes.toLocaleString('en-GB')} bytes)`;
}
