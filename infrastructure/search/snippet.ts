import type { Highlight } from '../../application/ports/article-search.js';
import { normalized } from './chinese-words.js';

export interface Snippet {
  readonly text: string;
  readonly highlights: readonly Highlight[];
}

/** Normalises character by character, so that offsets in the folded text are offsets in the original. */
function fold(text: string): string {
  let out = '';
  for (const c of text) {
    const n = normalized(c);
    out += n.length === c.length ? n : c;
  }
  return out;
}

/** Every place a term occurs, longest terms first, never overlapping (营业执照 wins over 营业 and 执照). */
export function occurrences(text: string, terms: readonly string[]): Highlight[] {
  const folded = fold(text);
  const taken: Highlight[] = [];
  for (const term of [...new Set(terms)].filter(Boolean).sort((a, b) => b.length - a.length)) {
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) {
      if (!taken.some((h) => at < h.start + h.length && h.start < at + term.length)) taken.push({ start: at, length: term.length });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

/**
 * The passage of `size` characters with the most different matched terms (the earliest on a tie),
 * on one line, with "…" where it was cut, and where the terms stand in it.
 */
export function snippet(body: string, terms: readonly string[], size = 100): Snippet {
  const found = occurrences(body, terms);
  const folded = fold(body);
  let start = 0;
  let best = -1;
  for (const anchor of found) {
    const from = Math.max(0, anchor.start - 12);
    const distinct = new Set(found.filter((h) => h.start >= from && h.start + h.length <= from + size).map((h) => folded.slice(h.start, h.start + h.length))).size;
    if (distinct > best) {
      best = distinct;
      start = from;
    }
  }
  const end = Math.min(body.length, start + size);
  const prefix = start > 0 ? '…' : '';
  const text = prefix + body.slice(start, end).replace(/\s/g, ' ') + (end < body.length ? '…' : '');
  const highlights = found
    .filter((h) => h.start >= start && h.start + h.length <= end)
    .map((h) => ({ start: h.start - start + prefix.length, length: h.length }));
  return { text, highlights };
}
