/**
 * Which build of hnswlib-node is installed. `npm install` compiles it for any x86-64 CPU, so hnswlib uses its SSE
 * distance kernels only. `npm run native-hnsw` recompiles it with -march=native: the AVX/AVX-512 kernels of the
 * machine it is built on (measured in `npm run bench`, docs/performance.md). That binary only runs on CPUs with the
 * same instruction sets, so it is opt-in, and a marker beside it records what it needs: on a CPU without those,
 * quotebot refuses to use it with a message saying how to rebuild, instead of dying from an illegal instruction.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";
import { ErrorCode, QuotebotError } from "../errors.js";

/** The compiler flags of a native build. */
export const NATIVE_FLAGS = "-O3 -march=native";

/** The marker a native build leaves in hnswlib-node's build folder. */
const MARKER = path.join("build", "quotebot-native.json");

const Marker = z.object({
  flags: z.string(),
  /** The build CPU's SIMD features (from /proc/cpuinfo) that the compiler may have used. */
  cpuFeatures: z.array(z.string()),
  builtAt: z.string(),
});
export type NativeMarker = z.infer<typeof Marker>;

/** A native build whose marker cannot be read is "unverified": nothing says which CPUs it runs on. */
export type HnswlibBuild = { kind: "portable" } | ({ kind: "native" } & NativeMarker) | { kind: "unverified" };

/** hnswlib-node's package folder as this project resolves it (or as `projectRoot` would). */
export function hnswlibDir(projectRoot?: string): string {
  const from = projectRoot ? path.join(projectRoot, "package.json") : import.meta.url;
  return path.dirname(createRequire(from).resolve("hnswlib-node/package.json"));
}

/** SIMD features an -march=native binary may depend on. */
const SIMD_FEATURE = /^(?:sse\S*|ssse3|avx\S*|fma\S*|f16c|bmi\d|popcnt|amx\S*)$/;

/** This CPU's SIMD features, or undefined where /proc/cpuinfo does not say (not Linux, say). */
export function cpuFeatures(cpuinfo?: string): string[] | undefined {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      return undefined;
    }
  }
  const line = text.split("\n").find((l) => /^flags\s*:/.test(l));
  if (!line) return undefined;
  return [
    ...new Set(
      line
        .slice(line.indexOf(":") + 1)
        .trim()
        .split(/\s+/),
    ),
  ]
    .filter((f) => SIMD_FEATURE.test(f))
    .sort();
}

export function readHnswlibBuild(dir = hnswlibDir()): HnswlibBuild {
  const file = path.join(dir, MARKER);
  if (!existsSync(file)) return { kind: "portable" };
  try {
    const marker = Marker.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (marker.success) return { kind: "native", ...marker.data };
  } catch {
    // unreadable: as if damaged
  }
  return { kind: "unverified" };
}

/** The build in a few words, for reports: "portable", "native (-O3 -march=native)" or "native (unverified)". */
export function describeHnswlibBuild(build: HnswlibBuild = readHnswlibBuild()): string {
  if (build.kind === "native") return `native (${build.flags})`;
  return build.kind === "unverified" ? "native (unverified)" : "portable";
}

/** What a native build needs that this CPU lacks ([] when it runs here, or for a portable build). */
export function missingFeatures(build: HnswlibBuild, here: readonly string[] | undefined): string[] {
  if (build.kind !== "native" || here === undefined) return [];
  const have = new Set(here);
  return build.cpuFeatures.filter((f) => !have.has(f));
}

/**
 * The error for a native build that needs features this CPU lacks, or whose marker is unreadable; undefined when
 * the build runs here. Where the CPU's features cannot be read (no /proc/cpuinfo), a native build is not refused.
 */
export function buildMismatch(build: HnswlibBuild, here: readonly string[] | undefined): QuotebotError | undefined {
  const hint = "Run `npm rebuild hnswlib-node` for a portable build, or `npm run native-hnsw` on this machine.";
  if (build.kind === "unverified")
    return new QuotebotError(
      ErrorCode.HnswlibBuildMismatch,
      "hnswlib-node was rebuilt for a specific CPU, but the record of which one is unreadable.",
      hint,
    );
  const missing = missingFeatures(build, here);
  if (build.kind !== "native" || missing.length === 0) return undefined;
  return new QuotebotError(
    ErrorCode.HnswlibBuildMismatch,
    `hnswlib-node was compiled with ${build.flags} on a CPU with ${missing.join(", ")}, which this CPU lacks.`,
    hint,
  );
}

let checked: { error?: QuotebotError } | undefined;

/** Throws when the installed hnswlib-node was compiled for a CPU this one is not (checked once per process). */
export function assertHnswlibRunsHere(): void {
  checked ??= { error: buildMismatch(readHnswlibBuild(), cpuFeatures()) };
  if (checked.error) throw checked.error;
}

/**
 * Recompile hnswlib-node in `projectRoot`'s node_modules: with `flags` for a native build (and its marker), or
 * without for the portable build `npm install` makes. Output goes to `onOutput`.
 */
export async function rebuildHnswlib(
  projectRoot: string,
  flags: string | undefined,
  onOutput: (chunk: string) => void = () => {},
): Promise<void> {
  const dir = hnswlibDir(projectRoot);
  // A native binary without its marker would pass for portable: the marker goes first and comes back last (a rebuild
  // killed in between leaves no marker; `npm run native-hnsw` again fixes that).
  await rm(path.join(dir, MARKER), { force: true });
  const env = { ...process.env };
  // node-gyp's Makefile appends CXXFLAGS to its own flags; a portable rebuild must not inherit any from the shell.
  if (flags) env.CXXFLAGS = `${process.env.CXXFLAGS ?? ""} ${flags}`.trim();
  else delete env.CXXFLAGS;
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(npm, ["rebuild", "hnswlib-node", "--foreground-scripts"], { cwd: projectRoot, env });
    child.stdout.on("data", (b: Buffer) => onOutput(b.toString()));
    child.stderr.on("data", (b: Buffer) => onOutput(b.toString()));
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`npm rebuild hnswlib-node failed (exit code ${code})`);
  if (flags) {
    const marker: NativeMarker = { flags, cpuFeatures: cpuFeatures() ?? [], builtAt: new Date().toISOString() };
    await writeFile(path.join(dir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  }
}
