import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, MongoClient, MongoServerError, type Collection, type GridFSFile } from 'mongodb';
import type { BlobStore, MaterialType, StoredBlob } from '../../application/ports/blob-store.js';
import { databaseName } from '../document-store/mongo-document-store.js';
import { checkMaterial } from './content-type.js';

const DIGEST = /^[0-9a-f]{64}$/;
const DUPLICATE_KEY = 11000;

/**
 * Materials in MongoDB GridFS (bucket `materials` by default): the file's name is its SHA-256
 * digest and its metadata holds the type. A unique index on the name keeps one copy per digest,
 * even when two uploads of the same file race. GridFS writes the file document after the last
 * chunk, so an upload cut short never shows under a digest.
 */
export class GridFsBlobStore implements BlobStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly bucket: GridFSBucket,
    private readonly files: Collection<GridFSFile>,
  ) {}

  /** Connects now, so a wrong URL fails at startup rather than on the first upload. */
  static async open(url: string, bucketName = 'materials'): Promise<GridFsBlobStore> {
    const client = new MongoClient(url);
    try {
      await client.connect();
      const db = client.db(databaseName(url));
      const files = db.collection<GridFSFile>(`${bucketName}.files`);
      await files.createIndex({ filename: 1 }, { unique: true, name: 'one_file_per_digest' });
      return new GridFsBlobStore(client, new GridFSBucket(db, { bucketName }), files);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  async put(bytes: Uint8Array, declaredType: string): Promise<StoredBlob> {
    const type = checkMaterial(bytes, declaredType);
    const digest = createHash('sha256').update(bytes).digest('hex');
    const blob: StoredBlob = { digest, size: bytes.length, type };
    if (await this.files.findOne({ filename: digest }, { projection: { _id: 1 } })) return blob;
    const upload = this.bucket.openUploadStream(digest, { metadata: { type } });
    try {
      await pipeline(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), upload);
    } catch (error) {
      // Another upload of the same file got its file document in first: ours is a duplicate.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
        await this.bucket.delete(upload.id).catch(() => undefined); // its chunks; there is no file document
        return blob;
      }
      throw error;
    }
    return blob;
  }

  async get(digest: string) {
    const file = await this.file(digest);
    if (!file) return undefined;
    const parts: Buffer[] = [];
    for await (const part of this.bucket.openDownloadStream(file._id)) parts.push(part as Buffer);
    return { blob: blobOf(file), bytes: new Uint8Array(Buffer.concat(parts)) };
  }

  async stat(digest: string): Promise<StoredBlob | undefined> {
    const file = await this.file(digest);
    return file ? blobOf(file) : undefined;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Drops the bucket's collections: for tests on a shared server. */
  async drop(): Promise<void> {
    await this.bucket.drop().catch(() => undefined);
  }

  private async file(digest: string): Promise<GridFSFile | null> {
    if (!DIGEST.test(digest)) return null;
    return this.files.findOne({ filename: digest });
  }
}

function blobOf(file: GridFSFile): StoredBlob {
  return { digest: file.filename, size: file.length, type: (file.metadata as { type: MaterialType }).type };
}
