/**
 * Web addresses as people type them. The API gives an address typed without
 * its scheme but with a path, port or query (`shop.example/offer`) the
 * `https://` browsers assume, and keeps a bare domain name (`shop.example`) as
 * sent; the console does the same before sending, so the review shows the
 * value that is stored. What is not a web address is sent as typed, for the
 * API to refuse with its message.
 */

const SCHEMELESS_WITH_PATH = /^([^/?#\\\s:@]+)(:[0-9]{1,5})?([/?#]\S*)?$/;
/** At least two dot-separated labels of letters, digits and hyphens, the last not all digits. */
const HOST_NAME = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}][\p{L}\p{N}-]*\.?$/u;

export function websiteWithScheme(typed: string): string {
  const value = typed.trim();
  const match = SCHEMELESS_WITH_PATH.exec(value);
  if (!match || (match[2] === undefined && match[3] === undefined)) return value;
  return HOST_NAME.test(match[1]) ? `https://${value}` : value;
}
