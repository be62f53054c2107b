/**
 * Webhook URL safety (issue 4, "a classic server-side request forgery hole").
 * An agency's webhook URL is fetched by our worker from inside our network, so
 * a URL naming a loopback, private, link-local or otherwise non-public address
 * would let whoever edits reference data make us call internal services (the
 * cloud metadata endpoint above all). These checks run on entry and again on
 * every address the host name resolves to.
 */
import { isIP } from 'node:net';

/** What the deployment allows (config WEBHOOK_ALLOW_HTTP / WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
export interface WebhookUrlPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
}

/** The longest webhook URL accepted. */
const MAX_URL_LENGTH = 2048;

interface V4Range {
  base: number;
  prefix: number;
  reason: string;
}

const v4 = (dotted: string, prefix: number, reason: string): V4Range => ({
  base: parseDottedV4(dotted),
  prefix,
  reason,
});

/**
 * Non-public IPv4 ranges (IANA special-purpose registry, RFC 6890 and friends).
 * Narrower ranges come first so the most specific reason wins.
 */
const V4_RANGES: readonly V4Range[] = [
  v4('255.255.255.255', 32, 'broadcast address'),
  v4('169.254.169.254', 32, 'link-local address (cloud metadata endpoint)'),
  v4('0.0.0.0', 8, 'unspecified address'),
  v4('10.0.0.0', 8, 'private network address'),
  v4('100.64.0.0', 10, 'carrier-grade NAT address'),
  v4('127.0.0.0', 8, 'loopback address'),
  v4('169.254.0.0', 16, 'link-local address'),
  v4('172.16.0.0', 12, 'private network address'),
  v4('192.0.0.0', 24, 'reserved/documentation address'),
  v4('192.0.2.0', 24, 'reserved/documentation address'),
  v4('192.88.99.0', 24, 'reserved/documentation address'),
  v4('192.168.0.0', 16, 'private network address'),
  v4('198.18.0.0', 15, 'reserved/documentation address'),
  v4('198.51.100.0', 24, 'reserved/documentation address'),
  v4('203.0.113.0', 24, 'reserved/documentation address'),
  v4('224.0.0.0', 4, 'multicast address'),
  v4('240.0.0.0', 4, 'reserved/documentation address'),
];

/** Host names that only mean something inside a private network. */
const PRIVATE_NAME_SUFFIXES = ['localhost', 'local', 'internal', 'localdomain', 'home.arpa'];

/**
 * Why `address` (an IPv4 or IPv6 literal, brackets and zone index allowed) is
 * not a public unicast address, or null when it is. Anything that is not an IP
 * address at all is refused too. IPv6 forms that carry an IPv4 address
 * (mapped, compatible, NAT64, 6to4) are judged by the address they carry.
 */
export function forbiddenAddressReason(address: string): string | null {
  let text = address.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  switch (isIP(text)) {
    case 4:
      return v4Reason(parseDottedV4(text));
    case 6:
      return v6Reason(parseV6(text));
    default:
      return 'not an IP address';
  }
}

/**
 * Why `url` is not acceptable as an agency webhook URL under `policy`, or null
 * when it is. Host names are judged by their spelling only; the caller must
 * also resolve the name and check every address with forbiddenAddressReason.
 */
