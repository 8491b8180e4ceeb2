/**
 * Chunk hits → a document ranking. A long document is indexed as several chunks; it ranks where its best chunk
 * ranks (max-passage scoring), and appears once.
 */
export function docRanking(
  chunkArticleIds: readonly string[],
  docOf: (articleId: string) => string | undefined,
  depth: number,
): string[] {
  const seen = new Set<string>();
  const ranked: string[] = [];
  for (const articleId of chunkArticleIds) {
    const doc = docOf(articleId);
    if (doc === undefined || seen.has(doc)) continue;
    seen.add(doc);
    ranked.push(doc);
    if (ranked.length === depth) break;
  }
  return ranked;
}
