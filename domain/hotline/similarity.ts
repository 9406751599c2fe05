/**
 * How alike two tickets' texts are, for the duplicate check (重复来电): the cosine of their
 * character-bigram counts. Chinese needs no word segmentation for this: two callers describing one
 * matter share most of its two-character pieces (烧烤, 噪音, 扰民), whatever else they say.
 */

/** Letters and digits only, full-width folded, lower-cased: punctuation and spacing say nothing about the matter. */
function normalise(text: string): string[] {
  return [...text.normalize('NFKC').toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c));
}

function bigramCounts(text: string): Map<string, number> {
  const chars = normalise(text);
  const grams = chars.length < 2 ? chars : chars.slice(1).map((c, i) => chars[i]! + c);
  const counts = new Map<string, number>();
  for (const g of grams) counts.set(g, (counts.get(g) ?? 0) + 1);
  return counts;
}

/** 0 (nothing in common) to 1 (the same text, punctuation and spacing aside). */
export function textSimilarity(a: string, b: string): number {
  const x = bigramCounts(a);
  const y = bigramCounts(b);
  if (x.size === 0 || y.size === 0) return 0;
  let dot = 0;
  for (const [gram, n] of x) dot += n * (y.get(gram) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, n) => s + n * n, 0));
  return Math.min(1, dot / (norm(x) * norm(y)));
}
