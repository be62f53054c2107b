import fc from 'fast-check';
import { webhookUrlRefusal } from './webhook-url.check';

const strict = { allowHttp: false, allowPrivateNetworks: false };

const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const privateV4 = fc.oneof(
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => `10.${p.join('.')}`),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => `127.${p.join('.')}`),
  fc.tuple(fc.nat(255), fc.nat(255)).map((p) => `192.168.${p.join('.')}`),
  fc.tuple(fc.nat(255), fc.nat(255)).map((p) => `169.254.${p.join('.')}`),
  fc
    .tuple(fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255))
    .map((p) => `172.${p.join('.')}`),
);
const privateV6 = fc
  .tuple(fc.constantFrom('fd', 'fc', 'fe80:'), fc.nat(0xffff), fc.nat(0xffff))
  .map(([prefix, a, b]) =>
    prefix === 'fe80:'
      ? `fe80::${a.toString(16)}:${b.toString(16)}`
      : `${prefix}00:${a.toString(16)}::${b.toString(16)}`,
  );

/** Whatever a host name resolves to, a refusal names the kind of address and never an address. */
describe('webhook URL refusals (property)', () => {
  it('should never echo a resolved address', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(v4, privateV4, privateV6), { minLength: 1, maxLength: 4 }),
        privateV4,
        async (others, internal) => {
          const addresses = [...others, internal];
          const refusal = await webhookUrlRefusal('https://hooks.agency.example/in', strict, () =>
            Promise.resolve(addresses),
          );
          expect(refusal).toMatch(/^The webhook host name "hooks\.agency\.example" resolves to a /);
          for (const address of addresses) expect(refusal).not.toContain(address);
        },
      ),
    );
  });
});
