/**
 * The index build end to end with real transformers.js and hnswlib-node (synthetic model: mechanics only):
 * incremental rebuild counts, removals, the manifest, persistence into a fresh Engine, dense self-retrieval, the
 * lexical-only fallback when the model is missing, and the `--json` summary of the real command.
 */
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../../src/config.js";
import { Engine } from "../../src/engine.js";
import { ErrorCode } from "../../src/errors.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import type { Embedder } from "../../src/indexing/embedder.js";
import { IndexFiles, type Manifest, verifyIndexFolder } from "../../src/indexing/manifest.js";
import { silentLogger } from "../../src/log.js";
import { runTs, SMALL_CORPUS, smallCorpus } from "../hardening/support.js";
import { loadEmbedder, tempDir, testConfig, testEnv } from "../helpers/env.js";

const CHANGED = SMALL_CORPUS[1]; // the Mt. Gox article
const REMOVED = SMALL_CORPUS[2]; // the Bitpowr article
const idOf = (file: string) => file.replace(/\.md$/, "");

let config: Config;
let embedder: Embedder;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir("quotebot-build-");
  cleanup = t.cleanup;
  smallCorpus(t.dir);
  // An empty query prefix makes a query embed exactly like a document, for the self-retrieval check.
  config = testConfig(t.dir, "synthetic", { EMBEDDING_QUERY_PREFIX: "", MAX_QUESTION_CHARS: "6000" });
  embedder = await loadEmbedder(config);
});

afterAll(async () => {
  await embedder?.dispose();
  cleanup?.();
});

