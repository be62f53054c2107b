import fc from 'fast-check';
import { signedInUser, type Session } from '../support/factories';
import { buildPdf, FORBIDDEN_PDFS, PNG_1X1, zipHoldingPng } from '../support/pdf-fixtures';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Hard rule 1 against a determined sender: no image reaches the database,
 * whether wrapped in a PDF, hidden behind one, written as SVG or encoded in a
 * text document or any JSON text field. Every refusal names the field, says
 * what to send instead, and stores nothing.
 */
describe('Imagery (e2e)', () => {
  let api: TestApi;
  let session: Session;
  let userId: string;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-imagery` });
    const filer = await signedInUser(api.dataSource, api.http, 'member_reporter');
    session = filer.session;
    userId = filer.user.id;
  });
  afterAll(async () => {
    await api.close();
  });

  const draft = async (): Promise<string> => {
    const res = await api.http.post('/api/v1/referrals').set(session.auth).send(referralBody());
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  };
  const upload = (referralId: string, filename: string, content: Buffer) =>
    api.http
      .post(`/api/v1/referrals/${referralId}/attachments`)
      .query({ filename })
      .set(session.auth)
      .set('content-type', 'application/octet-stream')
      .send(content);
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await api.dataSource.query<{ n: string }[]>(sql, params))[0].n);
  const storedDocuments = (referralId: string) =>
    count(`SELECT count(*) AS n FROM referral_attachments WHERE referral_id = $1`, [referralId]);
  const auditedAdds = (referralId: string) =>
    count(
      `SELECT count(*) AS n FROM audit_events WHERE action = 'referral.attachment_add' AND target_id = $1`,
      [referralId],
    );

  const expectDocumentRefused = async (referralId: string, content: Buffer, advice: RegExp) => {
    const res = await upload(referralId, 'statement.pdf', content);
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'unsupported_document_type',
      errors: [{ field: 'body', messages: [expect.stringMatching(advice)] }],
    });
    expect(res.body.detail).toMatch(advice);
    expect(await storedDocuments(referralId)).toBe(0);
    expect(await auditedAdds(referralId)).toBe(0);
  };
  const SEND_INSTEAD = /text-only PDF.*a CSV export, or the text itself/;

  describe('PDF documents', () => {
    it('should accept a text-only PDF, store it and return the same bytes', async () => {
      const id = await draft();
      const pdf = buildPdf({ encode: 'flate' });
      const res = await upload(id, 'statement.pdf', pdf);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ mediaType: 'application/pdf', sizeBytes: pdf.length });
      const stored = await api.http
        .get(`/api/v1/referrals/${id}/attachments/${(res.body as { id: string }).id}`)
        .set(session.auth)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(stored.body as Buffer, pdf)).toBe(0);
    });

    const pdf = buildPdf();
    const eof = pdf.lastIndexOf('%%EOF');
    it.each<[string, () => Buffer]>([
      ['bytes before the header', () => Buffer.concat([Buffer.from('GIF89a\n'), pdf])],
      ['a PNG after %%EOF', () => Buffer.concat([pdf, PNG_1X1])],
      ['a PNG behind %PDF-1.7', () => Buffer.concat([Buffer.from('%PDF-1.7\n'), PNG_1X1])],
      [
        'a ZIP holding a PNG behind %PDF-1.7',
        () => Buffer.concat([Buffer.from('%PDF-1.7\n'), zipHoldingPng(), Buffer.from('\n%%EOF\n')]),
      ],
      ['a truncated document', () => pdf.subarray(0, Math.floor(pdf.length / 2))],
      [
        'a document that does not parse',
        () => Buffer.concat([pdf.subarray(0, pdf.indexOf('xref')), pdf.subarray(eof)]),
      ],
      [
        'a base64 picture as its text',
        () =>
          buildPdf({
            content: `BT /F1 12 Tf 72 720 Td (${PNG_1X1.toString('base64')}) Tj ET`,
          }),
      ],
      ...Object.entries(FORBIDDEN_PDFS),
    ])('should refuse a PDF with %s (415, nothing stored)', async (_what, make) => {
      await expectDocumentRefused(await draft(), make(), SEND_INSTEAD);
    });

    it.each([
      ['text', { content: 'BT /F1 12 Tf 72 720 Td (Card 4111 1111 1111 1111 charged) Tj ET' }],
      [
        'metadata',
        { trailer: '/Info 6 0 R', objects: ['<< /Title (Card 4111 1111 1111 1111) >>'] },
      ],
    ])(
      'should refuse a PDF whose %s holds a full card number, without echoing it',
      async (_w, o) => {
        const id = await draft();
        const res = await upload(id, 'statement.pdf', buildPdf(o));
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([
          {
            field: 'body',
            messages: [expect.stringMatching(/^looks like a Visa card number in the document/)],
          },
        ]);
        expect(JSON.stringify(res.body)).not.toMatch(/4111 ?1111 ?1111 ?1111/);
        expect(await storedDocuments(id)).toBe(0);
      },
    );
  });

  describe('text documents', () => {
    const b64 = PNG_1X1.toString('base64');
    it.each([
      ['SVG written <svg/', 'notes:\n<svg/onload=alert(1)>\n'],
      ['SVG in upper case behind an XML prolog', '<?xml version="1.0"?>\n<SVG width="1"></SVG>'],
      ['a base64 data: image', `see data:image/png;base64,${b64}`],
      ['a bare base64 PNG in a CSV', `id,blob\n1,${b64}\n`],
      ['a hex-encoded PNG', `dump: ${PNG_1X1.toString('hex')}`],
    ])('should refuse a text document holding %s (415, nothing stored)', async (_what, text) => {
      await expectDocumentRefused(await draft(), Buffer.from(text), /Never upload images/);
    });

    it('should still accept a CSV of URLs and hashes', async () => {
      const id = await draft();
      const csv =
        'url,sha256\nhttps://shop.example/p/1,' +
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n' +
        'https://shop.example/p/2,47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n';
      expect((await upload(id, 'hashes.csv', Buffer.from(csv))).status).toBe(201);
    });

    it('should refuse a file name holding SVG (400 naming filename)', async () => {
      const id = await draft();
      const res = await upload(id, '<svg onload=1>.txt', Buffer.from('plain text'));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'filename', messages: [expect.stringMatching(/must not hold an image/)] },
      ]);
      expect(await storedDocuments(id)).toBe(0);
    });
  });

  describe('JSON text fields', () => {
    const filed = () =>
      count(`SELECT count(*) AS n FROM referrals WHERE created_by = $1`, [userId]);
    const IMAGES = [
      `data:image/png;base64,${PNG_1X1.toString('base64')}`,
      '<svg/onload=alert(1)>',
      `&lt;svg xmlns="http://www.w3.org/2000/svg"&gt;`,
      PNG_1X1.toString('base64'),
    ];

    it.each(IMAGES)('should refuse %j in a new referral, naming each field', async (image) => {
      const before = await filed();
      const res = await api.http
        .post('/api/v1/referrals')
        .set(session.auth)
        .send(
          referralBody({
            narrative: `Seen on the checkout page: ${image}`,
            merchant: { ...referralBody().merchant, tradingNames: [image] },
          }),
        );
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const fields = (res.body.errors as { field: string; messages: string[] }[]).map((e) => [
        e.field,
        e.messages.join(),
      ]);
      expect(fields).toEqual(
        expect.arrayContaining([
          ['narrative', expect.stringMatching(/must not hold an image.*in words/)],
          ['merchant.tradingNames[0]', expect.stringMatching(/must not hold an image/)],
        ]),
      );
      expect(await filed()).toBe(before);
    });

    it('should refuse an image in an amended narrative and in a query, changing nothing', async () => {
      const id = await draft();
      const patch = await api.http
        .patch(`/api/v1/referrals/${id}`)
        .set(session.auth)
        .send({ narrative: IMAGES[0] });
      expect(patch.status).toBe(400);
      expect(patch.body.errors[0].field).toBe('narrative');
      const stored = await api.dataSource.query<{ narrative: string }[]>(
        `SELECT narrative FROM referrals WHERE id = $1`,
        [id],
      );
      expect(stored[0].narrative).toBe(referralBody().narrative);
      const list = await api.http
        .get('/api/v1/referrals')
        .query({ status: '<svg/>' })
        .set(session.auth);
      expect(list.status).toBe(400);
      expect(list.body.errors[0]).toMatchObject({ field: 'status' });
    });
  });

  describe('fuzzing', () => {
    it('should refuse any forbidden PDF, whatever junk follows it, storing nothing', async () => {
      const id = await draft();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.values(FORBIDDEN_PDFS)),
          fc.uint8Array({ maxLength: 40 }),
          fc.boolean(),
          async (make, junk, append) => {
            const pdf = make();
            const body = append && junk.length > 0 ? Buffer.concat([pdf, junk, PNG_1X1]) : pdf;
            const res = await upload(id, 'fuzz.pdf', body);
            expect(res.status).toBe(415);
            expect(res.body.errors[0].field).toBe('body');
          },
        ),
        { numRuns: 15 },
      );
      expect(await storedDocuments(id)).toBe(0);
    });

    it('should refuse any text field holding an image however it is wrapped', async () => {
      const id = await draft();
      const wrap = fc.constantFrom<(s: string) => string>(
        (s) => s,
        (s) => s.replace(/(.{10})/g, '$1\n'),
        (s) => s.replace(/\+/g, '-').replace(/\//g, '_'),
      );
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 30 }), wrap, async (words, w) => {
          const res = await api.http
            .patch(`/api/v1/referrals/${id}`)
            .set(session.auth)
            .send({ narrative: `${words} ${w(PNG_1X1.toString('base64'))}` });
          expect(res.status).toBe(400);
          expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'narrative' }));
        }),
        { numRuns: 20 },
      );
    });
  });
});
