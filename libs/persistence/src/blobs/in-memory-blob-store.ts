import type { Readable } from 'node:stream';
import {
  BlobIntegrityError,
  BlobNotFoundError,
  BlobStore,
  checkPrefix,
  collect,
  keySegments,
  sha256Hex,
  type BlobInfo,
  type BlobMetadata,
} from './blob-store';

/** A BlobStore in a Map, for unit tests. Checks keys and hashes as the real stores do. */
export class InMemoryBlobStore extends BlobStore {
  readonly description = 'memory';
  readonly blobs = new Map<string, { bytes: Buffer; lastModified: Date }>();

  async put(key: string, bytes: Buffer | Readable, metadata: BlobMetadata): Promise<void> {
    keySegments(key);
    const body = Buffer.from(await collect(bytes));
    const actual = sha256Hex(body);
    if (actual !== metadata.sha256) throw new BlobIntegrityError(key, metadata.sha256, actual);
    this.blobs.set(key, { bytes: body, lastModified: new Date() });
  }

  async get(key: string): Promise<Buffer> {
    await Promise.resolve();
    const blob = this.blobs.get(key);
    if (!blob) throw new BlobNotFoundError(key);
    return Buffer.from(blob.bytes);
  }

  async head(key: string): Promise<BlobInfo | null> {
    await Promise.resolve();
    const blob = this.blobs.get(key);
    return blob ? { key, sizeBytes: blob.bytes.length, lastModified: blob.lastModified } : null;
  }

  async delete(key: string): Promise<void> {
    await Promise.resolve();
    this.blobs.delete(key);
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    checkPrefix(prefix);
    for (const [key, blob] of [...this.blobs]) {
      await Promise.resolve();
      if (key.startsWith(prefix)) {
        yield { key, sizeBytes: blob.bytes.length, lastModified: blob.lastModified };
      }
    }
  }
}