export function webhookUrlProblem(url: string, policy: WebhookUrlPolicy): string | null {
  if (typeof url !== 'string' || url.length === 0) return 'The webhook URL is required.';
  if (url.length > MAX_URL_LENGTH) {
    return `The webhook URL must be at most ${MAX_URL_LENGTH} characters long.`;
  }
  // URL parsing silently drops tabs and line breaks and trims spaces; refuse them
  // so that what is stored is exactly what is called.
  if (hasSpaceOrControl(url)) {
    return 'The webhook URL must not contain spaces, line breaks or control characters.';
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The webhook URL must be an absolute URL, such as https://agency.example/referrals.';
  }
  if (parsed.protocol === 'http:') {
    if (!policy.allowHttp) return 'The webhook URL must use https.';
  } else if (parsed.protocol !== 'https:') {
    return policy.allowHttp
      ? 'The webhook URL must use https or http.'
      : 'The webhook URL must use https.';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'The webhook URL must not contain a user name or password.';
  }
  if (url.includes('#')) return 'The webhook URL must not contain a fragment (#…).';
  const host = parsed.hostname;
  if (host === '') return 'The webhook URL must name a host.';

  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(literal) !== 0) {
    if (policy.allowPrivateNetworks) return null;
    const reason = forbiddenAddressReason(literal);
    return reason === null
      ? null
      : `The webhook URL must not point at a ${reason} (${literal}); use a public address.`;
  }

  if (policy.allowPrivateNetworks) return null;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  const privateSuffix = PRIVATE_NAME_SUFFIXES.find(
    (suffix) => name === suffix || name.endsWith(`.${suffix}`),
  );
  if (privateSuffix === name) {
    return `The webhook URL must not point at a private host name ("${name}").`;
  }
  if (privateSuffix !== undefined) {
    return `The webhook URL must not point at a private host name ("${name}" ends in .${privateSuffix}).`;
  }
  if (!name.includes('.')) {
    return `The webhook URL must use a fully qualified public host name, not "${name}".`;
  }
  return null;
}

function hasSpaceOrControl(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0x20 || code === 0x7f || /\s/u.test(ch)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Address arithmetic. Inputs are already validated by isIP, so parsing is strict
// only as far as it needs to be.

function parseDottedV4(text: string): number {
  return text.split('.').reduce((acc, part) => acc * 256 + Number.parseInt(part, 10), 0);
}

function inV4Range(address: number, range: V4Range): boolean {
  const size = 2 ** (32 - range.prefix);
  return Math.floor(address / size) === Math.floor(range.base / size);
}

function v4Reason(address: number): string | null {
  return V4_RANGES.find((range) => inV4Range(address, range))?.reason ?? null;
}

/** The eight 16-bit groups of an IPv6 address (an embedded dotted IPv4 tail allowed). */
function parseV6(text: string): number[] {
  const expand = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').flatMap((group) => {
      if (group.includes('.')) {
        const value = parseDottedV4(group);
        return [Math.floor(value / 65536), value % 65536];
      }
      return [Number.parseInt(group, 16)];
    });
  };
  const [head, tail] = text.split('::');
  if (tail === undefined) return expand(head);
  const left = expand(head);
  const right = expand(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address held in two consecutive groups. */
const v4From = (high: number, low: number): number => high * 65536 + low;

function v6Reason(g: number[]): string | null {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);

  if (zeroUpTo(8)) return 'unspecified address';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback address';
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated): the IPv4 address decides.
  if (zeroUpTo(5) && g[5] === 0xffff) return v4Reason(v4From(g[6], g[7]));
  if (zeroUpTo(4) && g[4] === 0xffff && g[5] === 0) return v4Reason(v4From(g[6], g[7]));
  // ::a.b.c.d (deprecated IPv4-compatible): never a legitimate destination.
  if (zeroUpTo(6)) return v4Reason(v4From(g[6], g[7])) ?? 'reserved/documentation address';
  // NAT64 well-known prefix 64:ff9b::/96 reaches the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return v4Reason(v4From(g[6], g[7]));
  }
  // Local-use NAT64 (64:ff9b:1::/48) translates into a private network.
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private network address';
  if (g[0] >= 0xff00) return 'multicast address';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local address';
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local address';
  // Only 2000::/3 is allocated for global unicast; everything else is reserved.
  if ((g[0] & 0xe000) !== 0x2000) return 'reserved/documentation address';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved/documentation address';
  // 2001::/23: IETF protocol assignments (Teredo, benchmarking, ORCHID…).
  if (g[0] === 0x2001 && g[1] < 0x0200) return 'reserved/documentation address';
  // 3fff::/20: documentation (RFC 9637).
  if (g[0] === 0x3fff && g[1] < 0x1000) return 'reserved/documentation address';
  // 6to4 (2002::/16) carries an IPv4 address in its next 32 bits.
  if (g[0] === 0x2002) return v4Reason(v4From(g[1], g[2]));
  return null;
}
