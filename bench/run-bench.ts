/**
 * The whole benchmark, step by step: embedding tuning and efficiency, the BBC build (full and incremental), HNSW
 * recall and speed, scale indexes (query latency, cold start, memory) and lexical-only mode at Reuters scale. Each
 * step records its figures in BenchResults; a failing step is recorded and the others still run.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { errorMessage, QuotebotError } from "../src/errors.js";
import { chunkArticle } from "../src/indexing/chunk.js";
import { createEmbedder, type Embedder } from "../src/indexing/embedder.js";
import { currentIndexFolder } from "../src/indexing/index-dir.js";
import { IndexFiles } from "../src/indexing/manifest.js";
import { loadTokenCounter } from "../src/indexing/model.js";
import { DEFAULT_HNSW, loadHnswlib, readHnswGraph, readVectors } from "../src/indexing/vector-store.js";
import type { Logger } from "../src/log.js";
import { CANDIDATES } from "../src/retrieval/retrieve.js";
import { type BenchPaths, benchConfig, benchEnv, DIMENSION } from "./bench-config.js";
import { measureBuildTime, timedBuild } from "./build-time.js";
import { measureColdStart } from "./cold-start.js";
import { datasetPaths, type JsonlArticle, readArticles, writeCorpus } from "./datasets.js";
import {
  deriveVectors,
  meanPairCosine,
  medianResidualNorm,
  nearestNeighbourCosine,
  residualModel,
} from "./derive-vectors.js";
import { derivedEmbedder } from "./derived-embedder.js";
import { measureEfficiency } from "./embed-efficiency.js";
import { tuneEmbedding } from "./embed-tuning.js";
import { evaluateGoals } from "./goals.js";
import { chooseHnsw, HNSW_GOAL, type HnswScaleResult, measureHnsw, measureHnswSets } from "./hnsw-recall.js";
import { compareBuilds, compileOtherBuild, type HnswlibBuildComparison, type OtherBuild } from "./hnswlib-builds.js";
import { indexSizes } from "./index-sizes.js";
import { measureLexicalScale } from "./lexical-scale.js";
import { describeMachine } from "./machine.js";
import type { BenchProfile } from "./profiles.js";
import { measureQueryLatency } from "./query-latency.js";
import { questionsFromTitles } from "./questions.js";
import { chunkArticles } from "./real-chunks.js";
import { type BenchResults, type DerivationStats, pickBest, type ScaleRun, STEPS, type Step } from "./results.js";

export { STEPS, type Step };

import { createRng, sampleIndices } from "../src/eval/rng.js";
import { corpusOfSize } from "./scale-corpus.js";

export interface RunBenchOptions {
  profile: BenchProfile;
  repoRoot: string;
  datasetsDir: string;
  model: BenchPaths;
  /** Scratch folder (removed by the caller). */
  scratch: string;
  steps: readonly Step[];
  /** Overrides of EMBED_BATCH_SIZE / ONNX_THREADS; otherwise the project's defaults are measured. */
  env?: Record<string, string>;
  log: Logger;
}

export interface RunBenchOutput {
  results: BenchResults;
  errors: { step: string; message: string }[];
}

/** The model's transformer depth from its config.json (what a forward pass costs); undefined if unreadable. */
async function layerCount(modelsDir: string, model: string): Promise<number | undefined> {
  try {
    const config = JSON.parse(await readFile(path.join(modelsDir, model, "config.json"), "utf8")) as {
      num_hidden_layers?: unknown;
    };
    return typeof config.num_hidden_layers === "number" ? config.num_hidden_layers : undefined;
  } catch {
    return undefined;
  }
}

/** The graph an index build wrote, loaded like the Engine does (fresh instance; ef is set per measurement). */
async function loadGraph(folder: string, buildMs: number) {
  const index = await readHnswGraph(path.join(folder, IndexFiles.hnsw), DIMENSION);
  return { params: { M: DEFAULT_HNSW.M, efConstruction: DEFAULT_HNSW.efConstruction }, index, buildMs };
}

