/** Real chunk texts from a dataset, cut by quotebot's own loader and chunker with the model's real tokenizer. */
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../src/config.js";
import { loadCorpus } from "../src/corpus/load-corpus.js";
import { QuotebotError } from "../src/errors.js";
import { chunkArticle } from "../src/indexing/chunk.js";
import { loadTokenCounter } from "../src/indexing/model.js";
import type { Chunk } from "../src/types.js";
import { type JsonlArticle, writeCorpus } from "./datasets.js";

export async function chunkArticles(
  config: Config,
  articles: readonly JsonlArticle[],
  scratch: string,
): Promise<Chunk[]> {
  const dir = await mkdtemp(path.join(scratch, "chunks-"));
  try {
    await writeCorpus(dir, "articles.jsonl", articles);
    const corpus = await loadCorpus(dir, { maxFileBytes: 1024 ** 3 });
    const tokens = await loadTokenCounter(config.embedding);
    if (tokens instanceof QuotebotError) throw tokens;
    return corpus.articles.flatMap((a) => chunkArticle(a, config.chunking, tokens));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
