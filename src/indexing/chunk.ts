/**
 * Sentence-aware chunking measured in model tokens. Chunks are runs of whole sentences up to `maxTokens`, and each
 * chunk repeats up to `overlapTokens` of the previous chunk's last sentences so an answer that straddles a boundary
 * is still quotable. A sentence longer than the limit is split at word boundaries.
 */
import { type Span, splitSentences } from "../text/sentences.js";
import type { Article, Chunk } from "../types.js";
import type { TokenCounter } from "./model.js";

export interface ChunkOptions {
  maxTokens: number;
  overlapTokens: number;
}

interface Piece extends Span {
  tokens: number;
}

/** Split an over-long sentence into word-aligned pieces of at most `maxTokens`. */
function splitLongSentence(s: Span, maxTokens: number, tokens: TokenCounter): Piece[] {
  const words = [...s.text.matchAll(/\S+/g)];
  const pieces: Piece[] = [];
  let first = 0;
  while (first < words.length) {
    let last = first;
    let count = tokens.count(words[first]![0]);
    while (last + 1 < words.length) {
      const next = tokens.count(words[last + 1]![0]);
      if (count + next > maxTokens) break;
      count += next;
      last++;
    }
    const start = s.start + words[first]!.index!;
    const end = s.start + words[last]!.index! + words[last]![0].length;
    pieces.push({ start, end, text: s.text.slice(start - s.start, end - s.start), tokens: count });
    first = last + 1;
  }
  return pieces;
}

export function chunkArticle(
  article: Pick<Article, "id" | "text">,
  options: ChunkOptions,
  tokens: TokenCounter,
): Chunk[] {
  const pieces: Piece[] = [];
  for (const s of splitSentences(article.text)) {
    const n = tokens.count(s.text);
    if (n <= options.maxTokens) pieces.push({ ...s, tokens: n });
    else pieces.push(...splitLongSentence(s, options.maxTokens, tokens));
  }
  const chunks: Chunk[] = [];
  let first = 0;
  while (first < pieces.length) {
    let last = first;
    let count = pieces[first]!.tokens;
    while (last + 1 < pieces.length && count + pieces[last + 1]!.tokens <= options.maxTokens) {
      last++;
      count += pieces[last]!.tokens;
    }
    const start = pieces[first]!.start;
    const end = pieces[last]!.end;
    const sentences: number[] = [];
    for (let i = first; i <= last; i++) sentences.push(pieces[i]!.start - start, pieces[i]!.end - start);
    chunks.push({
      id: `${article.id}#${chunks.length}`,
      articleId: article.id,
      ordinal: chunks.length,
      start,
      end,
      text: article.text.slice(start, end),
      tokenCount: count,
      sentences,
    });
    if (last + 1 >= pieces.length) break;
    // Step back over trailing sentences that fit in the overlap budget, but always move forward.
    let next = last + 1;
    let overlap = 0;
    while (next - 1 > first && overlap + pieces[next - 1]!.tokens <= options.overlapTokens) {
      next--;
      overlap += pieces[next]!.tokens;
    }
    first = next;
  }
  return chunks;
}

/** A chunk's sentences as spans of its text: the stored ones, or (for a chunk stored without them) segmented now. */
export function chunkSentences(chunk: Pick<Chunk, "text" | "sentences">): Span[] {
  const s = chunk.sentences;
  if (!s) return splitSentences(chunk.text);
  const spans: Span[] = [];
  for (let i = 0; i + 1 < s.length; i += 2)
    spans.push({ start: s[i]!, end: s[i + 1]!, text: chunk.text.slice(s[i], s[i + 1]) });
  return spans;
}

/** The chunk with its sentence spans recorded (chunks reused from an index written before they were stored). */
export function withSentences(chunk: Chunk): Chunk {
  if (chunk.sentences) return chunk;
  return { ...chunk, sentences: splitSentences(chunk.text).flatMap((s) => [s.start, s.end]) };
}
