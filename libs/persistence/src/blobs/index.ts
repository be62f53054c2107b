export {
  BlobStore,
  BlobIntegrityError,
  BlobNotFoundError,
  BlobStoreUnavailableError,
  type BlobInfo,
  type BlobMetadata,
} from './blob-store';
export { FsBlobStore } from './fs-blob-store';
export { S3BlobStore, type S3BlobStoreSettings } from './s3-blob-store';
export { InMemoryBlobStore } from './in-memory-blob-store';
export { blobStoreFrom } from './blob-store-settings';
