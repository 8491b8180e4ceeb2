/**
 * Build the BM25 index (LexicalData) from chunk texts: analyze each chunk once, give every distinct term and bigram
 * an id, then lay the postings out flat, grouped by term and sorted by chunk, in two counting passes.
 */
import { analyze } from "../text/analyze.js";
import type { LexicalData, LexicalDoc } from "./lexical-store.js";
import { hashTerm } from "./term-hash.js";

/** Bigram entries in the per-chunk lists are flagged with the top bit until unigram ids are final. */
const BIGRAM_FLAG = 0x8000_0000;
/** A bigram's build key is first id · 2^26 + second id: exact in a double while ids stay below 2^26. */
const PAIR_FACTOR = 2 ** 26;
/** A JS Map holds at most 2^24 entries; a big corpus has more distinct bigrams than that, so they are sharded. */
const SHARDS = 64;

/** An append-only Uint32 list that doubles as it grows (a plain array of numbers would take twice the memory). */
class Uint32List {
  private buffer = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const bigger = new Uint32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }

  get(i: number): number {
    return this.buffer[i]!;
  }
}

export function buildLexicalData(docs: readonly LexicalDoc[]): LexicalData {
  const unigramIds = new Map<string, number>();
  const unigrams: string[] = [];
  const bigramShards = Array.from({ length: SHARDS }, () => new Map<number, number>());
  const bigramPairs = new Uint32List();
  const docLengths = new Uint32Array(docs.length);
  // Each chunk's distinct terms and their frequencies, concatenated; chunk d owns entries docStarts[d] … docStarts[d+1]−1.
  const entries = new Uint32List();
  const freqs = new Uint32List();
  const docStarts = new Uint32Array(docs.length + 1);

  const unigramId = (term: string): number => {
    let id = unigramIds.get(term);
    if (id === undefined) {
      id = unigrams.length;
      if (id >= PAIR_FACTOR) throw new Error(`the corpus has more than ${PAIR_FACTOR} distinct words`);
      unigramIds.set(term, id);
      unigrams.push(term);
    }
    return id;
  };
  const bigramEntry = (first: number, second: number): number => {
    const key = first * PAIR_FACTOR + second;
    const shard = bigramShards[(first ^ second) & (SHARDS - 1)]!;
    let index = shard.get(key);
    if (index === undefined) {
      index = bigramPairs.length / 2;
      shard.set(key, index);
      bigramPairs.push(first);
      bigramPairs.push(second);
    }
    return (BIGRAM_FLAG | index) >>> 0;
  };

  docs.forEach((doc, d) => {
    const ids = analyze(`${doc.title}\n${doc.text}`).map(unigramId);
    const counts = new Map<number, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (let i = 0; i + 1 < ids.length; i++) {
      const entry = bigramEntry(ids[i]!, ids[i + 1]!);
      counts.set(entry, (counts.get(entry) ?? 0) + 1);
    }
    docLengths[d] = ids.length + Math.max(0, ids.length - 1);
    for (const [entry, tf] of counts) {
      entries.push(entry);
      freqs.push(tf);
    }
    docStarts[d + 1] = entries.length;
  });

  const unigramCount = unigrams.length;
  const bigramCount = bigramPairs.length / 2;
  const termId = (entry: number) => (entry >= BIGRAM_FLAG ? unigramCount + (entry - BIGRAM_FLAG) : entry);

  // Counting sort of the entries by term: document frequencies give each term's slice of the posting arrays, and
  // filling them chunk by chunk leaves every slice sorted by chunk.
  const postingStarts = new Uint32Array(unigramCount + bigramCount + 1);
  for (let i = 0; i < entries.length; i++) postingStarts[termId(entries.get(i)) + 1]!++;
  for (let t = 1; t < postingStarts.length; t++) postingStarts[t]! += postingStarts[t - 1]!;
  const cursor = postingStarts.slice(0, -1);
  const postingDocs = new Uint32Array(entries.length);
  const postingFreqs = new Uint16Array(entries.length);
  for (let d = 0; d < docs.length; d++) {
    for (let i = docStarts[d]!; i < docStarts[d + 1]!; i++) {
      const p = cursor[termId(entries.get(i))]!++;
      postingDocs[p] = d;
      // A chunk is at most a few hundred tokens; the clamp only guards a pathological title.
      postingFreqs[p] = Math.min(freqs.get(i), 0xffff);
    }
  }

  const bigramHashes = new Uint32Array(bigramCount * 2);
  for (let j = 0; j < bigramCount; j++) {
    const { hi, lo } = hashTerm(`${unigrams[bigramPairs.get(2 * j)]!} ${unigrams[bigramPairs.get(2 * j + 1)]!}`);
    bigramHashes[2 * j] = hi;
    bigramHashes[2 * j + 1] = lo;
  }
  return { docLengths, unigrams, bigramHashes, postingStarts, postingDocs, postingFreqs };
}
