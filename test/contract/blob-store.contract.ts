/**
 * The one contract every BlobStore adapter passes, and the sample files it (and the API tests)
 * upload: real PDF, PNG and OFD bytes built here, small enough to read in a test.
 */
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobRefusedError, type BlobStore } from '../../application/ports/blob-store.js';
import { MAX_MATERIAL_BYTES } from '../../infrastructure/blob-store/content-type.js';

const ascii = (text: string) => Buffer.from(text, 'latin1');

/** A one-page PDF 1.4 with a line of text, its cross-reference table pointing at each object. */
export function pdfBytes(line = 'Business licence copy'): Uint8Array {
  const content = `BT /F1 18 Tf 72 720 Td (${line.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(ascii(body));
}

/** A PNG of one pixel in the given colour: signature, IHDR, IDAT (zlib) and IEND, each with its CRC. */
export function pngBytes([r, g, b]: [number, number, number] = [200, 30, 30]): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([ascii(type), data])));
    return Buffer.concat([length, ascii(type), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter, no interlace
  const scanline = Buffer.from([0, r, g, b]);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(scanline)), chunk('IEND', Buffer.alloc(0))]));
}

/** 1 January 1980, the first day a ZIP entry can carry. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** A ZIP archive of stored (uncompressed) entries: an OFD (GB/T 33190) when it holds OFD.xml. */
export function zipBytes(entries: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

export const ofdBytes = () =>
  zipBytes({ 'OFD.xml': '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"><ofd:DocBody/></ofd:OFD>' });

/** The start of a JPEG/JFIF file (SOI, APP0) and its end (EOI): the store checks the signature only. */
export const jpegBytes = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF\0'), 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface BlobStoreUnderTest {
  readonly store: BlobStore;
  /** How many copies of a digest the engine holds (files on disk, GridFS file documents). */
  copies(digest: string): Promise<number>;
  /** Removes what the test stored and closes the store. */
  dispose(): Promise<void>;
}

async function refusal(attempt: Promise<unknown>): Promise<BlobRefusedError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BlobRefusedError);
  const refused = error as BlobRefusedError;
  expect(refused.zh).not.toBe('');
  expect(refused.en).not.toBe('');
  return refused;
}

export function blobStoreContract(name: string, open: () => Promise<BlobStoreUnderTest>): void {
  describe(`${name}: blob store contract`, () => {
    let subject: BlobStoreUnderTest;
    let store: BlobStore;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => subject.dispose());

    it('gives back the bytes stored, with the SHA-256 digest, size and type', async () => {
      const pdf = pdfBytes();
      const stored = await store.put(pdf, 'application/pdf');
      expect(stored).toEqual({ digest: sha256(pdf), size: pdf.length, type: 'application/pdf' });
      expect(await store.stat(stored.digest)).toEqual(stored);
      const read = await store.get(stored.digest);
      expect(read?.blob).toEqual(stored);
      expect(Buffer.from(read!.bytes).equals(Buffer.from(pdf))).toBe(true);
    });

    it('takes PDF, OFD, JPEG and PNG, each under its own digest', async () => {
      const files = [
        [pdfBytes(), 'application/pdf'],
        [ofdBytes(), 'application/ofd'],
        [jpegBytes(), 'image/jpeg'],
        [pngBytes(), 'image/png'],
      ] as const;
      const stored = await Promise.all(files.map(([bytes, type]) => store.put(bytes, type)));
      expect(stored.map((s) => s.type)).toEqual(files.map(([, type]) => type));
      expect(new Set(stored.map((s) => s.digest)).size).toBe(4);
      for (const [i, s] of stored.entries()) expect(Buffer.from((await store.get(s.digest))!.bytes).equals(Buffer.from(files[i]![0]))).toBe(true);
    });

    it('reads the declared type as a browser sends it: any case, with parameters, image/jpg for JPEG', async () => {
      expect((await store.put(pdfBytes('a'), 'Application/PDF; charset=binary')).type).toBe('application/pdf');
      expect((await store.put(jpegBytes(), 'image/jpg')).type).toBe('image/jpeg');
    });

    it('stores the same content once, under the same digest, however often and whatever it was called', async () => {
      // The store never sees a file name: 营业执照.pdf and scan-01.pdf with the same bytes are one material.
      const pdf = pdfBytes('same');
      const first = await store.put(pdf, 'application/pdf');
      const again = await store.put(new Uint8Array(pdf), 'application/pdf');
      const racing = await Promise.all([1, 2, 3].map(() => store.put(pdf, 'application/pdf')));
      for (const s of [again, ...racing]) expect(s).toEqual(first);
      expect(await subject.copies(first.digest)).toBe(1);
    });

    it('refuses a file whose content is not the type it declares, and stores nothing', async () => {
      const png = pngBytes();
      expect((await refusal(store.put(png, 'application/pdf'))).code).toBe('blob.type_mismatch');
      expect((await refusal(store.put(pdfBytes(), 'image/jpeg'))).code).toBe('blob.type_mismatch');
      expect((await refusal(store.put(zipBytes({ 'word/document.xml': '<w/>' }), 'application/ofd'))).code).toBe('blob.type_mismatch');
      expect(await store.stat(sha256(png))).toBeUndefined();
      expect(await subject.copies(sha256(png))).toBe(0);
    });

    it('refuses types other than PDF, OFD, JPEG and PNG, even with a known signature', async () => {
      for (const type of ['text/plain', 'image/gif', 'application/zip', 'application/octet-stream', '']) {
        expect((await refusal(store.put(pdfBytes(), type))).code).toBe('blob.type_not_allowed');
      }
    });

    it('refuses an empty file', async () => {
      expect((await refusal(store.put(new Uint8Array(0), 'application/pdf'))).code).toBe('blob.empty');
    });

    it('takes a file of exactly 20 MB and refuses one byte more', async () => {
      const atLimit = new Uint8Array(MAX_MATERIAL_BYTES);
      atLimit.set(pdfBytes());
      expect((await store.put(atLimit, 'application/pdf')).size).toBe(MAX_MATERIAL_BYTES);
      const over = new Uint8Array(MAX_MATERIAL_BYTES + 1);
      over.set(pdfBytes());
      expect((await refusal(store.put(over, 'application/pdf'))).code).toBe('blob.too_large');
      expect(await subject.copies(sha256(over))).toBe(0);
    }, 60_000);

    it('answers undefined for a digest it does not hold, and for anything that is not a digest', async () => {
      const stored = await store.put(pdfBytes(), 'application/pdf');
      const unknown = sha256(pngBytes([1, 2, 3]));
      for (const digest of [unknown, stored.digest.toUpperCase(), stored.digest.slice(1), `${stored.digest}0`, '', '../../etc/passwd', `../${stored.digest}`, 'sha256:abc']) {
        expect(await store.get(digest)).toBeUndefined();
        expect(await store.stat(digest)).toBeUndefined();
      }
    });
  });
}
