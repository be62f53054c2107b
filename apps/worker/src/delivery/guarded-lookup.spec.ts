import type { LookupAddress } from 'node:dns';
import { ForbiddenAddressError, guardedLookup } from './guarded-lookup';

type Answer = { err: NodeJS.ErrnoException | null; address: unknown; family?: number };

/** A resolver answering from a fixed table, as DNS would at delivery time. */
const fakeResolver =
  (table: Record<string, LookupAddress[]>) =>
  (
    hostname: string,
    _options: unknown,
    callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
  ) => {
    const found = table[hostname];
    if (!found) {
      const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      err.code = 'ENOTFOUND';
      callback(err, []);
      return;
    }
    callback(null, found);
  };

const ask = (lookup: ReturnType<typeof guardedLookup>, host: string, all = false) =>
  new Promise<Answer>((resolve) =>
    lookup(host, { all }, (err, address, family) => resolve({ err, address, family })),
  );

describe('guardedLookup', () => {
  const dns = fakeResolver({
    'receiver.agency.example': [{ address: '203.0.114.10', family: 4 }],
    'dual.agency.example': [
      { address: '2a00:1450:4009:81f::200e', family: 6 },
      { address: '198.51.101.7', family: 4 },
    ],
    'rebound.agency.example': [{ address: '10.0.0.5', family: 4 }],
    'metadata.agency.example': [{ address: '169.254.169.254', family: 4 }],
    'mixed.agency.example': [
      { address: '198.51.101.7', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ],
    'mapped.agency.example': [{ address: '::ffff:192.168.1.1', family: 6 }],
    'empty.agency.example': [],
  });

  it('should pass a public address through, in both callback forms', async () => {
    const lookup = guardedLookup(false, dns);
    expect(await ask(lookup, 'receiver.agency.example')).toEqual({
      err: null,
      address: '203.0.114.10',
      family: 4,
    });
    const all = await ask(lookup, 'dual.agency.example', true);
    expect(all.err).toBeNull();
    expect(all.address).toEqual([
      { address: '2a00:1450:4009:81f::200e', family: 6 },
      { address: '198.51.101.7', family: 4 },
    ]);
  });

  it('should refuse a name that now resolves to a private or metadata address (DNS rebinding)', async () => {
    const lookup = guardedLookup(false, dns);
    const rebound = await ask(lookup, 'rebound.agency.example');
    expect(rebound.err).toBeInstanceOf(ForbiddenAddressError);
    expect(rebound.err?.message).toBe(
      'rebound.agency.example resolves to a private network address; not called',
    );
    const metadata = await ask(lookup, 'metadata.agency.example', true);
    expect(metadata.err?.message).toMatch(/cloud metadata/);
    const mapped = await ask(lookup, 'mapped.agency.example');
    expect(mapped.err).toBeInstanceOf(ForbiddenAddressError);
  });

  it('should refuse when any one of several addresses is not public', async () => {
    const mixed = await ask(guardedLookup(false, dns), 'mixed.agency.example', true);
    expect(mixed.err?.message).toBe(
      'mixed.agency.example resolves to a loopback address; not called',
    );
  });

  it('should accept private addresses when the deployment allows them', async () => {
    const lookup = guardedLookup(true, dns);
    expect(await ask(lookup, 'rebound.agency.example')).toEqual({
      err: null,
      address: '10.0.0.5',
      family: 4,
    });
  });

  it('should pass resolution errors on and treat no address as not found', async () => {
    const lookup = guardedLookup(false, dns);
    expect((await ask(lookup, 'nowhere.agency.example')).err?.code).toBe('ENOTFOUND');
    expect((await ask(lookup, 'empty.agency.example')).err?.code).toBe('ENOTFOUND');
  });

  it('should use the system resolver by default (localhost is loopback)', async () => {
    const answer = await ask(guardedLookup(false), 'localhost');
    expect(answer.err).toBeInstanceOf(ForbiddenAddressError);
    expect(answer.err?.message).toMatch(/^localhost resolves to a loopback address/);
  });
});
