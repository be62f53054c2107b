import { webhookUrlRefusal, type ResolveHost } from './webhook-url.check';

const strict = { allowHttp: false, allowPrivateNetworks: false };
const privateAllowed = { allowHttp: false, allowPrivateNetworks: true };

/** A resolver answering from a fixed table, remembering what it was asked. */
function resolverOf(table: Record<string, string[]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve = (host: string) => {
    asked.push(host);
    const addresses = table[host];
    return addresses
      ? Promise.resolve(addresses)
      : Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
  };
  return Object.assign(resolve, { asked });
}

describe('webhookUrlRefusal', () => {
  it('should accept a host name whose every address is public', async () => {
    const resolve = resolverOf({ 'hooks.agency.example': ['93.184.215.14', '2606:2800:21f::1'] });
    await expect(
      webhookUrlRefusal('https://hooks.agency.example/in', strict, resolve),
    ).resolves.toBeNull();
    expect(resolve.asked).toEqual(['hooks.agency.example']);
  });

  it.each([
    ['127.0.0.1', 'loopback address'],
    ['10.1.2.3', 'private network address'],
    ['169.254.169.254', 'link-local address (cloud metadata endpoint)'],
    ['::1', 'loopback address'],
    ['::ffff:192.168.0.1', 'private network address'],
    ['fd00::1', 'unique-local address'],
  ])('should refuse a name resolving to %s (%s)', async (address, reason) => {
    const resolve = resolverOf({ 'rebind.agency.example': [address] });
    await expect(
      webhookUrlRefusal('https://rebind.agency.example/in', strict, resolve),
    ).resolves.toBe(
      `The webhook host name "rebind.agency.example" resolves to a ${reason}; use a host with public addresses only.`,
    );
  });

  it('should refuse a name when only one of its addresses is private', async () => {
    const resolve = resolverOf({ 'mixed.agency.example': ['93.184.215.14', '10.0.0.7'] });
    await expect(webhookUrlRefusal('https://mixed.agency.example/', strict, resolve)).resolves.toBe(
      'The webhook host name "mixed.agency.example" resolves to a private network address; use a host with public addresses only.',
    );
  });

  it('should accept a name resolving to a private address when private networks are allowed', async () => {
    const resolve = resolverOf({ 'receiver.lab.example': ['10.0.0.7'] });
    await expect(
      webhookUrlRefusal('https://receiver.lab.example/', privateAllowed, resolve),
    ).resolves.toBeNull();
  });

  it('should refuse a name that does not resolve, whatever the policy', async () => {
    const resolve = resolverOf({});
    for (const policy of [strict, privateAllowed]) {
      await expect(
        webhookUrlRefusal('https://nowhere.agency.example/', policy, resolve),
      ).resolves.toMatch(/"nowhere\.agency\.example" could not be resolved/);
    }
  });

  it('should refuse a name that resolves to nothing', async () => {
    const resolve = resolverOf({ 'empty.agency.example': [] });
    await expect(
      webhookUrlRefusal('https://empty.agency.example/', strict, resolve),
    ).resolves.toMatch(/could not be resolved/);
  });

  it('should give up on a resolver that takes too long', async () => {
    const slow: ResolveHost = () => new Promise(() => undefined);
    await expect(
      webhookUrlRefusal('https://slow.agency.example/', strict, slow, 50),
    ).resolves.toMatch(/could not be resolved/);
  });

  it('should not resolve literal addresses, and judge them by the spelling rules', async () => {
    const resolve = resolverOf({});
    await expect(
      webhookUrlRefusal('https://93.184.215.14/hook', strict, resolve),
    ).resolves.toBeNull();
    await expect(
      webhookUrlRefusal('https://[2606:2800:21f::1]/', strict, resolve),
    ).resolves.toBeNull();
    await expect(webhookUrlRefusal('https://127.0.0.1/', strict, resolve)).resolves.toMatch(
      /loopback/,
    );
    expect(resolve.asked).toEqual([]);
  });

  it('should not resolve a URL the spelling rules already refuse', async () => {
    const resolve = resolverOf({});
    await expect(webhookUrlRefusal('http://agency.example/', strict, resolve)).resolves.toBe(
      'The webhook URL must use https.',
    );
    await expect(webhookUrlRefusal('https://localhost/', strict, resolve)).resolves.toMatch(
      /private host name/,
    );
    expect(resolve.asked).toEqual([]);
  });
});
