import { BlobRefusedError, type MaterialType } from '../../application/ports/blob-store.js';

/** 20 MB: a scanned multi-page application is well below it. */
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;

const ALLOWED: Record<string, MaterialType> = {
  'application/pdf': 'application/pdf',
  'application/ofd': 'application/ofd',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/png': 'image/png',
};

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

/** What the bytes really are, by their signature; OFD (GB/T 33190) is a ZIP holding OFD.xml. */
export function sniff(bytes: Uint8Array): MaterialType | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && Buffer.from(bytes.subarray(0, 65_536)).includes('OFD.xml')) return 'application/ofd';
  return undefined;
}

/** The refusal of a file over the limit, also when the upload itself is cut off at the limit. */
export function tooLarge(): BlobRefusedError {
  const mb = MAX_MATERIAL_BYTES / 1024 / 1024;
  return new BlobRefusedError('blob.too_large', `文件超过 ${mb} MB`, `The file is larger than ${mb} MB`);
}

/** Checks size, declared type and real type; returns the type to record. */
export function checkMaterial(bytes: Uint8Array, declaredType: string): MaterialType {
  if (bytes.length === 0) throw new BlobRefusedError('blob.empty', '文件为空', 'The file is empty');
  if (bytes.length > MAX_MATERIAL_BYTES) throw tooLarge();
  const declared = ALLOWED[declaredType.toLowerCase().split(';')[0]!.trim()];
  if (!declared) throw new BlobRefusedError('blob.type_not_allowed', '只接受 PDF、OFD、JPEG、PNG 文件', 'Only PDF, OFD, JPEG and PNG files are accepted');
  const actual = sniff(bytes);
  if (actual !== declared) {
    throw new BlobRefusedError('blob.type_mismatch', '文件内容与声明的类型不符', 'The file’s content does not match its declared type');
  }
  return actual;
}
