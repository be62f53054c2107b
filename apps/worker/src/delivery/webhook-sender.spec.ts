import { verifyWebhook } from '@app/domain';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildWebhookRequest, sendWebhook, WEBHOOK_USER_AGENT } from './webhook-sender';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real receiver on a free loopback port; `answer` decides each response. */
async function receiver(
  answer: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ server: Server; base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}`, received };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const secret = 'agency-secret-for-unit-tests';
const delivery = (url: string) => ({
  url,
  secret,
  dispatchId: '6f1c0a52-4d8e-4c3b-9a5f-2f0e7d1b9c11',
  content: {
    type: 'case.dispatched' as const,
    package: { schema: 'crh.case-package/v1', tlp: 'AMBER', note: 'Zoë – 東京' },
  },
});
const open = { timeoutMs: 2000, allowHttp: true, allowPrivateNetworks: true };

describe('buildWebhookRequest', () => {
  it('should sign exactly the bytes it sends, with the contract headers', () => {
    const now = new Date('2026-03-16T09:15:30.250Z');
    const { body, headers } = buildWebhookRequest(delivery('https://x.example/hook'), now);
    expect(JSON.parse(body)).toEqual({
      type: 'case.dispatched',
      dispatchId: delivery('').dispatchId,
      idempotencyKey: delivery('').dispatchId,
      sentAt: '2026-03-16T09:15:30.250Z',
      package: delivery('').content.package,
    });
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      'User-Agent': WEBHOOK_USER_AGENT,
      'X-CRH-Dispatch-Id': delivery('').dispatchId,
      'X-CRH-Timestamp': '1773652530',
      'X-CRH-Signature': expect.stringMatching(/^v1=[0-9a-f]{64}$/),
      'Idempotency-Key': delivery('').dispatchId,
    });
    expect(verifyWebhook(secret, headers['X-CRH-Signature'], '1773652530', body, 1773652530)).toBe(
      true,
    );
  });
});

describe('sendWebhook', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(close));
  });
  const start = async (answer: Parameters<typeof receiver>[0]) => {
    const r = await receiver(answer);
    servers.push(r.server);
    return r;
  };

  it('should POST a body the receiver can verify and count a 2xx as delivered', async () => {
    const r = await start((_req, res) => res.writeHead(202).end('queued'));
    const outcome = await sendWebhook(delivery(`${r.base}/hook?x=1`), open);
    expect(outcome).toMatchObject({ delivered: true, httpStatus: 202 });
    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/hook?x=1');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['user-agent']).toBe(WEBHOOK_USER_AGENT);
    expect(got.headers['idempotency-key']).toBe(delivery('').dispatchId);
    const now = Math.floor(Date.now() / 1000);
    expect(
      verifyWebhook(
        secret,
        got.headers['x-crh-signature'] as string,
        got.headers['x-crh-timestamp'] as string,
        got.body,
        now,
      ),
    ).toBe(true);
    expect(JSON.parse(got.body).package.note).toBe('Zoë – 東京');
  });

  it('should not follow a redirect and count it as a failure', async () => {
    const target = await start((_req, res) => res.writeHead(200).end());
    const r = await start((_req, res) =>
      res.writeHead(307, { Location: `${target.base}/elsewhere` }).end(),
    );
    const outcome = await sendWebhook(delivery(`${r.base}/hook`), open);
    expect(outcome).toMatchObject({
      delivered: false,
      httpStatus: 307,
      error: 'HTTP 307: redirect not followed',
      permanent: false,
    });
    expect(target.received).toHaveLength(0);
  });

  it('should report a 5xx with its status and nothing of the body', async () => {
    const r = await start((_req, res) => res.writeHead(500).end('stack trace with secrets'));
    const outcome = await sendWebhook(delivery(`${r.base}/hook`), open);
    expect(outcome).toEqual({
      delivered: false,
      httpStatus: 500,
      error: 'HTTP 500',
      durationMs: expect.any(Number),
      permanent: false,
    });
  });

  it('should stop reading a huge answer after 4 KiB', async () => {
    let written = 0;
    const r = await start((_req, res) => {
      res.writeHead(200);
      // An endless answer: only the deadline or our hang-up ends it.
      const more = () => {
        while (written < 50 * 1024 * 1024 && res.write(Buffer.alloc(16 * 1024, 'a'))) {
          written += 16 * 1024;
        }
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    });
    const outcome = await sendWebhook(delivery(`${r.base}/hook`), { ...open, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ delivered: true, httpStatus: 200 });
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it('should give up after the timeout when the receiver never answers', async () => {
    const r = await start(() => undefined);
    const outcome = await sendWebhook(delivery(`${r.base}/hook`), { ...open, timeoutMs: 300 });
    expect(outcome).toMatchObject({
      delivered: false,
      httpStatus: null,
      error: 'no answer within 300 ms',
    });
    // It waited for the timeout (the upper bound depends on the machine's load).
    expect(outcome.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('should report a refused connection', async () => {
    const r = await start((_req, res) => res.end());
    const url = `${r.base}/hook`;
    await close(r.server);
    servers.length = 0;
    expect(await sendWebhook(delivery(url), open)).toMatchObject({
      delivered: false,
      error: 'connection refused',
      permanent: false,
    });
  });

  it('should refuse, without calling, a URL the policy does not allow', async () => {
    const r = await start((_req, res) => res.writeHead(200).end());
    const privateRefused = await sendWebhook(delivery(`${r.base}/hook`), {
      ...open,
      allowPrivateNetworks: false,
    });
    expect(privateRefused).toMatchObject({ delivered: false, httpStatus: null, permanent: true });
    expect(!privateRefused.delivered && privateRefused.error).toMatch(/^refused: .*loopback/);
    const httpRefused = await sendWebhook(delivery(`${r.base}/hook`), {
      ...open,
      allowHttp: false,
    });
    expect(!httpRefused.delivered && httpRefused.error).toMatch(/^refused: .*https/);
    expect(r.received).toHaveLength(0);
  });

  it('should refuse a public-looking name that resolves to a loopback address at send time', async () => {
    const r = await start((_req, res) => res.writeHead(200).end());
    const port = new URL(r.base).port;
    const outcome = await sendWebhook(delivery(`http://receiver.agency.example:${port}/hook`), {
      ...open,
      allowPrivateNetworks: false,
      resolve: (_host, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]),
    });
    expect(outcome).toMatchObject({ delivered: false, httpStatus: null, permanent: false });
    expect(!outcome.delivered && outcome.error).toBe(
      'refused: receiver.agency.example resolves to a loopback address; not called',
    );
    expect(r.received).toHaveLength(0);
  });
});
