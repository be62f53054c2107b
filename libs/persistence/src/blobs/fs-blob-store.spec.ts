import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { attachmentBlobKey, readDocument } from '../referrals/attachment-content';
import { BlobIntegrityError, BlobNotFoundError } from './blob-store';
import { FsBlobStore } from './fs-blob-store';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const TEXT = Buffer.from('Statement of account, March: 14 payments of GBP 9.99.\n');
const meta = (b: Buffer) => ({ sha256: sha256(b), mediaType: 'text/plain' });

/** Every file under a folder, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('FsBlobStore', () => {
  let parent: string;
  let root: string;
  let store: FsBlobStore;

  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'crh-blobs-'));
    root = join(parent, 'blobs');
    store = new FsBlobStore(root);
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  it('should keep a blob as one private file under its key and give back the same bytes', async () => {
    const key = attachmentBlobKey(randomUUID());
    await store.put(key, TEXT, meta(TEXT));
    expect((await store.get(key)).equals(TEXT)).toBe(true);
    expect(await filesUnder(root)).toEqual([key]);
    expect((await stat(join(root, key))).mode & 0o777).toBe(0o600);
    expect(await store.head(key)).toMatchObject({ key, sizeBytes: TEXT.length });
    expect(await store.exists(key)).toBe(true);
  });

  it('should take a stream, hashing it as it is written', async () => {
    const key = 'referral-attachments/00/streamed';
    const parts = [Buffer.from('date,amount\n'), Buffer.from('2026-10-02,49.99\n')];
    const whole = Buffer.concat(parts);
    await store.put(key, Readable.from(parts), meta(whole));
    expect((await store.get(key)).equals(whole)).toBe(true);
  });

  it('should refuse bytes that do not match the SHA-256 and keep the blob already there', async () => {
    const key = attachmentBlobKey(randomUUID());
    await store.put(key, TEXT, meta(TEXT));
    const other = Buffer.from('something else');
    const refusal = await store.put(key, other, meta(TEXT)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(BlobIntegrityError);
    expect((refusal as BlobIntegrityError).actualSha256).toBe(sha256(other));
    expect((await store.get(key)).equals(TEXT)).toBe(true);
    expect(await filesUnder(root)).toEqual([key]);
  });

  it('should leave nothing of a write whose source fails half way, and the old blob whole', async () => {
    const key = attachmentBlobKey(randomUUID());
    await store.put(key, TEXT, meta(TEXT));
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(64 * 1024, 'x');
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('the client went away');
    }
    await expect(
      store.put(key, Readable.from(failing()), meta(Buffer.alloc(128 * 1024, 'x'))),
    ).rejects.toThrow(/put of referral-attachments/);
    expect((await store.get(key)).equals(TEXT)).toBe(true);
    // No staging file is left behind either.
    expect(await filesUnder(root)).toEqual([key]);
  });

  it.each([
    '../escaped',
    'referral-attachments/../../escaped',
    '/etc/passwd',
    'referral-attachments//x',
    '.staging/x',
    'referral-attachments/..',
    'a\\..\\escaped',
    'a/b\u0000c',
    '',
  ])('should refuse the key %j and write nothing anywhere', async (key) => {
    await expect(store.put(key, TEXT, meta(TEXT))).rejects.toThrow(/Not a blob key/);
    await expect(store.get(key)).rejects.toThrow(/Not a blob key/);
    await expect(store.delete(key)).rejects.toThrow(/Not a blob key/);
    expect(await readdir(parent)).toEqual([]);
  });

  it('should answer a missing blob as not found, and delete one twice without complaint', async () => {
    const key = attachmentBlobKey(randomUUID());
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.head(key)).toBeNull();
    await store.put(key, TEXT, meta(TEXT));
    await store.delete(key);
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
  });

  it('should list the blobs under a prefix, never a staging file or another prefix', async () => {
    const a = attachmentBlobKey(randomUUID());
    const b = attachmentBlobKey(randomUUID());
    await store.put(a, TEXT, meta(TEXT));
    await store.put(b, TEXT, meta(TEXT));
    await store.put('exports/x', TEXT, meta(TEXT));
    await writeFile(join(root, '.staging', 'left-over.part'), 'partial');
    const listed: string[] = [];
    for await (const blob of store.list('referral-attachments/')) listed.push(blob.key);
    expect(listed.sort()).toEqual([a, b].sort());
  });

  it('should sweep staging files a crashed put left once old enough, never a recent one or a blob', async () => {
    const key = attachmentBlobKey(randomUUID());
    await store.put(key, TEXT, meta(TEXT));
    const old = join(root, '.staging', 'crashed.part');
    const recent = join(root, '.staging', 'in-flight.part');
    await writeFile(old, 'partial');
    await writeFile(recent, 'partial');
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    await utimes(old, dayAgo, dayAgo);

    expect(await store.sweepAbandonedWrites(new Date(Date.now() - 24 * 3600_000))).toBe(1);
    expect((await readdir(join(root, '.staging'))).sort()).toEqual(['in-flight.part']);
    expect(await store.exists(key)).toBe(true);
    expect(
      await new FsBlobStore(join(root, 'never-written')).sweepAbandonedWrites(new Date()),
    ).toBe(0);
  });

  it('should detect a blob changed on disk when the document is read against its SHA-256', async () => {
    const id = randomUUID();
    const key = attachmentBlobKey(id);
    await store.put(key, TEXT, meta(TEXT));
    const row = { id, sha256: sha256(TEXT), blobKey: key, content: null };
    expect((await readDocument(store, row)).equals(TEXT)).toBe(true);

    await writeFile(join(root, key), Buffer.from(TEXT.toString().replace('9.99', '0.99')));
    await expect(readDocument(store, row)).rejects.toBeInstanceOf(BlobIntegrityError);
    await rm(join(root, key));
    const missing = await readDocument(store, row).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BlobIntegrityError);
    expect((missing as BlobIntegrityError).actualSha256).toBeNull();
  });
});
