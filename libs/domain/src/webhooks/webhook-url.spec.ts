import { forbiddenAddressReason, webhookUrlProblem, type WebhookUrlPolicy } from './webhook-url';

const strict: WebhookUrlPolicy = { allowHttp: false, allowPrivateNetworks: false };
const httpAllowed: WebhookUrlPolicy = { allowHttp: true, allowPrivateNetworks: false };
const privateAllowed: WebhookUrlPolicy = { allowHttp: false, allowPrivateNetworks: true };
const permissive: WebhookUrlPolicy = { allowHttp: true, allowPrivateNetworks: true };

describe('forbiddenAddressReason', () => {
  describe('IPv4 special-purpose ranges', () => {
    it.each([
      // [first, last, reason]
      ['0.0.0.0', '0.255.255.255', 'unspecified address'],
      ['10.0.0.0', '10.255.255.255', 'private network address'],
      ['100.64.0.0', '100.127.255.255', 'carrier-grade NAT address'],
      ['127.0.0.0', '127.255.255.255', 'loopback address'],
      ['169.254.0.0', '169.254.255.255', 'link-local address'],
      ['172.16.0.0', '172.31.255.255', 'private network address'],
      ['192.0.0.0', '192.0.0.255', 'reserved/documentation address'],
      ['192.0.2.0', '192.0.2.255', 'reserved/documentation address'],
      ['192.88.99.0', '192.88.99.255', 'reserved/documentation address'],
      ['192.168.0.0', '192.168.255.255', 'private network address'],
      ['198.18.0.0', '198.19.255.255', 'reserved/documentation address'],
      ['198.51.100.0', '198.51.100.255', 'reserved/documentation address'],
      ['203.0.113.0', '203.0.113.255', 'reserved/documentation address'],
      ['224.0.0.0', '239.255.255.255', 'multicast address'],
      ['240.0.0.0', '255.255.255.254', 'reserved/documentation address'],
    ])('should refuse %s to %s as %s', (first, last, reason) => {
      expect(forbiddenAddressReason(first)).toBe(reason);
      expect(forbiddenAddressReason(last)).toBe(reason);
    });

    it.each([
      // the public neighbours just outside each range
      '1.0.0.0',
      '9.255.255.255',
      '11.0.0.0',
      '100.63.255.255',
      '100.128.0.0',
      '126.255.255.255',
      '128.0.0.0',
      '169.253.255.255',
      '169.255.0.0',
      '172.15.255.255',
      '172.32.0.0',
      '191.255.255.255',
      '192.0.1.0',
      '192.0.3.0',
      '192.88.98.255',
      '192.88.100.0',
      '192.167.255.255',
      '192.169.0.0',
      '198.17.255.255',
      '198.20.0.0',
      '198.51.99.255',
      '198.51.101.0',
      '203.0.112.255',
      '203.0.114.0',
      '223.255.255.255',
      '8.8.8.8',
      '93.184.215.14',
    ])('should accept the public address %s', (address) => {
      expect(forbiddenAddressReason(address)).toBeNull();
    });

    it('should name the cloud metadata endpoint and the broadcast address', () => {
      expect(forbiddenAddressReason('169.254.169.254')).toBe(
        'link-local address (cloud metadata endpoint)',
      );
      expect(forbiddenAddressReason('255.255.255.255')).toBe('broadcast address');
    });

    it('should call 0.0.0.0 the unspecified address', () => {
      expect(forbiddenAddressReason('0.0.0.0')).toBe('unspecified address');
    });
  });

  describe('IPv6', () => {
    it.each([
      ['::', 'unspecified address'],
      ['0:0:0:0:0:0:0:0', 'unspecified address'],
      ['::1', 'loopback address'],
      ['0:0:0:0:0:0:0:1', 'loopback address'],
      ['fc00::', 'unique-local address'],
      ['fd00:ec2::254', 'unique-local address'],
      ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unique-local address'],
      ['fe80::', 'link-local address'],
      ['fe80::1', 'link-local address'],
      ['febf:ffff::1', 'link-local address'],
      ['ff00::', 'multicast address'],
      ['ff02::1', 'multicast address'],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'multicast address'],
      ['2001:db8::', 'reserved/documentation address'],
      ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved/documentation address'],
      ['2001::1', 'reserved/documentation address'],
      ['2001:1ff::1', 'reserved/documentation address'],
      ['3fff::1', 'reserved/documentation address'],
      ['3fff:fff::1', 'reserved/documentation address'],
      ['100::1', 'reserved/documentation address'],
      ['4000::1', 'reserved/documentation address'],
      ['fec0::1', 'reserved/documentation address'],
      ['1::', 'reserved/documentation address'],
      ['64:ff9b:1::a00:1', 'private network address'],
    ])('should refuse %s as %s', (address, reason) => {
      expect(forbiddenAddressReason(address)).toBe(reason);
    });

    it.each([
      '2001:4860:4860::8888',
      '2606:4700:4700::1111',
      '2a00:1450:4009:81f::200e',
      '2001:200::1',
      '2001:db9::1',
      '3fff:1000::1',
      '2000::1',
      '3ffe:ffff::1',
    ])('should accept the global unicast address %s', (address) => {
      expect(forbiddenAddressReason(address)).toBeNull();
    });

    it('should accept brackets and a zone index around the address', () => {
      expect(forbiddenAddressReason('[::1]')).toBe('loopback address');
      expect(forbiddenAddressReason('fe80::1%eth0')).toBe('link-local address');
      expect(forbiddenAddressReason('[2001:4860:4860::8888]')).toBeNull();
    });
  });

  describe('IPv6 forms that carry an IPv4 address', () => {
    it.each([
      ['::ffff:127.0.0.1', 'loopback address'],
      ['::ffff:7f00:1', 'loopback address'],
      ['::FFFF:7F00:0001', 'loopback address'],
      ['0:0:0:0:0:ffff:127.0.0.1', 'loopback address'],
      ['::ffff:10.1.2.3', 'private network address'],
      ['::ffff:a9fe:a9fe', 'link-local address (cloud metadata endpoint)'],
      ['::ffff:192.168.1.1', 'private network address'],
      ['::ffff:0.0.0.0', 'unspecified address'],
      ['::ffff:0:127.0.0.1', 'loopback address'],
      ['::127.0.0.1', 'loopback address'],
      ['::7f00:1', 'loopback address'],
      ['::10.0.0.1', 'private network address'],
      ['::8.8.8.8', 'reserved/documentation address'],
      ['64:ff9b::127.0.0.1', 'loopback address'],
      ['64:ff9b::a9fe:a9fe', 'link-local address (cloud metadata endpoint)'],
      ['64:ff9b::192.168.0.1', 'private network address'],
      ['2002:7f00:1::', 'loopback address'],
      ['2002:a00:1::1', 'private network address'],
      ['2002:a9fe:a9fe::', 'link-local address (cloud metadata endpoint)'],
    ])('should judge %s by its IPv4 address (%s)', (address, reason) => {
      expect(forbiddenAddressReason(address)).toBe(reason);
    });

    it.each(['::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '2002:808:808::1'])(
      'should accept %s, which carries a public IPv4 address',
      (address) => {
        expect(forbiddenAddressReason(address)).toBeNull();
      },
    );
  });

  it.each(['', 'localhost', 'example.org', '999.0.0.1', '1.2.3', '::g', '2130706433'])(
    'should refuse %j, which is not an IP address',
    (text) => {
      expect(forbiddenAddressReason(text)).toBe('not an IP address');
    },
  );
});