describe("buildIndex (hybrid, synthetic model)", () => {
  let first: Awaited<ReturnType<typeof buildIndex>>;
  let perArticle: Map<string, number>;

  it("given a fresh corpus then every chunk is embedded and nothing is reused", async () => {
    first = await buildIndex({ config, log: silentLogger, embedder });
    expect(first).toMatchObject({
      articles: 3,
      embedded: first.chunks,
      reused: 0,
      removed: 0,
      skipped: [],
      mode: "hybrid",
    });
    expect(first.chunks).toBeGreaterThan(3);
    const manifest = await verifyIndexFolder(first.folder);
    perArticle = new Map(Object.entries(manifest.articles).map(([id, a]) => [id, a.chunks]));
  });

  it("given the built index then the manifest records format, model, dtype, dimension, space, count, article hashes and file checksums", async () => {
    const manifest = JSON.parse(readFileSync(path.join(first.folder, IndexFiles.manifest), "utf8")) as Manifest;
    expect(manifest).toMatchObject({
      formatVersion: 1,
      mode: "hybrid",
      model: { id: "bge-small-en-v1.5-random", dtype: "q8", dimension: 384, pooling: "cls" },
      tokenizer: "bge-small-en-v1.5-random",
      space: "cosine",
      count: first.chunks,
      hnsw: { M: expect.any(Number), efConstruction: expect.any(Number), efSearch: expect.any(Number) },
    });
    expect(Object.keys(manifest.articles).sort()).toEqual(SMALL_CORPUS.map(idOf).sort());
    for (const a of Object.values(manifest.articles)) expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(manifest.files).sort()).toEqual(
      [IndexFiles.chunks, IndexFiles.lexical, IndexFiles.vectors, IndexFiles.hnsw].sort(),
    );
    for (const [name, entry] of Object.entries(manifest.files)) {
      const bytes = readFileSync(path.join(first.folder, name));
      expect(entry).toEqual({ bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    }
  });

  it("given a rebuild with no change then nothing is embedded and every chunk is reused", async () => {
    const again = await buildIndex({ config, log: silentLogger, embedder });
    expect(again).toMatchObject({ articles: 3, chunks: first.chunks, embedded: 0, reused: first.chunks, removed: 0 });
    expect(again.folder).not.toBe(first.folder); // still a new, atomically published generation
  });

  it("given one article with a paragraph appended then only its changed chunk is embedded and every other vector is reused", async () => {
    const before = await Engine.open(config, { embedder });
    const oldTexts = new Set(before.index.store.chunks.filter((c) => c.articleId === idOf(CHANGED)).map((c) => c.text));
    appendFileSync(
      path.join(config.corpusDir, CHANGED),
      "\nCreditors met in a converted lighthouse to vote on the plan.\n",
    );
    const s = await buildIndex({ config, log: silentLogger, embedder });
    const changedChunks = (await verifyIndexFolder(s.folder)).articles[idOf(CHANGED)]!.chunks;
    const unchanged = [...perArticle].filter(([id]) => id !== idOf(CHANGED)).reduce((n, [, c]) => n + c, 0);
    const after = await Engine.open(config, { embedder });
    const newTexts = after.index.store.chunks.filter((c) => c.articleId === idOf(CHANGED)).map((c) => c.text);
    const rewritten = newTexts.filter((t) => !oldTexts.has(t)).length;
    expect(rewritten).toBeGreaterThan(0);
    expect(rewritten).toBeLessThan(changedChunks);
    expect(s).toMatchObject({
      embedded: rewritten,
      reused: unchanged + changedChunks - rewritten,
      removed: 0,
      chunks: changedChunks + unchanged,
    });
    const engine = await Engine.open(config, { embedder });
    const answer = await engine.ask("Where did the creditors meet to vote?");
    expect(answer.results[0]!.quote.text).toContain("converted lighthouse");
  });

  it("given a removed article then removed is 1 and none of its chunks can be found any more", async () => {
    const before = await Engine.open(config, { embedder });
    expect((await before.search("Bitpowr Toby Oyetoke", 10)).some((p) => p.article.id === idOf(REMOVED))).toBe(true);
    rmSync(path.join(config.corpusDir, REMOVED));
    const s = await buildIndex({ config, log: silentLogger, embedder });
    expect(s).toMatchObject({ articles: 2, removed: 1, embedded: 0, reused: s.chunks });
    const after = await Engine.open(config, { embedder });
    expect(after.articles().map((a) => a.id)).not.toContain(idOf(REMOVED));
    expect(after.index.store.chunks.some((c) => c.articleId === idOf(REMOVED))).toBe(false);
    // Both rankings: neither BM25 nor the vectors may return it.
    const passages = await after.search("Bitpowr Toby Oyetoke", 50);
    expect(passages.some((p) => p.article.id === idOf(REMOVED))).toBe(false);
    expect(after.index.vectors!.size).toBe(s.chunks);
  });

  it("given a different chunk size then every chunk is rebuilt and re-embedded", async () => {
    const smaller = loadConfig({
      env: {
        ...testEnv(path.dirname(config.corpusDir), "synthetic"),
        CHUNK_MAX_TOKENS: "64",
        CHUNK_OVERLAP_TOKENS: "8",
      },
      dotenv: false,
    });
    const s = await buildIndex({ config: smaller, log: silentLogger, embedder });
    expect(s).toMatchObject({ embedded: s.chunks, reused: 0 });
    // Back to the shared settings for the tests below.
    await buildIndex({ config, log: silentLogger, embedder });
  });

  it("given the index loaded into a fresh Engine with its own model then search results are identical", async () => {
    const a = await Engine.open(config, { embedder });
    const b = await Engine.open(config); // loads the model itself, from the manifest's settings
    try {
      expect(b.mode).toBe("hybrid");
      for (const q of ["Who was charged over the Mt. Gox hack?", "metaverse working group patents"]) {
        const [ra, rb] = [await a.search(q, 8), await b.search(q, 8)];
        expect(rb.map((p) => [p.chunk.id, p.denseRank, p.lexicalRank])).toEqual(
          ra.map((p) => [p.chunk.id, p.denseRank, p.lexicalRank]),
        );
        rb.forEach((p, i) => {
          expect(p.score).toBeCloseTo(ra[i]!.score, 6);
        });
      }
    } finally {
      await b.close();
    }
  });

  it("given a chunk's exact text as the query then that chunk ranks first on the dense side", async () => {
    const engine = await Engine.open(config, { embedder });
    const chunks = engine.index.store.chunks;
    for (const chunk of [chunks[0]!, chunks[Math.floor(chunks.length / 2)]!, chunks.at(-1)!]) {
      const passages = await engine.search(chunk.text, 20);
      const dense = passages.filter((p) => p.denseRank !== undefined).sort((x, y) => x.denseRank! - y.denseRank!);
      expect(dense[0]!.chunk.id, chunk.id).toBe(chunk.id);
      expect(dense[0]!.denseSimilarity).toBeGreaterThan(0.99);
    }
  });
});

describe("buildIndex without the model (offline)", () => {
  it("given no model files then the build is lexical-only with one warning saying how to enable semantic search", async () => {
    const t = tempDir();
    try {
      smallCorpus(t.dir);
      const offline = testConfig(t.dir, "offline");
      const warnings: string[] = [];
      const log = {
        ...silentLogger,
        warn: (m: unknown) => warnings.push(String(m)),
        info: () => undefined,
        debug: () => undefined,
      };
      const s = await buildIndex({ config: offline, log: log as unknown as typeof silentLogger });
      expect(s).toMatchObject({ mode: "lexical", model: null, embedded: 0, articles: 3 });
      expect(warnings).toHaveLength(1);
      expect(s.warnings).toEqual(warnings);
      expect(warnings[0]).toMatch(/Semantic search is off/);
      expect(warnings[0]).toMatch(/lexical-only/);
      expect(warnings[0]).toMatch(/MODELS_DIR/);
      expect(warnings[0]).toMatch(/npm run build-index/);
      const manifest = await verifyIndexFolder(s.folder);
      expect(manifest).toMatchObject({ mode: "lexical", model: null, hnsw: null, tokenizer: "approx:words" });
      expect(Object.keys(manifest.files).sort()).toEqual([IndexFiles.chunks, IndexFiles.lexical].sort());
      const engine = await Engine.open(offline);
      expect(engine.mode).toBe("lexical");
      const answer = await engine.ask("Who was charged over the Mt. Gox hack?");
      expect(answer).toMatchObject({ answered: true, mode: "lexical" });
    } finally {
      t.cleanup();
    }
  });

  it("given a lexical index that is rebuilt without change then all chunks are reused", async () => {
    const t = tempDir();
    try {
      smallCorpus(t.dir);
      const offline = testConfig(t.dir, "tokenizer-only");
      const first = await buildIndex({ config: offline, log: silentLogger });
      const again = await buildIndex({ config: offline, log: silentLogger });
      expect(again).toMatchObject({ mode: "lexical", embedded: 0, reused: first.chunks, chunks: first.chunks });
    } finally {
      t.cleanup();
    }
  });
  it("given an index from an older lexical analyzer (another BM25 file) then a rebuild still reuses every chunk", async () => {
    const t = tempDir();
    try {
      smallCorpus(t.dir);
      const offline = testConfig(t.dir, "tokenizer-only");
      const first = await buildIndex({ config: offline, log: silentLogger });
      // What an index from before the flat BM25 file looks like to this version: another lexical file, older version.
      const manifestFile = path.join(first.folder, IndexFiles.manifest);
      const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
      renameSync(path.join(first.folder, IndexFiles.lexical), path.join(first.folder, "lexical.json"));
      manifest.files["lexical.json"] = manifest.files[IndexFiles.lexical]!;
      delete manifest.files[IndexFiles.lexical];
      manifest.lexicalAnalyzer -= 1;
      writeFileSync(manifestFile, JSON.stringify(manifest));
      await expect(Engine.open(offline)).rejects.toMatchObject({ code: ErrorCode.IndexIncompatible });
      const again = await buildIndex({ config: offline, log: silentLogger });
      expect(again).toMatchObject({ embedded: 0, reused: first.chunks, chunks: first.chunks });
      expect((await Engine.open(offline)).mode).toBe("lexical");
    } finally {
      t.cleanup();
    }
  });
});

describe("npx tsx scripts/build-index.ts --json", () => {
  it("given a corpus with a bad file then stdout is exactly one JSON line with the documented summary shape", async () => {
    const t = tempDir();
    try {
      smallCorpus(t.dir);
      writeFileSync(path.join(t.dir, "corpus", "broken.md"), Buffer.from([0, 1, 2, 3]));
      const r = await runTs("scripts/build-index.ts", ["--json"], {
        npx: true,
        env: testEnv(t.dir, "offline", { LOG_LEVEL: "info" }),
      });
      expect(r.code).toBe(0);
      const lines = r.stdout.split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe("");
      const summary = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(Object.keys(summary).sort()).toEqual(
        ["articles", "chunks", "embedded", "reused", "removed", "skipped", "mode", "model", "durationMs"].sort(),
      );
      expect(summary).toMatchObject({
        articles: 3,
        chunks: expect.any(Number),
        embedded: 0,
        reused: 0,
        removed: 0,
        skipped: [{ file: "broken.md", reason: expect.stringMatching(/binary/) }],
        mode: "lexical",
        model: null,
        durationMs: expect.any(Number),
      });
      // Warnings went to stderr: the model fallback once, and the skipped file by name.
      expect(r.stderr.match(/Semantic search is off/g)).toHaveLength(1);
      expect(r.stderr).toMatch(/Skipped broken\.md: binary/);
    } finally {
      t.cleanup();
    }
  });
});

describe("buildIndex: what each vector embeds", () => {
  let dir: string;
  let done: () => void;
  let spyConfig: Config;
  let base: Embedder;
  const embedded: string[] = [];
  let spy: Embedder;

  beforeAll(async () => {
    const t = tempDir("quotebot-passage-");
    dir = t.dir;
    done = t.cleanup;
    smallCorpus(dir);
    spyConfig = testConfig(dir, "synthetic");
    base = await loadEmbedder(spyConfig);
    spy = Object.assign(Object.create(base), {
      embedDocuments: (texts: string[], onBatch?: (done: number) => void | Promise<void>) => {
        embedded.push(...texts);
        return base.embedDocuments(texts, onBatch);
      },
    }) as Embedder;
  });

  afterAll(async () => {
    await base?.dispose();
    done?.();
  });

  it("given an article then each of its chunks is embedded under the article's title", async () => {
    await buildIndex({ config: spyConfig, log: silentLogger, embedder: spy });
    const bitpowr = embedded.filter((t) => t.includes("Bitpowr, a digital asset custody"));
    expect(bitpowr).toHaveLength(1);
    expect(bitpowr[0]!.split("\n")[0]).toBe("Bitpowr looks to Asia for further growth following $200M milestone");
  });

  it("given only an article's title changed then its chunks are embedded again, under the new title, and no other", async () => {
    const file = path.join(dir, "corpus", REMOVED);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: ".*"$/m, 'title: "Bitpowr eyes Asia"'));
    embedded.length = 0;
    const s = await buildIndex({ config: spyConfig, log: silentLogger, embedder: spy });
    expect(embedded.length).toBeGreaterThan(0);
    expect(embedded.every((t) => t.startsWith("Bitpowr eyes Asia\n"))).toBe(true);
    expect(s.embedded).toBe(embedded.length);
  });
});
