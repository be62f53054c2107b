import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  BlobIntegrityError,
  BlobNotFoundError,
  BlobStore,
  BlobStoreUnavailableError,
  checkPrefix,
  collect,
  keySegments,
  type BlobInfo,
  type BlobMetadata,
} from './blob-store';

export interface S3BlobStoreSettings {
  readonly bucket: string;
  readonly region: string;
  /** An S3-compatible endpoint; absent: AWS S3 in `region`. */
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
  /** Absent: the SDK's default credential chain (instance role, environment, profile). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** An endpoint as it may be logged: scheme, host and port, never a user or password in it. */
const originOf = (endpoint: string): string => {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the configured endpoint';
  }
};

/** An SDK error's name or code, never its message (which may quote the request). */
const reasonOf = (error: unknown): string => {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  return `${e?.name ?? e?.Code ?? 'error'}${status ? ` (HTTP ${status})` : ''}`;
};
const isNotFound = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

/**
 * Blobs as objects in one bucket of an S3-compatible store, the key as the
 * object key. The SHA-256 is checked before sending (a mismatch sends nothing)
 * and kept as the object's `x-amz-meta-sha256`; Content-MD5 lets the store
 * refuse bytes damaged on the way. A PUT is atomic in S3. Checksums beyond
 * Content-MD5 are sent only where an operation requires them, which
 * S3-compatible servers that do not know the newer checksum headers accept.
 */
export class S3BlobStore extends BlobStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(settings: S3BlobStoreSettings) {
    super();
    this.bucket = settings.bucket;
    this.description = `S3 bucket ${settings.bucket} at ${
      settings.endpoint ? originOf(settings.endpoint) : `AWS ${settings.region}`
    }`;
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials
        ? {
            accessKeyId: settings.credentials.accessKeyId,
            secretAccessKey: settings.credentials.secretAccessKey,
          }
        : undefined,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  async put(key: string, bytes: Buffer | Readable, metadata: BlobMetadata): Promise<void> {
    keySegments(key);
    let body: Buffer;
    try {
      body = await collect(bytes);
    } catch (error) {
      throw new BlobStoreUnavailableError('put', key, reasonOf(error));
    }
    const actual = createHash('sha256').update(body).digest('hex');
    if (actual !== metadata.sha256.toLowerCase()) {
      throw new BlobIntegrityError(key, metadata.sha256, actual);
    }
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: metadata.mediaType,
          ContentMD5: createHash('md5').update(body).digest('base64'),
          Metadata: { sha256: actual },
        }),
      );
    } catch (error) {
      throw new BlobStoreUnavailableError('put', key, reasonOf(error));
    }
  }

  async get(key: string): Promise<Buffer> {
    keySegments(key);
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      if (!answer.Body) throw new BlobNotFoundError(key);
      return Buffer.from(await answer.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof BlobNotFoundError || isNotFound(error)) throw new BlobNotFoundError(key);
      throw new BlobStoreUnavailableError('get', key, reasonOf(error));
    }
  }

  async head(key: string): Promise<BlobInfo | null> {
    keySegments(key);
    try {
      const answer = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return {
        key,
        sizeBytes: answer.ContentLength ?? 0,
        lastModified: answer.LastModified ?? new Date(0),
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new BlobStoreUnavailableError('head', key, reasonOf(error));
    }
  }

  async delete(key: string): Promise<void> {
    keySegments(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (!isNotFound(error)) throw new BlobStoreUnavailableError('delete', key, reasonOf(error));
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    checkPrefix(prefix);
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
        );
      } catch (error) {
        throw new BlobStoreUnavailableError('list', prefix, reasonOf(error));
      }
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        yield {
          key: object.Key,
          sizeBytes: object.Size ?? 0,
          lastModified: object.LastModified ?? new Date(0),
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Close the client's sockets (operator commands and tests). */
  close(): void {
    this.client.destroy();
  }
}
