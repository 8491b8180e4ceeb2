/**
 * Quote selection started early: while the question's vector is computed on the embedding thread, this thread
 * would wait idle, and most passages of the final answer are among the best keyword hits. Quoting those now (into
 * the same cache `composeAnswer` reads) takes quote selection off the answer's critical path. It stops as soon as
 * the vector arrives, so it never delays the answer by more than one chunk's quote.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { LexicalHit } from "../indexing/lexical-store.js";
import type { Chunk, Quote } from "../types.js";

export interface QuoteAheadOptions {
  /** How many of the best keyword hits are worth quoting ahead (the answer considers this many passages). */
  limit: number;
  /** Whether a hit covers enough of the question to be quoted at all (`composeAnswer` skips the others). */
  worthQuoting: (hit: LexicalHit) => boolean;
  chunk: (label: number) => Chunk;
  quote: (chunk: Chunk) => Quote;
}

export async function quoteAhead(
  hits: readonly LexicalHit[],
  stop: AbortSignal,
  options: QuoteAheadOptions,
): Promise<number> {
  let quoted = 0;
  for (const hit of hits.slice(0, options.limit)) {
    // Yield first: the vector may already be waiting, and its message is only seen between turns of the loop.
    await nextTurn();
    if (stop.aborted) break;
    if (!options.worthQuoting(hit)) continue;
    options.quote(options.chunk(hit.label));
    quoted++;
  }
  return quoted;
}
