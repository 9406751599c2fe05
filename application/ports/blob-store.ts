/**
 * Uploaded materials (申请材料), stored by the SHA-256 of their content: the same file uploaded
 * twice is stored once, and events carry the digest, never the bytes.
 */

/** The file types a material may have. */
export type MaterialType = 'application/pdf' | 'application/ofd' | 'image/jpeg' | 'image/png';

export interface StoredBlob {
  /** Lower-case hex SHA-256 of the content. */
  readonly digest: string;
  readonly size: number;
  readonly type: MaterialType;
}

export interface BlobStore {
  /**
   * Stores the bytes after checking that their content is of the declared type and within the
   * size limit; a file that is not what it claims is refused (`BlobRefusedError`) and nothing is stored.
   */
  put(bytes: Uint8Array, declaredType: string): Promise<StoredBlob>;
  /** The stored file, or undefined. */
  get(digest: string): Promise<{ blob: StoredBlob; bytes: Uint8Array } | undefined>;
  /** Metadata only, without reading the bytes. */
  stat(digest: string): Promise<StoredBlob | undefined>;
  close(): Promise<void>;
}

export class BlobRefusedError extends Error {
  override readonly name = 'BlobRefusedError';
  constructor(
    /** Stable code: `blob.too_large`, `blob.type_not_allowed`, `blob.type_mismatch`, `blob.empty`. */
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}
