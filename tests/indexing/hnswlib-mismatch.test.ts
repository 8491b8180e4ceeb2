/**
 * A native hnswlib-node build on a CPU without its instruction sets (`npm run native-hnsw`, then the folder copied to
 * another machine). No such CPU exists here, so the CPU check alone is replaced: it refuses once `refuse` is set.
 * Loading, answering and building must then stop with HNSWLIB_BUILD_MISMATCH and its hint, not INDEX_CORRUPT, and
 * the last good index stays published.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config.js";
import { Engine } from "../../src/engine.js";
import { ErrorCode, type QuotebotError } from "../../src/errors.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { currentIndexFolder } from "../../src/indexing/index-dir.js";
import { loadIndexFolder } from "../../src/indexing/load-index.js";
import { silentLogger } from "../../src/log.js";
import { indexedCorpus } from "../helpers/env.js";

const state = vi.hoisted(() => ({ refuse: false }));

vi.mock("../../src/indexing/hnswlib-build.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/indexing/hnswlib-build.js")>();
  const foreign = { kind: "native" as const, flags: real.NATIVE_FLAGS, cpuFeatures: ["avx_imaginary"], builtAt: "" };
  return {
    ...real,
    assertHnswlibRunsHere: () => {
      if (state.refuse) throw real.buildMismatch(foreign, ["sse2"]);
    },
  };
});

let config: Config;
let cleanup: () => void;
let folder: string;

beforeAll(async () => {
  ({ config, cleanup } = await indexedCorpus("synthetic"));
  folder = (await currentIndexFolder(config.indexDir))!;
  state.refuse = true;
});

afterAll(() => cleanup?.());

const refusal = (e: unknown) => {
  const error = e as QuotebotError;
  expect(error.code).toBe(ErrorCode.HnswlibBuildMismatch);
  expect(error.message).toContain("avx_imaginary");
  expect(error.hint).toMatch(/npm rebuild hnswlib-node/);
};

describe("a native hnswlib-node build on the wrong CPU", () => {
  it("given a hybrid index then loading it is refused with the build's own code and hint, not as corrupt", async () => {
    await loadIndexFolder(folder).then(
      () => expect.unreachable("the index loaded"),
      (e: unknown) => refusal(e),
    );
    await Engine.open(config, { embedder: null }).then(
      () => expect.unreachable("the engine opened"),
      (e: unknown) => refusal(e),
    );
  });

  it("given a rebuild then it is refused the same way and the last good index stays published", async () => {
    await buildIndex({ config, log: silentLogger }).then(
      () => expect.unreachable("the build finished"),
      (e: unknown) => refusal(e),
    );
    expect(await currentIndexFolder(config.indexDir)).toBe(folder);
  });
});
