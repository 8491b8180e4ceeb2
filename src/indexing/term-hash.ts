/**
 * A 64-bit hash of a term, as two independent 32-bit halves (FNV-1a and a murmur-style mix over UTF-16 code units).
 * Bigram terms are looked up by this hash instead of by string: a corpus has millions of distinct bigrams, and
 * keeping them as strings is what made the old BM25 index slow to load and large in memory. With 64 bits, a
 * false match among 10 million bigrams has odds of about 1 in 400,000 per index, and would only add a quarter-weight
 * phrase score to one chunk.
 */
export interface TermHash {
  hi: number;
  lo: number;
}

export function hashTerm(term: string): TermHash {
  let hi = 0x811c9dc5;
  let lo = 0x9747b28c;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    hi = Math.imul(hi ^ c, 0x01000193);
    lo = Math.imul(lo ^ c, 0x5bd1e995);
    lo ^= lo >>> 15;
  }
  // Final avalanche (murmur3 fmix32) so that short terms spread over the whole table.
  hi ^= hi >>> 16;
  hi = Math.imul(hi, 0x85ebca6b);
  hi ^= hi >>> 13;
  lo ^= lo >>> 16;
  lo = Math.imul(lo, 0xc2b2ae35);
  lo ^= lo >>> 16;
  return { hi: hi >>> 0, lo: lo >>> 0 };
}
