/**
 * Benchmark questions written from article titles, the way a reader would ask about a story they half remember.
 * Deterministic (seeded), and never the chunk text itself, so BM25 and the dense search both do real work.
 */

import { createRng, sampleIndices } from "../src/eval/rng.js";
import type { JsonlArticle } from "./datasets.js";

const TEMPLATES = [
  (t: string) => `What happened with ${t}?`,
  (t: string) => `What was reported about ${t}?`,
  (t: string) => `Why ${t}?`,
  (t: string) => `Tell me about ${t}`,
];

/** Titles in capitals (Reuters) read as shouting and hit no stemmed term differently; lower-case them. */
const tidy = (title: string) =>
  (title === title.toUpperCase() ? title.toLowerCase() : title).replace(/\s+/g, " ").trim();

export function questionsFromTitles(articles: readonly JsonlArticle[], count: number, seed: number): string[] {
  const rng = createRng(seed);
  return sampleIndices(articles.length, count, rng).map((i, k) =>
    TEMPLATES[k % TEMPLATES.length]!(tidy(articles[i]!.title)),
  );
}
