import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileBlobStore } from '../../infrastructure/blob-store/file-blob-store.js';
import { blobStoreContract, pdfBytes } from '../contract/blob-store.contract.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'govhall-blobs-'));
let dirs = 0;

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Every file under a directory, however deep. */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile()) : [];

blobStoreContract('Files on disk', async () => {
  const dir = path.join(root, `materials-${dirs++}`);
  return {
    store: new FileBlobStore(dir),
    copies: async (digest) => filesUnder(dir).filter((f) => path.basename(f) === digest).length,
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

describe('materials on disk', () => {
  it('lie under sha256/<first two hex digits>/<digest>, with the type beside them and no temporary file left', async () => {
    const dir = path.join(root, 'layout');
    const stored = await new FileBlobStore(dir).put(pdfBytes(), 'application/pdf');
    const prefix = path.join('sha256', stored.digest.slice(0, 2), stored.digest);
    expect(filesUnder(dir).sort()).toEqual([prefix, `${prefix}.json`]);
  });

  it('survive reopening the directory', async () => {
    const dir = path.join(root, 'reopen');
    const stored = await new FileBlobStore(dir).put(pdfBytes(), 'application/pdf');
    expect(await new FileBlobStore(dir).stat(stored.digest)).toEqual(stored);
  });
});
