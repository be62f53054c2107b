import { S3BlobStore } from './s3-blob-store';

describe('S3BlobStore', () => {
  it('should describe itself by bucket and endpoint origin, never a credential', () => {
    const store = new S3BlobStore({
      bucket: 'crh-documents',
      region: 'eu-west-1',
      endpoint: 'https://user:hunter2@objects.example:9000/base',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-key' },
    });
    try {
      expect(store.description).toBe('S3 bucket crh-documents at https://objects.example:9000');
    } finally {
      store.close();
    }
  });

  it('should name the AWS region when no endpoint is given', () => {
    const store = new S3BlobStore({ bucket: 'b-1', region: 'eu-west-1', forcePathStyle: false });
    expect(store.description).toBe('S3 bucket b-1 at AWS eu-west-1');
    store.close();
  });
});
