/**
 * BM25 over chunks: one field (title + text), the project analyzer plus adjacent-word bigrams (weighted 1/4), Lucene
 * BM25 with k1 = 1.2, b = 0.9, a chunk's length being its count of terms and bigrams. Tuned on SciFact and SQuAD; see
 * docs/quality.md.
 *
 * Why not a search library: quotebot first used MiniSearch (with its coord factor, unique-term lengths and BM25+
 * delta undone). Its index is a tree of JS objects that must be rebuilt from JSON on every start, which made it the
 * largest cost in cold start (2.7 s at 20,000 chunks), warm queries (70 ms at 100,000 chunks), incremental builds
 * (~75%) and memory (docs/performance.md, 2026-11-21 first run). The other npm engines (lunr, elasticlunr,
 * flexsearch, wink-bm25-text-search, okapibm25, Orama) keep object indexes too, or score differently. Plain BM25
 * over flat posting arrays is short, and loads with no parsing at all: `lexical-format.ts` maps the file's bytes
 * straight onto the typed arrays below. MiniSearch's radix tree is still used for the one thing it is best at,
 * finding vocabulary words within an edit distance of a misspelt query word.
 *
 * The scores are the ones measured with MiniSearch (docs/quality.md), including its fuzzy-match weighting, so the
 * quality figures carry over (re-measured: identical on clean queries); tests/indexing/lexical-store.test.ts checks
 * them against the formula. One difference: a misspelt word is matched against words only, not bigram terms.
 */
import SearchableMap from "minisearch/SearchableMap";
import { analyze, isBigram, withBigrams } from "../text/analyze.js";
import { hashTerm } from "./term-hash.js";

export interface LexicalDoc {
  title: string;
  text: string;
}

export interface LexicalHit {
  /** Row number in the chunk store. */
  label: number;
  score: number;
  /** The question's unigram terms this chunk contains, exactly or (for a misspelt word) fuzzily. */
  matched: string[];
}

/** The whole BM25 index as flat arrays: what the build makes, the file holds and the store searches. */
export interface LexicalData {
  /** Terms + bigrams in each chunk's title and text (BM25's document length). */
  docLengths: Uint32Array;
  /** Distinct unigram terms; unigram i has term id i. */
  unigrams: string[];
  /** Hash halves (hi, lo) of every distinct bigram; bigram j has term id unigrams.length + j. */
  bigramHashes: Uint32Array;
  /** Postings of term id t are positions postingStarts[t] … postingStarts[t + 1] − 1, in increasing chunk order. */
  postingStarts: Uint32Array;
  postingDocs: Uint32Array;
  postingFreqs: Uint16Array;
}

export interface LexicalStore {
  readonly size: number;
  readonly data: LexicalData;
  search(query: string, k: number): LexicalHit[];
  /** Inverse document frequency of an analyzed term (BM25 form, ≥ 0). */
  idf(term: string): number;
  /** Whether any chunk contains the analyzed term. */
  has(term: string): boolean;
  /**
   * Which of these analyzed words the chunk contains, from the postings rather than by analyzing its text again. A
   * word the corpus has never seen stands for its fuzzy neighbours: those the chunk contains are returned instead.
   */
  termsIn(label: number, terms: readonly string[]): Set<string>;
}

/** Bumped whenever the analyzer, scoring or file layout changes, so stale indexes are rebuilt. */
export const LEXICAL_ANALYZER_VERSION = 4;

/** BM25 parameters and the bigram weight, measured best on SciFact and SQuAD together (docs/quality.md). */
export const BM25 = { k1: 1.2, b: 0.9, bigramWeight: 0.25 } as const;

/** Weight of a fuzzy match at edit distance d to a vocabulary word w: 0.45 · |w| / (|w| + d), as measured. */
const FUZZY_WEIGHT = 0.45;

/**
 * Edits allowed when matching an out-of-vocabulary query word, as Lucene's "AUTO" fuzziness: none up to 2 letters,
 * 1 for 3–5, 2 from 6 (so a swapped pair, "patnets", still reaches "patent"). Measured against 0.2 × length,
 * against no fuzzy matching, and (by the BM25 study) against fuzzy matching of every word and prefix matching,
 * which both cost precision on clean queries (docs/quality.md, "Typos"). Numbers are never fuzzy: 2019 is not a
 * typo of 2017.
 */
