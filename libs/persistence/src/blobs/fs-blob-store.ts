import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, opendir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import {
  BlobIntegrityError,
  BlobNotFoundError,
  BlobStore,
  BlobStoreUnavailableError,
  checkPrefix,
  keySegments,
  type BlobInfo,
  type BlobMetadata,
} from './blob-store';

/** Where writes are staged; a leading dot keeps it out of every key and listing. */
const STAGING = '.staging';

const codeOf = (error: unknown): string =>
  (error as { code?: string } | null)?.code ?? (error as Error)?.name ?? 'error';

/**
 * Blobs as files under one folder, the key's segments as its path
 * (`referral-attachments/ab/<id>` → `<root>/referral-attachments/ab/<id>`).
 *
 * A put writes a staging file in the same folder tree, fsyncs it, renames it
 * onto the key and fsyncs the key's folder: a crash leaves the old blob, the new
 * one or a staging file no key names, never half a blob. Keys are checked
 * segment by segment (no `..`, no leading dot, no separators) and the path is
 * checked to stay under the root, so no key reaches outside it.
 */
export class FsBlobStore extends BlobStore {
  readonly root: string;
  readonly description: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
    this.description = `file system (${this.root})`;
  }

  async put(key: string, bytes: Buffer | Readable, metadata: BlobMetadata): Promise<void> {
    const target = this.pathOf(key);
    const staging = join(this.root, STAGING);
    let temp: string | undefined;
    let committed = false;
    try {
      await mkdir(staging, { recursive: true, mode: 0o700 });
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      temp = join(staging, `${randomUUID()}.part`);
      const handle = await open(temp, 'wx', 0o600);
      try {
        const hash = createHash('sha256');
        const chunks: AsyncIterable<unknown> | Buffer[] = Buffer.isBuffer(bytes) ? [bytes] : bytes;
        for await (const chunk of chunks) {
          const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
          hash.update(b);
          await handle.writeFile(b);
        }
        const actual = hash.digest('hex');
        if (actual !== metadata.sha256.toLowerCase()) {
          throw new BlobIntegrityError(key, metadata.sha256, actual);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      committed = true;
      await syncFolder(dirname(target));
    } catch (error) {
      if (error instanceof BlobIntegrityError) throw error;
      throw new BlobStoreUnavailableError('put', key, codeOf(error));
    } finally {
      if (temp && !committed) await rm(temp, { force: true }).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Buffer> {
    const path = this.pathOf(key);
    try {
      return await readFile(path);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') throw new BlobNotFoundError(key);
      throw new BlobStoreUnavailableError('get', key, codeOf(error));
    }
  }

  async head(key: string): Promise<BlobInfo | null> {
    const path = this.pathOf(key);
    try {
      const s = await stat(path);
      return s.isFile() ? { key, sizeBytes: s.size, lastModified: s.mtime } : null;
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return null;
      throw new BlobStoreUnavailableError('head', key, codeOf(error));
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') {
        throw new BlobStoreUnavailableError('delete', key, codeOf(error));
      }
    }
  }

  /** Staging files a crashed put left (a live put's file is seconds old). */
  override async sweepAbandonedWrites(olderThan: Date): Promise<number> {
    const staging = join(this.root, STAGING);
    let dir;
    try {
      dir = await opendir(staging);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return 0;
      throw new BlobStoreUnavailableError('sweep', STAGING, codeOf(error));
    }
    let removed = 0;
    for await (const entry of dir) {
      if (!entry.isFile() || !entry.name.endsWith('.part')) continue;
      const path = join(staging, entry.name);
      const modified = await stat(path).then(
        (s) => s.mtime,
        () => null,
      );
      if (modified && modified < olderThan) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const segments = checkPrefix(prefix);
    yield* this.walk(join(this.root, ...segments), segments.join('/'));
  }

  private async *walk(folder: string, keyPrefix: string): AsyncIterable<BlobInfo> {
    let dir;
    try {
      dir = await opendir(folder);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return;
      throw new BlobStoreUnavailableError('list', keyPrefix, codeOf(error));
    }
    // Symbolic links and other special files are neither files nor folders here: skipped.
    for await (const entry of dir) {
      if (entry.name.startsWith('.')) continue;
      const key = `${keyPrefix}/${entry.name}`;
      if (entry.isDirectory()) {
        yield* this.walk(join(folder, entry.name), key);
      } else if (entry.isFile()) {
        const info = await this.head(key).catch(() => null);
        if (info) yield info;
      }
    }
  }

  private pathOf(key: string): string {
    const path = join(this.root, ...keySegments(key));
    if (!path.startsWith(this.root + sep)) throw new Error(`Not a blob key: ${key}`);
    return path;
  }
}

/** Make a rename in `folder` durable. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
