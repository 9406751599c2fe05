/** A small valid PDF, as an applicant's scanner would make one: `%PDF-1.4` … `%%EOF`. */
export function smallPdf(label: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}
