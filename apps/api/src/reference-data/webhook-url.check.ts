import { forbiddenAddressReason, webhookUrlProblem, type WebhookUrlPolicy } from '@app/domain';
import { isIP } from 'node:net';

/** Every address a host name resolves to (node:dns/promises `lookup` with `all: true`). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** How long a webhook host name may take to resolve before it is refused. */
export const WEBHOOK_RESOLVE_TIMEOUT_MS = 3000;

/**
 * Why a webhook URL must be refused, or null. Beyond the spelling rules of
 * webhookUrlProblem, a host name must resolve, and (unless private networks are
 * allowed) every address it resolves to must be public: a public-looking name
 * can point at 127.0.0.1 or the metadata endpoint just as well.
 */
export async function webhookUrlRefusal(
  url: string,
  policy: WebhookUrlPolicy,
  resolve: ResolveHost,
  timeoutMs = WEBHOOK_RESOLVE_TIMEOUT_MS,
): Promise<string | null> {
  const problem = webhookUrlProblem(url, policy);
  if (problem !== null) return problem;
  const host = new URL(url).hostname;
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(literal) !== 0) return null; // judged above; nothing to resolve

  let addresses: string[];
  try {
    addresses = await withTimeout(resolve(host), timeoutMs);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) {
    return `The webhook host name "${host}" could not be resolved; check the spelling or try again later.`;
  }
  if (policy.allowPrivateNetworks) return null;
  for (const address of [...addresses].sort()) {
    const reason = forbiddenAddressReason(address);
    if (reason !== null) {
      // The kind of address, never the address: what a name resolves to inside
      // our network is not the caller's to learn.
      return `The webhook host name "${host}" resolves to a ${reason}; use a host with public addresses only.`;
    }
  }
  return null;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
