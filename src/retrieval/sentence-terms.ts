/**
 * The analyzed terms of a chunk's sentences, computed once per question: the sentence rerank (retrieval) and quote
 * selection (the answer stage) read the same sentences of the same candidates, and in hybrid mode quote-ahead reads
 * them while the question is being embedded, so that neither pays for the analysis twice.
 */
import { chunkSentences } from "../indexing/chunk.js";
import { analyze } from "../text/analyze.js";
import type { Chunk } from "../types.js";

export type SentenceTerms = (chunk: Chunk) => readonly (readonly string[])[];

/** A fresh memo for one question. */
export function sentenceTermsMemo(): SentenceTerms {
  const memo = new Map<string, string[][]>();
  return (chunk) => {
    let terms = memo.get(chunk.id);
    if (!terms) {
      terms = chunkSentences(chunk).map((s) => analyze(s.text));
      memo.set(chunk.id, terms);
    }
    return terms;
  };
}
