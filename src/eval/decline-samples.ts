/**
 * Data for calibrating the no-answer decision. The corpus's articles (documents grouped by title: a SQuAD article
 * is many paragraphs with one title) are split into two halves, and each half is indexed alone. A question is then
 * asked of both indexes: against the half that holds its gold passage it is a positive (the corpus answers it), and
 * against the other half a negative (its whole article is absent, not only the paragraph, so near-copies of the
 * answer elsewhere in the same article cannot leak in). Every question is thus one positive and one negative.
 */
import type { Config } from "../config.js";
import { Engine } from "../engine.js";
import type { Embedder } from "../indexing/embedder.js";
import type { Logger } from "../log.js";
import { retrieve } from "../retrieval/retrieve.js";
import { validateQuestion } from "../retrieval/validate-question.js";
import type { Passage } from "../types.js";
import { indexBeir } from "./index-beir.js";
import type { BeirDataset } from "./load-beir.js";

export interface DeclineSample {
  queryId: string;
  /** True when the indexed half holds the question's gold passage. */
  positive: boolean;
  /** The retrieved passages, best first (empty when the question has no searchable words). */
  passages: Pick<Passage, "coverage" | "score" | "denseSimilarity">[];
  /** Whether the top passage is a gold passage (positives only). */
  goldFirst: boolean;
}

export interface DeclineSamplesOptions {
  config: Config;
  log: Logger;
  /** Passages retrieved per question (the answer's candidate pool). */
  depth: number;
  /** The query embedder for hybrid samples (dense similarity recorded); `null` or absent for keyword samples. */
  embedder?: Embedder | null;
  /** Keep each half's index here and reuse its vectors in later runs (see indexBeir). */
  keepIn?: string;
  /** Called after each half is indexed. */
  onHalf?: (half: number, docs: number) => void;
}

/** Document id → half (0 or 1): articles (documents grouped by title) alternate between the halves, sorted by title. */
export function articleHalves(docs: readonly BeirDataset["docs"][number][]): Map<string, number> {
  const groups = [...new Set(docs.map((d) => d.title))].sort();
  const halfOfGroup = new Map(groups.map((g, i) => [g, i % 2]));
  return new Map(docs.map((d) => [d.id, halfOfGroup.get(d.title)!]));
}

export async function declineSamples(data: BeirDataset, options: DeclineSamplesOptions): Promise<DeclineSample[]> {
  const halfOfDoc = articleHalves(data.docs);
  // Each question's gold half and analysis, once: every question is asked of both halves.
  const asked = data.queries.flatMap((q) => {
    const gold = [...(data.qrels.get(q.id)?.keys() ?? [])];
    const halves = new Set(gold.map((id) => halfOfDoc.get(id)));
    // A question with gold passages in both halves is neither a clean positive nor a clean negative.
    if (halves.size !== 1) return [];
    return [{ id: q.id, gold, goldHalf: [...halves][0], valid: validateQuestion(q.text, Number.MAX_SAFE_INTEGER) }];
  });
  const samples: DeclineSample[] = [];
  for (const half of [0, 1]) {
    const docs = data.docs.filter((d) => halfOfDoc.get(d.id) === half);
    // Each half's engine is closed after its questions; the caller's embedder must outlive both.
    const embedder = options.embedder ? borrowed(options.embedder) : null;
    const built = await indexBeir(docs, { config: options.config, log: options.log, embedder, keepIn: options.keepIn });
    options.onHalf?.(half, docs.length);
    const engine = await Engine.open(built.config, { log: options.log, embedder });
    try {
      for (const { id, gold, goldHalf, valid } of asked) {
        const positive = goldHalf === half;
        const passages = valid.ok
          ? await retrieve(engine.index, valid.value.text, valid.value.terms, {
              k: options.depth,
              embedder: embedder ?? undefined,
            })
          : [];
        const first = passages[0] ? built.docOf(passages[0].chunk.articleId) : undefined;
        samples.push({
          queryId: id,
          positive,
          passages: passages.map((p) => ({ coverage: p.coverage, score: p.score, denseSimilarity: p.denseSimilarity })),
          goldFirst: positive && first !== undefined && gold.includes(first),
        });
      }
    } finally {
      await engine.close();
      await built.cleanup();
    }
  }
  return samples;
}

/** The same embedder, whose `dispose` leaves the model loaded: its owner disposes of it. */
function borrowed(embedder: Embedder): Embedder {
  return {
    modelId: embedder.modelId,
    dtype: embedder.dtype,
    dimension: embedder.dimension,
    pooling: embedder.pooling,
    queryPrefix: embedder.queryPrefix,
    embedDocuments: (texts, onBatch) => embedder.embedDocuments(texts, onBatch),
    embedQuery: (text) => embedder.embedQuery(text),
    dispose: async () => undefined,
  };
}
