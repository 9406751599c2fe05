import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore, MaterialType, StoredBlob } from '../../application/ports/blob-store.js';
import { checkMaterial } from './content-type.js';

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * Materials on the local disk under `<dir>/sha256/ab/<digest>` with a `.json` beside each file
 * for its type. Writes go to a temporary name first and are renamed into place, so a crash
 * never leaves a half-written file under a digest.
 */
export class FileBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  async put(bytes: Uint8Array, declaredType: string): Promise<StoredBlob> {
    const type = checkMaterial(bytes, declaredType);
    const digest = createHash('sha256').update(bytes).digest('hex');
    const blob: StoredBlob = { digest, size: bytes.length, type };
    const file = this.pathOf(digest);
    if (await exists(file)) return blob;
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    await fs.writeFile(temporary, bytes, { flag: 'wx' });
    await fs.writeFile(`${file}.json`, JSON.stringify({ type, size: bytes.length }));
    await fs.rename(temporary, file);
    return blob;
  }

  async get(digest: string) {
    const blob = await this.stat(digest);
    if (!blob) return undefined;
    return { blob, bytes: new Uint8Array(await fs.readFile(this.pathOf(digest))) };
  }

  async stat(digest: string): Promise<StoredBlob | undefined> {
    if (!DIGEST.test(digest)) return undefined;
    const file = this.pathOf(digest);
    if (!(await exists(file))) return undefined;
    const { type, size } = JSON.parse(await fs.readFile(`${file}.json`, 'utf8')) as { type: MaterialType; size: number };
    return { digest, size, type };
  }

  async close(): Promise<void> {}

  private pathOf(digest: string): string {
    return path.join(this.dir, 'sha256', digest.slice(0, 2), digest);
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
