/**
 * Near-duplicate detection between quotes. Several articles often report the same fact, sometimes verbatim
 * (syndicated copies), more often reworded. Two signals, compared on the highlighted (best-matching) part of each
 * quote, which is the part that states the fact:
 * - word 3-shingle overlap catches copies, even when one quote is a fragment of the other;
 * - IDF-weighted overlap of stemmed terms catches close rewordings ("CyberTrust also announcing the launch of its
 *   new Russia-focused exchange CyberEX" / "CyberTrust announced … a “Russia-focused” exchange known as CyberEX"),
 *   while common words weigh little.
 * Question terms are left out: every candidate contains them by construction, so they say nothing about whether two
 * quotes report the same thing. Rewordings that share few words are beyond a lexical measure; see docs/quality.md.
 */
import { analyze, tokenize } from "../text/analyze.js";

/** Quotes at least this similar are treated as saying the same thing (checked on the seed corpus; see tests). */
export const DUPLICATE_THRESHOLD = 0.5;

/** Below this many distinct non-question terms, a text is too short for term overlap to mean anything. */
const MIN_TERMS = 4;

export interface Fingerprint {
  shingles: Set<string>;
  /** Term → IDF weight (question terms excluded). */
  terms: Map<string, number>;
  /** Sum of the term weights. */
  mass: number;
}

const shingles = (text: string, n = 3): Set<string> => {
  const words = tokenize(text);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(" "));
  return out;
};

export function fingerprint(
  text: string,
  weight: (term: string) => number,
  queryTerms: readonly string[] = [],
): Fingerprint {
  const skip = new Set(queryTerms);
  const terms = new Map<string, number>();
  for (const term of analyze(text)) if (!skip.has(term) && !terms.has(term)) terms.set(term, weight(term));
  let mass = 0;
  for (const w of terms.values()) mass += w;
  return { shingles: shingles(text), terms, mass };
}

/** Overlap coefficient |A∩B| / min(|A|,|B|): a short quote contained in a longer one counts as a duplicate. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** The weighted overlap coefficient: shared weight over the smaller text's weight. */
function weightedOverlap(a: Fingerprint, b: Fingerprint): number {
  if (Math.min(a.terms.size, b.terms.size) < MIN_TERMS) return 0;
  const [small, large] = a.mass <= b.mass ? [a, b] : [b, a];
  if (small.mass <= 0) return 0;
  let shared = 0;
  for (const [term, w] of small.terms) if (large.terms.has(term)) shared += w;
  return shared / small.mass;
}

/** Similarity in [0, 1]: the larger of shingle overlap and weighted term overlap. */
export function quoteSimilarity(a: Fingerprint, b: Fingerprint): number {
  return Math.max(overlap(a.shingles, b.shingles), weightedOverlap(a, b));
}