describe('webhookUrlProblem', () => {
  it('should accept a plain https URL with a public host name, port, path and query', () => {
    expect(webhookUrlProblem('https://agency.example.org/referrals', strict)).toBeNull();
    expect(webhookUrlProblem('https://hooks.agency.gov.uk:8443/in?x=1', strict)).toBeNull();
    expect(webhookUrlProblem('https://8.8.8.8/hook', strict)).toBeNull();
    expect(webhookUrlProblem('https://[2001:4860:4860::8888]/hook', strict)).toBeNull();
    expect(webhookUrlProblem('https://agency.example.org./hook', strict)).toBeNull();
  });

  it('should require a value', () => {
    expect(webhookUrlProblem('', strict)).toMatch(/required/);
  });

  it('should refuse a URL longer than 2048 characters, and accept one of exactly 2048', () => {
    const base = 'https://agency.example.org/';
    const exact = base + 'a'.repeat(2048 - base.length);
    expect(exact).toHaveLength(2048);
    expect(webhookUrlProblem(exact, strict)).toBeNull();
    expect(webhookUrlProblem(exact + 'a', strict)).toMatch(/at most 2048 characters/);
  });

  it.each([
    'agency.example.org/hook',
    '/hook',
    'https//agency.example.org',
    'not a url',
    'https://',
  ])('should refuse %j, which is not an absolute URL', (url) => {
    expect(webhookUrlProblem(url, strict)).not.toBeNull();
  });

  it('should refuse relative URLs with a message giving an example', () => {
    expect(webhookUrlProblem('agency.example.org/hook', strict)).toMatch(
      /absolute URL, such as https:\/\//,
    );
  });

  it.each([
    ' https://agency.example.org/',
    'https://agency.example.org/ ',
    'https://agency.example.org/a b',
    'https://agency.exa\tmple.org/',
    'https://agency.example.org/\n',
    'https://agency.example.org/\u0000',
    'https://agency.example.org/\u00a0',
  ])('should refuse %j, which hides spaces or control characters', (url) => {
    expect(webhookUrlProblem(url, strict)).toMatch(/spaces, line breaks or control characters/);
  });

  describe('scheme', () => {
    it('should refuse http unless the policy allows it', () => {
      expect(webhookUrlProblem('http://agency.example.org/', strict)).toBe(
        'The webhook URL must use https.',
      );
      expect(webhookUrlProblem('http://agency.example.org/', privateAllowed)).toBe(
        'The webhook URL must use https.',
      );
      expect(webhookUrlProblem('http://agency.example.org/', httpAllowed)).toBeNull();
    });

    it.each([
      'ftp://agency.example.org/',
      'file:///etc/passwd',
      'gopher://agency.example.org/',
      'ws://agency.example.org/',
      'wss://agency.example.org/',
      'javascript:alert(1)',
      'data:text/plain,hi',
    ])('should refuse the scheme of %s, whatever the policy', (url) => {
      expect(webhookUrlProblem(url, strict)).toMatch(/must use https/);
      expect(webhookUrlProblem(url, permissive)).toMatch(/must use https or http/);
    });

    it('should accept the scheme in any letter case', () => {
      expect(webhookUrlProblem('HTTPS://agency.example.org/', strict)).toBeNull();
    });
  });

  it.each([
    'https://user:secret@agency.example.org/',
    'https://user@agency.example.org/',
    'https://:secret@agency.example.org/',
  ])('should refuse credentials in %s', (url) => {
    expect(webhookUrlProblem(url, permissive)).toBe(
      'The webhook URL must not contain a user name or password.',
    );
  });

  it.each([
    'https://agency.example.org/#x',
    'https://agency.example.org/#',
    'https://a.example.org#',
  ])('should refuse the fragment in %s', (url) => {
    expect(webhookUrlProblem(url, permissive)).toMatch(/fragment/);
  });

  describe('literal IP hosts', () => {
    it.each([
      ['https://127.0.0.1/', 'loopback address'],
      ['https://127.0.0.1:8443/hook', 'loopback address'],
      ['https://10.0.0.5/', 'private network address'],
      ['https://172.16.0.1/', 'private network address'],
      ['https://192.168.1.10/', 'private network address'],
      ['https://169.254.169.254/latest/meta-data/', 'link-local address (cloud metadata endpoint)'],
      [
        'https://169.254.169.254./latest/meta-data/',
        'link-local address (cloud metadata endpoint)',
      ],
      ['https://169.254.1.1/', 'link-local address'],
      ['https://100.100.100.200/', 'carrier-grade NAT address'],
      ['https://0.0.0.0/', 'unspecified address'],
      ['https://224.0.0.1/', 'multicast address'],
      ['https://255.255.255.255/', 'broadcast address'],
      ['https://192.0.2.1/', 'reserved/documentation address'],
      ['https://[::1]/', 'loopback address'],
      ['https://[::]/', 'unspecified address'],
      ['https://[fe80::1]/', 'link-local address'],
      ['https://[fd00:ec2::254]/', 'unique-local address'],
      ['https://[ff02::1]/', 'multicast address'],
      ['https://[2001:db8::1]/', 'reserved/documentation address'],
      ['https://[::ffff:127.0.0.1]/', 'loopback address'],
      ['https://[::ffff:169.254.169.254]/', 'link-local address (cloud metadata endpoint)'],
      ['https://[::ffff:10.0.0.1]/', 'private network address'],
      ['https://[::127.0.0.1]/', 'loopback address'],
      ['https://[64:ff9b::10.0.0.1]/', 'private network address'],
    ])('should refuse %s as a %s', (url, reason) => {
      const problem = webhookUrlProblem(url, strict);
      expect(problem).toContain(`must not point at a ${reason}`);
    });

    it.each([
      // spellings WHATWG URL parsing normalises to 127.0.0.1 or other private addresses
      ['http://2130706433/', 'loopback address'],
      ['http://0x7f.1/', 'loopback address'],
      ['http://0x7f000001/', 'loopback address'],
      ['http://017700000001/', 'loopback address'],
      ['http://0177.0.0.1/', 'loopback address'],
      ['http://127.1/', 'loopback address'],
      ['http://127.0.1/', 'loopback address'],
      ['http://0/', 'unspecified address'],
      ['http://0x0a.0.0.1/', 'private network address'],
      ['http://012.0.0.1/', 'private network address'],
      ['http://2852039166/', 'link-local address (cloud metadata endpoint)'],
      ['http://0xa9fea9fe/', 'link-local address (cloud metadata endpoint)'],
      ['http://0251.0376.0251.0376/', 'link-local address (cloud metadata endpoint)'],
      ['http://[0:0:0:0:0:ffff:7f00:1]/', 'loopback address'],
    ])('should see through the numeric spelling %s (%s)', (url, reason) => {
      expect(webhookUrlProblem(url, httpAllowed)).toContain(`must not point at a ${reason}`);
    });

    it('should name the normalised address in the message', () => {
      expect(webhookUrlProblem('http://2130706433/', httpAllowed)).toBe(
        'The webhook URL must not point at a loopback address (127.0.0.1); use a public address.',
      );
    });

    it('should accept private literal addresses when the policy allows private networks', () => {
      expect(webhookUrlProblem('https://127.0.0.1:9443/hook', privateAllowed)).toBeNull();
      expect(webhookUrlProblem('https://[::1]/hook', privateAllowed)).toBeNull();
      expect(webhookUrlProblem('http://10.0.0.1/hook', permissive)).toBeNull();
    });

    it('should still refuse http for a private address when only private networks are allowed', () => {
      expect(webhookUrlProblem('http://127.0.0.1/hook', privateAllowed)).toBe(
        'The webhook URL must use https.',
      );
    });
  });

  describe('host names', () => {
    it.each([
      'https://localhost/',
      'https://LOCALHOST/',
      'https://localhost./',
      'https://localhost:3000/hook',
      'https://api.localhost/',
      'https://printer.local/',
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://db.svc.internal/',
      'https://host.localdomain/',
      'https://router.home.arpa/',
    ])('should refuse the private host name in %s', (url) => {
      expect(webhookUrlProblem(url, strict)).toMatch(/must not point at a private host name/);
    });

    it.each(['https://intranet/', 'https://metadata/', 'https://receiver:8443/hook'])(
      'should refuse the single-label host in %s',
      (url) => {
        expect(webhookUrlProblem(url, strict)).toMatch(/fully qualified public host name/);
      },
    );

    it('should say which suffix made a host name private', () => {
      expect(webhookUrlProblem('https://metadata.google.internal/', strict)).toBe(
        'The webhook URL must not point at a private host name ("metadata.google.internal" ends in .internal).',
      );
    });

    it('should not mistake names that merely contain a private word', () => {
      expect(webhookUrlProblem('https://localhost.example.org/', strict)).toBeNull();
      expect(webhookUrlProblem('https://internal.agency.example/', strict)).toBeNull();
      expect(webhookUrlProblem('https://mylocal.example/', strict)).toBeNull();
      expect(webhookUrlProblem('https://notlocalhost/', strict)).toMatch(/fully qualified/);
    });

    it('should accept private host names when the policy allows private networks', () => {
      expect(webhookUrlProblem('https://localhost:9443/hook', privateAllowed)).toBeNull();
      expect(webhookUrlProblem('http://receiver:8080/hook', permissive)).toBeNull();
      expect(webhookUrlProblem('https://metadata.google.internal/', privateAllowed)).toBeNull();
    });

    it('should accept internationalised host names (punycode after parsing)', () => {
      expect(webhookUrlProblem('https://bücher.example/hook', strict)).toBeNull();
    });
  });
});
