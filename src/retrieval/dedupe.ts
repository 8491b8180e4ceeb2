/**
 * Near-duplicate suppression. Several articles often report the same fact in nearly the same words; instead of
 * quoting each, the best one is shown and the others are cited as "also reported by". Similarity is the overlap of
 * word shingles and of content terms between the quotes.
 */
import { analyze, tokenize } from "../text/analyze.js";

/** Quotes at least this similar are treated as saying the same thing. */
export const DUPLICATE_THRESHOLD = 0.5;

const shingles = (text: string, n = 3): Set<string> => {
  const words = tokenize(text);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(" "));
  return out;
};

/** Overlap coefficient |A∩B| / min(|A|,|B|): a short quote contained in a longer one counts as a duplicate. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.min(a.size, b.size);
}

export interface Fingerprint {
  shingles: Set<string>;
  terms: Set<string>;
}

export const fingerprint = (text: string): Fingerprint => ({ shingles: shingles(text), terms: new Set(analyze(text)) });

/** Similarity in [0, 1]: the larger of shingle overlap and (discounted) content-term overlap. */
export function quoteSimilarity(a: Fingerprint, b: Fingerprint): number {
  return Math.max(overlap(a.shingles, b.shingles), 0.8 * overlap(a.terms, b.terms));
}
