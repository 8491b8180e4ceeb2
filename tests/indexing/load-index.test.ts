/**
 * loadIndexFolder and the graph check that stands between a damaged file and hnswlib-node. Graphs here are real
 * hnswlib-node graphs of random unit vectors (no model needed).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors.js";
import { createRng } from "../../src/eval/rng.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { checkHnswFile, citation, loadIndexFolder, resolveIndexFolder } from "../../src/indexing/load-index.js";
import { buildHnsw, writeHnsw } from "../../src/indexing/vector-store.js";
import { silentLogger } from "../../src/log.js";
import { smallCorpus } from "../hardening/support.js";
import { tempDir, testConfig } from "../helpers/env.js";

const DIM = 16;
const M = 16;
let root: string;
let cleanup: () => void;

function randomUnitVectors(n: number, seed = 7): Float32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: DIM }, () => rng.next() - 0.5);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

async function graphFile(name: string, n: number): Promise<string> {
  const file = path.join(root, name);
  await writeHnsw(buildHnsw(randomUnitVectors(n), DIM, { M, efConstruction: 100, efSearch: 50 }), file);
  return file;
}

/** Header offsets (see checkHnswFile): count @16, element size @24, label offset @32, max level @48, entry @52. */
const header = (bytes: Buffer) => ({
  perElement: Number(bytes.readBigUInt64LE(24)),
  labelOffset: Number(bytes.readBigUInt64LE(32)),
});

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir());
});
afterAll(() => cleanup?.());

describe("checkHnswFile", () => {
  it("given a graph written by hnswlib-node then it passes", async () => {
    const file = await graphFile("ok.hnsw", 300);
    expect(await checkHnswFile(file, { dimension: DIM, count: 300, M })).toBeUndefined();
  });

  it("given an empty graph then it passes", async () => {
    const file = await graphFile("empty.hnsw", 0);
    expect(await checkHnswFile(file, { dimension: DIM, count: 0, M })).toBeUndefined();
  });

  it("given a manifest of another dimension then it is refused (hnswlib would read out of bounds)", async () => {
    const file = await graphFile("dim.hnsw", 50);
    expect(await checkHnswFile(file, { dimension: 32, count: 50, M })).toMatch(/not hold 32-dimensional/);
    expect(await checkHnswFile(file, { dimension: 8, count: 50, M })).toMatch(/not hold 8-dimensional/);
  });

  it("given a manifest with another count or other graph parameters then it is refused", async () => {
    const file = await graphFile("count.hnsw", 50);
    expect(await checkHnswFile(file, { dimension: DIM, count: 51, M })).toMatch(/holds 50 vectors/);
    expect(await checkHnswFile(file, { dimension: DIM, count: 50, M: 8 })).toMatch(/parameters/);
  });

  it("given damaged links, labels, entry point, truncation or trailing bytes then each is refused", async () => {
    const file = await graphFile("base.hnsw", 200);
    const original = readFileSync(file);
    const { perElement, labelOffset } = header(original);
    const edit = (change: (b: Buffer) => unknown) => (b: Buffer) => {
      change(b);
      return b;
    };
    const cases: [string, (b: Buffer) => Buffer, RegExp][] = [
      ["link out of range", edit((b) => b.writeUInt32LE(9999, 96 + 4)), /links outside the graph/],
      ["too many links", edit((b) => b.writeUInt16LE(999, 96)), /too many links/],
      ["duplicate label", edit((b) => b.writeBigUInt64LE(0n, 96 + perElement + labelOffset)), /invalid label/],
      ["entry point out of range", edit((b) => b.writeUInt32LE(5000, 52)), /entry point/],
      ["truncated", (b) => b.subarray(0, b.length - 7), /truncated|invalid upper-level/],
      ["trailing bytes", (b) => Buffer.concat([b, Buffer.alloc(8)]), /trailing bytes/],
      ["shorter than the header", (b) => b.subarray(0, 40), /shorter than its header/],
      ["random header", edit((b) => b.fill(0x5a, 0, 96)), /header|holds/],
    ];
    for (const [name, damage, says] of cases) {
      const damaged = path.join(root, `damaged-${name.replace(/\W+/g, "-")}.hnsw`);
      writeFileSync(damaged, damage(Buffer.from(original)));
      expect(await checkHnswFile(damaged, { dimension: DIM, count: 200, M }), name).toMatch(says);
    }
  });
});

describe("loadIndexFolder", () => {
  it("given a lexical index then it loads the store, the lexical index and no vectors, and citations drop storage fields", async () => {
    const t = tempDir();
    try {
      smallCorpus(t.dir);
      const config = testConfig(t.dir, "tokenizer-only");
      await buildIndex({ config, log: silentLogger });
      const index = await loadIndexFolder(await resolveIndexFolder(config.indexDir));
      expect(index.vectors).toBeUndefined();
      expect(index.lexical.size).toBe(index.store.chunks.length);
      const stored = index.store.articles[0]!;
      expect(stored.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.keys(citation(stored))).not.toContain("contentHash");
      expect(Object.keys(citation(stored))).not.toContain("lead");
    } finally {
      t.cleanup();
    }
  });

  it("given no index at INDEX_DIR then resolveIndexFolder says to build one", async () => {
    await expect(resolveIndexFolder(path.join(root, "no-index"))).rejects.toMatchObject({
      code: ErrorCode.IndexMissing,
      hint: expect.stringMatching(/npm run build-index/),
    });
  });
});