export async function runBench(o: RunBenchOptions): Promise<RunBenchOutput> {
  const started = performance.now();
  const { profile, log } = o;
  const data = datasetPaths(o.datasetsDir);
  const config = (name: string, env: Record<string, string> = {}) =>
    benchConfig(path.join(o.scratch, name), o.model, { env: { ...o.env, ...env } });
  const base = config("base");
  const results: BenchResults = {
    formatVersion: 1,
    generatedAt: new Date().toISOString(),
    mode: profile.name,
    durationMs: 0,
    machine: describeMachine(),
    settings: {
      model: base.embedding.model,
      weights: o.model.weights,
      layers: await layerCount(o.model.modelsDir, o.model.model),
      pooling: base.embedding.pooling,
      queryPrefix: base.embedding.queryPrefix,
      dtype: base.embedding.dtype,
      batchSize: base.embedding.batchSize,
      threads: base.embedding.threads,
      queryThreads: base.embedding.queryThreads,
      chunkMaxTokens: base.chunking.maxTokens,
      hnsw: { ...DEFAULT_HNSW },
    },
    goals: [],
  };
  const errors: RunBenchOutput["errors"] = [];
  const step = async (name: string, fn: () => Promise<void>) => {
    const t0 = performance.now();
    log.info(`▶ ${name}`);
    try {
      await fn();
      log.info(`✓ ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      const message = errorMessage(e);
      errors.push({ step: name, message });
      log.error({ err: e }, `✗ ${name}: ${message}`);
    }
  };
  const want = (s: Step) => o.steps.includes(s);

  const bbc = await readArticles(data.bbc);
  const bbcUsed = bbc.slice(0, Math.min(bbc.length, profile.build.articles));
  let embedder: Embedder | undefined;
  const queryEmbedder = async () => {
    if (!embedder) {
      const e = await createEmbedder(base.embedding);
      if (e instanceof QuotebotError) throw e;
      embedder = e;
    }
    return embedder;
  };

  try {
    if (want("embedding"))
      await step("embedding: tuning and efficiency", async () => {
        const chunks = await chunkArticles(base, bbcUsed, o.scratch);
        const rng = createRng(1);
        const pick = (n: number) => sampleIndices(chunks.length, n, rng).map((i) => chunks[i]!.text);
        const t = profile.tuning;
        const tuning = await tuneEmbedding({
          config: base,
          texts: pick(t.texts),
          candidates: t.candidates,
          rounds: t.rounds,
          slice: t.slice,
        });
        const efficiency = await measureEfficiency(base, pick(profile.efficiency.texts), profile.efficiency.rounds);
        results.embedding = {
          sampleChunks: chunks.length,
          tuningChunks: t.texts,
          tuning,
          best: pickBest(tuning)!,
          efficiency,
        };
      });

    let seeds: Float32Array[] | undefined;
    if (want("build"))
      await step(`build: BBC News, ${bbcUsed.length} articles, full and incremental`, async () => {
        const cfg = config("bbc");
        const r = await measureBuildTime(cfg, bbcUsed, profile.build.incrementalRuns);
        results.build = { ...r, dataset: "BBC News (bbc-news.jsonl)" };
        const folder = await currentIndexFolder(cfg.indexDir);
        if (folder) seeds = await readVectors(path.join(folder, IndexFiles.vectors), DIMENSION);
      });

    if ((want("hnsw") || want("scale")) && !seeds)
      await step("seeds: embedding real BBC chunks (no build step in this run)", async () => {
        const chunks = await chunkArticles(base, bbcUsed.slice(0, 600), o.scratch);
        seeds = await (await queryEmbedder()).embedDocuments(chunks.map((c) => c.text));
      });

    // Real chunk embeddings held out of every derived set: the HNSW sweeps query with them as in-distribution
    // passages (the ANN-benchmark convention), so no derived vector may grow from them.
    const passageCount = profile.hnsw.queries;
    const heldOut = seeds
      ? new Set(sampleIndices(seeds.length, Math.min(passageCount, seeds.length >> 2), createRng(21)))
      : new Set<number>();
    const basis = seeds?.filter((_, i) => !heldOut.has(i));
    const passageQueries = seeds ? [...heldOut].map((i) => seeds![i]!) : [];
    // What every derived set is shaped to: how close a real chunk's nearest neighbour is (residual cosine),
    // measured once on the basis the sets grow from.
    const neighbourCosine =
      basis && (want("scale") || want("hnsw"))
        ? nearestNeighbourCosine(basis, residualModel(basis).mean, sampleIndices(basis.length, 200, createRng(3)))
        : Number.NaN;

    /** Scale indexes by target size, kept for the HNSW step. */
    const scaleIndexes = new Map<number, { folder: string; buildMs: number }>();
    const reuters = want("hnsw") || want("scale") || want("lexical") ? await readArticles(data.reuters) : [];

    if (want("scale") && basis)
      await step(
        `scale: indexes of ${profile.scale.sizes.join(", ")} chunks (latency, cold start, memory)`,
        async () => {
          const real = basis!;
          const tokens = await loadTokenCounter(base.embedding);
          if (tokens instanceof QuotebotError) throw tokens;
          const sources = [...bbc, ...reuters];
          const counts = new Map<JsonlArticle, number>();
          const count = (a: JsonlArticle) => {
            let n = counts.get(a);
            if (n === undefined) {
              n = chunkArticle({ id: a.id, text: a.text }, base.chunking, tokens).length;
              counts.set(a, n);
            }
            return n;
          };
          const runs: ScaleRun[] = [];
          results.scale = { runs };
          // The fixed cost: the same cold start on the 8-article curated corpus.
          {
            const cfg = config("baseline");
            await writeCorpus(cfg.corpusDir, "articles.jsonl", bbc.slice(0, 8));
            await timedBuild(cfg);
            const folder = (await currentIndexFolder(cfg.indexDir))!;
            const coldStart = await measureColdStart(
              o.repoRoot,
              benchEnv(cfg),
              questionsFromTitles(bbc.slice(0, 8), profile.scale.baselineColdRuns, 9),
            );
            results.scale.baseline = { coldStart, sizes: await indexSizes(folder, DIMENSION) };
          }
          for (const size of profile.scale.sizes) {
            const cfg = config(`scale-${size}`);
            const corpus = corpusOfSize(sources, count, size);
            await writeCorpus(cfg.corpusDir, "articles.jsonl", corpus.articles);
            const rng = createRng(size + 1);
            const derived = derivedEmbedder(cfg.embedding, {
              take: (n) => deriveVectors(real, real.length + n, { neighbourCosine, rng }).slice(real.length),
            });
            log.info(`  building a ${corpus.chunks}-chunk index (${corpus.articles.length} articles, derived vectors)`);
            const build = await timedBuild(cfg, derived);
            const folder = (await currentIndexFolder(cfg.indexDir))!;
            const run: ScaleRun = {
              targetChunks: size,
              chunks: build.summary.chunks,
              articles: build.summary.articles,
              passes: corpus.passes,
              build,
              sizes: await indexSizes(folder, DIMENSION),
            };
            runs.push(run);
            const firstPass = corpus.articles.filter((a) => !a.id.includes(".copy"));
            const questions = questionsFromTitles(firstPass, profile.scale.questions, size);
            run.latency = await measureQueryLatency(cfg, folder, questions, {
              warmup: profile.scale.warmup,
              rounds: profile.scale.latencyRounds,
              log,
            });
            log.info(
              `  ${size}: ask p50 ${run.latency.ask.p50.toFixed(1)} ms, forward p50 ${run.latency.forward.p50.toFixed(1)} ms`,
            );
            run.coldStart = await measureColdStart(
              o.repoRoot,
              benchEnv(cfg),
              questions.slice(0, profile.scale.coldRuns),
            );
            log.info(`  ${size}: cold start ${run.coldStart.firstAnswerMedianMs.toFixed(0)} ms`);
            scaleIndexes.set(size, {
              folder,
              buildMs: (build.phases["vectors-written"] ?? 0) - (build.phases["lexical-written"] ?? 0),
            });
          }
        },
      );

    if (want("hnsw") && seeds)
      await step("hnsw: recall and speed against exact search", async () => {
        const real = seeds!;
        const e = await queryEmbedder();
        const queries: Float32Array[] = [];
        for (const q of questionsFromTitles(reuters, profile.hnsw.queries, 5)) queries.push(await e.embedQuery(q));
        const model = residualModel(real);
        const derivation: DerivationStats = {
          method:
            "residual mixtures: each derived vector keeps one real embedding's residual length and turns it towards two other real residuals plus shaped noise, to the real nearest-neighbour residual cosine",
          seeds: real.length,
          neighbourCosine,
          realPairCosine: meanPairCosine(real, 4000, createRng(4)),
          derivedPairCosine: Number.NaN,
          docResidualNorm: medianResidualNorm(real, model.mean),
          queryResidualNorm: medianResidualNorm(queries, model.mean),
        };
        // Check: at the real set's size, are derived vectors as hard for HNSW as real ones?
        const quarter = sampleIndices(real.length, Math.max(50, Math.floor(real.length / 4)), createRng(6)).map(
          (i) => real[i]!,
        );
        const fromQuarter = deriveVectors(quarter, real.length, {
          neighbourCosine: nearestNeighbourCosine(
            quarter,
            residualModel(quarter).mean,
            sampleIndices(quarter.length, 200, createRng(3)),
          ),
          rng: createRng(7),
        });
        const c = profile.hnsw.check;
        const grid = [{ M: c.M, efConstruction: c.efConstruction }];
        const realRun = measureHnsw({ vectors: real, queries, grid, efs: c.efs, k: 10 });
        const derivedRun = measureHnsw({ vectors: fromQuarter, queries, grid, efs: c.efs, k: 10 });
        // Held-out real document vectors as queries: in-distribution, unlike questions (short, and prefixed for bge).
        const held = new Set(sampleIndices(real.length, queries.length, createRng(8)));
        const docRun = measureHnsw({
          vectors: real.filter((_, i) => !held.has(i)),
          queries: [...held].map((i) => real[i]!),
          grid,
          efs: c.efs,
          k: 10,
        });
        derivation.derivedPairCosine = meanPairCosine(fromQuarter.slice(quarter.length), 4000, createRng(4));
        derivation.check = {
          size: real.length,
          ...grid[0]!,
          points: c.efs.map((ef, i) => ({
            ef,
            real: realRun.points[i]!.recall,
            derived: derivedRun.points[i]!.recall,
            documentQueries: docRun.points[i]!.recall,
          })),
        };
        type Chosen = NonNullable<BenchResults["hnsw"]>["chosen"];
        const scales: HnswScaleResult[] = [];
        const chosen: Chosen = [];
        const documentScales: HnswScaleResult[] = [];
        const documentChosen: Chosen = [];
        const builds: HnswlibBuildComparison[] = [];
        let other: OtherBuild | null | undefined;
        for (const s of profile.hnsw.scales) {
          // At a size the scale step already indexed, measure that index's own vectors and graph (built by
          // buildIndex with DEFAULT_HNSW) rather than building the same kind of graph again.
          const indexed = scaleIndexes.get(s.size);
          const vectors = indexed
            ? await readVectors(path.join(indexed.folder, IndexFiles.vectors), DIMENSION)
            : deriveVectors(basis!, s.size, { neighbourCosine, rng: createRng(s.size) });
          const prebuilt = indexed ? [await loadGraph(indexed.folder, indexed.buildMs)] : [];
          const [r, docs] = measureHnswSets({
            vectors,
            querySets: [queries, passageQueries],
            prebuilt,
            grid: s.grid,
            efs: s.efs,
            k: 10,
            onBuild: (b) =>
              log.info(
                `  ${s.size} vectors: built M=${b.M} efC=${b.efConstruction} in ${(b.buildMs / 1000).toFixed(1)} s`,
              ),
          });
          for (const [sweep, into, picks] of [
            [r!, scales, chosen],
            [docs!, documentScales, documentChosen],
          ] as const) {
            into.push(sweep);
            const pick = chooseHnsw(sweep.points, HNSW_GOAL.minRecall, HNSW_GOAL.maxTimeVsExact);
            if (pick) picks.push({ size: s.size, ...pick });
          }
          if (indexed) {
            // The product's own graph and search (ef, retrieval depth) with the other hnswlib-node build.
            other ??= await compileOtherBuild(o.repoRoot, o.scratch).catch((e) => {
              log.warn(
                `  could not compile the other hnswlib-node build (${errorMessage(e)}); skipping the comparison`,
              );
              return null;
            });
            if (other)
              builds.push(
                await compareBuilds({
                  installed: loadHnswlib(),
                  other,
                  graphFile: path.join(indexed.folder, IndexFiles.hnsw),
                  dimension: DIMENSION,
                  size: s.size,
                  queries: [...queries, ...passageQueries],
                  ef: DEFAULT_HNSW.efSearch,
                  k: CANDIDATES,
                }),
              );
          }
        }
        results.hnsw = {
          derivation,
          queries: queries.length,
          scales,
          chosen,
          documentQueries: passageQueries.length,
          documentScales,
          documentChosen,
          builds,
        };
      });

    if (want("lexical"))
      await step("lexical: Reuters-21578, lexical-only build and queries", async () => {
        const cfg = config("reuters");
        const articles = reuters.slice(0, Math.min(reuters.length, profile.lexical.articles));
        const r = await measureLexicalScale(
          cfg,
          articles,
          questionsFromTitles(articles, profile.lexical.questions, 11),
          {
            builds: profile.lexical.builds,
            warmup: 5,
            log,
          },
        );
        results.lexical = { ...r, dataset: "Reuters-21578 (articles with a title and a body)" };
      });
  } finally {
    await embedder?.dispose();
  }
  results.goals = evaluateGoals(results);
  results.durationMs = Math.round(performance.now() - started);
  return { results, errors };
}