export function fuzzyEdits(term: string): number {
  if (/\p{N}/u.test(term)) return 0;
  return term.length >= 6 ? 2 : term.length >= 3 ? 1 : 0;
}

/** Inverse document frequency as Lucene (and MiniSearch) compute it: never negative. */
export function bm25Idf(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** A vocabulary word near a misspelt one: the word, its term id and its edit distance (≥ 1). */
interface Neighbour {
  near: string;
  id: number;
  distance: number;
}

/** Misspellings whose neighbours are remembered; the cache starts over when full. */
const MAX_CACHED_NEIGHBOURS = 10_000;

/** A query word and the vocabulary term ids it matched (itself, or fuzzy neighbours of a misspelling). */
interface QueryWord {
  term: string;
  ids: number[];
}

class FlatLexicalStore implements LexicalStore {
  readonly size: number;
  private readonly unigramIds = new Map<string, number>();
  /** Open-addressing table over bigram hashes: slot → bigram index + 1 (0 = empty). */
  private readonly bigramSlots: Uint32Array;
  /** k1 · (1 − b + b · length / average length), per chunk. */
  private readonly norms: Float64Array;
  /** Score accumulator, reused by every search and left all-zero after each. */
  private readonly scores: Float64Array;
  private fuzzyVocabulary: SearchableMap<number> | undefined;
  private readonly neighbourCache = new Map<string, Neighbour[]>();

  constructor(readonly data: LexicalData) {
    this.size = data.docLengths.length;
    for (const [id, term] of data.unigrams.entries()) this.unigramIds.set(term, id);
    this.bigramSlots = bigramTable(data.bigramHashes);
    let total = 0;
    for (const length of data.docLengths) total += length;
    const average = this.size > 0 ? total / this.size : 0;
    this.norms = new Float64Array(this.size);
    for (let d = 0; d < this.size; d++)
      this.norms[d] = BM25.k1 * (1 - BM25.b + (average > 0 ? (BM25.b * data.docLengths[d]!) / average : 0));
    this.scores = new Float64Array(this.size);
  }

  search(query: string, k: number): LexicalHit[] {
    const touched: number[] = [];
    const words: QueryWord[] = [];
    // Every occurrence counts, as in BM25 with query term frequency: "cell death in cell cultures" weighs "cell" twice.
    for (const term of withBigrams(analyze(query))) {
      if (isBigram(term)) {
        const id = this.bigramId(term);
        if (id >= 0) this.accumulate(id, BM25.bigramWeight, touched);
        continue;
      }
      const id = this.unigramIds.get(term);
      if (id !== undefined) {
        this.accumulate(id, 1, touched);
        words.push({ term, ids: [id] });
        continue;
      }
      const neighbours = this.neighbours(term);
      for (const { near, id: nearId, distance } of neighbours)
        this.accumulate(nearId, (FUZZY_WEIGHT * near.length) / (near.length + distance), touched);
      if (neighbours.length > 0) words.push({ term, ids: neighbours.map((n) => n.id) });
    }
    const best = topK(touched, this.scores, k);
    const hits = best.map((label) => ({ label, score: this.scores[label]!, matched: this.matchedWords(label, words) }));
    for (const d of touched) this.scores[d] = 0;
    return hits;
  }

  idf(term: string): number {
    const id = this.unigramIds.get(term);
    return bm25Idf(id === undefined ? 0 : this.documentFrequency(id), this.size);
  }

  has(term: string): boolean {
    return this.unigramIds.has(term);
  }

  termsIn(label: number, terms: readonly string[]): Set<string> {
    const found = new Set<string>();
    for (const term of new Set(terms)) {
      const id = this.unigramIds.get(term);
      if (id !== undefined) {
        if (this.contains(id, label)) found.add(term);
        continue;
      }
      for (const { near, id: nearId } of this.neighbours(term)) if (this.contains(nearId, label)) found.add(near);
    }
    return found;
  }

  private documentFrequency(id: number): number {
    return this.data.postingStarts[id + 1]! - this.data.postingStarts[id]!;
  }

  private accumulate(id: number, weight: number, touched: number[]): void {
    const { postingStarts, postingDocs, postingFreqs } = this.data;
    const start = postingStarts[id]!;
    const end = postingStarts[id + 1]!;
    const w = weight * bm25Idf(end - start, this.size) * (BM25.k1 + 1);
    const { scores, norms } = this;
    for (let p = start; p < end; p++) {
      const d = postingDocs[p]!;
      const tf = postingFreqs[p]!;
      // Every contribution is positive, so a zero score means this chunk is new to this query.
      if (scores[d] === 0) touched.push(d);
      scores[d]! += (w * tf) / (tf + norms[d]!);
    }
  }

  private bigramId(term: string): number {
    const { hi, lo } = hashTerm(term);
    const hashes = this.data.bigramHashes;
    const mask = this.bigramSlots.length - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const entry = this.bigramSlots[slot]!;
      if (entry === 0) return -1;
      const j = entry - 1;
      if (hashes[2 * j] === hi && hashes[2 * j + 1] === lo) return this.data.unigrams.length + j;
    }
  }

  /** The query words a chunk contains, in query order, each once. */
  private matchedWords(label: number, words: readonly QueryWord[]): string[] {
    const out: string[] = [];
    for (const { term, ids } of words) {
      if (out.includes(term)) continue;
      if (ids.some((id) => this.contains(id, label))) out.push(term);
    }
    return out;
  }

  /** Whether term id's postings include the chunk (postings are sorted by chunk: binary search). */
  private contains(id: number, label: number): boolean {
    const docs = this.data.postingDocs;
    let lo = this.data.postingStarts[id]!;
    let hi = this.data.postingStarts[id + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const d = docs[mid]!;
      if (d === label) return true;
      if (d < label) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }

  /**
   * The vocabulary words within an out-of-vocabulary word's edit budget. Cached: retrieval asks again for every
   * dense-only hit of the same question, and a radix-tree walk with two edits is not cheap.
   */
  private neighbours(term: string): Neighbour[] {
    let found = this.neighbourCache.get(term);
    if (!found) {
      const edits = fuzzyEdits(term);
      found = [];
      if (edits > 0)
        for (const [near, [id, distance]] of this.fuzzy().fuzzyGet(term, edits))
          if (distance > 0) found.push({ near, id, distance });
      if (this.neighbourCache.size >= MAX_CACHED_NEIGHBOURS) this.neighbourCache.clear();
      this.neighbourCache.set(term, found);
    }
    return found;
  }

  /** The unigram vocabulary as a radix tree, built on the first misspelt query word (most questions have none). */
  private fuzzy(): SearchableMap<number> {
    if (!this.fuzzyVocabulary) {
      const vocabulary = new SearchableMap<number>();
      for (const [id, term] of this.data.unigrams.entries()) vocabulary.set(term, id);
      this.fuzzyVocabulary = vocabulary;
    }
    return this.fuzzyVocabulary;
  }
}

/** The open-addressing table for bigram lookups, at most half full. Building it takes one pass over the hashes. */
function bigramTable(hashes: Uint32Array): Uint32Array {
  const count = hashes.length / 2;
  let size = 2;
  while (size < count * 2) size *= 2;
  const slots = new Uint32Array(size);
  const mask = size - 1;
  for (let j = 0; j < count; j++) {
    let slot = hashes[2 * j + 1]! & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = j + 1;
  }
  return slots;
}

/** The k best chunks by score (ties: lower row first), with a bounded heap: a query can touch most of the corpus. */
export function topK(candidates: readonly number[], scores: Float64Array, k: number): number[] {
  // `worse(a, b)`: a ranks below b.
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const heap: number[] = [];
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  if (k <= 0) return [];
  for (const c of candidates) {
    if (heap.length < k) {
      heap.push(c);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (worse(heap[0]!, c)) {
      heap[0] = c;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

export function createLexicalStore(data: LexicalData): LexicalStore {
  return new FlatLexicalStore(data);
}
