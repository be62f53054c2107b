import type { Environment } from '@app/common';
import { join } from 'node:path';
import type { BlobStore } from './blob-store';
import { FsBlobStore } from './fs-blob-store';
import { S3BlobStore } from './s3-blob-store';

type BlobSettings = Pick<
  Environment,
  | 'BLOB_STORE'
  | 'BLOB_DIR'
  | 'DATA_DIR'
  | 'S3_ENDPOINT'
  | 'S3_REGION'
  | 'S3_BUCKET'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
>;

/** The store the settings name (validated by validateEnvironment): BLOB_DIR, or DATA_DIR/blobs, or S3. */
export function blobStoreFrom(env: BlobSettings): BlobStore {
  switch (env.BLOB_STORE) {
    case 'fs':
      return new FsBlobStore(env.BLOB_DIR ?? join(env.DATA_DIR, 'blobs'));
    case 's3': {
      if (!env.S3_BUCKET) throw new Error('S3_BUCKET is required when BLOB_STORE=s3');
      return new S3BlobStore({
        bucket: env.S3_BUCKET,
        region: env.S3_REGION,
        endpoint: env.S3_ENDPOINT,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        credentials:
          env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
            ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
            : undefined,
      });
    }
  }
}
