import { forbiddenAddressReason } from '@app/domain';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';

/** Raised when a webhook host resolves to an address we must not call. */
export class ForbiddenAddressError extends Error {
  readonly code = 'EWEBHOOKADDRESS';

  /** The message is stored with the delivery and shown: it names the kind of address, never the address. */
  constructor(hostname: string, reason: string) {
    super(`${hostname} resolves to a ${reason}; not called`);
    this.name = 'ForbiddenAddressError';
  }
}

export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, options, callback) =>
  dnsLookup(hostname, options, callback);

/**
 * A `lookup` for http(s).request that resolves the host itself and refuses the
 * connection when any address is not public. The socket then connects to the
 * very address that was checked, so a host name that resolved to a public
 * address when the URL was entered and to an internal one now (DNS rebinding)
 * is still refused. With `allowPrivateNetworks` every address is accepted.
 */
export function guardedLookup(
  allowPrivateNetworks: boolean,
  resolve: Resolver = systemResolver,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      if (addresses.length === 0) {
        const none: NodeJS.ErrnoException = new Error(`${hostname} has no address`);
        none.code = 'ENOTFOUND';
        callback(none, '');
        return;
      }
      if (!allowPrivateNetworks) {
        for (const { address } of addresses) {
          const reason = forbiddenAddressReason(address);
          if (reason !== null) {
            callback(new ForbiddenAddressError(hostname, reason), '');
            return;
          }
        }
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
