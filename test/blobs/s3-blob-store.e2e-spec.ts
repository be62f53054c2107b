import {
  BlobIntegrityError,
  BlobNotFoundError,
  BlobStoreUnavailableError,
  S3BlobStore,
} from '@app/persistence';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { startLocalS3, type LocalS3 } from '../support/s3-server';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const TEXT = Buffer.from('Statement of account, March: 14 payments of GBP 9.99.\n');
const meta = (b: Buffer) => ({ sha256: sha256(b), mediaType: 'text/plain' });

/** The S3-compatible blob store against a real local S3 server (s3rver). */
describe('S3BlobStore against a local S3-compatible server (e2e)', () => {
  let s3: LocalS3;
  let store: S3BlobStore;

  beforeAll(async () => {
    s3 = await startLocalS3();
    store = new S3BlobStore({
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });
  afterAll(async () => {
    store?.close();
    await s3?.close();
  });

  it('should keep a blob and give back the same bytes, with its size', async () => {
    const key = `referral-attachments/ab/${randomUUID()}`;
    await store.put(key, TEXT, meta(TEXT));
    expect((await store.get(key)).equals(TEXT)).toBe(true);
    expect(await store.head(key)).toMatchObject({ key, sizeBytes: TEXT.length });
    expect(await store.exists(key)).toBe(true);
  });

  it('should take a stream', async () => {
    const key = `referral-attachments/cd/${randomUUID()}`;
    const parts = [Buffer.from('date,amount\n'), Buffer.from('2026-10-02,49.99\n')];
    const whole = Buffer.concat(parts);
    await store.put(key, Readable.from(parts), meta(whole));
    expect((await store.get(key)).equals(whole)).toBe(true);
  });

  it('should send nothing when the bytes do not match the SHA-256', async () => {
    const key = `referral-attachments/ef/${randomUUID()}`;
    await expect(store.put(key, Buffer.from('other'), meta(TEXT))).rejects.toBeInstanceOf(
      BlobIntegrityError,
    );
    expect(await store.head(key)).toBeNull();
  });

  it('should answer a missing blob as not found, and delete one twice without complaint', async () => {
    const key = `referral-attachments/01/${randomUUID()}`;
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    await store.put(key, TEXT, meta(TEXT));
    await store.delete(key);
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
  });

  it('should list the blobs under a prefix and no other', async () => {
    const prefix = `listing-${randomUUID().slice(0, 8)}/`;
    const keys = Array.from({ length: 3 }, (_, i) => `${prefix}k${i}`);
    for (const key of keys) await store.put(key, TEXT, meta(TEXT));
    await store.put(`elsewhere/${randomUUID()}`, TEXT, meta(TEXT));
    const listed: string[] = [];
    for await (const blob of store.list(prefix)) listed.push(blob.key);
    expect(listed.sort()).toEqual(keys);
  });

  it('should refuse a key that is not a plain path before sending anything', async () => {
    await expect(store.put('../escaped', TEXT, meta(TEXT))).rejects.toThrow(/Not a blob key/);
  });

  it('should report a store it cannot reach as unavailable, naming no credential', async () => {
    const wrong = new S3BlobStore({
      bucket: 'no-such-bucket',
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      const error = await wrong.put('k/x', TEXT, meta(TEXT)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BlobStoreUnavailableError);
      expect((error as Error).message).not.toContain('S3RVER');
    } finally {
      wrong.close();
    }
  });
});
