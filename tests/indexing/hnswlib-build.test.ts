import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors.js";
import {
  buildMismatch,
  cpuFeatures,
  type HnswlibBuild,
  missingFeatures,
  NATIVE_FLAGS,
  readHnswlibBuild,
} from "../../src/indexing/hnswlib-build.js";
import { tempDir } from "../helpers/env.js";

const CPUINFO = [
  "processor\t: 0",
  "model name\t: Some CPU",
  "flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 popcnt avx f16c bmi1 avx2 bmi2 avx512f avx512bw hypervisor",
  "",
  "processor\t: 1",
  "flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 popcnt avx f16c bmi1 avx2 bmi2 avx512f avx512bw hypervisor",
].join("\n");

const native = (cpuFeatures: string[]): HnswlibBuild => ({
  kind: "native",
  flags: NATIVE_FLAGS,
  cpuFeatures,
  builtAt: "",
});

describe("cpuFeatures", () => {
  it("given /proc/cpuinfo text then it lists the SIMD features once, sorted, without unrelated flags", () => {
    const f = cpuFeatures(CPUINFO)!;
    expect(f).toEqual([...f].sort());
    expect(f).toContain("avx512f");
    expect(f).toContain("sse4_2");
    expect(f).not.toContain("fpu");
    expect(f).not.toContain("hypervisor");
    expect(new Set(f).size).toBe(f.length);
  });

  it("given text without a flags line then the features are unknown", () => {
    expect(cpuFeatures("processor : 0\n")).toBeUndefined();
  });
});

describe("missingFeatures", () => {
  const here = cpuFeatures(CPUINFO)!;

  it("given a portable build then nothing is missing anywhere", () => {
    expect(missingFeatures({ kind: "portable" }, [])).toEqual([]);
  });

  it("given a native build from a CPU like this one then nothing is missing", () => {
    expect(missingFeatures(native(["avx2", "avx512f", "sse2"]), here)).toEqual([]);
  });

  it("given a native build from a CPU with more features then those features are named", () => {
    expect(missingFeatures(native(["avx2", "avx512_fp16", "amx_tile"]), here)).toEqual(["avx512_fp16", "amx_tile"]);
  });

  it("given a machine whose features cannot be read then the build is not refused", () => {
    expect(missingFeatures(native(["avx512f"]), undefined)).toEqual([]);
  });
});

describe("readHnswlibBuild", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const pkg = (name: string) => {
    const d = path.join(dir, name);
    mkdirSync(path.join(d, "build"), { recursive: true });
    return d;
  };

  it("given no marker then the build is portable", () => {
    expect(readHnswlibBuild(pkg("plain"))).toEqual({ kind: "portable" });
  });

  it("given a native build's marker then its flags and features are read", () => {
    const d = pkg("native");
    const marker = { flags: NATIVE_FLAGS, cpuFeatures: ["avx2"], builtAt: "2026-11-21T00:00:00.000Z" };
    writeFileSync(path.join(d, "build", "quotebot-native.json"), JSON.stringify(marker));
    expect(readHnswlibBuild(d)).toEqual({ kind: "native", ...marker });
  });

  it("given a damaged marker then the build is unverified, and refused with a hint to rebuild", () => {
    const d = pkg("damaged");
    writeFileSync(path.join(d, "build", "quotebot-native.json"), JSON.stringify({ flags: 3 }));
    expect(readHnswlibBuild(d)).toEqual({ kind: "unverified" });
    writeFileSync(path.join(d, "build", "quotebot-native.json"), "{ not json");
    expect(readHnswlibBuild(d)).toEqual({ kind: "unverified" });
    const error = buildMismatch(readHnswlibBuild(d), cpuFeatures(CPUINFO));
    expect(error?.code).toBe(ErrorCode.HnswlibBuildMismatch);
    expect(error?.hint).toContain("npm rebuild hnswlib-node");
  });
});

describe("buildMismatch", () => {
  it("given a native build needing a missing feature then the error names it and says how to rebuild", () => {
    const error = buildMismatch(native(["avx512_fp16"]), ["avx2", "sse2"]);
    expect(error?.code).toBe(ErrorCode.HnswlibBuildMismatch);
    expect(error?.message).toContain("avx512_fp16");
    expect(error?.hint).toContain("npm rebuild hnswlib-node");
  });

  it("given a build that runs here then there is no error", () => {
    expect(buildMismatch(native(["avx2"]), ["avx2", "sse2"])).toBeUndefined();
  });
});
