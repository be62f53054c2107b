/**
 * A time typed in a datetime-local field (`2026-03-01T09:30` or with seconds)
 * read as UTC, as the API's ISO 8601; other text is passed on as typed, for
 * the API to refuse in words.
 */
export function fromUtcInput(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) return `${value}Z`;
  return value;
}

/** The first 8 characters of a long id, enough to tell rows apart; the full id is in the details. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
