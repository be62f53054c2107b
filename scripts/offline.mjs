// Preloaded (node --import) where a tool must work offline, e.g. `npm run
// lint:api`: any outgoing connection, DNS lookup or fetch throws, so a change
// that would make the tool download something fails loudly instead.
import dns from 'node:dns';
import net from 'node:net';

function refuse(what) {
  throw new Error(`Refused ${what}: this command must not use the network.`);
}

net.Socket.prototype.connect = function connect(options) {
  return refuse(`a connection to ${options?.host ?? options?.hostname ?? 'a host'}`);
};
dns.lookup = (host) => refuse(`a DNS lookup of ${host}`);
globalThis.fetch = (url) =>
  Promise.reject(
    new Error(`Refused to fetch ${String(url)}: this command must not use the network.`),
  );
